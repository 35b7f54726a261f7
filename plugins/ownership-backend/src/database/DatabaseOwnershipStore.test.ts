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
import { Span } from '@service-ownership/plugin-ownership-common';
import { LatencySketch } from '@service-ownership/plugin-ownership-node';
import { DatabaseOwnershipStore } from './DatabaseOwnershipStore';
import { RollupAggregate, SpanSeriesKey } from './OwnershipStore';

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

function aggregate(durationsMs: number[], errors = 0): RollupAggregate {
  const sketch = new LatencySketch();
  for (const ms of durationsMs) {
    sketch.record(ms * 1e6);
  }
  return {
    count: durationsMs.length,
    errorCount: errors,
    sketch: sketch.toProto(),
    exemplars: [],
  };
}

const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);
const key: SpanSeriesKey = {
  service: 'orders',
  operation: 'place_order',
  kind: 'server',
};

describe.each(databases.eachSupportedId())(
  'DatabaseOwnershipStore on %s',
  (databaseId: TestDatabaseId) => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({ knex });
      return DatabaseOwnershipStore.create({ database });
    }

    it('keeps the counts of every replica when several write the same minute at once', async () => {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({ knex });
      const replicas: DatabaseOwnershipStore[] = [];
      for (const writer of ['replica-a', 'replica-b', 'replica-c']) {
        replicas.push(
          await DatabaseOwnershipStore.create({ database, writer }),
        );
      }
      // Each replica flushes the same minute (and so the same hour and day) five times, all at once.
      await Promise.all(
        replicas.flatMap(replica =>
          [1, 2, 3, 4, 5].map(() =>
            replica.addSpanRollups([
              { bucketStartMs: T0, key, aggregate: aggregate([10], 1) },
            ]),
          ),
        ),
      );
      for (const level of ['minute', 'hour', 'day'] as const) {
        const rows = await replicas[0].readSpanRollups({
          ranges: [{ level, startMs: T0 - 86_400_000, endMs: T0 + 86_400_000 }],
        });
        expect(rows).toHaveLength(1);
        expect(rows[0].aggregate.count).toBe(15);
        expect(rows[0].aggregate.errorCount).toBe(15);
        expect(LatencySketch.fromProto(rows[0].aggregate.sketch).count).toBe(
          15,
        );
      }
    });

    it('merges minute rows into minute, hour and day levels, across writes', async () => {
      const store = await createStore();
      await store.addSpanRollups([
        { bucketStartMs: T0, key, aggregate: aggregate([10, 20], 1) },
        { bucketStartMs: T0 + 60_000, key, aggregate: aggregate([30]) },
      ]);
      // A second flush for the same minute (e.g. the rest of an open minute) merges into it.
      await store.addSpanRollups([
        { bucketStartMs: T0, key, aggregate: aggregate([40], 1) },
      ]);

      const minutes = await store.readSpanRollups({
        ranges: [{ level: 'minute', startMs: T0, endMs: T0 + 3_600_000 }],
      });
      expect(
        minutes.map(r => [
          r.bucketStartMs - T0,
          r.aggregate.count,
          r.aggregate.errorCount,
        ]),
      ).toEqual([
        [0, 3, 2],
        [60_000, 1, 0],
      ]);

      const [hour] = await store.readSpanRollups({
        ranges: [{ level: 'hour', startMs: T0, endMs: T0 + 3_600_000 }],
        service: 'orders',
      });
      expect(hour.aggregate.count).toBe(4);
      expect(hour.aggregate.errorCount).toBe(2);
      // The merged sketch still knows every duration: 10, 20, 30 and 40 ms (within 1 %).
      const sketch = LatencySketch.fromProto(hour.aggregate.sketch);
      expect(sketch.quantile(0)! / 1e6).toBeGreaterThan(9.9 * 0.99);
      expect(sketch.quantile(1)! / 1e6).toBeGreaterThan(40 * 0.99);
      expect(sketch.quantile(1)! / 1e6).toBeLessThan(40 * 1.01);

      const [day] = await store.readSpanRollups({
        ranges: [
          {
            level: 'day',
            startMs: Date.UTC(2026, 10, 21),
            endMs: Date.UTC(2026, 10, 22),
          },
        ],
      });
      expect(day.aggregate.count).toBe(4);
    });

    it('keeps series apart and filters by service on edges', async () => {
      const store = await createStore();
      await store.addEdgeRollups([
        {
          bucketStartMs: T0,
          key: { client: 'orders', server: 'payments', connectionType: '' },
          aggregate: aggregate([5]),
        },
        {
          bucketStartMs: T0,
          key: { client: 'storefront', server: 'orders', connectionType: '' },
          aggregate: aggregate([9, 9]),
        },
        {
          bucketStartMs: T0,
          key: {
            client: 'inventory',
            server: 'postgresql/inventory',
            connectionType: 'database',
          },
          aggregate: aggregate([1]),
        },
      ]);
      const rows = await store.readEdgeRollups({
        ranges: [{ level: 'minute', startMs: T0, endMs: T0 + 60_000 }],
        service: 'orders',
      });
      expect(
        rows.map(r => [r.key.client, r.key.server, r.aggregate.count]).sort(),
      ).toEqual([
        ['orders', 'payments', 1],
        ['storefront', 'orders', 2],
      ]);
    });

    it('records when each edge was first and last seen, across writes and replicas, and forgets old ones', async () => {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({ knex });
      const a = await DatabaseOwnershipStore.create({ database, writer: 'a' });
      const b = await DatabaseOwnershipStore.create({ database, writer: 'b' });
      const edge = {
        client: 'orders',
        server: 'payments',
        connectionType: '' as const,
      };
      const old = {
        client: 'orders',
        server: 'legacy',
        connectionType: '' as const,
      };
      await a.addEdgeRollups([
        { bucketStartMs: T0, key: edge, aggregate: aggregate([5]) },
        { bucketStartMs: T0, key: old, aggregate: aggregate([5]) },
      ]);
      await a.addEdgeRollups([
        {
          bucketStartMs: T0 + 120_000,
          key: edge,
          aggregate: aggregate([5, 5]),
        },
      ]);
      await b.addEdgeRollups([
        { bucketStartMs: T0 - 60_000, key: edge, aggregate: aggregate([5]) },
        { bucketStartMs: T0 + 600_000, key: edge, aggregate: aggregate([5]) },
      ]);
      expect(await a.readObservedEdges({ seenSinceMs: T0 + 1 })).toEqual([
        {
          ...edge,
          firstSeenMs: T0 - 60_000,
          lastSeenMs: T0 + 600_000,
          callCount: 5,
        },
      ]);
      expect(
        (await b.readObservedEdges({ seenSinceMs: 0, service: 'legacy' })).map(
          e => e.server,
        ),
      ).toEqual(['legacy']);
      expect(await a.deleteObservedEdgesBefore(T0 + 1)).toBe(1);
      expect(
        (await a.readObservedEdges({ seenSinceMs: 0 })).map(e => e.server),
      ).toEqual(['payments']);
    });

    it('deletes rows of a level older than a cutoff', async () => {
      const store = await createStore();
      await store.addSpanRollups([
        { bucketStartMs: T0, key, aggregate: aggregate([1]) },
        { bucketStartMs: T0 + 120_000, key, aggregate: aggregate([1]) },
      ]);
      expect(await store.deleteRollupsBefore('minute', T0 + 60_000)).toBe(1);
      const hours = await store.readSpanRollups({
        ranges: [{ level: 'hour', startMs: T0, endMs: T0 + 3_600_000 }],
      });
      expect(hours[0].aggregate.count).toBe(2);
    });

    it('stores recent spans with exact nanosecond start times and prunes the oldest', async () => {
      const store = await createStore();
      const span = (traceId: string, spanId: string): Span => ({
        traceId,
        spanId,
        serviceName: 'orders',
        name: 'place_order',
        kind: 'server',
        startTimeUnixNano: 1_763_719_200_123_456_789n,
        startTimeUnixMs: 1_763_719_200_123,
        durationNano: 1_500_000,
        error: true,
        statusCode: 'error',
        peer: {},
        attributes: { 'http.route': '/orders' },
      });
      const a = 'a'.repeat(32);
      const b = 'b'.repeat(32);
      await store.addRecentSpans([
        span(a, '1'.repeat(16)),
        span(a, '2'.repeat(16)),
        span(b, '3'.repeat(16)),
      ]);
      const trace = await store.getTraceSpans(a);
      expect(trace).toHaveLength(2);
      expect(trace[0].startTimeUnixNano).toBe(1_763_719_200_123_456_789n);
      expect(await store.pruneRecentSpans(1)).toBe(2);
      expect(await store.getTraceSpans(a)).toEqual([]);
      expect(await store.getTraceSpans(b)).toHaveLength(1);
    });
  },
);
