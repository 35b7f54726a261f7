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
import { selectExemplars } from './exemplars';
import {
  EdgeSeriesKey,
  ROLLUP_LEVEL_MS,
  RollupAggregate,
  RollupLevel,
  RollupRow,
  SpanSeriesKey,
  rollupPeriodStart,
} from './types';

/** How many slowest and how many failed exemplars a merged aggregate keeps unless told otherwise. */
const DEFAULT_MAX_EXEMPLARS = 3;

/**
 * Options of {@link mergeRollupAggregates} and {@link mergeRollupRows}.
 *
 * @public
 */
export interface MergeRollupOptions {
  /** How many slowest and how many failed exemplars to keep. Default 3. */
  maxExemplars?: number;
}

/**
 * Merges aggregates of the same series: counts add, sketches merge (quantiles stay within 1 %), and the
 * exemplars kept are the slowest and the latest failed of all of them.
 *
 * @public
 */
export function mergeRollupAggregates(
  first: RollupAggregate,
  second: RollupAggregate,
  options: MergeRollupOptions = {},
): RollupAggregate {
  return mergeAggregates([first, second], options);
}

/** Merges any number of aggregates, decoding and encoding each sketch once. */
function mergeAggregates(
  aggregates: readonly RollupAggregate[],
  options: MergeRollupOptions,
): RollupAggregate {
  const sketch = new LatencySketch();
  let count = 0;
  let errorCount = 0;
  for (const aggregate of aggregates) {
    count += aggregate.count;
    errorCount += aggregate.errorCount;
    sketch.merge(LatencySketch.fromProto(aggregate.sketch));
  }
  return {
    count,
    errorCount,
    sketch: sketch.toProto(),
    exemplars: selectExemplars(
      aggregates.flatMap(aggregate => aggregate.exemplars),
      options.maxExemplars ?? DEFAULT_MAX_EXEMPLARS,
    ),
  };
}

/**
 * Combines rows into rows of `level`: minute rows into hour rows, hour (or minute) rows into day rows, or
 * duplicate rows of one period into one. Rows are grouped by series and by the UTC-aligned period of `level`
 * containing their start (see {@link RollupLevel}); the result is ordered by period, then series.
 *
 * @throws RangeError if a row is coarser than `level` (a day cannot be split into hours).
 * @public
 */
export function mergeRollupRows<K extends SpanSeriesKey | EdgeSeriesKey>(
  rows: readonly RollupRow<K>[],
  level: RollupLevel,
  options: MergeRollupOptions = {},
): RollupRow<K>[] {
  const groups = new Map<
    string,
    {
      bucketStartMs: number;
      seriesId: string;
      key: K;
      aggregates: RollupAggregate[];
    }
  >();
  for (const row of rows) {
    if (ROLLUP_LEVEL_MS[row.level] > ROLLUP_LEVEL_MS[level]) {
      throw new RangeError(
        `Cannot merge a ${row.level} row into ${level} rows`,
      );
    }
    const bucketStartMs = rollupPeriodStart(row.bucketStartMs, level);
    const seriesId = seriesIdOf(row.key);
    const groupId = `${bucketStartMs}\u0000${seriesId}`;
    const group = groups.get(groupId);
    if (group === undefined) {
      groups.set(groupId, {
        bucketStartMs,
        seriesId,
        key: row.key,
        aggregates: [row.aggregate],
      });
    } else {
      group.aggregates.push(row.aggregate);
    }
  }
  return [...groups.values()]
    .sort(
      (a, b) =>
        a.bucketStartMs - b.bucketStartMs ||
        compareStrings(a.seriesId, b.seriesId),
    )
    .map(group => ({
      level,
      bucketStartMs: group.bucketStartMs,
      key: group.key,
      aggregate: mergeAggregates(group.aggregates, options),
    }));
}

/** A string naming a series, independent of the order the key's properties were written in. */
function seriesIdOf(key: SpanSeriesKey | EdgeSeriesKey): string {
  if ('service' in key) {
    return `span\u0000${key.service}\u0000${key.operation}\u0000${key.kind}`;
  }
  return `edge\u0000${key.client}\u0000${key.server}\u0000${key.connectionType}`;
}

function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
