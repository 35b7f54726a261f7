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
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  IncomingAlert,
  parseAlertPayload,
  Span,
} from '@service-ownership/plugin-ownership-common';
import { DatabaseOwnershipStore } from '../database/DatabaseOwnershipStore';
import { AlertStore } from './AlertStore';

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

const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);

function alert(fingerprint: string, status = 'firing'): IncomingAlert {
  return parseAlertPayload({
    version: '4',
    groupKey: '{}:{alertname="PlaceOrderErrors"}',
    status,
    alerts: [
      {
        status,
        labels: { alertname: 'PlaceOrderErrors', entity: 'orders' },
        annotations: {},
        startsAt: '2026-11-21T09:59:00Z',
        fingerprint,
      },
    ],
  })[0];
}

function span(
  traceId: string,
  startMs: number,
  error: boolean,
  name = 'place_order',
): Span {
  return {
    traceId,
    spanId: traceId.slice(0, 16),
    serviceName: 'orders',
    name,
    kind: 'server',
    startTimeUnixNano: BigInt(startMs) * 1_000_000n,
    startTimeUnixMs: startMs,
    durationNano: 1_000_000,
    error,
    statusCode: error ? 'error' : 'unset',
    peer: {},
    attributes: {},
  };
}

describe.each(databases.eachSupportedId())(
  'AlertStore on %s',
  (databaseId: TestDatabaseId) => {
    async function create() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseOwnershipStore.create({
        database: mockServices.database({ knex }),
      });
      return { store, alerts: new AlertStore(store.knex) };
    }

    it('queues new alerts once, and reports repeats as duplicates with the first id', async () => {
      const { alerts } = await create();
      const first = await alerts.enqueue([alert('a'), alert('b'), alert('a')], {
        nowMs: T0,
        signalEntity: () => 'component:default/orders',
      });
      expect(first.map(q => q.duplicate)).toEqual([false, false, true]);
      expect(first[2].id).toBe(first[0].id);
      const again = await alerts.enqueue([alert('b'), alert('a', 'resolved')], {
        nowMs: T0 + 1000,
      });
      expect(again.map(q => q.duplicate)).toEqual([true, false]);
      expect(again[0].id).toBe(first[1].id);
      const listed = await alerts.list({
        entityRef: 'component:default/orders',
        limit: 10,
      });
      expect(listed.map(a => a.id)).toEqual([first[1].id, first[0].id]);
    });

    it('leases claims so that two workers never take the same alert, and a crashed worker’s claim expires', async () => {
      const { alerts } = await create();
      await alerts.enqueue([alert('a'), alert('b'), alert('c')], { nowMs: T0 });
      const [one, two] = await Promise.all([
        alerts.claim({ nowMs: T0, leaseMs: 60_000, limit: 2 }),
        alerts.claim({ nowMs: T0, leaseMs: 60_000, limit: 2 }),
      ]);
      const claimed = [...one, ...two].map(a => a.id);
      expect(new Set(claimed).size).toBe(claimed.length);
      // What the race left goes to the next claim; then nothing is left.
      const rest = await alerts.claim({
        nowMs: T0 + 1000,
        leaseMs: 60_000,
        limit: 10,
      });
      expect(claimed.length + rest.length).toBe(3);
      expect(
        await alerts.claim({ nowMs: T0 + 2000, leaseMs: 60_000, limit: 10 }),
      ).toEqual([]);
      // The workers holding them died: after the leases they are claimed again, counting the attempt.
      const retaken = await alerts.claim({
        nowMs: T0 + 62_000,
        leaseMs: 60_000,
        limit: 10,
      });
      expect(retaken).toHaveLength(3);
      expect(retaken.every(a => a.attempts === 2)).toBe(true);
    });

    it('completes, releases for a later retry, and finds the firing a resolution belongs to', async () => {
      const { alerts } = await create();
      const [{ id }] = await alerts.enqueue([alert('a')], { nowMs: T0 });
      const [claimed] = await alerts.claim({
        nowMs: T0,
        leaseMs: 60_000,
        limit: 1,
      });
      await alerts.release(claimed.id, {
        error: 'database busy',
        retryAtMs: T0 + 5000,
      });
      expect(
        await alerts.claim({ nowMs: T0 + 4000, leaseMs: 60_000, limit: 1 }),
      ).toEqual([]);
      const [retry] = await alerts.claim({
        nowMs: T0 + 5001,
        leaseMs: 60_000,
        limit: 1,
      });
      expect(retry.result?.error).toBe('database busy');
      await alerts.complete(id, {
        state: 'routed',
        result: { deliveries: [] },
        targetEntity: 'component:default/payments',
        targetGroup: 'group:default/team-payments',
      });
      expect((await alerts.get(id))?.state).toBe('routed');
      expect(await alerts.get('not-a-number')).toBeUndefined();
      expect(
        (
          await alerts.list({
            groupRef: 'group:default/team-payments',
            limit: 5,
          })
        ).map(a => a.id),
      ).toEqual([id]);
      expect((await alerts.lastRoutedFiring(alert('a', 'resolved')))?.id).toBe(
        id,
      );
      expect(
        await alerts.lastRoutedFiring(alert('b', 'resolved')),
      ).toBeUndefined();
      // Routed alerts age out; pending ones are kept whatever their age.
      await alerts.enqueue([alert('z')], { nowMs: T0 });
      expect(await alerts.deleteBefore(T0 + 1)).toBe(1);
      expect(
        (await alerts.list({ limit: 10 })).map(a => a.alert.fingerprint),
      ).toEqual(['z']);
    });

    it('finds recent traces of an operation, failing ones first, newest first, within the window', async () => {
      const { store } = await create();
      const id = (n: number) => n.toString(16).padStart(32, '0');
      await store.addRecentSpans([
        span(id(1), T0 - 10_000, true),
        span(id(2), T0 + 1000, true),
        span(id(3), T0 + 2000, false),
        span(id(4), T0 + 3000, true),
        span(id(5), T0 + 4000, false, 'list_orders'),
        span(id(6), T0 + 60_000, true),
      ]);
      expect(
        await store.findRecentTraceIds({
          service: 'orders',
          operation: 'place_order',
          fromMs: T0,
          toMs: T0 + 60_000,
          limit: 10,
        }),
      ).toEqual([id(4), id(2), id(3)]);
      expect(
        await store.findRecentTraceIds({
          service: 'orders',
          operation: 'place_order',
          fromMs: T0,
          toMs: T0 + 60_000,
          limit: 1,
        }),
      ).toEqual([id(4), id(3)]);
    });
  },
);
