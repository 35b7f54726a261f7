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
import { mergeRollupRows } from './mergeRollups';
import { planRollupReads } from './planRollupReads';
import { toSliSeries } from './sliSeries';
import {
  RollupAggregate,
  RollupLevel,
  RollupRow,
  SpanSeriesKey,
} from './types';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
const MINUTE_MS = 60_000;
const key: SpanSeriesKey = {
  service: 'orders',
  operation: 'POST /orders',
  kind: 'server',
};

function aggregate(durationsMs: number[], errorCount = 0): RollupAggregate {
  const sketch = new LatencySketch();
  durationsMs.forEach(ms => sketch.record(ms * 1e6));
  return {
    count: durationsMs.length,
    errorCount,
    sketch: sketch.toProto(),
    exemplars: [],
  };
}

function row(
  bucketStartMs: number,
  value: RollupAggregate,
  level: RollupLevel = 'minute',
): RollupRow<SpanSeriesKey> {
  return { level, bucketStartMs, key, aggregate: value };
}

function within1Percent(actual: number | null, expected: number) {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected) / expected).toBeLessThan(0.01);
}

describe('toSliSeries', () => {
  it('merges the rows of each step: exact counts, error ratio from counts, quantiles from merged sketches', () => {
    const durations = (from: number) =>
      Array.from({ length: 99 }, (_, i) => from + i);
    const rows = [
      row(T0, aggregate([1000], 1)), // one slow failure
      row(T0 + MINUTE_MS, aggregate(durations(1))), // 99 fast successes
      row(T0 + 7 * MINUTE_MS, aggregate([5, 6], 2)),
    ];
    const points = toSliSeries(rows, {
      fromMs: T0,
      toMs: T0 + 15 * MINUTE_MS,
      stepMs: 5 * MINUTE_MS,
    });
    expect(points.map(p => [p.startMs - T0, p.count, p.errorCount])).toEqual([
      [0, 100, 1],
      [5 * MINUTE_MS, 2, 2],
      [10 * MINUTE_MS, 0, 0],
    ]);
    // 1 error in 100 requests: 1 %, not the 50 % an average of the two minutes' ratios would give.
    expect(points[0].errorCount / points[0].count).toBe(0.01);
    // values 1..99 ms and 1000 ms: p50 at rank 49 is 50 ms, p90 at rank 89 is 90 ms, p99 at rank 98 is 99 ms
    within1Percent(points[0].p50Nano, 50e6);
    within1Percent(points[0].p90Nano, 90e6);
    within1Percent(points[0].p99Nano, 99e6);
    expect(points[0].aggregate.count).toBe(100);
    expect(LatencySketch.fromProto(points[0].aggregate.sketch).count).toBe(100);
    expect(points[2]).toMatchObject({
      p50Nano: null,
      p90Nano: null,
      p99Nano: null,
    });
  });

  it('aligns steps to multiples of the step since the epoch and ignores rows outside the window', () => {
    const points = toSliSeries(
      [
        row(T0 - MINUTE_MS, aggregate([1])),
        row(T0 + 3 * MINUTE_MS, aggregate([2])),
        row(T0 + 4 * MINUTE_MS, aggregate([3])),
      ],
      { fromMs: T0 + 90_000, toMs: T0 + 4 * MINUTE_MS, stepMs: 2 * MINUTE_MS },
    );
    expect(points.map(p => [p.startMs - T0, p.count])).toEqual([
      [0, 0],
      [2 * MINUTE_MS, 1],
    ]);
  });

  it('builds a 30-day daily series from the planned day, hour and minute rows', () => {
    const fromMs = Date.UTC(2026, 9, 1, 10, 17);
    const toMs = Date.UTC(2026, 9, 31, 10, 17);
    const dayMs = 86_400_000;
    const ranges = planRollupReads(fromMs, toMs, toMs, { maxLevelMs: dayMs });
    // One row per planned period, each holding one 10 ms request and a failure every day row.
    const rows: RollupRow<SpanSeriesKey>[] = [];
    for (const range of ranges) {
      const length = { minute: MINUTE_MS, hour: 3_600_000, day: dayMs }[
        range.level
      ];
      for (let start = range.startMs; start < range.endMs; start += length) {
        rows.push(
          row(
            start,
            aggregate([10], range.level === 'day' ? 1 : 0),
            range.level,
          ),
        );
      }
    }
    expect(rows).toHaveLength(112);
    const points = toSliSeries(rows, { fromMs, toMs, stepMs: dayMs });
    expect(points).toHaveLength(31);
    expect(points[0]).toMatchObject({ count: 43 + 13, errorCount: 0 });
    expect(points[1]).toMatchObject({ count: 1, errorCount: 1 });
    expect(points[30]).toMatchObject({ count: 10 + 17, errorCount: 0 });
    within1Percent(points[30].p99Nano, 10e6);
  });

  it('gives the same points from minute rows as from the hour rows merged from them', () => {
    const minutes = Array.from({ length: 120 }, (_, i) =>
      row(T0 + i * MINUTE_MS, aggregate([i + 1], i % 7 === 0 ? 1 : 0)),
    );
    const hours = mergeRollupRows(minutes, 'hour');
    const window = { fromMs: T0, toMs: T0 + 2 * 3_600_000, stepMs: 3_600_000 };
    const fromMinutes = toSliSeries(minutes, window);
    const fromHours = toSliSeries(hours, window);
    expect(fromHours.map(({ aggregate: _, ...point }) => point)).toEqual(
      fromMinutes.map(({ aggregate: _, ...point }) => point),
    );
  });

  it('refuses rows coarser than a step, and steps that are not whole minutes', () => {
    const hourRow = row(T0, aggregate([1]), 'hour');
    expect(() =>
      toSliSeries([hourRow], {
        fromMs: T0,
        toMs: T0 + 3_600_000,
        stepMs: 5 * MINUTE_MS,
      }),
    ).toThrow(/does not fit in steps of 300000 ms/);
    expect(() =>
      toSliSeries([], { fromMs: T0, toMs: T0 + 1, stepMs: 90_000 + 1 }),
    ).toThrow(RangeError);
    expect(() =>
      toSliSeries([], { fromMs: 0, toMs: 1e12, stepMs: MINUTE_MS }),
    ).toThrow(/more than 50000/);
  });
});
