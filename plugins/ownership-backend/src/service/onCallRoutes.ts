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
import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AlertOnCallJson,
  EntityOnCall,
  MyOnCall,
  MyOnCallShift,
  MyOnCallTeam,
  ON_CALL_ANNOTATION,
  OnCallPersonJson,
  OnCallSchedule,
  OnCallShiftJson,
  OwnershipProblem,
  readOnCallSchedule,
  toOnCallShiftJson,
  upcomingShifts,
} from '@service-ownership/plugin-ownership-common';
import {
  OnCallPerson,
  OnCallProvider,
  OnCallRoster,
  OnCallShift,
} from '@service-ownership/plugin-ownership-node';
import express from 'express';
import Router from 'express-promise-router';
import { entityRefFromPath, requireEntity } from './pathEntity';

/** How far ahead `GET /v1/on-call/me` lists the user's own shifts. */
export const MY_SHIFTS_HORIZON_DAYS = 14;

const DAY_MS = 24 * 60 * 60 * 1000;

function personJson(person: OnCallPerson): OnCallPersonJson {
  return {
    ...(person.userRef ? { userRef: person.userRef } : {}),
    name: person.name,
    ...(person.email ? { email: person.email } : {}),
    ...(person.url ? { url: person.url } : {}),
  };
}

function isGroupRef(ref: string): boolean {
  try {
    return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group';
  } catch {
    return false;
  }
}

/** The group whose schedule covers an entity: a group itself, else its owner when that is a group. */
function scheduleGroupOf(entity: Entity): string | undefined {
  if (entity.kind.toLocaleLowerCase('en-US') === 'group') {
    return stringifyEntityRef(entity);
  }
  const owner = entity.relations?.find(
    r => r.type === RELATION_OWNED_BY,
  )?.targetRef;
  return owner && isGroupRef(owner) ? owner : undefined;
}

/** A provider's roster, or the last provider failure when none answered. */
interface RosterLookup {
  roster?: OnCallRoster;
  failure?: string;
}

/**
 * Asks the providers for the first candidate's roster, in order, then the next candidate's: the first
 * roster wins. A failing provider is logged and the next one asked, so a vendor outage falls back to the
 * catalog schedule; the failure is kept to explain an empty answer.
 */
async function findRoster(
  providers: OnCallProvider[],
  candidates: Entity[],
  at: Date,
  logger: LoggerService | undefined,
): Promise<RosterLookup> {
  let failure: string | undefined;
  for (const candidate of candidates) {
    for (const provider of providers.filter(p => p.supports(candidate))) {
      try {
        const roster = await provider.getRoster({ entity: candidate, now: at });
        if (roster) return { roster };
      } catch (error) {
        failure = `${provider.id} failed: ${String(error)}`;
        logger?.warn(
          `On-call provider ${provider.id} failed for ${stringifyEntityRef(
            candidate,
          )}: ${error}`,
        );
      }
    }
  }
  return { failure };
}

/**
 * The people of a roster as the API answers them: those the provider matched to catalog users get their
 * display name and email from the catalog, read in one request.
 */
async function catalogProfiles(
  catalog: CatalogService,
  roster: OnCallRoster,
  credentials: BackstageCredentials,
): Promise<(person: OnCallPerson) => OnCallPersonJson> {
  const userRefs = [
    ...new Set(
      [...roster.current, ...roster.next]
        .map(shift => shift.person)
        .concat(roster.escalation.flatMap(level => level.targets))
        .map(person => person.userRef)
        .filter((ref): ref is string => Boolean(ref)),
    ),
  ];
  const users = userRefs.length
    ? await catalog.getEntitiesByRefs(
        {
          entityRefs: userRefs,
          fields: ['kind', 'metadata', 'spec.profile'],
        },
        { credentials },
      )
    : { items: [] };
  const profiles = new Map<string, { name?: string; email?: string }>();
  users.items.forEach((user, i) => {
    const profile = (user?.spec?.profile ?? {}) as {
      displayName?: string;
      email?: string;
    };
    if (user) {
      profiles.set(userRefs[i], {
        name: profile.displayName ?? user.metadata.title,
        email: profile.email,
      });
    }
  });
  return person => {
    const profile = person.userRef ? profiles.get(person.userRef) : undefined;
    return personJson({
      ...person,
      name: profile?.name ?? person.name,
      email: person.email ?? profile?.email,
    });
  };
}

function shiftsJson(
  shifts: OnCallShift[],
  withProfile: (person: OnCallPerson) => OnCallPersonJson,
): OnCallShiftJson[] {
  return shifts.map(shift => ({
    ...toOnCallShiftJson(shift),
    person: withProfile(shift.person),
  }));
}

/**
 * Why nobody is shown on call for `self`: the provider failure, else what is missing in the catalog.
 * `groupRef` is the group whose schedule would cover it (`self` for a group), `scheduleEntity` that group
 * when the catalog has it.
 */
function noRosterReason(options: {
  self: string;
  groupRef?: string;
  scheduleEntity?: Entity;
  problems: OwnershipProblem[];
  failure?: string;
}): string {
  const { self, groupRef, scheduleEntity, problems, failure } = options;
  if (failure) {
    return failure;
  }
  if (!groupRef) {
    return `${self} has no owner group whose schedule could cover it`;
  }
  if (!scheduleEntity) {
    return groupRef === self
      ? `${self} is not in the catalog`
      : `The owner ${groupRef} is not in the catalog`;
  }
  const whose = groupRef === self ? 'it has' : `its owner ${groupRef} has`;
  return `No on-call schedule covers ${self}: ${whose} no ${ON_CALL_ANNOTATION} annotation${
    problems.length ? ' that is valid' : ''
  }, and no provider (PagerDuty, Opsgenie) knows it`;
}

/** Who is on call for a group: {@link MyOnCallTeam} without what the group owns. */
export type GroupOnCallJson = Omit<MyOnCallTeam, 'ownedEntityCount'>;

/**
 * Who is on call for a group now and next, from the first provider holding its schedule (module providers
 * first, then its catalog rotation), with catalog profiles; the located problems of its schedule
 * annotation; and why nobody is listed when nobody is. Also answers the parsed catalog schedule, for callers
 * that need more of it (the user's own shifts), so it is read once.
 */
export async function groupOnCall(options: {
  catalog: CatalogService;
  providers: OnCallProvider[];
  credentials: BackstageCredentials;
  groupRef: string;
  /** The group when the caller has read it already (null: not in the catalog); else it is read here. */
  group?: Entity | null;
  at: Date;
  logger?: LoggerService;
}): Promise<{
  onCall: GroupOnCallJson;
  schedule?: OnCallSchedule;
  /** The escalation levels the provider answered, with catalog profiles (empty without a roster). */
  escalation: EntityOnCall['escalation'];
}> {
  const { catalog, providers, credentials, groupRef, at, logger } = options;
  const group =
    options.group === undefined
      ? await catalog.getEntityByRef(groupRef, { credentials })
      : options.group ?? undefined;
  const { schedule, problems } = group
    ? readOnCallSchedule(group)
    : { schedule: undefined, problems: [] };
  const onCall: GroupOnCallJson = {
    groupRef,
    current: [],
    next: [],
    problems,
  };
  const { roster, failure } = group
    ? await findRoster(providers, [group], at, logger)
    : { roster: undefined, failure: undefined };
  if (!roster) {
    onCall.reason = noRosterReason({
      self: groupRef,
      groupRef,
      scheduleEntity: group,
      problems,
      failure,
    });
    return { onCall, schedule, escalation: [] };
  }
  const withProfile = await catalogProfiles(catalog, roster, credentials);
  onCall.providerId = roster.providerId;
  if (roster.timeZone) onCall.timeZone = roster.timeZone;
  if (roster.scheduleUrl) onCall.scheduleUrl = roster.scheduleUrl;
  onCall.current = shiftsJson(roster.current, withProfile);
  onCall.next = shiftsJson(roster.next, withProfile);
  const escalation = roster.escalation.map(level => ({
    level: level.level,
    delayMinutes: level.delayMinutes,
    targets: level.targets.map(withProfile),
  }));
  return { onCall, schedule, escalation };
}

/**
 * Who is on call for a group now, first responder first, as an alert's routing record lists them; see
 * {@link groupOnCall}.
 */
export async function lookupGroupOnCall(options: {
  catalog: CatalogService;
  providers: OnCallProvider[];
  credentials: BackstageCredentials;
  groupRef: string;
  at: Date;
  logger?: LoggerService;
}): Promise<AlertOnCallJson> {
  const { onCall } = await groupOnCall(options);
  return {
    groupRef: onCall.groupRef,
    ...(onCall.providerId ? { providerId: onCall.providerId } : {}),
    people: [...onCall.current]
      .sort((a, b) => a.escalationLevel - b.escalationLevel)
      .map(shift => ({
        name: shift.person.name,
        ...(shift.person.userRef ? { userRef: shift.person.userRef } : {}),
        ...(shift.person.email ? { email: shift.person.email } : {}),
        level: shift.escalationLevel,
        until: shift.end,
      })),
    ...(onCall.reason ? { reason: onCall.reason } : {}),
  };
}

/**
 * Who is on call for an entity: the first provider that holds a schedule for the entity itself (e.g. its
 * PagerDuty service), else for its owner group (e.g. the group's catalog rotation). And "my on-call": the
 * signed-in user's own upcoming shifts and who covers each of their groups.
 */
export function createOnCallRoutes(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  providers: OnCallProvider[];
  logger?: LoggerService;
  now: () => Date;
}): express.Router {
  const { httpAuth, catalog, providers, logger, now } = options;
  const router = Router();

  router.get(
    '/v1/entities/:kind/:namespace/:name/on-call',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entityRef = entityRefFromPath(req.params);
      const entity = await requireEntity(catalog, entityRef, credentials);
      const self = stringifyEntityRef(entity);
      const body: EntityOnCall = {
        entityRef: self,
        current: [],
        next: [],
        escalation: [],
        problems: [],
      };
      const groupRef = scheduleGroupOf(entity);
      const group =
        groupRef && groupRef !== self
          ? await catalog.getEntityByRef(groupRef, { credentials })
          : undefined;
      const scheduleEntity = groupRef === self ? entity : group;
      if (groupRef) body.groupRef = groupRef;
      if (scheduleEntity) {
        body.problems = readOnCallSchedule(scheduleEntity).problems;
      }

      const candidates: Entity[] = [entity];
      if (group) candidates.push(group);
      const { roster, failure } = await findRoster(
        providers,
        candidates,
        now(),
        logger,
      );
      if (!roster) {
        body.reason = noRosterReason({
          self,
          groupRef,
          scheduleEntity,
          problems: body.problems,
          failure,
        });
        res.json(body);
        return;
      }

      const withProfile = await catalogProfiles(catalog, roster, credentials);
      body.providerId = roster.providerId;
      if (roster.timeZone) body.timeZone = roster.timeZone;
      if (roster.scheduleUrl) body.scheduleUrl = roster.scheduleUrl;
      body.current = shiftsJson(roster.current, withProfile);
      body.next = shiftsJson(roster.next, withProfile);
      body.escalation = roster.escalation.map(level => ({
        level: level.level,
        delayMinutes: level.delayMinutes,
        targets: level.targets.map(withProfile),
      }));
      res.json(body);
    },
  );

  router.get('/v1/on-call/me', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const userRef = credentials.principal.userEntityRef;
    const at = now();
    const to = new Date(at.getTime() + MY_SHIFTS_HORIZON_DAYS * DAY_MS);
    const body: MyOnCall = {
      userRef,
      from: at.toISOString(),
      to: to.toISOString(),
      shifts: [],
      teams: [],
    };
    const user = await catalog.getEntityByRef(userRef, { credentials });
    if (!user) {
      body.reason = `${userRef} is not in the catalog, so the groups it is a member of are unknown`;
      res.json(body);
      return;
    }

    const groupRefs = [
      ...new Set(
        (user.relations ?? [])
          .filter(r => r.type === RELATION_MEMBER_OF && isGroupRef(r.targetRef))
          .map(r => r.targetRef),
      ),
    ].sort();
    const { items: groups } = groupRefs.length
      ? await catalog.getEntitiesByRefs(
          { entityRefs: groupRefs },
          { credentials },
        )
      : { items: [] };

    const lookups = await Promise.all(
      groupRefs.map(async (groupRef, i) => {
        const [{ onCall, schedule }, owned] = await Promise.all([
          groupOnCall({
            catalog,
            providers,
            credentials,
            groupRef,
            group: groups[i] ?? null,
            at,
            logger,
          }),
          // Only the count: no entity is read.
          catalog.queryEntities(
            {
              filter: { [`relations.${RELATION_OWNED_BY}`]: groupRef },
              limit: 0,
            },
            { credentials },
          ),
        ]);
        return { onCall, schedule, ownedEntityCount: owned.totalItems };
      }),
    );

    const shifts: MyOnCallShift[] = [];
    for (const { onCall, schedule, ownedEntityCount } of lookups) {
      // The user's own shifts come from the group's catalog rotation, whichever provider answered its roster.
      const own = schedule ? upcomingShifts(schedule, userRef, at, to) : [];
      for (const shift of own) {
        shifts.push({
          groupRef: onCall.groupRef,
          escalationLevel: shift.escalationLevel,
          start: shift.start.toISOString(),
          end: shift.end.toISOString(),
          ...(shift.override ? { override: true } : {}),
        });
      }
      body.teams.push({ ...onCall, ownedEntityCount });
    }
    body.shifts = shifts.sort(
      (a, b) =>
        Date.parse(a.start) - Date.parse(b.start) ||
        a.escalationLevel - b.escalationLevel ||
        a.groupRef.localeCompare(b.groupRef),
    );
    res.json(body);
  });

  return router;
}
