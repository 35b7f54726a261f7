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
import { DocsSnapshot } from '@service-ownership/plugin-ownership-common';
import { DatabaseOwnershipStore } from '../database/DatabaseOwnershipStore';
import { DocsStore } from './DocsStore';

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

const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const DAY = 86_400_000;

const ORDERS = 'component:default/orders';
const PAYMENTS = 'component:default/payments';
const SHIPPING = 'component:default/shipping';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

function snapshot(rotation: string, dependencies?: string[]): DocsSnapshot {
  return {
    ...(dependencies ? { dependencies } : {}),
    slos: [{ name: 'availability', digest: `slo-${rotation}` }],
    onCall: {
      ownerRef: 'group:default/team-orders',
      rotation,
      pagerDutyService: 'PORDERS',
    },
  };
}

describe.each(databases.eachSupportedId())(
  'DocsStore on %s',
  (databaseId: TestDatabaseId) => {
    async function create() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseOwnershipStore.create({
        database: mockServices.database({ knex }),
      });
      return new DocsStore(store.knex);
    }

    it('round-trips reviews and returns the latest of each entity, later ids winning ties', async () => {
      const docs = await create();
      await docs.addReview({
        entityRef: ORDERS,
        reviewedAtMs: T0,
        reviewedBy: ALICE,
        comment: 'Runbook checked',
        snapshot: snapshot('r1', ['component:default/payments']),
      });
      await docs.addReview({
        entityRef: ORDERS,
        reviewedAtMs: T0 + DAY,
        reviewedBy: BOB,
        snapshot: snapshot('r2', []),
      });
      // Recorded later, but reviewed earlier: not the latest.
      await docs.addReview({
        entityRef: ORDERS,
        reviewedAtMs: T0 - DAY,
        reviewedBy: ALICE,
        comment: 'Back-dated',
        snapshot: snapshot('r0'),
      });
      // Two reviews at the same instant: the one recorded last wins.
      await docs.addReview({
        entityRef: PAYMENTS,
        reviewedAtMs: T0,
        reviewedBy: ALICE,
        comment: 'first',
        snapshot: snapshot('p1'),
      });
      await docs.addReview({
        entityRef: PAYMENTS,
        reviewedAtMs: T0,
        reviewedBy: BOB,
        comment: 'second',
        snapshot: snapshot('p2'),
      });

      const latest = await docs.latestReviews([ORDERS, PAYMENTS, SHIPPING]);
      expect([...latest.keys()].sort()).toEqual([ORDERS, PAYMENTS]);
      expect(latest.get(ORDERS)).toEqual({
        entityRef: ORDERS,
        reviewedAtMs: T0 + DAY,
        reviewedBy: BOB,
        snapshot: snapshot('r2', []),
      });
      expect(latest.get(ORDERS)).not.toHaveProperty('comment');
      expect(latest.get(PAYMENTS)).toEqual({
        entityRef: PAYMENTS,
        reviewedAtMs: T0,
        reviewedBy: BOB,
        comment: 'second',
        snapshot: snapshot('p2'),
      });
      expect(latest.get(SHIPPING)).toBeUndefined();
      expect((await docs.latestReviews([])).size).toBe(0);
    });

    it('compares entity refs case-insensitively and returns them as the caller gave them', async () => {
      const docs = await create();
      await docs.addReview({
        entityRef: 'Component:default/Orders',
        reviewedAtMs: T0,
        reviewedBy: ALICE,
        snapshot: snapshot('r1'),
      });
      await docs.observeDocsDigest('COMPONENT:DEFAULT/ORDERS', 'd1', T0);
      await docs.setNotified('component:Default/orders', 'overdue', T0 + 1);

      const reviews = await docs.latestReviews([
        'component:default/ORDERS',
        ORDERS,
      ]);
      expect([...reviews.keys()]).toEqual([ORDERS]);
      expect(reviews.get(ORDERS)?.entityRef).toBe('component:default/ORDERS');

      const states = await docs.getStates([ORDERS]);
      expect([...states.keys()]).toEqual([ORDERS]);
      expect(states.get(ORDERS)).toEqual({
        entityRef: ORDERS,
        docsDigest: 'd1',
        docsChangedAtMs: T0,
        notifiedState: 'overdue',
        notifiedAtMs: T0 + 1,
      });
    });

    it('keeps the time a digest was first seen, and moves it when the digest changes', async () => {
      const docs = await create();
      expect(await docs.observeDocsDigest(ORDERS, 'd1', T0)).toBe(T0);
      expect(await docs.observeDocsDigest(ORDERS, 'd1', T0 + DAY)).toBe(T0);
      expect(await docs.observeDocsDigest(ORDERS, 'd2', T0 + 2 * DAY)).toBe(
        T0 + 2 * DAY,
      );
      expect(await docs.observeDocsDigest(ORDERS, 'd2', T0 + 3 * DAY)).toBe(
        T0 + 2 * DAY,
      );
      // Back to an earlier version is a change too.
      expect(await docs.observeDocsDigest(ORDERS, 'd1', T0 + 4 * DAY)).toBe(
        T0 + 4 * DAY,
      );
      expect(await docs.observeDocsDigest(PAYMENTS, 'd1', T0 + 5 * DAY)).toBe(
        T0 + 5 * DAY,
      );
      const states = await docs.getStates([ORDERS, PAYMENTS]);
      expect(states.get(ORDERS)).toEqual({
        entityRef: ORDERS,
        docsDigest: 'd1',
        docsChangedAtMs: T0 + 4 * DAY,
      });
      expect(states.get(PAYMENTS)?.docsChangedAtMs).toBe(T0 + 5 * DAY);
    });

    it('settles concurrent observations of a new entity on one row and one time', async () => {
      const docs = await create();
      const times = await Promise.all(
        [0, 1, 2, 3].map(i => docs.observeDocsDigest(ORDERS, 'd1', T0 + i)),
      );
      expect(new Set(times).size).toBe(1);
      expect(
        (await docs.getStates([ORDERS])).get(ORDERS)?.docsChangedAtMs,
      ).toBe(times[0]);
      const baselines = await Promise.all(
        ['a', 'b', 'c'].map(r => docs.ensureBaseline(ORDERS, T0, snapshot(r))),
      );
      expect(baselines[1]).toEqual(baselines[0]);
      expect(baselines[2]).toEqual(baselines[0]);
      expect((await docs.getStates([ORDERS])).get(ORDERS)?.baseline).toEqual(
        baselines[0],
      );
    });

    it('keeps the baseline of an audit date, and replaces it for another audit date', async () => {
      const docs = await create();
      expect(await docs.ensureBaseline(ORDERS, T0, snapshot('a'))).toEqual(
        snapshot('a'),
      );
      expect(await docs.ensureBaseline(ORDERS, T0, snapshot('b'))).toEqual(
        snapshot('a'),
      );
      expect(
        await docs.ensureBaseline(ORDERS, T0 + 30 * DAY, snapshot('c')),
      ).toEqual(snapshot('c'));
      expect(
        await docs.ensureBaseline(ORDERS, T0 + 30 * DAY, snapshot('d')),
      ).toEqual(snapshot('c'));
      expect((await docs.getStates([ORDERS])).get(ORDERS)).toEqual({
        entityRef: ORDERS,
        baselineAuditAtMs: T0 + 30 * DAY,
        baseline: snapshot('c'),
      });
    });

    it('records notifications and snoozes without clobbering each other, the digest or the baseline', async () => {
      const docs = await create();
      // Each kind of state creates the row when absent.
      await docs.setSnooze(PAYMENTS, T0 + 7 * DAY, ALICE);
      await docs.setNotified(SHIPPING, 'fresh', T0);
      expect(await docs.getStates([PAYMENTS, SHIPPING])).toEqual(
        new Map([
          [
            PAYMENTS,
            {
              entityRef: PAYMENTS,
              snoozedUntilMs: T0 + 7 * DAY,
              snoozedBy: ALICE,
            },
          ],
          [
            SHIPPING,
            { entityRef: SHIPPING, notifiedState: 'fresh', notifiedAtMs: T0 },
          ],
        ]),
      );

      await docs.observeDocsDigest(ORDERS, 'd1', T0);
      await docs.ensureBaseline(ORDERS, T0 - DAY, snapshot('a'));
      await docs.setNotified(ORDERS, 'due-soon', T0 + 1);
      await docs.setSnooze(ORDERS, T0 + 14 * DAY, ALICE);
      await docs.setNotified(ORDERS, 'overdue', T0 + 2);
      await docs.observeDocsDigest(ORDERS, 'd1', T0 + 3);
      expect((await docs.getStates([ORDERS])).get(ORDERS)).toEqual({
        entityRef: ORDERS,
        docsDigest: 'd1',
        docsChangedAtMs: T0,
        baselineAuditAtMs: T0 - DAY,
        baseline: snapshot('a'),
        notifiedState: 'overdue',
        notifiedAtMs: T0 + 2,
        snoozedUntilMs: T0 + 14 * DAY,
        snoozedBy: ALICE,
      });

      await docs.setSnooze(ORDERS, T0 + 21 * DAY, BOB);
      expect((await docs.getStates([ORDERS])).get(ORDERS)).toMatchObject({
        snoozedUntilMs: T0 + 21 * DAY,
        snoozedBy: BOB,
        notifiedState: 'overdue',
      });
      // Lifting the snooze leaves the rest alone.
      await docs.setSnooze(ORDERS, null, BOB);
      expect((await docs.getStates([ORDERS])).get(ORDERS)).toEqual({
        entityRef: ORDERS,
        docsDigest: 'd1',
        docsChangedAtMs: T0,
        baselineAuditAtMs: T0 - DAY,
        baseline: snapshot('a'),
        notifiedState: 'overdue',
        notifiedAtMs: T0 + 2,
      });
    });

    it('reads reviews and states of more entities than one IN list holds', async () => {
      const docs = await create();
      const refs = Array.from(
        { length: 1203 },
        (_, i) => `component:default/service-${String(i).padStart(4, '0')}`,
      );
      for (const [i, ref] of refs.entries()) {
        if (i % 3 === 0) continue; // every third entity has never been reviewed nor seen
        await docs.addReview({
          entityRef: ref,
          reviewedAtMs: T0 + i,
          reviewedBy: ALICE,
          snapshot: snapshot(String(i)),
        });
        await docs.setNotified(ref, 'fresh', T0 + i);
      }
      const expected = refs.filter((_, i) => i % 3 !== 0);
      const reviews = await docs.latestReviews(refs);
      expect([...reviews.keys()].sort()).toEqual(expected);
      expect(reviews.get(refs[1201])).toMatchObject({
        reviewedAtMs: T0 + 1201,
        snapshot: snapshot('1201'),
      });
      const states = await docs.getStates(refs);
      expect([...states.keys()].sort()).toEqual(expected);
      expect(states.get(refs[1201])?.notifiedAtMs).toBe(T0 + 1201);
    });
  },
);
