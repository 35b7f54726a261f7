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
import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityOnCall,
  OnCallPersonJson,
  readOnCallSchedule,
  toOnCallShiftJson,
} from '@service-ownership/plugin-ownership-common';
import {
  OnCallPerson,
  OnCallProvider,
  OnCallRoster,
} from '@service-ownership/plugin-ownership-node';
import express from 'express';
import Router from 'express-promise-router';
import { entityRefFromPath, requireEntity } from './pathEntity';

function personJson(person: OnCallPerson): OnCallPersonJson {
  return {
    ...(person.userRef ? { userRef: person.userRef } : {}),
    name: person.name,
    ...(person.email ? { email: person.email } : {}),
    ...(person.url ? { url: person.url } : {}),
  };
}

/** The group whose schedule covers an entity: a group itself, else its owner when that is a group. */
function scheduleGroupOf(entity: Entity): string | undefined {
  if (entity.kind.toLocaleLowerCase('en-US') === 'group') {
    return stringifyEntityRef(entity);
  }
  const owner = entity.relations?.find(
    r => r.type === RELATION_OWNED_BY,
  )?.targetRef;
  if (!owner) return undefined;
  return parseEntityRef(owner).kind.toLocaleLowerCase('en-US') === 'group'
    ? owner
    : undefined;
}

/**
 * Who is on call for an entity: the first provider that holds a schedule for the entity itself (e.g. its
 * PagerDuty service), else for its owner group (e.g. the group's catalog rotation).
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
      const at = now();
      let roster: OnCallRoster | undefined;
      let failure: string | undefined;
      for (const candidate of candidates) {
        for (const provider of providers.filter(p => p.supports(candidate))) {
          try {
            roster = await provider.getRoster({ entity: candidate, now: at });
          } catch (error) {
            failure = `${provider.id} failed: ${String(error)}`;
            logger?.warn(
              `On-call provider ${provider.id} failed for ${stringifyEntityRef(
                candidate,
              )}: ${error}`,
            );
          }
          if (roster) break;
        }
        if (roster) break;
      }

      if (!roster) {
        let reason = failure;
        if (!reason && !groupRef) {
          reason = `${self} has no owner group whose schedule could cover it`;
        } else if (!reason && groupRef && !scheduleEntity) {
          reason = `The owner ${groupRef} is not in the catalog`;
        } else if (!reason) {
          reason = `No on-call schedule covers ${self}: its owner ${groupRef} has no service-ownership.io/on-call annotation${
            body.problems.length ? ' that is valid' : ''
          }, and no provider (PagerDuty, Opsgenie) knows it`;
        }
        body.reason = reason;
        res.json(body);
        return;
      }

      // People the provider matched to catalog users get their display name and email from the catalog.
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
      const withProfile = (person: OnCallPerson): OnCallPersonJson => {
        const profile = person.userRef
          ? profiles.get(person.userRef)
          : undefined;
        return personJson({
          ...person,
          name: profile?.name ?? person.name,
          email: person.email ?? profile?.email,
        });
      };

      body.providerId = roster.providerId;
      if (roster.timeZone) body.timeZone = roster.timeZone;
      if (roster.scheduleUrl) body.scheduleUrl = roster.scheduleUrl;
      const shiftJson = (shift: OnCallRoster['current'][number]) => ({
        ...toOnCallShiftJson(shift),
        person: withProfile(shift.person),
      });
      body.current = roster.current.map(shiftJson);
      body.next = roster.next.map(shiftJson);
      body.escalation = roster.escalation.map(level => ({
        level: level.level,
        delayMinutes: level.delayMinutes,
        targets: level.targets.map(withProfile),
      }));
      res.json(body);
    },
  );

  return router;
}
