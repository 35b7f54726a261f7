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
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  OnCallProvider,
  ownershipOnCallProviderExtensionPoint,
  ownershipTraceSourceExtensionPoint,
  TraceSource,
} from '@service-ownership/plugin-ownership-node';
import { DatabaseOwnershipStore } from './database/DatabaseOwnershipStore';
import {
  RollupLevel,
  ROLLUP_LEVEL_MS,
} from '@service-ownership/plugin-ownership-node';
import { IngestPipeline } from './ingest/IngestPipeline';
import { InFlightBudget } from './ingest/readBody';
import { createOtlpRouter } from './ingest/otlpRoute';
import { readOwnershipConfig } from './config';
import { createRouter } from './service/router';
import { EntityDirectory } from './service/EntityDirectory';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AlertStore } from './alerts/AlertStore';
import { AlertRouter } from './alerts/AlertRouter';
import { AlertDelivery } from './alerts/AlertDelivery';
import { AlertProcessor } from './alerts/AlertProcessor';
import { createAlertRoutes } from './alerts/alertRoutes';
import { createJsonPoster } from './alerts/postJson';
import { CatalogOnCallProvider } from './onCall/CatalogOnCallProvider';
import { createVendorOnCallProviders } from './onCall/vendorConfig';
import { lookupGroupOnCall } from './service/onCallRoutes';
import { DocsStore } from './docs/DocsStore';
import { DocsHealthService } from './docs/DocsHealthService';
import { DocsNudger } from './docs/DocsNudger';
import { createDocsRoutes } from './docs/docsRoutes';
import { createConfiguredSources, PolledSource } from './sources/createSources';
import { DEFAULT_POLL_SETTINGS, SourcePoller } from './sources/SourcePoller';
import { SourceStateStore } from './sources/SourceStateStore';
import { createSourceRoutes } from './sources/sourceRoutes';
import { UpstreamTraceLookup } from './sources/UpstreamTraceLookup';
import { SourceModificationTimes } from './docs/SourceModificationTimes';

/**
 * The Service Ownership backend plugin: the ownership read API, and (with later modules) trace ingestion.
 *
 * @public
 */
export const ownershipPlugin = createBackendPlugin({
  pluginId: 'ownership',
  register(env) {
    const traceSources: TraceSource[] = [];
    const onCallProviders: OnCallProvider[] = [];
    env.registerExtensionPoint(ownershipTraceSourceExtensionPoint, {
      addTraceSource(...sources) {
        traceSources.push(...sources);
      },
    });
    env.registerExtensionPoint(ownershipOnCallProviderExtensionPoint, {
      addOnCallProvider(...providers) {
        onCallProviders.push(...providers);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init({
        config,
        database,
        httpRouter,
        httpAuth,
        auth,
        lifecycle,
        logger,
        scheduler,
        urlReader,
        catalog,
        notifications,
      }) {
        // Vendors configured in app-config come after the modules' providers; the catalog's rotations last.
        onCallProviders.push(
          ...createVendorOnCallProviders(config, { logger }),
        );
        assertUniqueIds('on-call provider', onCallProviders);
        const settings = readOwnershipConfig(config);

        const store = await DatabaseOwnershipStore.create({ database });
        const pipeline = new IngestPipeline(store, settings.pipeline, logger);
        const directory = new EntityDirectory({
          catalog,
          auth,
          logger,
          ttlMs: settings.catalogCacheMs,
        });

        // Alert routing: a durable queue in the database, drained after each intake and every 30 seconds.
        const alertStore = new AlertStore(store.knex);
        const allOnCallProviders = [
          ...onCallProviders,
          new CatalogOnCallProvider(),
        ];
        const alertProcessor = new AlertProcessor({
          alerts: alertStore,
          router: new AlertRouter({
            store,
            directory,
            settings: settings.alerts.routing,
          }),
          delivery: new AlertDelivery({
            settings: settings.alerts.delivery,
            notifications,
            post: createJsonPoster(),
            logger,
          }),
          directory,
          onCallOf: async groupRef =>
            lookupGroupOnCall({
              catalog,
              providers: allOnCallProviders,
              credentials: await auth.getOwnServiceCredentials(),
              groupRef,
              at: new Date(),
              logger,
            }),
          logger,
        });
        await scheduler.scheduleTask({
          id: 'ownership-alert-routing',
          // Claims are leased in the database, so every instance may drain the queue.
          scope: 'local',
          frequency: { seconds: 30 },
          timeout: { minutes: 5 },
          fn: async () => {
            alertProcessor.kick();
            await alertProcessor.idle();
          },
        });
        lifecycle.addShutdownHook(() => alertProcessor.idle());

        // Documentation health: reviews and nudge state in the database; the nudge task runs on one replica.
        const docsStore = new DocsStore(store.knex);
        const docsHealth = new DocsHealthService({
          catalog,
          auth,
          store,
          docs: docsStore,
          directory,
          modificationTimes: new SourceModificationTimes({ urlReader, logger }),
          settings: settings.docs,
          logger,
        });
        if (settings.docs.nudges.enabled) {
          const nudger = new DocsNudger({
            catalog,
            auth,
            health: docsHealth,
            docs: docsStore,
            notifications,
            logger,
          });
          await scheduler.scheduleTask({
            id: 'ownership-docs-nudges',
            scope: 'global',
            frequency: { minutes: settings.docs.nudges.frequencyMinutes },
            initialDelay: {
              seconds: settings.docs.nudges.initialDelaySeconds,
            },
            timeout: { minutes: 15 },
            fn: async () => {
              const summary = await nudger.run(Date.now());
              if (summary.sent > 0 || summary.snoozed > 0) {
                logger.info(
                  `Docs nudges: ${summary.sent} sent, ${summary.snoozed} snoozed, ${summary.ownerless} without owner, of ${summary.evaluated} entities`,
                );
              }
            },
          });
        }

        // Upstream trace stores: each polled by a global task (one replica) into the same store and pipeline.
        const sourceState = new SourceStateStore(store.knex);
        const polled: PolledSource[] = [
          ...createConfiguredSources(settings.traceSources, { logger }),
          ...traceSources.map(
            (source): PolledSource => ({
              kind: 'traces',
              source,
              settings: DEFAULT_POLL_SETTINGS,
            }),
          ),
        ];
        assertUniqueIds(
          'trace source',
          polled.map(entry => entry.source),
        );
        for (const entry of polled) {
          const poller = new SourcePoller({
            source:
              entry.kind === 'traces'
                ? { kind: 'traces', source: entry.source }
                : { kind: 'metrics', source: entry.source },
            settings: entry.settings,
            sink: pipeline,
            store,
            state: sourceState,
            logger,
          });
          await scheduler.scheduleTask({
            id: `ownership-source-${entry.source.id}`,
            scope: 'global',
            frequency: { seconds: entry.settings.pollIntervalSeconds },
            // Once the backend is up (the first poll reads the last interval, so nothing is missed).
            initialDelay: { seconds: 15 },
            timeout: { minutes: 10 },
            fn: async () => {
              await poller.poll();
            },
          });
        }
        const upstreamTraces = new UpstreamTraceLookup({
          sources: polled.flatMap(entry =>
            entry.kind === 'traces' ? [entry.source] : [],
          ),
          logger,
        });

        // Each instance flushes what it received; rows merge in the database, so replicas can share it.
        await scheduler.scheduleTask({
          id: 'ownership-ingest-flush',
          scope: 'local',
          frequency: { seconds: settings.flushIntervalSeconds },
          timeout: { minutes: 2 },
          fn: () => pipeline.flush(),
        });
        lifecycle.addShutdownHook(() => pipeline.flush({ final: true }));

        await scheduler.scheduleTask({
          id: 'ownership-rollup-retention',
          scope: 'global',
          frequency: { hours: 1 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const now = Date.now();
            for (const [level, days] of Object.entries(
              settings.retentionDays,
            )) {
              const cutoff =
                Math.floor(
                  (now - days * 86_400_000) /
                    ROLLUP_LEVEL_MS[level as RollupLevel],
                ) * ROLLUP_LEVEL_MS[level as RollupLevel];
              const deleted = await store.deleteRollupsBefore(
                level as RollupLevel,
                cutoff,
              );
              if (deleted > 0) {
                logger.info(
                  `Deleted ${deleted} ${level} rollups older than ${days} days`,
                );
              }
            }
            const alertsDeleted = await alertStore.deleteBefore(
              now - settings.alerts.retentionDays * 86_400_000,
            );
            if (alertsDeleted > 0) {
              logger.info(
                `Deleted ${alertsDeleted} routed alerts older than ${settings.alerts.retentionDays} days`,
              );
            }
            // First/last seen is kept as long as the coarsest rollups, so provenance outlives minute data.
            const forgotten = await store.deleteObservedEdgesBefore(
              now - settings.retentionDays.day * 86_400_000,
            );
            if (forgotten > 0) {
              logger.info(
                `Forgot ${forgotten} edges not seen for ${settings.retentionDays.day} days`,
              );
            }
          },
        });

        httpRouter.use(
          createOtlpRouter({
            httpAuth,
            logger,
            pipeline,
            maxBodyBytes: settings.maxBodyBytes,
            budget: new InFlightBudget(settings.maxInFlightBytes),
            retryAfterSeconds: settings.retryAfterSeconds,
          }),
        );
        httpRouter.use(
          await createRouter({
            httpAuth,
            catalog,
            traceSources,
            onCallProviders: allOnCallProviders,
            store,
            pipeline,
            directory,
            alertRoutes: createAlertRoutes({
              httpAuth,
              alerts: alertStore,
              processor: alertProcessor,
              delivery: settings.alerts.delivery,
              logger,
              now: () => Date.now(),
            }),
            sourceRoutes: createSourceRoutes({
              httpAuth,
              sources: polled.map(entry => ({
                id: entry.source.id,
                type: entry.source.type,
                kind: entry.kind,
                pollIntervalSeconds: entry.settings.pollIntervalSeconds,
                lagSeconds: entry.settings.lagSeconds,
              })),
              state: sourceState,
              embedded: () => ({ type: 'embedded', ...pipeline.counters() }),
              onCallProviders: allOnCallProviders,
            }),
            upstreamTrace: upstreamTraces.enabled
              ? traceId => upstreamTraces.getTrace(traceId)
              : undefined,
            docsRoutes: createDocsRoutes({
              httpAuth,
              catalog,
              health: docsHealth,
              docs: docsStore,
              directory,
              onCallProviders: allOnCallProviders,
              logger,
              now: () => Date.now(),
            }),
            dependencies: settings.dependencies,
            slos: settings.slos,
            logger,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

function assertUniqueIds(what: string, items: Array<{ id: string }>) {
  const seen = new Set<string>();
  for (const { id } of items) {
    if (seen.has(id)) {
      throw new Error(
        `Two ${what}s were registered with the id '${id}'; ids must be unique`,
      );
    }
    seen.add(id);
  }
}
