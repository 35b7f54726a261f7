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
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  buildOwnershipSummary,
  OwnershipSummary,
  Span,
  summarizeRelatedEntity,
} from '@service-ownership/plugin-ownership-common';
import {
  OnCallProvider,
  TraceSource,
} from '@service-ownership/plugin-ownership-node';
import express from 'express';
import Router from 'express-promise-router';
import { OwnershipStore } from '../database/OwnershipStore';
import { IngestPipeline } from '../ingest/IngestPipeline';
import { createDependencyRoutes, DependencySettings } from './dependencyRoutes';
import { entityRefFromPath, requireEntity } from './pathEntity';
import { EntityDirectory, OWNERSHIP_ENTITY_FIELDS } from './EntityDirectory';
import { createOnCallRoutes } from './onCallRoutes';
import { createSloRoutes, SloSettings } from './sloRoutes';
import { createTraceRoutes } from './traceRoutes';

/** How many related entities a group or system summary lists at most. */
export const RELATED_ENTITIES_LIMIT = 500;

export interface RouterOptions {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  /** Trace sources added by modules (listed, with their health, by `sourceRoutes`). */
  traceSources: TraceSource[];
  onCallProviders: OnCallProvider[];
  store: OwnershipStore;
  pipeline: IngestPipeline;
  directory: EntityDirectory;
  dependencies: DependencySettings;
  slos?: SloSettings;
  /** Alert intake, dry runs and history; mounted before the JSON body parser (they read their own bodies). */
  alertRoutes?: express.Router;
  /** Documentation health, ops-doc exports and the alert-routing map. */
  docsRoutes?: express.Router;
  /** `GET /v1/sources`: the configured sources and their health. */
  sourceRoutes?: express.Router;
  /** Trace by id from upstream trace stores (read-through), for traces the embedded store lacks. */
  upstreamTrace?: (traceId: string) => Promise<Span[] | undefined>;
  logger?: LoggerService;
  now?: () => Date;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog, onCallProviders } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();
  if (options.alertRoutes) router.use(options.alertRoutes);
  router.use(express.json());
  router.use(
    createTraceRoutes({
      httpAuth,
      store: options.store,
      pipeline: options.pipeline,
      upstreamTrace: options.upstreamTrace,
      now: () => now().getTime(),
    }),
  );
  router.use(
    createDependencyRoutes({
      httpAuth,
      catalog,
      store: options.store,
      directory: options.directory,
      settings: options.dependencies,
      now: () => now().getTime(),
    }),
  );

  router.use(
    createSloRoutes({
      httpAuth,
      catalog,
      store: options.store,
      directory: options.directory,
      settings: options.slos ?? {},
      now: () => now().getTime(),
    }),
  );

  router.use(
    createOnCallRoutes({
      httpAuth,
      catalog,
      // Providers from modules and vendors first (a company's PagerDuty or Opsgenie), then the catalog's own
      // rotations (the caller passes them last).
      providers: onCallProviders,
      logger: options.logger,
      now,
    }),
  );

  if (options.docsRoutes) router.use(options.docsRoutes);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  if (options.sourceRoutes) router.use(options.sourceRoutes);

  router.get(
    '/v1/entities/:kind/:namespace/:name/summary',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entityRef = entityRefFromPath(req.params);
      const entity = await requireEntity(catalog, entityRef, credentials);

      const at = now();
      const summary: OwnershipSummary = buildOwnershipSummary(entity, {
        now: at,
      });
      const relation = relatedQueryOf(entity);
      if (relation) {
        const response = await catalog.queryEntities(
          {
            filter: { [relation.filterKey]: stringifyEntityRef(entity) },
            fields: OWNERSHIP_ENTITY_FIELDS,
            limit: RELATED_ENTITIES_LIMIT,
            orderFields: { field: 'metadata.name', order: 'asc' },
          },
          { credentials },
        );
        summary.related = {
          relation: relation.relation,
          total: response.totalItems,
          entities: response.items.map(item =>
            summarizeRelatedEntity(item, { now: at }),
          ),
        };
      }
      res.json(summary);
    },
  );

  return router;
}

/** Groups are summarised with what they own, systems with what they are made of. */
function relatedQueryOf(
  entity: Entity,
): { relation: 'ownerOf' | 'hasPart'; filterKey: string } | undefined {
  switch (entity.kind.toLocaleLowerCase('en-US')) {
    case 'group':
    case 'user':
      return {
        relation: 'ownerOf',
        filterKey: `relations.${RELATION_OWNED_BY}`,
      };
    case 'system':
      return {
        relation: 'hasPart',
        filterKey: `relations.${RELATION_PART_OF}`,
      };
    default:
      return undefined;
  }
}
