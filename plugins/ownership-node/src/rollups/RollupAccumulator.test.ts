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

import type { Span } from '@service-ownership/plugin-ownership-common';
import type { ServiceGraphEdge } from '../edges/EdgePairer';
import { LatencySketch } from '../sketch/LatencySketch';
import { mergeRollupRows } from './mergeRollups';
import { RollupAccumulator } from './RollupAccumulator';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
let nextSpanId = 1;

function span(fields: Partial<Span> = {}): Span {
  const startTimeUnixMs = fields.startTimeUnixMs ?? T0 + 1_000;
  return {
    traceId: 'a'.repeat(32),
    spanId: (nextSpanId++).toString(16).padStart(16, '0'),
    parentSpanId: 'b'.repeat(16),
    serviceName: 'orders',
    name: 'POST /orders',
    kind: 'server',
    startTimeUnixNano: BigInt(startTimeUnixMs) * 1_000_000n,
    startTimeUnixMs,
    durationNano: 10_000_000,
    error: false,
    statusCode: 'unset',
    peer: {},
    attributes: {},
    ...fields,
  };
}

function edge(fields: Partial<ServiceGraphEdge> = {}): ServiceGraphEdge {
  return {
    client: 'frontend',
    server: 'orders',
    connectionType: '',
    failed: false,
    clientLatencyNano: 12_000_000,
    serverLatencyNano: 10_000_000,
    traceId: 'a'.repeat(32),
    spanId: 'c'.repeat(16),
    startTimeUnixMs: T0 + 1_000,
    ...fields,
  };
}

describe('RollupAccumulator', () => {
  it('buckets spans per minute, service, operation and kind, with exact counts and a sketch', () => {
    const accumulator = new RollupAccumulator();
    for (let i = 0; i < 100; i++) {
      accumulator.addSpan(
        span({ durationNano: (i + 1) * 1_000_000, error: i % 10 === 0 }),
      );
    }
    accumulator.addSpan(span({ kind: 'client' }));
    accumulator.addSpan(span({ name: 'GET /orders/{id}' }));
    accumulator.addSpan(span({ serviceName: 'payments' }));
    accumulator.addSpan(span({ startTimeUnixMs: T0 + 60_000 }));
    expect(accumulator.counters()).toMatchObject({
      spans: 104,
      openBuckets: 5,
    });

    const { spans, edges } = accumulator.drain(Number.POSITIVE_INFINITY);
    expect(edges).toEqual([]);
    expect(
      spans.map(row => [row.bucketStartMs - T0, row.key, row.aggregate.count]),
    ).toEqual([
      [
        0,
        { service: 'orders', operation: 'POST /orders', kind: 'server' },
        100,
      ],
      [0, { service: 'orders', operation: 'POST /orders', kind: 'client' }, 1],
      [
        0,
        { service: 'orders', operation: 'GET /orders/{id}', kind: 'server' },
        1,
      ],
      [
        0,
        { service: 'payments', operation: 'POST /orders', kind: 'server' },
        1,
      ],
      [
        60_000,
        { service: 'orders', operation: 'POST /orders', kind: 'server' },
        1,
      ],
    ]);
    const [busiest] = spans;
    expect(busiest.level).toBe('minute');
    expect(busiest.aggregate.errorCount).toBe(10);
    const sketch = LatencySketch.fromProto(busiest.aggregate.sketch);
    expect(sketch.count).toBe(100);
    // p99 of 1..100 ms at rank floor(0.99 × 99) = 98 is 99 ms
    expect(Math.abs(sketch.quantile(0.99)! - 99e6) / 99e6).toBeLessThan(0.01);
    expect(accumulator.counters().openBuckets).toBe(0);
  });

  it('keeps the slowest and the latest failed requests as exemplars', () => {
    const accumulator = new RollupAccumulator({ maxExemplars: 2 });
    const durationsMs = [5, 50, 7, 300, 20, 8, 250, 9];
    durationsMs.forEach((ms, i) =>
      accumulator.addSpan(
        span({
          spanId: `000000000000000${i}`,
          durationNano: ms * 1e6,
          startTimeUnixMs: T0 + i * 1_000,
          error: ms < 10 || ms === 300,
        }),
      ),
    );
    const [row] = accumulator.drain(Number.POSITIVE_INFINITY).spans;
    expect(
      row.aggregate.exemplars.map(e => [e.durationNano / 1e6, e.error]),
    ).toEqual([
      [300, true],
      [250, false],
      [9, true], // latest failure
      [8, true],
    ]);
    expect(row.aggregate.exemplars[0]).toEqual({
      traceId: 'a'.repeat(32),
      spanId: '0000000000000003',
      durationNano: 300e6,
      error: true,
      startTimeUnixMs: T0 + 3_000,
    });
  });

  it('returns only complete minutes from drain', () => {
    const accumulator = new RollupAccumulator();
    accumulator.addSpan(span({ startTimeUnixMs: T0 + 30_000 }));
    accumulator.addSpan(span({ startTimeUnixMs: T0 + 70_000 }));

    expect(accumulator.drain(T0 + 59_999).spans).toEqual([]);
    expect(
      accumulator.drain(T0 + 60_000).spans.map(row => row.bucketStartMs),
    ).toEqual([T0]);
    expect(accumulator.drain(T0 + 119_999).spans).toEqual([]);
    expect(
      accumulator.drain(T0 + 120_000).spans.map(row => row.bucketStartMs),
    ).toEqual([T0 + 60_000]);
  });

  it('gives late spans of a drained minute a second row, which merges into the first', () => {
    const accumulator = new RollupAccumulator();
    accumulator.addSpan(span({ durationNano: 1e6 }));
    const first = accumulator.drain(T0 + 60_000).spans;
    accumulator.addSpan(span({ durationNano: 3e6, error: true }));
    const second = accumulator.drain(T0 + 120_000).spans;
    const [merged] = mergeRollupRows([...first, ...second], 'minute');
    expect(merged.bucketStartMs).toBe(T0);
    expect(merged.aggregate.count).toBe(2);
    expect(merged.aggregate.errorCount).toBe(1);
  });

  it('rolls up edges per client, server and connection type, with the server latency when known', () => {
    const accumulator = new RollupAccumulator();
    accumulator.addEdge(edge());
    accumulator.addEdge(edge({ failed: true }));
    accumulator.addEdge(
      edge({
        server: 'payments-provider',
        connectionType: 'virtual_node',
        serverLatencyNano: undefined,
        clientLatencyNano: 40_000_000,
      }),
    );
    expect(accumulator.counters()).toMatchObject({ edges: 3, openBuckets: 2 });
    const { spans, edges } = accumulator.drain(T0 + 60_000);
    expect(spans).toEqual([]);
    expect(
      edges.map(row => [
        row.key,
        row.aggregate.count,
        row.aggregate.errorCount,
      ]),
    ).toEqual([
      [{ client: 'frontend', server: 'orders', connectionType: '' }, 2, 1],
      [
        {
          client: 'frontend',
          server: 'payments-provider',
          connectionType: 'virtual_node',
        },
        1,
        0,
      ],
    ]);
    const latency = (index: number) =>
      LatencySketch.fromProto(edges[index].aggregate.sketch).quantile(0.5)!;
    expect(Math.abs(latency(0) - 10e6) / 10e6).toBeLessThan(0.01);
    expect(Math.abs(latency(1) - 40e6) / 40e6).toBeLessThan(0.01);
    expect(edges[0].aggregate.exemplars[0]).toMatchObject({
      spanId: 'c'.repeat(16),
      durationNano: 10_000_000,
    });
  });

  it('closes the oldest minutes early when too many buckets are open, and keeps their rows for the next drain', () => {
    const accumulator = new RollupAccumulator({ maxOpenBuckets: 3 });
    accumulator.addSpan(span({ name: 'a', startTimeUnixMs: T0 }));
    accumulator.addSpan(span({ name: 'b', startTimeUnixMs: T0 }));
    accumulator.addSpan(span({ name: 'a', startTimeUnixMs: T0 + 60_000 }));
    expect(accumulator.counters()).toMatchObject({
      openBuckets: 3,
      bucketsClosedEarly: 0,
    });

    accumulator.addSpan(span({ name: 'b', startTimeUnixMs: T0 + 60_000 }));
    expect(accumulator.counters()).toEqual({
      spans: 4,
      edges: 0,
      openBuckets: 2,
      bucketsClosedEarly: 2,
      rowsWaiting: 2,
    });

    // One minute alone over the cap is closed too, the span that crossed it included.
    for (const name of ['c', 'd']) {
      accumulator.addSpan(span({ name, startTimeUnixMs: T0 + 60_000 }));
    }
    expect(accumulator.counters()).toMatchObject({
      openBuckets: 0,
      bucketsClosedEarly: 6,
      rowsWaiting: 6,
    });

    // Rows closed early come out of the next drain whatever its bound.
    const drained = accumulator.drain(0);
    expect(
      drained.spans.map(row => [row.bucketStartMs - T0, row.key.operation]),
    ).toEqual([
      [0, 'a'],
      [0, 'b'],
      [60_000, 'a'],
      [60_000, 'b'],
      [60_000, 'c'],
      [60_000, 'd'],
    ]);
    expect(accumulator.counters().rowsWaiting).toBe(0);
  });

  it('returns restored rows from the next drain', () => {
    const accumulator = new RollupAccumulator();
    accumulator.addSpan(span());
    accumulator.addEdge(edge());
    const drained = accumulator.drain(Number.POSITIVE_INFINITY);
    accumulator.restore(drained);
    expect(accumulator.counters().rowsWaiting).toBe(2);
    expect(accumulator.drain(0)).toEqual(drained);
    expect(accumulator.drain(Number.POSITIVE_INFINITY)).toEqual({
      spans: [],
      edges: [],
    });
  });

  it('rejects nonsensical limits', () => {
    expect(() => new RollupAccumulator({ maxOpenBuckets: 0 })).toThrow(
      RangeError,
    );
    expect(() => new RollupAccumulator({ maxExemplars: -1 })).toThrow(
      RangeError,
    );
  });
});
