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
import { mergeRollupAggregates, mergeRollupRows } from './mergeRollups';
import {
  EdgeSeriesKey,
  RollupAggregate,
  RollupExemplar,
  RollupRow,
  SpanSeriesKey,
} from './types';

const DAY = Date.UTC(2026, 10, 21);
const HOUR_MS = 3_600_000;
const key: SpanSeriesKey = {
  service: 'orders',
  operation: 'POST /orders',
  kind: 'server',
};

function exemplar(
  spanNumber: number,
  durationMs: number,
  error = false,
): RollupExemplar {
  return {
    traceId: 'a'.repeat(32),
    spanId: spanNumber.toString(16).padStart(16, '0'),
    durationNano: durationMs * 1e6,
    error,
    startTimeUnixMs: DAY + spanNumber * 1_000,
  };
}

function aggregate(
  durationsMs: number[],
  errorCount = 0,
  exemplars: RollupExemplar[] = [],
): RollupAggregate {
  const sketch = new LatencySketch();
  durationsMs.forEach(ms => sketch.record(ms * 1e6));
  return {
    count: durationsMs.length,
    errorCount,
    sketch: sketch.toProto(),
    exemplars,
  };
}

function minuteRow<K extends SpanSeriesKey | EdgeSeriesKey>(
  minute: number,
  series: K,
  value: RollupAggregate,
): RollupRow<K> {
  return {
    level: 'minute',
    bucketStartMs: DAY + minute * 60_000,
    key: series,
    aggregate: value,
  };
}

describe('mergeRollupAggregates', () => {
  it('adds counts, merges sketches and keeps the slowest and latest failed exemplars', () => {
    const merged = mergeRollupAggregates(
      aggregate([1, 2, 3], 1, [exemplar(1, 3), exemplar(2, 1, true)]),
      aggregate([40, 50], 2, [exemplar(3, 50, true), exemplar(4, 40, true)]),
      { maxExemplars: 1 },
    );
    expect(merged.count).toBe(5);
    expect(merged.errorCount).toBe(3);
    const sketch = LatencySketch.fromProto(merged.sketch);
    expect(sketch.count).toBe(5);
    expect(Math.abs(sketch.quantile(1)! - 50e6) / 50e6).toBeLessThan(0.01);
    expect(merged.exemplars).toEqual([
      exemplar(3, 50, true),
      exemplar(4, 40, true),
    ]);
  });

  it('does not list an exemplar twice when both sides carry it', () => {
    const shared = exemplar(7, 100, true);
    const merged = mergeRollupAggregates(
      aggregate([100], 1, [shared]),
      aggregate([100], 1, [{ ...shared }]),
    );
    expect(merged.exemplars).toEqual([shared]);
  });
});

describe('mergeRollupRows', () => {
  const other: SpanSeriesKey = { ...key, operation: 'GET /orders' };
  const edgeKey: EdgeSeriesKey = {
    client: 'frontend',
    server: 'orders',
    connectionType: '',
  };

  it('combines minute rows into hour rows per series, and hours into days like minutes into days', () => {
    const minutes: RollupRow<SpanSeriesKey>[] = [];
    for (let minute = 0; minute < 180; minute++) {
      minutes.push(
        minuteRow(
          minute,
          key,
          aggregate([minute + 1], minute % 60 === 0 ? 1 : 0, [
            exemplar(minute, minute + 1, minute % 60 === 0),
          ]),
        ),
      );
    }
    // Written in a different property order, as a row read from a database might be.
    minutes.push(
      minuteRow(
        5,
        { kind: 'server', operation: 'GET /orders', service: 'orders' },
        aggregate([7]),
      ),
    );
    minutes.push(minuteRow(6, other, aggregate([9])));

    const hours = mergeRollupRows(minutes, 'hour');
    expect(
      hours.map(row => [
        row.level,
        (row.bucketStartMs - DAY) / HOUR_MS,
        row.key.operation,
        row.aggregate.count,
        row.aggregate.errorCount,
      ]),
    ).toEqual([
      ['hour', 0, 'GET /orders', 2, 0],
      ['hour', 0, 'POST /orders', 60, 1],
      ['hour', 1, 'POST /orders', 60, 1],
      ['hour', 2, 'POST /orders', 60, 1],
    ]);
    expect(hours[3].aggregate.exemplars.map(e => e.durationNano / 1e6)).toEqual(
      [180, 179, 178, 121],
    );

    const daysFromHours = mergeRollupRows(hours, 'day');
    const daysFromMinutes = mergeRollupRows(minutes, 'day');
    expect(daysFromHours).toEqual(daysFromMinutes);
    const day = daysFromHours.find(
      row => row.key.operation === 'POST /orders',
    )!;
    expect(day).toMatchObject({ level: 'day', bucketStartMs: DAY });
    expect(day.aggregate.count).toBe(180);
    expect(day.aggregate.errorCount).toBe(3);
    const p90 = LatencySketch.fromProto(day.aggregate.sketch).quantile(0.9)!;
    // rank floor(0.9 × 179) = 161 of 1..180 ms
    expect(Math.abs(p90 - 162e6) / 162e6).toBeLessThan(0.01);
    // slowest three, then the three latest failures (minutes 120, 60 and 0)
    expect(day.aggregate.exemplars.map(e => e.durationNano / 1e6)).toEqual([
      180, 179, 178, 121, 61, 1,
    ]);
  });

  it('merges duplicate rows of one minute into one row', () => {
    const merged = mergeRollupRows(
      [
        minuteRow(3, edgeKey, aggregate([1], 1)),
        minuteRow(3, edgeKey, aggregate([2, 3])),
      ],
      'minute',
    );
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      level: 'minute',
      bucketStartMs: DAY + 180_000,
      key: edgeKey,
      aggregate: { count: 3, errorCount: 1 },
    });
  });

  it('refuses to split a coarser row', () => {
    const day: RollupRow<SpanSeriesKey> = {
      level: 'day',
      bucketStartMs: DAY,
      key,
      aggregate: aggregate([1]),
    };
    expect(() => mergeRollupRows([day], 'hour')).toThrow(
      'Cannot merge a day row into hour rows',
    );
  });
});
