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
  parseAuditInterval,
  parseLastAudited,
  parseServiceNames,
  parseSignalOperations,
} from './parsers';

const now = new Date('2026-11-21T12:00:00Z');

describe('parseServiceNames', () => {
  it('reads names and namespace/name entries', () => {
    expect(parseServiceNames('orders, shop/orders-worker')).toEqual({
      ok: true,
      value: [{ name: 'orders' }, { namespace: 'shop', name: 'orders-worker' }],
    });
  });

  it.each([
    ['', 'is empty; expected one or more service names'],
    ['orders,,payments', 'has an empty entry at position 2'],
    ['orders, orders', 'lists "orders" more than once'],
    ['order service', 'entry "order service" contains whitespace'],
    ['a/b/c', 'entry "a/b/c" is not of the form "name" or "namespace/name"'],
    ['/orders', 'entry "/orders" is not of the form'],
  ])('refuses %j', (value, message) => {
    const result = parseServiceNames(value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });
});

describe('parseSignalOperations', () => {
  it('keeps spaces inside span names', () => {
    expect(parseSignalOperations('place_order, POST /checkout')).toEqual({
      ok: true,
      value: ['place_order', 'POST /checkout'],
    });
  });

  it('refuses empty entries', () => {
    expect(parseSignalOperations('place_order,')).toEqual({
      ok: false,
      message:
        'has an empty entry at position 2; separate operation names with single commas',
    });
  });
});

describe('parseLastAudited', () => {
  it('reads a calendar date as midnight UTC', () => {
    const result = parseLastAudited('2026-10-01', { now });
    expect(result.ok && result.value.toISOString()).toBe(
      '2026-10-01T00:00:00.000Z',
    );
  });

  it('reads a timestamp with an offset', () => {
    const result = parseLastAudited('2026-10-01T10:00:00+02:00', { now });
    expect(result.ok && result.value.toISOString()).toBe(
      '2026-10-01T08:00:00.000Z',
    );
  });

  it.each([
    ['2026-13-01', '"2026-13-01" is not a valid date'],
    ['2026-02-30', '"2026-02-30" is not a valid date'],
    ['last tuesday', '"last tuesday" is not a date; expected YYYY-MM-DD'],
    ['01/10/2026', 'is not a date'],
    ['', 'is empty'],
    ['2027-01-01', '"2027-01-01" is in the future'],
  ])('refuses %j', (value, message) => {
    const result = parseLastAudited(value, { now });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });
});

describe('parseAuditInterval', () => {
  it.each([
    ['P90D', 90],
    ['p90d', 90],
    ['P12W', 84],
    ['P1W3D', 10],
    ['90d', 90],
    ['12w', 84],
    ['12W', 84],
  ])('reads %j as %d days', (value, days) => {
    expect(parseAuditInterval(value)).toEqual({ ok: true, value: days });
  });

  it.each([
    ['P3M', 'uses months or years'],
    ['P1Y', 'uses months or years'],
    ['PT36H', 'is not a whole number of days'],
    ['P0D', 'must be at least one day'],
    ['0d', 'must be at least one day'],
    ['ninety days', 'is not a duration'],
    ['-5d', 'is not a duration'],
  ])('refuses %j', (value, message) => {
    const result = parseAuditInterval(value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });
});
