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
import { DatabaseOwnershipStore } from '../database/DatabaseOwnershipStore';
import { SourcePollFigures, SourceStateStore } from './SourceStateStore';

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
const MINUTE = 60_000;

function figures(fromMs: number, toMs: number): SourcePollFigures {
  return {
    fromMs,
    toMs,
    spans: 120,
    traces: 7,
    edges: 3,
    samplingRate: 0.875,
    durationMs: 42,
  };
}

describe.each(databases.eachSupportedId())(
  'SourceStateStore on %s',
  (databaseId: TestDatabaseId) => {
    async function create() {
      const knex = await databases.init(databaseId);
      // The migrations run as the plugin runs them.
      const store = await DatabaseOwnershipStore.create({
        database: mockServices.database({ knex }),
      });
      return new SourceStateStore(store.knex);
    }

    it('knows nothing of a source never polled', async () => {
      const state = await create();
      expect(await state.list()).toEqual([]);
      expect(await state.get('tempo')).toBeUndefined();
    });

    it('records an attempt, then a success with the cursor and what the poll read', async () => {
      const state = await create();
      await state.attempt('tempo', 'tempo', T0);
      expect(await state.get('tempo')).toEqual({
        id: 'tempo',
        type: 'tempo',
        cursorMs: undefined,
        lastAttemptAtMs: T0,
        lastSuccessAtMs: undefined,
        lastErrorAtMs: undefined,
        consecutiveFailures: 0,
      });

      const read = figures(T0 - 2 * MINUTE, T0 - MINUTE);
      await state.success('tempo', 'tempo', T0 + 500, read);
      expect(await state.get('tempo')).toEqual({
        id: 'tempo',
        type: 'tempo',
        cursorMs: T0 - MINUTE,
        lastAttemptAtMs: T0,
        lastSuccessAtMs: T0 + 500,
        lastErrorAtMs: undefined,
        consecutiveFailures: 0,
        lastPoll: read,
      });
    });

    it('keeps the last poll as JSON, optional figures included', async () => {
      const state = await create();
      const metrics: SourcePollFigures = {
        fromMs: T0,
        toMs: T0 + MINUTE,
        spans: 5000,
        traces: 0,
        edges: 12,
        rows: 80,
        samplingRate: 1,
        durationMs: 1234,
      };
      await state.success('prom', 'prometheus', T0 + 2 * MINUTE, metrics);
      expect((await state.get('prom'))?.lastPoll).toEqual(metrics);
      const bare = figures(T0 + MINUTE, T0 + 2 * MINUTE);
      delete bare.samplingRate;
      await state.success('prom', 'prometheus', T0 + 3 * MINUTE, bare);
      const stored = await state.get('prom');
      expect(stored?.lastPoll).toEqual(bare);
      expect(stored?.lastPoll).not.toHaveProperty('samplingRate');
      expect(stored?.lastPoll).not.toHaveProperty('rows');
    });

    it('counts failures in a row, keeps the cursor on failure, and resets the count on success', async () => {
      const state = await create();
      await state.attempt('jaeger', 'jaeger', T0);
      await state.success(
        'jaeger',
        'jaeger',
        T0,
        figures(T0 - 2 * MINUTE, T0 - MINUTE),
      );

      for (let i = 1; i <= 3; i++) {
        await state.attempt('jaeger', 'jaeger', T0 + i * MINUTE);
        await state.failure(
          'jaeger',
          'jaeger',
          T0 + i * MINUTE + 10,
          `HTTP 503 number ${i}`,
        );
        const failing = await state.get('jaeger');
        expect(failing).toEqual(
          expect.objectContaining({
            cursorMs: T0 - MINUTE,
            lastAttemptAtMs: T0 + i * MINUTE,
            lastSuccessAtMs: T0,
            lastError: `HTTP 503 number ${i}`,
            lastErrorAtMs: T0 + i * MINUTE + 10,
            consecutiveFailures: i,
          }),
        );
        // What the last successful poll read is still shown.
        expect(failing?.lastPoll?.toMs).toBe(T0 - MINUTE);
      }

      await state.success(
        'jaeger',
        'jaeger',
        T0 + 5 * MINUTE,
        figures(T0 - MINUTE, T0 + 4 * MINUTE),
      );
      const recovered = await state.get('jaeger');
      expect(recovered).toEqual(
        expect.objectContaining({
          cursorMs: T0 + 4 * MINUTE,
          lastSuccessAtMs: T0 + 5 * MINUTE,
          consecutiveFailures: 0,
          // When it last failed stays known.
          lastErrorAtMs: T0 + 3 * MINUTE + 10,
        }),
      );
      expect(recovered).not.toHaveProperty('lastError');

      await state.failure('jaeger', 'jaeger', T0 + 6 * MINUTE, 'again');
      expect((await state.get('jaeger'))?.consecutiveFailures).toBe(1);
    });

    it('records a failure of a source never polled before', async () => {
      const state = await create();
      await state.failure('zipkin', 'zipkin', T0, 'ECONNREFUSED');
      await state.failure('zipkin', 'zipkin', T0 + MINUTE, 'ECONNREFUSED');
      expect(await state.get('zipkin')).toEqual({
        id: 'zipkin',
        type: 'zipkin',
        cursorMs: undefined,
        lastAttemptAtMs: undefined,
        lastSuccessAtMs: undefined,
        lastError: 'ECONNREFUSED',
        lastErrorAtMs: T0 + MINUTE,
        consecutiveFailures: 2,
      });
    });

    it('keeps each source apart, listed by id, and follows a change of type', async () => {
      const state = await create();
      await state.failure('zipkin', 'zipkin', T0, 'down');
      await state.success('b-tempo', 'tempo', T0, figures(T0 - MINUTE, T0));
      await state.attempt('a-prom', 'prometheus', T0);
      await state.attempt('zipkin', 'jaeger', T0 + 1);
      const listed = await state.list();
      expect(listed.map(s => [s.id, s.type, s.consecutiveFailures])).toEqual([
        ['a-prom', 'prometheus', 0],
        ['b-tempo', 'tempo', 0],
        ['zipkin', 'jaeger', 1],
      ]);
    });

    it('stores a long error message and epoch milliseconds beyond 32 bits', async () => {
      const state = await create();
      const long = `Tempo (tempo) GET /api/search failed with HTTP 500: ${'x'.repeat(
        5000,
      )}`;
      const far = Date.UTC(2100, 0, 1);
      await state.failure('tempo', 'tempo', far, long);
      const stored = await state.get('tempo');
      expect(stored?.lastError).toBe(long);
      expect(stored?.lastErrorAtMs).toBe(far);
    });
  },
);
