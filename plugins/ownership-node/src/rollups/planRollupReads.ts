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

import { ROLLUP_LEVEL_MS, RollupLevel } from './types';

/**
 * A range of rows to read at one level: rows with `startMs ≤ bucketStartMs < endMs`.
 *
 * @public
 */
export interface RollupReadRange {
  level: RollupLevel;
  startMs: number;
  endMs: number;
}

/**
 * Options of {@link planRollupReads}.
 *
 * @public
 */
export interface PlanRollupReadsOptions {
  /**
   * Use only levels whose period divides this many ms, so no row straddles two steps of a series with this
   * step: e.g. 300,000 (5 min) reads minutes only, 3,600,000 minutes and hours. Default: all levels.
   */
  maxLevelMs?: number;
  /**
   * With `nowMs`: how long after an hour or day ends its row is complete (time for a rollup job to run).
   * Default 0, right for a store that merges every minute row into its hour and day rows when writing it.
   */
  rollupDelayMs?: number;
}

const LEVELS_COARSE_FIRST: RollupLevel[] = ['day', 'hour'];

/**
 * Plans which rollup rows to read to cover the window `[fromMs, toMs)` with as few rows per series as possible:
 * whole UTC days where the window holds them, whole UTC hours next, and minutes at the edges. A 30-day window
 * needs at most 29 days + 2 × 23 hours + 2 × 59 minutes = 193 rows per series (typically ~100), instead of 43,200.
 *
 * Alignment (UTC, see {@link RollupLevel}): the window is widened to whole minutes (`fromMs` rounded down,
 * `toMs` up), because a minute row cannot be split; the ranges then cover exactly that widened window, in time
 * order, adjacent ranges of one level joined.
 *
 * With `nowMs`, an hour or day is read at its own level only once it ended `rollupDelayMs` before `nowMs`;
 * until then its minutes (or hours) are read. Without it, every level is assumed current.
 *
 * @public
 */
export function planRollupReads(
  fromMs: number,
  toMs: number,
  options?: PlanRollupReadsOptions,
): RollupReadRange[];
/** @public */
export function planRollupReads(
  fromMs: number,
  toMs: number,
  nowMs: number,
  options?: PlanRollupReadsOptions,
): RollupReadRange[];
export function planRollupReads(
  fromMs: number,
  toMs: number,
  nowOrOptions?: number | PlanRollupReadsOptions,
  maybeOptions?: PlanRollupReadsOptions,
): RollupReadRange[] {
  const nowMs =
    typeof nowOrOptions === 'number' ? nowOrOptions : Number.POSITIVE_INFINITY;
  const options =
    (typeof nowOrOptions === 'number' ? maybeOptions : nowOrOptions) ?? {};
  const rollupDelayMs = options.rollupDelayMs ?? 0;
  const maxLevelMs = options.maxLevelMs ?? Number.POSITIVE_INFINITY;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
    throw new RangeError(
      `The window must have finite bounds, got ${fromMs} … ${toMs}`,
    );
  }
  if (Number.isNaN(nowMs) || !(rollupDelayMs >= 0) || !(maxLevelMs > 0)) {
    throw new RangeError('nowMs, rollupDelayMs and maxLevelMs must be numbers');
  }

  const minuteMs = ROLLUP_LEVEL_MS.minute;
  const hourMs = ROLLUP_LEVEL_MS.hour;
  const levels = LEVELS_COARSE_FIRST.filter(
    level =>
      maxLevelMs === Number.POSITIVE_INFINITY ||
      maxLevelMs % ROLLUP_LEVEL_MS[level] === 0,
  );
  const start = Math.floor(fromMs / minuteMs) * minuteMs;
  const end = Math.ceil(toMs / minuteMs) * minuteMs;

  const ranges: RollupReadRange[] = [];
  let cursor = start;
  while (cursor < end) {
    let level: RollupLevel = 'minute';
    // Minutes run to the next hour boundary, where an hour or a day may start.
    let next = Math.min(end, (Math.floor(cursor / hourMs) + 1) * hourMs);
    for (const candidate of levels) {
      const length = ROLLUP_LEVEL_MS[candidate];
      const periodEnd = cursor + length;
      if (
        cursor % length === 0 &&
        periodEnd <= end &&
        periodEnd + rollupDelayMs <= nowMs
      ) {
        level = candidate;
        next = periodEnd;
        break;
      }
    }
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last.level === level && last.endMs === cursor) {
      last.endMs = next;
    } else {
      ranges.push({ level, startMs: cursor, endMs: next });
    }
    cursor = next;
  }
  return ranges;
}

/**
 * How many rows per series the planned ranges read (one per period of each range's level).
 *
 * @public
 */
export function countRollupRows(ranges: readonly RollupReadRange[]): number {
  let rows = 0;
  for (const range of ranges) {
    rows += (range.endMs - range.startMs) / ROLLUP_LEVEL_MS[range.level];
  }
  return rows;
}
