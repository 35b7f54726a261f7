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
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { OPSGENIE_TEAM_ANNOTATION } from '@service-ownership/plugin-ownership-common';
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

/** Default Opsgenie API; EU accounts use `https://api.eu.opsgenie.com`. */
export const DEFAULT_OPSGENIE_API_BASE_URL = 'https://api.opsgenie.com';

/** How far ahead the schedule timeline is read for shift bounds. */
const DEFAULT_HORIZON_DAYS = 14;

// Shapes from the opsgenie-oas definitions: whoIsOnCall.yaml (OnCall, NextOnCall, Participant),
// schedule.yaml (Schedule, ScheduleTimeline), escalation.yaml (Escalation, EscalationRule), common.yaml
// (Recipient, Duration). Only the fields read here; all optional unless the mapping cannot do without.
interface Participant {
  id?: string;
  name?: string;
  type?: string;
  onCallParticipants?: Participant[];
  forwardedFrom?: Participant;
}
const participant: z.ZodType<Participant> = z.lazy(() =>
  z.object({
    id: z.string().optional(),
    name: z.string().optional(),
    type: z.string().optional(),
    onCallParticipants: z.array(participant).optional(),
    forwardedFrom: participant.optional(),
  }),
);

const teamMeta = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
});

const schedulesResponse = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string().optional(),
      timezone: z.string().optional(),
      enabled: z.boolean().optional(),
      ownerTeam: teamMeta.optional(),
    }),
  ),
});

const onCallsResponse = z.object({
  data: z.object({
    onCallParticipants: z.array(participant).default([]),
  }),
});

// The spec's combined model: with `flat=false` the `…Recipients` arrays hold participants.
const nextOnCallsResponse = z.object({
  data: z.object({
    nextOnCallRecipients: z.array(participant).default([]),
    exactNextOnCallRecipients: z.array(participant).default([]),
  }),
});

const timelineRecipient = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  type: z.string().optional(),
});
const timelineResponse = z.object({
  data: z.object({
    startDate: z.string().optional(),
    endDate: z.string().optional(),
    finalTimeline: z
      .object({
        rotations: z
          .array(
            z.object({
              id: z.string().optional(),
              periods: z
                .array(
                  z.object({
                    startDate: z.string(),
                    endDate: z.string(),
                    type: z.string().optional(),
                    recipient: timelineRecipient.optional(),
                  }),
                )
                .default([]),
            }),
          )
          .default([]),
      })
      .optional(),
  }),
});

const escalationsResponse = z.object({
  data: z.array(
    z.object({
      id: z.string().optional(),
      name: z.string().optional(),
      ownerTeam: teamMeta.optional(),
      rules: z
        .array(
          z.object({
            notifyType: z.string().optional(),
            delay: z
              .object({
                timeAmount: z.number(),
                timeUnit: z.string().optional(),
              })
              .optional(),
            recipient: z.object({
              type: z.string(),
              id: z.string().optional(),
              name: z.string().optional(),
              username: z.string().optional(),
            }),
          }),
        )
        .default([]),
    }),
  ),
});

type Schedule = z.infer<typeof schedulesResponse>['data'][number];
type Timeline = z.infer<typeof timelineResponse>['data'];
type Escalation = z.infer<typeof escalationsResponse>['data'][number];

/** Options of {@link OpsgenieOnCallProvider.create}. */
export interface OpsgenieOnCallProviderOptions extends VendorFetchTuning {
  /** API key (an API integration's key), sent as `Authorization: GenieKey …`. */
  apiKey: string;
  /** API base URL. Default {@link DEFAULT_OPSGENIE_API_BASE_URL}. */
  apiBaseUrl?: string;
  /** Days of schedule timeline read for shift bounds. Default 14. */
  horizonDays?: number;
  /** Told when the team's escalation cannot be read (the roster is still answered, without escalation). */
  logger?: LoggerService;
}

/** A person from an Opsgenie participant or recipient. Opsgenie usernames are email addresses. */
function personOf(name: string): OnCallPerson {
  return { name, ...(name.includes('@') ? { email: name } : {}) };
}

/**
 * The people a participant stands for: a user; a team as its shared identity; an escalation through the
 * participants it currently reaches (else its name). A forwarded participant is the one who receives the pages.
 */
function peopleOf(
  participants: Participant[],
): Array<{ id?: string; person: OnCallPerson; forwarded: boolean }> {
  const people: Array<{
    id?: string;
    person: OnCallPerson;
    forwarded: boolean;
  }> = [];
  const seen = new Set<string>();
  const visit = (item: Participant) => {
    if (item.type === 'escalation' && item.onCallParticipants?.length) {
      item.onCallParticipants.forEach(visit);
      return;
    }
    const name = item.name ?? item.id;
    if (!name) return;
    const key = item.id ?? name;
    if (seen.has(key)) return;
    seen.add(key);
    people.push({
      id: item.id,
      person: personOf(name),
      forwarded: Boolean(item.forwardedFrom),
    });
  };
  participants.forEach(visit);
  return people;
}

/** A recipient's stretches in the final timeline (overrides and forwarding applied), touching ones joined. */
function stretchesOf(
  timeline: Timeline | undefined,
  who: { id?: string; name: string },
): Array<{ start: number; end: number; override: boolean }> {
  const periods = (timeline?.finalTimeline?.rotations ?? [])
    .flatMap(rotation => rotation.periods)
    .filter(period =>
      who.id
        ? period.recipient?.id === who.id
        : period.recipient?.name === who.name,
    )
    .map(period => ({
      start: Date.parse(period.startDate),
      end: Date.parse(period.endDate),
      override: period.type === 'override' || period.type === 'forwarding',
    }))
    .filter(period => !Number.isNaN(period.start) && !Number.isNaN(period.end))
    .sort((a, b) => a.start - b.start);
  const stretches: typeof periods = [];
  for (const period of periods) {
    const last = stretches[stretches.length - 1];
    if (last && period.start <= last.end) {
      last.end = Math.max(last.end, period.end);
      last.override = last.override || period.override;
    } else {
      stretches.push({ ...period });
    }
  }
  return stretches;
}

function timeOf(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * Current and next shifts of one Opsgenie schedule. Who is on call now and next comes from the who-is-on-call
 * API, which gives no times; the bounds come from the schedule's final timeline, matched by recipient id.
 *
 * When the timeline does not place a person (e.g. a shift beyond the window read), the bounds are not made
 * up but taken from what is known: a current shift ends when the next one starts, else at the end of the
 * timeline window ("at least until"); it starts at the window's start. A next shift starts when the current
 * one ends, else at the window's end; its end, when unknown, equals its start (length unknown).
 */
function opsgenieShifts(
  input: {
    onCall: Participant[];
    nextOnCall: Participant[];
    timeline?: Timeline;
  },
  window: { now: Date; level: number; horizonEnd: Date },
): { current: OnCallShift[]; next: OnCallShift[] } {
  const now = window.now.getTime();
  const windowStart = timeOf(input.timeline?.startDate) ?? now;
  const windowEnd =
    timeOf(input.timeline?.endDate) ?? window.horizonEnd.getTime();
  const current = peopleOf(input.onCall).map(({ id, person, forwarded }) => ({
    person,
    forwarded,
    stretch: stretchesOf(input.timeline, { id, name: person.name }).find(
      s => s.start <= now && now < s.end,
    ),
  }));
  const next = peopleOf(input.nextOnCall).map(({ id, person, forwarded }) => ({
    person,
    forwarded,
    stretch: stretchesOf(input.timeline, { id, name: person.name }).find(
      s => s.start > now,
    ),
  }));
  const knownEnds = current.flatMap(c => (c.stretch ? [c.stretch.end] : []));
  const knownStarts = next.flatMap(n => (n.stretch ? [n.stretch.start] : []));
  const handoffAfter =
    knownStarts.length > 0 ? Math.min(...knownStarts) : windowEnd;
  const handoffBefore =
    knownEnds.length > 0 ? Math.min(...knownEnds) : windowEnd;
  return {
    current: current.map(({ person, forwarded, stretch }) => ({
      person,
      escalationLevel: window.level,
      start: new Date(stretch?.start ?? Math.min(windowStart, now)),
      end: new Date(stretch?.end ?? handoffAfter),
      ...(stretch?.override || forwarded ? { override: true } : {}),
    })),
    next: next.map(({ person, forwarded, stretch }) => {
      const start = stretch?.start ?? handoffBefore;
      return {
        person,
        escalationLevel: window.level,
        start: new Date(start),
        end: new Date(stretch?.end ?? start),
        ...(stretch?.override || forwarded ? { override: true } : {}),
      };
    }),
  };
}

const MINUTES_PER_UNIT: Record<string, number> = {
  days: 1440,
  hours: 60,
  minutes: 1,
  seconds: 1 / 60,
  miliseconds: 1 / 60_000,
};

type EscalationRule = Escalation['rules'][number];

/** When a rule fires, in whole minutes after the alert is created. */
function delayMinutesOf(rule: EscalationRule): number {
  const unit = rule.delay?.timeUnit ?? 'minutes';
  return Math.round(
    (rule.delay?.timeAmount ?? 0) * (MINUTES_PER_UNIT[unit] ?? 1),
  );
}

function pagesSchedule(rule: EscalationRule, schedule: Schedule): boolean {
  return (
    rule.recipient.type === 'schedule' &&
    (rule.recipient.id === schedule.id ||
      (schedule.name !== undefined && rule.recipient.name === schedule.name))
  );
}

/** The level of a schedule's shifts: that of the first escalation rule paging its on-call; 1 when none does. */
function scheduleLevel(
  escalation: Escalation | undefined,
  schedule: Schedule,
): number {
  if (!escalation) return 1;
  const delays = [...new Set(escalation.rules.map(delayMinutesOf))].sort(
    (a, b) => a - b,
  );
  const levels = escalation.rules
    .filter(
      rule =>
        (rule.notifyType ?? 'default') === 'default' &&
        pagesSchedule(rule, schedule),
    )
    .map(rule => delays.indexOf(delayMinutesOf(rule)) + 1);
  return levels.length > 0 ? Math.min(...levels) : 1;
}

/**
 * Escalation levels from an Opsgenie escalation. Opsgenie rules fire at a delay after the alert is created;
 * rules with the same delay form one level, and a level's `delayMinutes` is the wait after the previous level
 * (for level 1, after the alert). A schedule recipient notified as `default` (its on-call) or `next` is shown
 * as those people when the schedule is one of the team's, else by its name.
 */
function opsgenieEscalation(
  escalation: Escalation,
  schedules: Map<string, { current: OnCallPerson[]; next: OnCallPerson[] }>,
): OnCallRoster['escalation'] {
  const byDelay = new Map<number, OnCallPerson[]>();
  for (const rule of escalation.rules) {
    const delay = delayMinutesOf(rule);
    const targets = byDelay.get(delay) ?? [];
    byDelay.set(delay, targets);
    const { recipient } = rule;
    const schedule =
      recipient.type === 'schedule'
        ? schedules.get(recipient.id ?? '') ??
          schedules.get(recipient.name ?? '')
        : undefined;
    let people: OnCallPerson[] = [];
    if (schedule && (rule.notifyType ?? 'default') === 'default') {
      people = schedule.current;
    } else if (schedule && rule.notifyType === 'next') {
      people = schedule.next;
    }
    if (people.length > 0) {
      targets.push(...people);
    } else if (recipient.type === 'user' && recipient.username) {
      targets.push(personOf(recipient.username));
    } else if (recipient.type !== 'none') {
      targets.push({
        name: recipient.name ?? recipient.username ?? recipient.type,
      });
    }
  }
  const delays = [...byDelay.keys()].sort((a, b) => a - b);
  return delays.map((delay, index) => {
    const seen = new Set<string>();
    return {
      level: index + 1,
      delayMinutes: index === 0 ? delay : delay - delays[index - 1],
      targets: (byDelay.get(delay) ?? []).filter(person => {
        const key = person.email ?? person.name;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      }),
    };
  });
}

function sameTeam(
  owner: { id?: string; name?: string } | undefined,
  team: string,
) {
  const wanted = team.toLocaleLowerCase('en-US');
  return (
    owner?.name?.toLocaleLowerCase('en-US') === wanted || owner?.id === team
  );
}

/**
 * On-call from Opsgenie for entities annotated with `opsgenie.com/team`: the enabled schedules the team owns,
 * who is on call on them now and next, and the team's escalation. Opsgenie's UI lives on an account-specific
 * host the API does not name, so people and the roster carry no links.
 */
export class OpsgenieOnCallProvider implements OnCallProvider {
  readonly id = 'opsgenie';

  static create(
    options: OpsgenieOnCallProviderOptions,
  ): OpsgenieOnCallProvider {
    const { apiKey, apiBaseUrl, horizonDays, logger, ...tuning } = options;
    return new OpsgenieOnCallProvider(
      createVendorFetch({
        ...tuning,
        vendor: 'Opsgenie',
        baseUrl: apiBaseUrl ?? DEFAULT_OPSGENIE_API_BASE_URL,
        headers: {
          Authorization: `GenieKey ${apiKey}`,
          Accept: 'application/json',
        },
        secrets: [apiKey],
      }),
      horizonDays ?? DEFAULT_HORIZON_DAYS,
      logger,
    );
  }

  private constructor(
    private readonly http: VendorFetch,
    private readonly horizonDays: number,
    private readonly logger?: LoggerService,
  ) {}

  supports(entity: Entity): boolean {
    return Boolean(
      entity.metadata.annotations?.[OPSGENIE_TEAM_ANNOTATION]?.trim(),
    );
  }

  async getRoster(request: {
    entity: Entity;
    now: Date;
    signal?: AbortSignal;
  }): Promise<OnCallRoster | undefined> {
    const { now, signal } = request;
    const team =
      request.entity.metadata.annotations?.[OPSGENIE_TEAM_ANNOTATION]?.trim();
    if (!team) return undefined;

    const [{ data: allSchedules }, escalation] = await Promise.all([
      this.http.getJson('/v2/schedules', schedulesResponse, { signal }),
      this.readEscalation(team, signal),
    ]);
    const schedules = allSchedules.filter(
      schedule =>
        schedule.enabled !== false && sameTeam(schedule.ownerTeam, team),
    );
    if (schedules.length === 0) return undefined;

    // Whole minutes, so that page views within a minute share the cached answers.
    const date = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const horizonEnd = new Date(date.getTime() + this.horizonDays * 86_400_000);
    const rosters = await Promise.all(
      schedules.map(async schedule => ({
        schedule,
        ...(await this.readSchedule(schedule, date, signal)),
      })),
    );

    const current: OnCallShift[] = [];
    const next: OnCallShift[] = [];
    const bySchedule = new Map<
      string,
      { current: OnCallPerson[]; next: OnCallPerson[] }
    >();
    for (const roster of rosters) {
      const shifts = opsgenieShifts(roster, {
        now,
        level: scheduleLevel(escalation, roster.schedule),
        horizonEnd,
      });
      current.push(...shifts.current);
      next.push(...shifts.next);
      const people = {
        current: shifts.current.map(shift => shift.person),
        next: shifts.next.map(shift => shift.person),
      };
      bySchedule.set(roster.schedule.id, people);
      if (roster.schedule.name) bySchedule.set(roster.schedule.name, people);
    }
    const timeZone = schedules.find(schedule => schedule.timezone)?.timezone;
    return {
      providerId: this.id,
      current,
      next,
      escalation: escalation ? opsgenieEscalation(escalation, bySchedule) : [],
      ...(timeZone ? { timeZone } : {}),
    };
  }

  private async readSchedule(
    schedule: Schedule,
    date: Date,
    signal?: AbortSignal,
  ) {
    const path = `/v2/schedules/${encodeURIComponent(schedule.id)}`;
    const query = {
      scheduleIdentifierType: 'id',
      flat: false,
      date: date.toISOString(),
    };
    const [onCall, nextOnCall, timeline] = await Promise.all([
      this.http.getJson(`${path}/on-calls`, onCallsResponse, {
        signal,
        query,
      }),
      this.http.getJson(`${path}/next-on-calls`, nextOnCallsResponse, {
        signal,
        query,
      }),
      this.http.getJson(`${path}/timeline`, timelineResponse, {
        signal,
        query: {
          identifierType: 'id',
          date: date.toISOString(),
          interval: this.horizonDays,
          intervalUnit: 'days',
        },
      }),
    ]);
    const exact = nextOnCall.data.exactNextOnCallRecipients;
    return {
      onCall: onCall.data.onCallParticipants,
      nextOnCall:
        exact.length > 0 ? exact : nextOnCall.data.nextOnCallRecipients,
      timeline: timeline.data,
    };
  }

  /**
   * The team's escalation: the one it owns, preferring Opsgenie's default `<team>_escalation` when it owns
   * several. Escalations may need more API access than schedules, so failing here leaves the roster without
   * escalation rather than failing it.
   */
  private async readEscalation(
    team: string,
    signal?: AbortSignal,
  ): Promise<Escalation | undefined> {
    try {
      const { data } = await this.http.getJson(
        '/v2/escalations',
        escalationsResponse,
        { signal },
      );
      const owned = data.filter(item => sameTeam(item.ownerTeam, team));
      const wanted = `${team}_escalation`.toLocaleLowerCase('en-US');
      return (
        owned.find(item => item.name?.toLocaleLowerCase('en-US') === wanted) ??
        owned[0]
      );
    } catch (error) {
      this.logger?.warn(
        `Opsgenie escalations of team ${team} could not be read, so the on-call roster has no escalation: ${error}`,
      );
      return undefined;
    }
  }
}
