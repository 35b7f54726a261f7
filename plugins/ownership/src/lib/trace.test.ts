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
import { failedPlaceOrder } from '../__fixtures__/trace';
import { toWaterfall } from './trace';

describe('toWaterfall', () => {
  it('lays the spans out depth-first from the root, children by start time', () => {
    const waterfall = toWaterfall(failedPlaceOrder.spans);
    expect(
      waterfall.rows.map(row => [row.depth, row.serviceName, row.name]),
    ).toEqual([
      [0, 'storefront', 'POST /checkout'],
      [1, 'orders', 'place_order'],
      [2, 'inventory', 'reserve'],
      [2, 'payments', 'charge'],
      [3, 'payments', 'POST /charges'],
    ]);
    expect(waterfall.totalMs).toBe(1545);
    expect(waterfall.root?.name).toBe('POST /checkout');
    expect(waterfall.errorCount).toBe(4);
    expect(waterfall.services).toEqual([
      'storefront',
      'orders',
      'inventory',
      'payments',
    ]);
  });

  it('places each span on the timeline', () => {
    const [root, , , , provider] = toWaterfall(failedPlaceOrder.spans).rows;
    expect(root).toMatchObject({
      offsetMs: 0,
      leftPercent: 0,
      widthPercent: 100,
    });
    expect(provider.offsetMs).toBe(32);
    expect(provider.leftPercent).toBeCloseTo((32 / 1545) * 100);
    expect(provider.widthPercent).toBeCloseTo((1500 / 1545) * 100);
    expect(provider.statusMessage).toBe('timeout after 1500 ms');
  });

  it('keeps spans whose parent is missing, as roots', () => {
    const withoutRoot = failedPlaceOrder.spans.filter(
      span => span.spanId !== '0000000000000001',
    );
    const rows = toWaterfall(withoutRoot).rows;
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ name: 'place_order', depth: 0 });
    expect(rows[0].offsetMs).toBe(0);
  });

  it('keeps spans caught in a parent cycle', () => {
    const [a, b] = failedPlaceOrder.spans;
    const rows = toWaterfall([
      { ...a, parentSpanId: b.spanId },
      { ...b, parentSpanId: a.spanId },
    ]).rows;
    expect(rows.map(row => row.spanId).sort()).toEqual(
      [a.spanId, b.spanId].sort(),
    );
  });

  it('draws nothing for a trace without spans', () => {
    expect(toWaterfall([])).toEqual({
      rows: [],
      totalMs: 0,
      errorCount: 0,
      services: [],
    });
  });
});
