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
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AlertRoutingMap,
  docsExportYaml,
  DocsHealthList,
  DOCS_HEALTH_STATES,
  DocsHealthState,
  escalationPolicySummary,
  OpsDocExport,
  readOwnershipAnnotations,
  readSloDefinitions,
  TECHDOCS_REF_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import { OnCallProvider } from '@service-ownership/plugin-ownership-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EntityDirectory } from '../service/EntityDirectory';
import { groupOnCall } from '../service/onCallRoutes';
import { entityRefFromPath, requireEntity } from '../service/pathEntity';
import { routingMapEntries } from '../service/routingMap';
import {
  compareByUrgency,
  DOCS_ENTITY_FIELDS,
  DocsHealthService,
} from './DocsHealthService';
import { DocsStore } from './DocsStore';

const DAY_MS = 86_400_000;
/** How many entities one owner's list reads at most. */
export const DOCS_LIST_LIMIT = 500;

const reviewSchema = z
  .object({ comment: z.string().max(2000).optional() })
  .strict();

const formatSchema = z.enum(['json', 'yaml']).default('json');

function sendExport(
  res: express.Response,
  body: unknown,
  format: 'json' | 'yaml',
  filename: string,
) {
  if (format === 'yaml') {
    res
      .type('text/yaml')
      .set('Content-Disposition', `attachment; filename="${filename}.yaml"`)
      .send(docsExportYaml(body));
    return;
  }
  res.json(body);
}

/** Who is on call at the first escalation level now, by name; what the routing-map lines list. */
function firstResponders(
  onCall:
    | { current: Array<{ escalationLevel: number; person: { name: string } }> }
    | undefined,
): string[] | undefined {
  return onCall?.current
    .filter(shift => shift.escalationLevel === 1)
    .map(shift => shift.person.name);
}

function parseFormat(query: unknown): 'json' | 'yaml' {
  const parsed = formatSchema.safeParse(
    (query as Record<string, unknown>).format,
  );
  if (!parsed.success) {
    throw new InputError(`format must be json or yaml`);
  }
  return parsed.data;
}

/**
 * Documentation health: per entity (health, "Mark as reviewed", snooze, the machine-readable ops doc), per
 * owner (the list the home page and group cards show) and the alert-routing map.
 */
export function createDocsRoutes(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  health: DocsHealthService;
  docs: DocsStore;
  directory: EntityDirectory;
  onCallProviders: OnCallProvider[];
  logger?: LoggerService;
  now: () => number;
}): express.Router {
  const { httpAuth, catalog, health, docs, now } = options;
  const router = Router();

  const entityOf = async (
    req: express.Request,
    credentials: BackstageCredentials,
  ): Promise<Entity> =>
    requireEntity(catalog, entityRefFromPath(req.params), credentials);

  router.get(
    '/v1/entities/:kind/:namespace/:name/docs-health',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entity = await entityOf(req, credentials);
      const viewer = await health.viewerOf(credentials);
      const [body] = await health.evaluate([entity], { nowMs: now(), viewer });
      res.json(body);
    },
  );

  const requireReviewer = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = await entityOf(req, credentials);
    const viewer = await health.viewerOf(credentials);
    const refusal = health.reviewRefusal(entity, viewer);
    if (refusal || !viewer) {
      throw new NotAllowedError(refusal);
    }
    return { entity, viewer };
  };

  router.post(
    '/v1/entities/:kind/:namespace/:name/docs-health/reviews',
    async (req, res) => {
      const parsed = reviewSchema.safeParse(req.body ?? {});
      if (!parsed.success) {
        throw new InputError(
          `Invalid review: ${parsed.error.issues
            .map(i => `${i.path.join('.') || 'body'} ${i.message}`)
            .join('; ')}`,
        );
      }
      const { entity, viewer } = await requireReviewer(req);
      const body = await health.markReviewed(entity, {
        nowMs: now(),
        viewer,
        comment: parsed.data.comment?.trim() || undefined,
      });
      res.status(201).json(body);
    },
  );

  router.post(
    '/v1/entities/:kind/:namespace/:name/docs-health/snooze',
    async (req, res) => {
      const maxDays = health.settings.maxSnoozeDays;
      const parsed = z
        .object({ days: z.number().int().min(0).max(maxDays) })
        .strict()
        .safeParse(req.body ?? {});
      if (!parsed.success) {
        throw new InputError(
          `Invalid snooze: days must be a whole number from 0 (lift the snooze) to ${maxDays}`,
        );
      }
      const { entity, viewer } = await requireReviewer(req);
      const nowMs = now();
      await docs.setSnooze(
        stringifyEntityRef(entity),
        parsed.data.days === 0 ? null : nowMs + parsed.data.days * DAY_MS,
        viewer.userRef,
      );
      const [body] = await health.evaluate([entity], { nowMs, viewer });
      res.json(body);
    },
  );

  router.get('/v1/docs-health', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const viewer = await health.viewerOf(credentials);
    const raw = req.query.owner ?? 'me';
    const requested = (Array.isArray(raw) ? raw : [raw]).map(String);
    if (requested.length > 20) {
      throw new InputError('At most 20 owners can be listed at once');
    }
    const owners = new Set<string>();
    let reason: string | undefined;
    for (const owner of requested) {
      if (owner === 'me') {
        if (!viewer) {
          throw new InputError(
            'owner=me needs a signed-in user; name the owners instead',
          );
        }
        const groups = [...viewer.ownership];
        groups.forEach(ref => owners.add(ref));
        if (groups.length <= 1) {
          reason = `${viewer.userRef} is not a member of any group in the catalog`;
        }
        continue;
      }
      try {
        owners.add(
          stringifyEntityRef(
            parseEntityRef(owner, {
              defaultKind: 'group',
              defaultNamespace: 'default',
            }),
          ),
        );
      } catch (error) {
        throw new InputError(`owner "${owner}" is not an entity ref: ${error}`);
      }
    }
    const attention = req.query.attention === 'true';
    const responses = await Promise.all(
      [...owners].map(owner =>
        catalog.queryEntities(
          {
            filter: {
              kind: health.settings.kinds,
              [`relations.${RELATION_OWNED_BY}`]: owner,
            },
            fields: DOCS_ENTITY_FIELDS,
            limit: DOCS_LIST_LIMIT,
            orderFields: { field: 'metadata.name', order: 'asc' },
          },
          { credentials },
        ),
      ),
    );
    const seen = new Set<string>();
    const entities: Entity[] = [];
    for (const response of responses) {
      for (const entity of response.items) {
        const ref = stringifyEntityRef(entity);
        if (seen.has(ref)) continue;
        seen.add(ref);
        entities.push(entity);
      }
    }
    const evaluated = await health.evaluate(entities, {
      nowMs: now(),
      viewer,
    });
    const counts = Object.fromEntries(
      DOCS_HEALTH_STATES.map(state => [state, 0]),
    ) as Record<DocsHealthState, number>;
    for (const item of evaluated) counts[item.state] += 1;
    const body: DocsHealthList = {
      owners: [...owners].sort(),
      counts,
      total: evaluated.length,
      items: evaluated
        .filter(item => !attention || item.state !== 'fresh')
        .sort(compareByUrgency),
      ...(reason && evaluated.length === 0 ? { reason } : {}),
    };
    res.json(body);
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/ops-doc',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const format = parseFormat(req.query);
      const entity = await entityOf(req, credentials);
      const self = stringifyEntityRef(entity);
      const nowMs = now();
      const [docsHealth] = await health.evaluate([entity], { nowMs });
      const ownerRef = docsHealth.ownerRef;
      const groupRef =
        entity.kind.toLocaleLowerCase('en-US') === 'group' ? self : ownerRef;
      const onCallAnswer = groupRef
        ? await groupOnCall({
            catalog,
            providers: options.onCallProviders,
            credentials,
            groupRef,
            at: new Date(nowMs),
            logger: options.logger,
          })
        : undefined;
      const onCall = onCallAnswer?.onCall;
      const { values } = readOwnershipAnnotations(entity, {
        now: new Date(nowMs),
      });
      const links: OpsDocExport['links'] = {};
      for (const link of entity.metadata.links ?? []) {
        const type = (link.type ?? 'other').toLocaleLowerCase('en-US');
        (links[type] ??= []).push({
          ...(link.title ? { title: link.title } : {}),
          url: link.url,
        });
      }
      const directory = await options.directory.get();
      const { entries } = routingMapEntries(directory);
      const firstOnCall = firstResponders(onCall);
      const body: OpsDocExport = {
        entityRef: self,
        ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
        ...(entity.metadata.description
          ? { description: entity.metadata.description }
          : {}),
        ...(ownerRef ? { owner: ownerRef } : {}),
        links,
        ...(entity.metadata.annotations?.[TECHDOCS_REF_ANNOTATION]
          ? {
              techdocsRef: entity.metadata.annotations[TECHDOCS_REF_ANNOTATION],
            }
          : {}),
        services: values.serviceNames.map(s =>
          s.namespace ? `${s.namespace}/${s.name}` : s.name,
        ),
        signalOperations: values.signalOperations,
        slos: readSloDefinitions(entity).slos.map(slo => ({
          name: slo.name,
          operation: slo.operation,
          sli: slo.sli,
          objective: slo.objective,
          windowDays: slo.windowDays,
          ...(slo.thresholdMs ? { thresholdMs: slo.thresholdMs } : {}),
        })),
        docsHealth: {
          state: docsHealth.state,
          label: docsHealth.label,
          reasons: docsHealth.reasons,
          ...(docsHealth.lastAudited
            ? { lastAudited: docsHealth.lastAudited }
            : {}),
          ...(docsHealth.lastModified
            ? { lastModified: docsHealth.lastModified }
            : {}),
          ...(docsHealth.dueAt ? { dueAt: docsHealth.dueAt } : {}),
          intervalDays: docsHealth.intervalDays,
        },
        escalationPolicy: onCall
          ? escalationPolicySummary(
              {
                ...onCall,
                entityRef: self,
                escalation: onCallAnswer!.escalation,
              },
              ownerRef,
            )
          : {
              entityRef: self,
              levels: [],
              reason: 'The entity has no owner, so no on-call schedule applies',
            },
        alertRouting: entries
          .filter(entry => entry.entityRef === self)
          .map(entry => ({
            ...entry,
            ...(onCall?.providerId
              ? { onCallProvider: onCall.providerId }
              : {}),
            ...(firstOnCall?.length ? { onCallNow: firstOnCall } : {}),
          })),
      };
      sendExport(res, body, format, `${entity.metadata.name}-ops-doc`);
    },
  );

  router.get('/v1/docs/alert-routing-map', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const format = parseFormat(req.query);
    const nowMs = now();
    const directory = await options.directory.get();
    const { entries, conflicts } = routingMapEntries(directory);
    const owners = [
      ...new Set(
        entries
          .map(entry => entry.ownerRef)
          .filter((ref): ref is string => Boolean(ref)),
      ),
    ];
    const onCallByOwner = new Map(
      await Promise.all(
        owners.map(
          async ownerRef =>
            [
              ownerRef,
              (
                await groupOnCall({
                  catalog,
                  providers: options.onCallProviders,
                  credentials,
                  groupRef: ownerRef,
                  at: new Date(nowMs),
                  logger: options.logger,
                })
              ).onCall,
            ] as const,
        ),
      ),
    );
    const body: AlertRoutingMap = {
      generatedAt: new Date(nowMs).toISOString(),
      entries: entries.map(entry => {
        const onCall = entry.ownerRef
          ? onCallByOwner.get(entry.ownerRef)
          : undefined;
        const first = firstResponders(onCall);
        return {
          ...entry,
          ...(onCall?.providerId ? { onCallProvider: onCall.providerId } : {}),
          ...(first?.length ? { onCallNow: first } : {}),
        };
      }),
      conflicts,
    };
    sendExport(res, body, format, 'alert-routing-map');
  });

  return router;
}
