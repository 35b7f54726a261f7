/*
 * Copyright 2026 The Service Ownership for Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
import { Entity } from '@backstage/catalog-model';
import { PAGERDUTY_SERVICE_ANNOTATION } from '@service-ownership/plugin-ownership-common';
import {
  OnCallPerson,
  OnCallProvider,
  OnCallRoster,
  OnCallShift,
} from '@service-ownership/plugin-ownership-node';
import { z } from 'zod';
import {
  createVendorFetch,
  VendorFetch,
  VendorFetchTuning,
} from './vendorFetch';

/** Default REST API of PagerDuty (EU accounts use `https://api.eu.pagerduty.com`). */
export const DEFAULT_PAGERDUTY_API_BASE_URL = 'https://api.pagerduty.com';

/** How far ahead on-call entries are read, to find who comes next. PagerDuty allows up to 90 days. */
const DEFAULT_HORIZON_DAYS = 14;
/** Entries per page; PagerDuty's maximum. */
const PAGE_SIZE = 100;
/** Pages read at most (2,000 entries): a bound against a vendor that keeps saying `more`. */
const MAX_PAGES = 20;

const reference = z.object({
  id: z.string(),
  type: z.string().optional(),
  summary: z.string().nullish(),
  html_url: z.string().nullish(),
});

// `include[]=users` expands `user` from a reference into the user; both shapes are accepted.
const user = reference.extend({
  name: z.string().nullish(),
  email: z.string().nullish(),
});

const serviceResponse = z.object({
  service: z.object({
    id: z.string(),
    escalation_policy: reference.nullish(),
  }),
});

const escalationPolicyResponse = z.object({
  escalation_policy: z.object({
    id: z.string(),
    html_url: z.string().nullish(),
    escalation_rules: z
      .array(
        z.object({
          escalation_delay_in_minutes: z.number(),
          targets: z.array(reference),
        }),
      )
      .default([]),
  }),
});

const onCallsResponse = z.object({
  oncalls: z.array(
    z.object({
      user,
      schedule: reference.extend({ time_zone: z.string().nullish() }).nullish(),
      escalation_level: z.number(),
      // Both null for a permanent on-call: a user named directly in an escalation rule.
      start: z.string().nullish(),
      end: z.string().nullish(),
    }),
  ),
  more: z.boolean().nullish(),
});

type PagerDutyOnCall = z.infer<typeof onCallsResponse>['oncalls'][number];
type PagerDutyUser = z.infer<typeof user>;

/** One on-call stretch with its bounds; `undefined` bounds are open (permanent on-call). */
interface Entry {
  level: number;
  /** Schedule of the stretch, or the user for one named directly in an escalation rule. */
  track: string;
  scheduleId?: string;
  timeZone?: string;
  user: PagerDutyUser;
  start?: number;
  end?: number;
}

/** Options of {@link PagerDutyOnCallProvider.create}. */
export interface PagerDutyOnCallProviderOptions extends VendorFetchTuning {
  /** REST API key, sent as `Authorization: Token token=…`. */
  apiToken: string;
  /** REST API base URL. Default {@link DEFAULT_PAGERDUTY_API_BASE_URL}. */
  apiBaseUrl?: string;
  /** Days ahead read for the next shifts. Default 14. */
  horizonDays?: number;
}

function personOf(pdUser: PagerDutyUser): OnCallPerson {
  return {
    name: pdUser.name ?? pdUser.summary ?? pdUser.id,
    ...(pdUser.email ? { email: pdUser.email } : {}),
    ...(pdUser.html_url ? { url: pdUser.html_url } : {}),
  };
}

function timeOf(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

function entryOf(onCall: PagerDutyOnCall): Entry {
  return {
    level: onCall.escalation_level,
    track: onCall.schedule
      ? `schedule:${onCall.schedule.id}`
      : `user:${onCall.user.id}`,
    scheduleId: onCall.schedule?.id,
    timeZone: onCall.schedule?.time_zone ?? undefined,
    user: onCall.user,
    start: timeOf(onCall.start),
    end: timeOf(onCall.end),
  };
}

/** Joins back-to-back stretches of one person on one track (PagerDuty may split them at layer boundaries). */
function mergeAdjacent(entries: Entry[]): Entry[] {
  const sorted = [...entries].sort(
    (a, b) => (a.start ?? -Infinity) - (b.start ?? -Infinity),
  );
  const merged: Entry[] = [];
  for (const entry of sorted) {
    const last = merged[merged.length - 1];
    if (
      last &&
      last.user.id === entry.user.id &&
      last.end !== undefined &&
      entry.start !== undefined &&
      entry.start <= last.end
    ) {
      const end =
        entry.end === undefined ? undefined : Math.max(last.end, entry.end);
      merged[merged.length - 1] = { ...last, end };
    } else {
      merged.push(entry);
    }
  }
  return merged;
}

/**
 * Current and next shifts from PagerDuty's on-call entries. Per track (a schedule at a level, or a user named
 * directly in an escalation rule): `current` is the stretch covering `now`, `next` the first stretch starting
 * at or after the current one's end (or after `now` when nobody is on the track now).
 *
 * Open bounds (permanent on-call) are closed with the window that was read: PagerDuty gives no bounds for
 * them, and the shift type needs dates, so such a shift reads "from the window's start until its end" —
 * "at least until" — and has no next.
 */
function pagerDutyShifts(
  onCalls: PagerDutyOnCall[],
  window: { now: Date; since: Date; until: Date },
): { current: OnCallShift[]; next: OnCallShift[] } {
  const now = window.now.getTime();
  const tracks = new Map<string, Entry[]>();
  for (const onCall of onCalls) {
    const entry = entryOf(onCall);
    const key = `${entry.level}|${entry.track}`;
    tracks.set(key, [...(tracks.get(key) ?? []), entry]);
  }
  const shiftOf = (entry: Entry): OnCallShift => ({
    person: personOf(entry.user),
    escalationLevel: entry.level,
    start: new Date(entry.start ?? window.since.getTime()),
    end: new Date(entry.end ?? window.until.getTime()),
  });
  const current: OnCallShift[] = [];
  const next: OnCallShift[] = [];
  for (const entries of tracks.values()) {
    const merged = mergeAdjacent(entries);
    const covering = merged.find(
      entry =>
        (entry.start ?? -Infinity) <= now && now < (entry.end ?? Infinity),
    );
    if (covering) current.push(shiftOf(covering));
    if (covering && covering.end === undefined) continue;
    const handoff = covering?.end ?? now;
    const following = merged.find(
      entry =>
        entry !== covering &&
        entry.start !== undefined &&
        entry.start >= handoff,
    );
    if (following) next.push(shiftOf(following));
  }
  const order = (a: OnCallShift, b: OnCallShift) =>
    a.escalationLevel - b.escalationLevel ||
    a.start.getTime() - b.start.getTime() ||
    a.person.name.localeCompare(b.person.name);
  return { current: current.sort(order), next: next.sort(order) };
}

/**
 * The escalation levels of a PagerDuty escalation policy. A level's `delayMinutes` is how long a page waits at
 * the previous level (PagerDuty stores that wait on the previous rule), 0 for level 1. A schedule target is
 * shown as the people on call for it at that level now, else by the schedule's name.
 */
function pagerDutyEscalation(
  rules: z.infer<
    typeof escalationPolicyResponse
  >['escalation_policy']['escalation_rules'],
  onCalls: PagerDutyOnCall[],
  now: Date,
): OnCallRoster['escalation'] {
  const at = now.getTime();
  const covering = onCalls.filter(onCall => {
    const entry = entryOf(onCall);
    return (entry.start ?? -Infinity) <= at && at < (entry.end ?? Infinity);
  });
  const knownUsers = new Map(onCalls.map(onCall => [onCall.user.id, onCall]));
  return rules.map((rule, index) => {
    const level = index + 1;
    const targets: OnCallPerson[] = [];
    const seen = new Set<string>();
    const add = (pdUser: PagerDutyUser) => {
      if (seen.has(pdUser.id)) return;
      seen.add(pdUser.id);
      targets.push(personOf(pdUser));
    };
    for (const target of rule.targets) {
      if (target.type?.startsWith('schedule')) {
        const people = covering.filter(
          onCall =>
            onCall.schedule?.id === target.id &&
            onCall.escalation_level === level,
        );
        if (people.length > 0) {
          people.forEach(onCall => add(onCall.user));
        } else {
          targets.push({
            name: target.summary ?? target.id,
            ...(target.html_url ? { url: target.html_url } : {}),
          });
        }
      } else if (target.type?.startsWith('user')) {
        add(knownUsers.get(target.id)?.user ?? target);
      } else {
        targets.push({ name: target.summary ?? target.id });
      }
    }
    return {
      level,
      delayMinutes:
        index === 0 ? 0 : rules[index - 1].escalation_delay_in_minutes,
      targets,
    };
  });
}

/**
 * On-call from PagerDuty for entities annotated with `pagerduty.com/service-id`: the service's escalation
 * policy, who is on call for it now and next (per level), and its escalation rules.
 *
 * People carry their PagerDuty email and profile link; they are not matched to catalog users (`userRef`),
 * since an email alone does not name a catalog entity safely.
 */
export class PagerDutyOnCallProvider implements OnCallProvider {
  readonly id = 'pagerduty';

  static create(
    options: PagerDutyOnCallProviderOptions,
  ): PagerDutyOnCallProvider {
    const { apiToken, apiBaseUrl, horizonDays, ...tuning } = options;
    return new PagerDutyOnCallProvider(
      createVendorFetch({
        ...tuning,
        vendor: 'PagerDuty',
        baseUrl: apiBaseUrl ?? DEFAULT_PAGERDUTY_API_BASE_URL,
        headers: {
          Authorization: `Token token=${apiToken}`,
          Accept: 'application/vnd.pagerduty+json;version=2',
        },
        secrets: [apiToken],
      }),
      horizonDays ?? DEFAULT_HORIZON_DAYS,
    );
  }

  private constructor(
    private readonly http: VendorFetch,
    private readonly horizonDays: number,
  ) {}

  supports(entity: Entity): boolean {
    return Boolean(
      entity.metadata.annotations?.[PAGERDUTY_SERVICE_ANNOTATION]?.trim(),
    );
  }

  async getRoster(request: {
    entity: Entity;
    now: Date;
    signal?: AbortSignal;
  }): Promise<OnCallRoster | undefined> {
    const { now, signal } = request;
    const serviceId =
      request.entity.metadata.annotations?.[
        PAGERDUTY_SERVICE_ANNOTATION
      ]?.trim();
    if (!serviceId) return undefined;

    const { service } = await this.http.getJson(
      `/services/${encodeURIComponent(serviceId)}`,
      serviceResponse,
      { signal },
    );
    const policyId = service.escalation_policy?.id;
    if (!policyId) return undefined;

    // The window starts at the whole minute so that page views within a minute share the cached answer.
    const since = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const until = new Date(since.getTime() + this.horizonDays * 86_400_000);
    const [{ escalation_policy: policy }, onCalls] = await Promise.all([
      this.http.getJson(
        `/escalation_policies/${encodeURIComponent(policyId)}`,
        escalationPolicyResponse,
        { signal },
      ),
      this.readOnCalls(policyId, since, until, signal),
    ]);

    const { current, next } = pagerDutyShifts(onCalls, { now, since, until });
    const firstLevelZone = onCalls.find(
      onCall => onCall.escalation_level === 1 && onCall.schedule?.time_zone,
    )?.schedule?.time_zone;
    return {
      providerId: this.id,
      current,
      next,
      escalation: pagerDutyEscalation(policy.escalation_rules, onCalls, now),
      ...(policy.html_url ? { scheduleUrl: policy.html_url } : {}),
      ...(firstLevelZone ? { timeZone: firstLevelZone } : {}),
    };
  }

  private async readOnCalls(
    policyId: string,
    since: Date,
    until: Date,
    signal?: AbortSignal,
  ): Promise<PagerDutyOnCall[]> {
    const onCalls: PagerDutyOnCall[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.http.getJson('/oncalls', onCallsResponse, {
        signal,
        query: {
          'escalation_policy_ids[]': [policyId],
          since: since.toISOString(),
          until: until.toISOString(),
          'include[]': ['users', 'schedules'],
          limit: PAGE_SIZE,
          offset: page * PAGE_SIZE,
        },
      });
      onCalls.push(...answer.oncalls);
      if (!answer.more || answer.oncalls.length === 0) break;
    }
    return onCalls;
  }
}
