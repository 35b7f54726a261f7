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
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { catalogModuleOwnership } from './module';

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
`;

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
  },
);
