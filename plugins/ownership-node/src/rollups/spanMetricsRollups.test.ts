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
import { LatencySketch } from '../sketch/LatencySketch';
import type { SpanMetricsPoint } from '../traceSource';
import {
  aggregateOfMetricsPoint,
  serviceGraphRollups,
  spanMetricsRollups,
} from './spanMetricsRollups';

const MS = 1_000_000;
const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);

function sketchOf(point: SpanMetricsPoint): LatencySketch {
  return LatencySketch.fromProto(aggregateOfMetricsPoint(point).sketch);
}

/** Relative distance of `actual` from `expected`. */
const off = (actual: number | undefined, expected: number) =>
  Math.abs((actual ?? NaN) - expected) / expected;

describe('aggregateOfMetricsPoint', () => {
  it('rounds the counts read from counter increases, and caps errors at the count', () => {
    expect(
      aggregateOfMetricsPoint({ timestampMs: T0, requests: 99.6, errors: 2.4 }),
    ).toEqual(
      expect.objectContaining({ count: 100, errorCount: 2, exemplars: [] }),
    );
    expect(
      aggregateOfMetricsPoint({ timestampMs: T0, requests: 3.2, errors: 7.9 }),
    ).toEqual(expect.objectContaining({ count: 3, errorCount: 3 }));
    // Counter resets can make an increase look negative.
    expect(
      aggregateOfMetricsPoint({ timestampMs: T0, requests: -4, errors: -1 }),
    ).toEqual(expect.objectContaining({ count: 0, errorCount: 0 }));
  });

  it('rebuilds the latency distribution from cumulative buckets, at their upper bounds', () => {
    const sketch = sketchOf({
      timestampMs: T0,
      requests: 100,
      errors: 0,
      latencyBuckets: [
        { leMs: 100, count: 90 },
        { leMs: 500, count: 100 },
        { leMs: Infinity, count: 100 },
      ],
    });
    expect(sketch.count).toBe(100);
    expect(off(sketch.quantile(0.5), 100 * MS)).toBeLessThanOrEqual(0.01);
    expect(off(sketch.quantile(0.9), 100 * MS)).toBeLessThanOrEqual(0.01);
    expect(off(sketch.quantile(0.95), 500 * MS)).toBeLessThanOrEqual(0.01);
    expect(off(sketch.quantile(1), 500 * MS)).toBeLessThanOrEqual(0.01);
    expect(sketch.countAtOrBelow(100 * MS)).toBe(90);
  });

  it('reads buckets in any order', () => {
    const sorted = sketchOf({
      timestampMs: T0,
      requests: 10,
      errors: 0,
      latencyBuckets: [
        { leMs: 5, count: 4 },
        { leMs: 25, count: 9 },
        { leMs: Infinity, count: 10 },
      ],
    });
    const shuffled = sketchOf({
      timestampMs: T0,
      requests: 10,
      errors: 0,
      latencyBuckets: [
        { leMs: Infinity, count: 10 },
        { leMs: 5, count: 4 },
        { leMs: 25, count: 9 },
      ],
    });
    expect([...shuffled.toProto()]).toEqual([...sorted.toProto()]);
    expect(sorted.countAtOrBelow(5 * MS)).toBe(4);
    expect(sorted.countAtOrBelow(24 * MS)).toBe(4);
    // The one above 25 ms is recorded at 25 ms.
    expect(sorted.countAtOrBelow(25 * MS)).toBe(10);
    expect(sorted.count).toBe(10);
  });

  it('records the requests of the +Inf bucket at the last finite bound', () => {
    const sketch = sketchOf({
      timestampMs: T0,
      requests: 100,
      errors: 0,
      latencyBuckets: [
        { leMs: 100, count: 50 },
        { leMs: 250, count: 80 },
        { leMs: Infinity, count: 100 },
      ],
    });
    expect(sketch.count).toBe(100);
    // 20 above 250 ms are recorded at 250 ms, so nothing is above it.
    expect(sketch.countAtOrBelow(250 * MS)).toBe(100);
    expect(off(sketch.quantile(1), 250 * MS)).toBeLessThanOrEqual(0.01);
    expect(off(sketch.quantile(0.85), 250 * MS)).toBeLessThanOrEqual(0.01);
  });

  it('rounds bucket counts and ignores a bucket count going down', () => {
    const sketch = sketchOf({
      timestampMs: T0,
      requests: 10,
      errors: 0,
      latencyBuckets: [
        { leMs: 10, count: 5.4 },
        { leMs: 20, count: 4 },
        { leMs: 40, count: 9.6 },
        { leMs: Infinity, count: 10 },
      ],
    });
    expect(sketch.countAtOrBelow(10 * MS)).toBe(5);
    expect(sketch.countAtOrBelow(20 * MS)).toBe(5);
    expect(sketch.countAtOrBelow(40 * MS)).toBe(10);
    expect(sketch.count).toBe(10);
  });

  it('has an empty sketch without histogram, or with only a +Inf bucket', () => {
    expect(sketchOf({ timestampMs: T0, requests: 5, errors: 0 }).count).toBe(0);
    expect(
      sketchOf({
        timestampMs: T0,
        requests: 5,
        errors: 0,
        latencyBuckets: [{ leMs: Infinity, count: 5 }],
      }).count,
    ).toBe(0);
  });
});

describe('spanMetricsRollups', () => {
  it('makes one minute row per non-empty point, with the span kind checked', () => {
    const rows = spanMetricsRollups([
      {
        service: 'orders',
        operation: 'POST /orders',
        kind: 'server',
        points: [
          { timestampMs: T0, requests: 12, errors: 1 },
          // Bucketed to the minute it starts in.
          { timestampMs: T0 + 60_000 + 30_000, requests: 3, errors: 0 },
          // Empty: left out.
          { timestampMs: T0 + 120_000, requests: 0.2, errors: 0 },
        ],
      },
      {
        service: 'orders',
        operation: 'publish',
        kind: 'SPAN_KIND_PRODUCER',
        points: [{ timestampMs: T0 + 59_999, requests: 4, errors: 0 }],
      },
      {
        service: 'payments',
        operation: 'charge',
        kind: 'consumer',
        points: [],
      },
    ]);
    expect(
      rows.map(row => [
        row.bucketStartMs,
        row.key,
        row.aggregate.count,
        row.aggregate.errorCount,
      ]),
    ).toEqual([
      [
        T0,
        { service: 'orders', operation: 'POST /orders', kind: 'server' },
        12,
        1,
      ],
      [
        T0 + 60_000,
        { service: 'orders', operation: 'POST /orders', kind: 'server' },
        3,
        0,
      ],
      [
        T0,
        { service: 'orders', operation: 'publish', kind: 'unspecified' },
        4,
        0,
      ],
    ]);
  });

  it('keeps every known span kind', () => {
    const kinds = [
      'unspecified',
      'internal',
      'server',
      'client',
      'producer',
      'consumer',
      'Server',
      '',
    ];
    const rows = spanMetricsRollups(
      kinds.map(kind => ({
        service: 's',
        operation: 'o',
        kind,
        points: [{ timestampMs: T0, requests: 1, errors: 0 }],
      })),
    );
    expect(rows.map(row => row.key.kind)).toEqual([
      'unspecified',
      'internal',
      'server',
      'client',
      'producer',
      'consumer',
      'unspecified',
      'unspecified',
    ]);
  });

  it('answers no rows for no series', () => {
    expect(spanMetricsRollups([])).toEqual([]);
  });
});

describe('serviceGraphRollups', () => {
  it('makes minute edge rows, with the connection type checked', () => {
    const rows = serviceGraphRollups([
      {
        client: 'orders',
        server: 'payments',
        connectionType: '',
        points: [
          {
            timestampMs: T0 + 10_000,
            requests: 40,
            errors: 50,
            latencyBuckets: [
              { leMs: 20, count: 30 },
              { leMs: Infinity, count: 40 },
            ],
          },
          { timestampMs: T0 + 60_000, requests: 0, errors: 0 },
        ],
      },
      {
        client: 'orders',
        server: 'kafka',
        connectionType: 'messaging_system',
        points: [{ timestampMs: T0, requests: 2, errors: 0 }],
      },
      {
        client: 'orders',
        server: 'postgres',
        connectionType: 'database',
        points: [{ timestampMs: T0, requests: 2, errors: 0 }],
      },
      {
        client: 'user',
        server: 'frontend',
        connectionType: 'virtual_node',
        points: [{ timestampMs: T0, requests: 2, errors: 0 }],
      },
      {
        client: 'orders',
        server: 'cache',
        connectionType: 'cache',
        points: [{ timestampMs: T0, requests: 2, errors: 0 }],
      },
    ]);
    expect(
      rows.map(row => [
        row.bucketStartMs,
        row.key,
        row.aggregate.count,
        row.aggregate.errorCount,
      ]),
    ).toEqual([
      [
        T0,
        { client: 'orders', server: 'payments', connectionType: '' },
        40,
        40,
      ],
      [
        T0,
        {
          client: 'orders',
          server: 'kafka',
          connectionType: 'messaging_system',
        },
        2,
        0,
      ],
      [
        T0,
        { client: 'orders', server: 'postgres', connectionType: 'database' },
        2,
        0,
      ],
      [
        T0,
        { client: 'user', server: 'frontend', connectionType: 'virtual_node' },
        2,
        0,
      ],
      [T0, { client: 'orders', server: 'cache', connectionType: '' }, 2, 0],
    ]);
    const sketch = LatencySketch.fromProto(rows[0].aggregate.sketch);
    expect(sketch.count).toBe(40);
    expect(sketch.countAtOrBelow(20 * MS)).toBe(40);
  });
});
