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
  BURN_RATE_CONDITIONS,
  BURN_RATE_WINDOWS_MINUTES,
  BurnRateCondition,
  burnRateState,
  errorBudget,
  SliCounts,
  SliType,
  SloDefinition,
  SloEvaluation,
  SloTrendPoint,
} from '@service-ownership/plugin-ownership-common';
import { planRollupReads, RollupReadRange } from '../rollups/planRollupReads';
import {
  ROLLUP_LEVEL_MS,
  RollupAggregate,
  RollupLevel,
} from '../rollups/types';
import { LatencySketch } from '../sketch/LatencySketch';

const MINUTE_MS = ROLLUP_LEVEL_MS.minute;
const HOUR_MS = ROLLUP_LEVEL_MS.hour;
const DAY_MS = ROLLUP_LEVEL_MS.day;
const NANOS_PER_MS = 1e6;

/**
 * One window of an SLO evaluation, ending now, and the rollup rows that cover it.
 *
 * @public
 */
export interface SloWindowPlan {
  /** Nominal length in minutes. */
  minutes: number;
  /** The window actually covered: `fromMs` rounded to `precisionMs`, `toMs` the end of the current minute. */
  fromMs: number;
  toMs: number;
  precisionMs: number;
  ranges: RollupReadRange[];
}

/**
 * What to read to evaluate one SLO over its window and every burn-rate window, all ending now.
 *
 * @public
 */
export interface SloEvaluationPlan {
  nowMs: number;
  /** The SLO window (rolling `windowDays`). */
  sloWindow: SloWindowPlan;
  /** The burn-rate windows, shortest first. */
  burnWindows: SloWindowPlan[];
  /** Every window's ranges joined per level: one read of the store covers them all. */
  reads: RollupReadRange[];
  /** Rows per series the reads return at most (distinct level and bucket). */
  rowCount: number;
}

/**
 * Options of {@link planSloEvaluation}.
 *
 * @public
 */
export interface PlanSloEvaluationOptions {
  /** Burn-rate windows, in minutes. Default: those of the SRE workbook's conditions. */
  burnWindowsMinutes?: readonly number[];
}

/**
 * The precision of a window's far edge: windows up to an hour are read from minute rows, exact to the minute;
 * longer ones have their far edge rounded to the nearest UTC hour (an error of at most 30 minutes: ≤ 25 % of a
 * 2-hour burn window, ≤ 8 % of 6 hours, ≤ 2 % of a day, ≤ 0.07 % of 30 days), so they are read from hour and
 * day rows and share most of them: one SLO over all its windows reads about 115–160 rows.
 *
 * @public
 */
export function sloWindowPrecisionMs(minutes: number): number {
  return minutes <= 60 ? MINUTE_MS : HOUR_MS;
}

function planWindow(nowMs: number, minutes: number): SloWindowPlan {
  const precisionMs = sloWindowPrecisionMs(minutes);
  const toMs = Math.ceil(nowMs / MINUTE_MS) * MINUTE_MS;
  const exactFrom = nowMs - minutes * MINUTE_MS;
  const rounded =
    precisionMs === MINUTE_MS
      ? Math.floor(exactFrom / MINUTE_MS) * MINUTE_MS
      : Math.round(exactFrom / precisionMs) * precisionMs;
  // A window never shrinks to nothing: it keeps at least the current minute.
  const fromMs = Math.min(rounded, toMs - MINUTE_MS);
  return {
    minutes,
    fromMs,
    toMs,
    precisionMs,
    ranges: planRollupReads(fromMs, toMs),
  };
}

/** Joins ranges per level where they overlap or touch. */
function joinRanges(ranges: readonly RollupReadRange[]): RollupReadRange[] {
  const byLevel = new Map<RollupLevel, RollupReadRange[]>();
  for (const range of ranges) {
    const list = byLevel.get(range.level) ?? [];
    list.push({ ...range });
    byLevel.set(range.level, list);
  }
  const joined: RollupReadRange[] = [];
  for (const list of byLevel.values()) {
    list.sort((a, b) => a.startMs - b.startMs);
    let current = list[0];
    for (const range of list.slice(1)) {
      if (range.startMs <= current.endMs) {
        current.endMs = Math.max(current.endMs, range.endMs);
      } else {
        joined.push(current);
        current = range;
      }
    }
    joined.push(current);
  }
  return joined.sort((a, b) => a.startMs - b.startMs);
}

/**
 * Plans one read covering an SLO's window (`windowDays`, rolling) and its burn-rate windows, all ending at
 * `nowMs`. Each window is planned on its own with {@link planRollupReads} (whole days, then hours, then
 * minutes at the edges), its far edge at the window's precision (see {@link sloWindowPrecisionMs}); the
 * windows share their near end (the current day's hours and the current hour's minutes), so the union is read
 * once.
 *
 * @public
 */
export function planSloEvaluation(
  nowMs: number,
  windowDays: number,
  options: PlanSloEvaluationOptions = {},
): SloEvaluationPlan {
  if (!Number.isFinite(nowMs)) {
    throw new RangeError(`nowMs must be a finite number, got ${nowMs}`);
  }
  if (!(windowDays > 0)) {
    throw new RangeError(`windowDays must be positive, got ${windowDays}`);
  }
  const burnMinutes = [
    ...(options.burnWindowsMinutes ?? BURN_RATE_WINDOWS_MINUTES),
  ].sort((a, b) => a - b);
  const sloWindow = planWindow(nowMs, windowDays * 1440);
  const burnWindows = burnMinutes.map(minutes => planWindow(nowMs, minutes));
  const reads = joinRanges(
    [sloWindow, ...burnWindows].flatMap(window => window.ranges),
  );
  let rowCount = 0;
  for (const range of reads) {
    rowCount += (range.endMs - range.startMs) / ROLLUP_LEVEL_MS[range.level];
  }
  return { nowMs, sloWindow, burnWindows, reads, rowCount };
}

/**
 * What an SLI counts: its type and, for latency, the threshold.
 *
 * @public
 */
export interface SliSpec {
  sli: SliType;
  thresholdMs?: number;
}

/**
 * Good requests of an aggregate for an SLI: not failed (error rate, availability), or at most the threshold
 * (latency; exact except within the sketch's 1 % of the threshold).
 *
 * @public
 */
export function goodCount(aggregate: RollupAggregate, spec: SliSpec): number {
  if (spec.sli === 'latency') {
    if (spec.thresholdMs === undefined) {
      throw new RangeError('A latency SLI needs a threshold');
    }
    if (aggregate.count === 0) return 0;
    return Math.min(
      aggregate.count,
      LatencySketch.countAtOrBelowInProto(
        aggregate.sketch,
        spec.thresholdMs * NANOS_PER_MS,
      ),
    );
  }
  return Math.max(0, aggregate.count - aggregate.errorCount);
}

/**
 * A rollup row of an SLI's series, as read from the store.
 *
 * @public
 */
export interface SloRow {
  level: RollupLevel;
  bucketStartMs: number;
  aggregate: RollupAggregate;
}

function rowKey(level: RollupLevel, bucketStartMs: number): string {
  return `${level}:${bucketStartMs}`;
}

/** Good and total per (level, bucket), summed over the series given (e.g. several span kinds). */
function indexRows(
  rows: readonly SloRow[],
  spec: SliSpec,
): Map<string, SliCounts> {
  const index = new Map<string, SliCounts>();
  for (const row of rows) {
    const key = rowKey(row.level, row.bucketStartMs);
    const counts = index.get(key) ?? { good: 0, total: 0 };
    counts.good += goodCount(row.aggregate, spec);
    counts.total += row.aggregate.count;
    index.set(key, counts);
  }
  return index;
}

function periodsOf(
  ranges: readonly RollupReadRange[],
  visit: (level: RollupLevel, bucketStartMs: number) => void,
) {
  for (const range of ranges) {
    const length = ROLLUP_LEVEL_MS[range.level];
    for (let start = range.startMs; start < range.endMs; start += length) {
      visit(range.level, start);
    }
  }
}

function sumWindow(
  index: Map<string, SliCounts>,
  window: SloWindowPlan,
): SliCounts {
  const sum = { good: 0, total: 0 };
  periodsOf(window.ranges, (level, start) => {
    const counts = index.get(rowKey(level, start));
    if (counts) {
      sum.good += counts.good;
      sum.total += counts.total;
    }
  });
  return sum;
}

/**
 * Evaluates an SLO on the rows read for its plan (see {@link planSloEvaluation}): exact good and total counts
 * over the SLO window and every burn-rate window (counts added, never ratios averaged), attainment, error
 * budget, burn rates and the multi-window multi-burn-rate state, and a daily trend of the budget left.
 * Rows of several series (e.g. the server and consumer spans of one operation) are added together.
 *
 * @public
 */
export function evaluateSlo(
  definition: SloDefinition,
  service: string,
  rows: readonly SloRow[],
  plan: SloEvaluationPlan,
  conditions: readonly BurnRateCondition[] = BURN_RATE_CONDITIONS,
): SloEvaluation {
  const index = indexRows(rows, {
    sli: definition.sli,
    thresholdMs: definition.thresholdMs,
  });
  const counts = sumWindow(index, plan.sloWindow);
  const burnCounts: Record<number, SliCounts> = {};
  const burnWindows = plan.burnWindows.map(window => {
    const windowCounts = sumWindow(index, window);
    burnCounts[window.minutes] = windowCounts;
    return { window, counts: windowCounts };
  });
  const burn = burnRateState(burnCounts, definition.objective, conditions);
  const budget = errorBudget(counts, definition.objective);
  return {
    definition,
    service,
    window: {
      from: new Date(plan.sloWindow.fromMs).toISOString(),
      to: new Date(plan.sloWindow.toMs).toISOString(),
      days: definition.windowDays,
    },
    good: counts.good,
    total: counts.total,
    ...(budget.attainment !== undefined
      ? { attainment: budget.attainment }
      : {}),
    budget: {
      allowedBad: budget.allowedBad,
      bad: budget.bad,
      remaining: budget.remaining,
    },
    state: counts.total === 0 ? 'no-data' : burn.state,
    ...(counts.total > 0 && burn.firing ? { firing: burn.firing } : {}),
    burnWindows: burnWindows.map(({ window, counts: windowCounts }) => ({
      minutes: window.minutes,
      from: new Date(window.fromMs).toISOString(),
      to: new Date(window.toMs).toISOString(),
      precisionMinutes: window.precisionMs / MINUTE_MS,
      good: windowCounts.good,
      total: windowCounts.total,
      burnRate: burn.burnRates[window.minutes] ?? 0,
    })),
    trend: dailyTrend(index, plan.sloWindow, definition.objective),
    rowsRead: plan.rowCount,
  };
}

/**
 * Counts per UTC day of a window, with the budget left at the end of each day: 1 − bad so far / allowed bad
 * so far (the objective applied to the requests so far).
 */
function dailyTrend(
  index: Map<string, SliCounts>,
  window: SloWindowPlan,
  objective: number,
): SloTrendPoint[] {
  const firstDay = Math.floor(window.fromMs / DAY_MS) * DAY_MS;
  const days = Math.ceil((window.toMs - firstDay) / DAY_MS);
  const perDay = Array.from({ length: days }, () => ({ good: 0, total: 0 }));
  periodsOf(window.ranges, (level, start) => {
    const counts = index.get(rowKey(level, start));
    if (counts) {
      const day = perDay[Math.floor((start - firstDay) / DAY_MS)];
      day.good += counts.good;
      day.total += counts.total;
    }
  });
  let good = 0;
  let total = 0;
  return perDay.map((day, i) => {
    good += day.good;
    total += day.total;
    return {
      start: new Date(
        Math.max(window.fromMs, firstDay + i * DAY_MS),
      ).toISOString(),
      good: day.good,
      total: day.total,
      remaining: errorBudget({ good, total }, objective).remaining,
    };
  });
}
