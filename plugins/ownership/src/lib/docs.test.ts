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
import { ResponseError } from '@backstage/errors';
import {
  inventoryDueSoonDocs,
  ordersStaleDocs,
  paymentsOverdueDocs,
  shippingIncompleteDocs,
} from '../__fixtures__/docs';
import { NOW } from '../__fixtures__/shop';
import {
  actionErrorMessage,
  describeDue,
  describeLastModified,
  describeLastReviewed,
  describeReviewInterval,
  describeSnooze,
  docsEntityName,
  docsHealthStateLabel,
  docsHealthTone,
  formatDaysFromToday,
  formatDocsDate,
  formatEntityCount,
  isSnoozed,
  opsDocFileName,
} from './docs';
import { publishDocsHealth, subscribeDocsHealth } from './docsHealthUpdates';

describe('docs health helpers', () => {
  it('colours and names each state', () => {
    expect(
      (['incomplete', 'overdue', 'stale', 'due-soon', 'fresh'] as const).map(
        state => [docsHealthStateLabel(state), docsHealthTone(state)],
      ),
    ).toEqual([
      ['Incomplete', 'error'],
      ['Overdue', 'error'],
      ['Stale', 'warning'],
      ['Due soon', 'warning'],
      ['Fresh', 'success'],
    ]);
  });

  it('formats dates as UTC days, and day counts', () => {
    expect(formatDocsDate('2026-08-10T00:00:00.000Z')).toBe('10 Aug 2026');
    expect(formatDocsDate('not a date')).toBe('');
    expect(formatDocsDate(undefined)).toBe('');
    expect([5, 1, 0, -1, -12].map(formatDaysFromToday)).toEqual([
      'in 5 days',
      'in 1 day',
      'today',
      '1 day ago',
      '12 days ago',
    ]);
  });

  it('describes the last review, by whom and how it was recorded', () => {
    expect(describeLastReviewed(ordersStaleDocs.lastAudited, NOW)).toBe(
      '11 Oct 2026 (1 month ago) by alice, marked as reviewed in the portal',
    );
    expect(describeLastReviewed(paymentsOverdueDocs.lastAudited, NOW)).toBe(
      '10 Aug 2026 (3 months ago), from the service-ownership.io/last-audited annotation',
    );
    expect(describeLastReviewed(undefined, NOW)).toBe('Never reviewed');
  });

  it('describes the last modification and its source', () => {
    expect(describeLastModified(ordersStaleDocs.lastModified, NOW)).toBe(
      '18 Nov 2026 (1 day ago), last commit in source control',
    );
    expect(describeLastModified(paymentsOverdueDocs.lastModified, NOW)).toBe(
      '1 Jul 2026 (4 months ago), modification time of the catalog file',
    );
    expect(describeLastModified(shippingIncompleteDocs.lastModified, NOW)).toBe(
      '19 Aug 2026 (3 months ago), when the catalog first saw the current version',
    );
    expect(describeLastModified(undefined, NOW)).toBe('Unknown');
  });

  it('describes the interval and the due date', () => {
    expect(describeReviewInterval(ordersStaleDocs)).toBe(
      'Every 90 days (configured for component entities)',
    );
    expect(describeReviewInterval(inventoryDueSoonDocs)).toBe(
      'Every 90 days (the service-ownership.io/audit-interval annotation)',
    );
    expect(describeReviewInterval(paymentsOverdueDocs)).toBe(
      'Every 90 days (the default)',
    );
    expect(describeDue(ordersStaleDocs)).toBe('9 Jan 2027 (in 50 days)');
    expect(describeDue(paymentsOverdueDocs)).toBe('8 Nov 2026 (12 days ago)');
    expect(describeDue({})).toBe(
      'Now: never reviewed, and no modification date is known',
    );
  });

  it('tells whether nudges are snoozed', () => {
    expect(isSnoozed(inventoryDueSoonDocs, NOW)).toBe(true);
    expect(isSnoozed(inventoryDueSoonDocs, new Date('2026-12-01'))).toBe(false);
    expect(isSnoozed(ordersStaleDocs, NOW)).toBe(false);
    expect(describeSnooze(inventoryDueSoonDocs)).toBe(
      'Nudges snoozed until 27 Nov 2026 by bob',
    );
  });

  it('names entities, files and counts', () => {
    expect(docsEntityName(ordersStaleDocs)).toBe('Orders');
    expect(docsEntityName(shippingIncompleteDocs)).toBe('shipping');
    expect(opsDocFileName('orders', 'yaml')).toBe('orders-ops-doc.yaml');
    expect(formatEntityCount(1)).toBe('1 entity');
    expect(formatEntityCount(4)).toBe('4 entities');
  });

  it("tells the backend's message of a failed action", async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'not a member' },
        response: { statusCode: 403 },
      }),
      { status: 403, headers: { 'Content-Type': 'application/json' } },
    );
    expect(actionErrorMessage(await ResponseError.fromResponse(response))).toBe(
      'not a member',
    );
    expect(actionErrorMessage(new Error('offline'))).toBe('offline');
    expect(actionErrorMessage('odd')).toBe('odd');
  });
});

describe('docs health updates', () => {
  it("tells the subscribers of the entity, whatever the ref's case, until they unsubscribe", () => {
    const orders = jest.fn();
    const payments = jest.fn();
    const stopOrders = subscribeDocsHealth('Component:default/orders', orders);
    const stopPayments = subscribeDocsHealth(
      'component:default/payments',
      payments,
    );
    publishDocsHealth(ordersStaleDocs);
    expect(orders).toHaveBeenCalledWith(ordersStaleDocs);
    expect(payments).not.toHaveBeenCalled();
    stopOrders();
    publishDocsHealth(ordersStaleDocs);
    expect(orders).toHaveBeenCalledTimes(1);
    stopPayments();
  });
});
