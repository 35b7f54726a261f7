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
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  CatalogProcessor,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { ObservedDependencySnapshot } from '@service-ownership/plugin-ownership-common';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { catalogModuleOwnership } from './module';
import { OBSERVED_DEPENDENCIES_REFRESH_TASK_ID } from './observed/ObservedDependencySnapshotReader';

// A real catalog backend with this module, on every database the machine offers: SQLite always, PostgreSQL
// when BACKSTAGE_TEST_DATABASE_POSTGRES<version>_CONNECTION_STRING is set (the repo's test script does).
const databases = TestDatabases.create({
  ids: [
    'POSTGRES_18',
    'POSTGRES_17',
    'POSTGRES_16',
    'POSTGRES_15',
    'POSTGRES_14',
    'POSTGRES_13',
    'SQLITE_3',
  ],
  disableDocker: true,
});

const catalogYaml = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders
  annotations:
    service-ownership.io/signal-operations: place_order
spec: { type: service, owner: team-checkout, lifecycle: production }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: shipping
  annotations:
    service-ownership.io/last-audited: '2026-31-10'
spec: { type: service, owner: team-fulfilment, lifecycle: production }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
spec: { type: service, owner: team-payments, lifecycle: production }
`;

function observedSnapshot(
  relations: Array<[source: string, target: string]>,
): ObservedDependencySnapshot {
  return {
    generatedAt: new Date().toISOString(),
    maxAgeSeconds: 604800,
    relations: relations.map(([source, target]) => ({
      source,
      target,
      firstSeen: '2026-11-01T08:00:00.000Z',
      lastSeen: new Date().toISOString(),
    })),
  };
}

/**
 * Stands in for the ownership backend: serves whatever snapshot the test sets, to service callers only, and
 * records who called.
 */
function fakeOwnershipPlugin(state: {
  snapshot: ObservedDependencySnapshot;
  callers: string[];
}) {
  return createBackendPlugin({
    pluginId: 'ownership',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          httpRouter.use(async (req, res, next) => {
            if (
              req.method !== 'GET' ||
              req.path !== '/v1/dependencies/snapshot'
            ) {
              next();
              return;
            }
            try {
              const credentials = await httpAuth.credentials(req, {
                allow: ['service'],
              });
              state.callers.push(credentials.principal.subject);
              res.json(state.snapshot);
            } catch (error) {
              next(error);
            }
          });
        },
      });
    },
  });
}

async function eventually<T>(
  read: () => Promise<T | undefined>,
  timeoutMs = 40_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error('Timed out waiting for the catalog to process entities');
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

describe.each(databases.eachSupportedId())(
  'catalogModuleOwnership with the catalog on %s',
  (databaseId: TestDatabaseId) => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownership-catalog-'));
      fs.writeFileSync(path.join(dir, 'catalog-info.yaml'), catalogYaml);
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reports malformed annotations in the catalog processing errors, and the entity stays in the catalog', async () => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleOwnership,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [{ allow: ['Component'] }],
                processingInterval: { seconds: 2 },
                locations: [
                  {
                    type: 'file',
                    target: path.join(dir, 'catalog-info.yaml'),
                  },
                ],
              },
            },
          }),
        ],
      });
      const { server } = backend;
      try {
        const fetchEntity = (name: string) =>
          eventually(async () => {
            const response = await request(server)
              .get(`/api/catalog/entities/by-name/component/default/${name}`)
              .set('Authorization', mockCredentials.user.header());
            return response.status === 200 ? response.body : undefined;
          });

        const shipping = await fetchEntity('shipping');
        expect(shipping.status.items).toEqual([
          expect.objectContaining({
            type: 'backstage.io/catalog-processing',
            level: 'error',
            error: {
              name: 'InvalidOwnershipAnnotation',
              message: expect.stringMatching(
                /^metadata\.annotations\["service-ownership\.io\/last-audited"\]: "2026-31-10" is not a valid date.*\(at file:.*catalog-info\.yaml\)$/,
              ),
            },
          }),
        ]);

        const orders = await fetchEntity('orders');
        expect(orders.status).toBeUndefined();
      } finally {
        await backend.stop();
      }
    }, 60_000);

    it('writes observed dependencies as relations both ways, and drops an aged-out edge on the next snapshot refresh', async () => {
      const knex = await databases.init(databaseId);
      const ownership = {
        snapshot: observedSnapshot([
          ['component:default/orders', 'component:default/payments'],
        ]),
        callers: new Array<string>(),
      };
      // The test runs the refresh task itself; a mock scheduler never runs a task with an initial delay.
      const scheduler = mockServices.scheduler();
      const backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleOwnership,
          fakeOwnershipPlugin(ownership),
          mockServices.database.factory({ knex }),
          createServiceFactory({
            service: coreServices.scheduler,
            deps: {},
            factory: () => scheduler,
          }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [{ allow: ['Component'] }],
                // Far longer than the test: relations can only change through the refresh trigger.
                processingInterval: { minutes: 10 },
                locations: [
                  {
                    type: 'file',
                    target: path.join(dir, 'catalog-info.yaml'),
                  },
                ],
              },
              ownership: {
                catalog: {
                  observedDependencies: {
                    emitDependsOn: true,
                    refreshInterval: { seconds: 1 },
                  },
                },
              },
            },
          }),
        ],
      });
      const { server } = backend;
      try {
        const relationsOf = async (name: string) => {
          const response = await request(server)
            .get(`/api/catalog/entities/by-name/component/default/${name}`)
            .set('Authorization', mockCredentials.user.header());
          if (response.status !== 200) {
            return undefined;
          }
          return ((response.body as Entity).relations ?? [])
            .map(r => `${r.type} ${r.targetRef}`)
            .filter(r => /dependsOn|dependencyOf/i.test(r))
            .sort();
        };
        const whenRelations = (name: string, expected: string[]) =>
          eventually(async () => {
            const relations = await relationsOf(name);
            return relations &&
              JSON.stringify(relations) === JSON.stringify(expected)
              ? relations
              : undefined;
          });

        // Both entities are processed before the first snapshot, and so carry no observed relation.
        await whenRelations('orders', []);
        await whenRelations('payments', []);

        await scheduler.triggerTask(OBSERVED_DEPENDENCIES_REFRESH_TASK_ID);
        expect(ownership.callers).toEqual(['plugin:catalog']);
        await whenRelations('orders', [
          'dependsOn component:default/payments',
          'observedDependsOn component:default/payments',
        ]);
        await whenRelations('payments', [
          'dependencyOf component:default/orders',
          'observedDependencyOf component:default/orders',
        ]);

        // The backend ages the edge out of its snapshot.
        ownership.snapshot = observedSnapshot([]);
        await scheduler.triggerTask(OBSERVED_DEPENDENCIES_REFRESH_TASK_ID);
        await whenRelations('orders', []);
        await whenRelations('payments', []);
      } finally {
        await backend.stop();
      }
    }, 60_000);
  },
);

describe('catalogModuleOwnership wiring of observed dependencies', () => {
  async function start(config: object) {
    const scheduler = mockServices.scheduler.mock();
    const processors = new Array<CatalogProcessor>();
    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          { addProcessor: (...added) => processors.push(...added.flat()) },
        ],
      ],
      features: [
        catalogModuleOwnership,
        scheduler.factory,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    return {
      scheduler,
      processorNames: processors.map(p => p.getProcessorName()),
    };
  }

  it('by default adds the processor and refreshes the snapshot every 60 seconds on each instance', async () => {
    const { scheduler, processorNames } = await start({});
    expect(processorNames).toEqual([
      'OwnershipAnnotationsProcessor',
      'ObservedDependenciesProcessor',
    ]);
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'ownership-observed-dependencies-refresh',
        scope: 'local',
        frequency: { seconds: 60 },
      }),
    );
  });

  it('reads the refresh interval from config', async () => {
    const { scheduler } = await start({
      ownership: {
        catalog: { observedDependencies: { refreshInterval: '5m' } },
      },
    });
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({ frequency: { minutes: 5 } }),
    );
  });

  it('when disabled, schedules nothing and adds only the annotations processor', async () => {
    const { scheduler, processorNames } = await start({
      ownership: { catalog: { observedDependencies: { enabled: false } } },
    });
    expect(processorNames).toEqual(['OwnershipAnnotationsProcessor']);
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
  });
});
