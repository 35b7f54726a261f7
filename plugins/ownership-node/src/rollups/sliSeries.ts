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
  ROLLUP_LEVEL_MS,
  RollupAggregate,
  RollupExemplar,
  RollupLevel,
} from './types';

/**
 * One step of an SLI series: exact counts and latency quantiles (in ns, within 1 %) of the merged rows.
 *
 * @public
 */
export interface SliPoint {
  /** Start of the step, ms since the epoch. */
  startMs: number;
  count: number;
  errorCount: number;
  /** `null` when the step holds no request. */
  p50Nano: number | null;
  p90Nano: number | null;
  p99Nano: number | null;
  /** The merged aggregate of the step, e.g. for its exemplars. */
  aggregate: RollupAggregate;
}

/**
 * The window and step of {@link toSliSeries}.
 *
 * @public
 */
export interface SliSeriesWindow {
  fromMs: number;
  toMs: number;
  /** Length of a step in ms: a whole number of minutes, e.g. 60,000, 300,000 or 3,600,000. */
  stepMs: number;
}

/**
 * Options of {@link toSliSeries}.
 *
 * @public
 */
export interface SliSeriesOptions {
  /** How many slowest and how many failed exemplars each point keeps. Default 3. */
  maxExemplars?: number;
  /** Refuse windows with more steps than this. Default 50,000. */
  maxPoints?: number;
}

const DEFAULT_MAX_POINTS = 50_000;
const DEFAULT_MAX_EXEMPLARS = 3;

/**
 * Turns rollup rows read for a window (see {@link planRollupReads}) into an SLI series: one point per step,
 * with the rows of the step merged: counts added, sketches merged, so ratios and quantiles are exact over the
 * step (up to the sketch's 1 %) rather than averages of averages. Steps are aligned to multiples of `stepMs`
 * since the epoch (UTC), from the step containing `fromMs` to the last one starting before `toMs`; steps
 * without rows have count 0 and `null` quantiles. All rows given are merged together, so pass the rows of one
 * series, or of every series that should count as one (e.g. all server operations of a service).
 *
 * @throws RangeError if `stepMs` is not a whole number of minutes, or a row's period (when it has a `level`)
 *   does not fit within one step; plan the reads with `maxLevelMs: stepMs` to avoid that.
 * @public
 */
export function toSliSeries(
  rows: ReadonlyArray<{
    bucketStartMs: number;
    level?: RollupLevel;
    aggregate: RollupAggregate;
  }>,
  window: SliSeriesWindow,
  options: SliSeriesOptions = {},
): SliPoint[] {
  const { fromMs, toMs, stepMs } = window;
  const minuteMs = ROLLUP_LEVEL_MS.minute;
  if (!(stepMs > 0) || stepMs % minuteMs !== 0) {
    throw new RangeError(
      `stepMs must be a whole number of minutes, got ${stepMs}`,
    );
  }
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
    throw new RangeError(
      `The window must have finite bounds, got ${fromMs} … ${toMs}`,
    );
  }
  const firstStartMs = Math.floor(fromMs / stepMs) * stepMs;
  const stepCount = Math.max(0, Math.ceil((toMs - firstStartMs) / stepMs));
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS;
  if (stepCount > maxPoints) {
    throw new RangeError(
      `The window has ${stepCount} steps of ${stepMs} ms, more than ${maxPoints}`,
    );
  }

  const steps = Array.from({ length: stepCount }, () => ({
    count: 0,
    errorCount: 0,
    sketch: new LatencySketch(),
    exemplars: [] as RollupExemplar[],
  }));
  for (const row of rows) {
    const index = Math.floor((row.bucketStartMs - firstStartMs) / stepMs);
    if (index < 0 || index >= stepCount) {
      continue;
    }
    if (row.level !== undefined) {
      const offsetInStep = row.bucketStartMs - (firstStartMs + index * stepMs);
      if (offsetInStep + ROLLUP_LEVEL_MS[row.level] > stepMs) {
        throw new RangeError(
          `A ${row.level} row starting at ${new Date(
            row.bucketStartMs,
          ).toISOString()} does not fit in steps of ${stepMs} ms`,
        );
      }
    }
    const step = steps[index];
    step.count += row.aggregate.count;
    step.errorCount += row.aggregate.errorCount;
    step.sketch.merge(LatencySketch.fromProto(row.aggregate.sketch));
    for (const exemplar of row.aggregate.exemplars) {
      step.exemplars.push(exemplar);
    }
  }

  const maxExemplars = options.maxExemplars ?? DEFAULT_MAX_EXEMPLARS;
  return steps.map((step, index) => ({
    startMs: firstStartMs + index * stepMs,
    count: step.count,
    errorCount: step.errorCount,
    p50Nano: step.sketch.quantile(0.5) ?? null,
    p90Nano: step.sketch.quantile(0.9) ?? null,
    p99Nano: step.sketch.quantile(0.99) ?? null,
    aggregate: {
      count: step.count,
      errorCount: step.errorCount,
      sketch: step.sketch.toProto(),
      exemplars: selectExemplars(step.exemplars, maxExemplars),
    },
  }));
}
