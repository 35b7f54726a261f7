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

import type { SpanKind } from '@service-ownership/plugin-ownership-common';
import type { EdgeConnectionType } from '../edges/EdgePairer';

/**
 * Granularity of a rollup row. Periods are aligned to UTC: a minute starts at a multiple of 60,000 ms since
 * the epoch, an hour at a multiple of 3,600,000 ms, a day at UTC midnight (a multiple of 86,400,000 ms; Unix
 * time has no leap seconds). Days are therefore UTC days, not the viewer's local days; windows that do not
 * start at UTC midnight are still read exactly, from hour and minute rows at their edges.
 *
 * @public
 */
export type RollupLevel = 'minute' | 'hour' | 'day';

/**
 * Length of the period of each {@link RollupLevel}, in ms.
 *
 * @public
 */
export const ROLLUP_LEVEL_MS: Readonly<Record<RollupLevel, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/**
 * Start of the UTC-aligned period of `level` that contains `timeMs`.
 *
 * @public
 */
export function rollupPeriodStart(timeMs: number, level: RollupLevel): number {
  const length = ROLLUP_LEVEL_MS[level];
  return Math.floor(timeMs / length) * length;
}

/**
 * A request worth linking to from a chart: one of the slowest, or one of the latest failed, of a rollup row.
 *
 * @public
 */
export interface RollupExemplar {
  traceId: string;
  spanId: string;
  durationNano: number;
  error: boolean;
  startTimeUnixMs: number;
}

/**
 * What a rollup row holds. Counts are exact; the sketch gives latency quantiles within 1 %.
 *
 * @public
 */
export interface RollupAggregate {
  /** Number of spans (or edges) in the period. */
  count: number;
  /** How many of them failed. */
  errorCount: number;
  /** Durations as a serialized {@link LatencySketch} (`LatencySketch.toProto`), in nanoseconds. */
  sketch: Uint8Array;
  /**
   * The few slowest requests (slowest first), then the few latest failed ones not already listed (latest
   * first). Merging aggregates keeps exactly the slowest and latest failed of the merged period.
   */
  exemplars: RollupExemplar[];
}

/**
 * Series of span rollups: one operation (span name) of one service, for one span kind.
 *
 * @public
 */
export interface SpanSeriesKey {
  service: string;
  operation: string;
  kind: SpanKind;
}

/**
 * Series of edge rollups: one edge of the service graph.
 *
 * @public
 */
export interface EdgeSeriesKey {
  client: string;
  server: string;
  connectionType: EdgeConnectionType;
}

/**
 * One rollup row, ready to persist: a series, a period, and its aggregate. Rows for the same series and period
 * may occur more than once (late spans arriving after a minute was drained, buckets drained early); they merge
 * with {@link mergeRollupAggregates} (or {@link mergeRollupRows}) into one.
 *
 * @public
 */
export interface RollupRow<K extends SpanSeriesKey | EdgeSeriesKey> {
  level: RollupLevel;
  /** Start of the UTC-aligned period, ms since the epoch. */
  bucketStartMs: number;
  key: K;
  aggregate: RollupAggregate;
}
