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

import { SloDefinition } from '@service-ownership/plugin-ownership-common';
import { LatencySketch } from '../sketch/LatencySketch';
import {
  ROLLUP_LEVEL_MS,
  RollupAggregate,
  RollupLevel,
} from '../rollups/types';
import { evaluateSlo, planSloEvaluation, SloRow } from './evaluateSlo';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

interface Request {
  atMs: number;
  durationMs: number;
  error: boolean;
}

/** Minute, hour and day rows of the requests, as the store keeps them (each minute merged into its hour and day). */
function rowsOf(requests: Request[]): SloRow[] {
  const buckets = new Map<
    string,
    {
      level: RollupLevel;
      start: number;
      sketch: LatencySketch;
      count: number;
      errors: number;
    }
  >();
  for (const request of requests) {
    for (const level of ['minute', 'hour', 'day'] as RollupLevel[]) {
      const length = ROLLUP_LEVEL_MS[level];
      const start = Math.floor(request.atMs / length) * length;
      const id = `${level}:${start}`;
      const bucket = buckets.get(id) ?? {
        level,
        start,
        sketch: new LatencySketch(),
        count: 0,
        errors: 0,
      };
      bucket.sketch.record(request.durationMs * 1e6);
      bucket.count += 1;
      bucket.errors += request.error ? 1 : 0;
      buckets.set(id, bucket);
    }
  }
  return [...buckets.values()].map(b => ({
    level: b.level,
    bucketStartMs: b.start,
    aggregate: {
      count: b.count,
      errorCount: b.errors,
      sketch: b.sketch.toProto(),
      exemplars: [],
    } satisfies RollupAggregate,
  }));
}

/** Only the rows the plan reads, as the store would return them. */
function readRows(rows: SloRow[], plan: ReturnType<typeof planSloEvaluation>) {
  return rows.filter(row =>
    plan.reads.some(
      range =>
        range.level === row.level &&
        row.bucketStartMs >= range.startMs &&
        row.bucketStartMs < range.endMs,
    ),
  );
}

const errorSlo: SloDefinition = {
  name: 'place-order-availability',
  operation: 'place_order',
  sli: 'error-rate',
  objective: 0.99,
  windowDays: 30,
};

const latencySlo: SloDefinition = {
  name: 'place-order-latency',
  operation: 'place_order',
  sli: 'latency',
  thresholdMs: 300,
  objective: 0.95,
  windowDays: 7,
};

// 2026-11-21 14:37:20 UTC: mid-hour, mid-day, so every window has partial edges.
const NOW = Date.UTC(2026, 10, 21, 14, 37, 20);

describe('planSloEvaluation', () => {
  it('plans the SLO window and the seven burn windows in about 120–160 rows', () => {
    const plan = planSloEvaluation(NOW, 30);
    expect(plan.burnWindows.map(w => w.minutes)).toEqual([
      5, 30, 60, 120, 360, 1440, 4320,
    ]);
    // Current minute included; far edges of short windows to the minute, long ones to the nearest hour.
    const toMs = Date.UTC(2026, 10, 21, 14, 38);
    expect(plan.burnWindows[0]).toMatchObject({
      fromMs: Date.UTC(2026, 10, 21, 14, 32),
      toMs,
      precisionMs: MINUTE,
    });
    expect(plan.burnWindows[3]).toMatchObject({
      fromMs: Date.UTC(2026, 10, 21, 13),
      precisionMs: HOUR,
    });
    expect(plan.sloWindow.fromMs).toBe(Date.UTC(2026, 9, 22, 15));
    expect(plan.rowCount).toBeGreaterThan(100);
    expect(plan.rowCount).toBeLessThanOrEqual(160);
  });

  it('stays within 160 rows at every minute of a day', () => {
    let max = 0;
    let sum = 0;
    const start = Date.UTC(2026, 10, 21);
    for (let t = start; t < start + DAY; t += 7 * MINUTE) {
      const rows = planSloEvaluation(t + 13_000, 30).rowCount;
      max = Math.max(max, rows);
      sum += rows;
    }
    expect(max).toBeLessThanOrEqual(160);
    expect(sum / Math.ceil(DAY / (7 * MINUTE))).toBeLessThan(145);
  });

  it('refuses a non-finite now or an empty window', () => {
    expect(() => planSloEvaluation(Number.NaN, 30)).toThrow(RangeError);
    expect(() => planSloEvaluation(NOW, 0)).toThrow(RangeError);
  });
});

describe('evaluateSlo', () => {
  it('counts exactly what each window holds, at its edges', () => {
    // One request every 10 minutes for 35 days, every 7th failed and every 5th slow; plus dense traffic in
    // the last 2 hours (every 20 s), so the minute-precise windows see their edges.
    const requests: Request[] = [];
    let i = 0;
    for (let t = NOW - 35 * DAY; t < NOW; t += 10 * MINUTE) {
      requests.push({
        atMs: t,
        durationMs: i % 5 === 0 ? 900 : 50,
        error: i % 7 === 0,
      });
      i += 1;
    }
    for (let t = NOW - 2 * HOUR + 7_000; t < NOW; t += 20_000) {
      requests.push({
        atMs: t,
        durationMs: i % 4 === 0 ? 700 : 20,
        error: i % 3 === 0,
      });
      i += 1;
    }
    const all = rowsOf(requests);
    const plan = planSloEvaluation(NOW, 30);
    const evaluation = evaluateSlo(
      errorSlo,
      'orders',
      readRows(all, plan),
      plan,
    );

    const brute = (fromMs: number, toMs: number) => {
      const inside = requests.filter(r => r.atMs >= fromMs && r.atMs < toMs);
      return {
        total: inside.length,
        good: inside.filter(r => !r.error).length,
      };
    };
    const expected = brute(plan.sloWindow.fromMs, plan.sloWindow.toMs);
    expect(evaluation.total).toBe(expected.total);
    expect(evaluation.good).toBe(expected.good);
    expect(evaluation.attainment).toBeCloseTo(
      expected.good / expected.total,
      12,
    );
    for (const window of evaluation.burnWindows) {
      const want = brute(Date.parse(window.from), Date.parse(window.to));
      expect({ minutes: window.minutes, ...want }).toEqual({
        minutes: window.minutes,
        total: window.total,
        good: window.good,
      });
      expect(window.burnRate).toBeCloseTo(
        want.total === 0 ? 0 : (want.total - want.good) / want.total / 0.01,
        9,
      );
    }
    expect(evaluation.rowsRead).toBe(plan.rowCount);
    // The daily trend adds up to the window.
    expect(evaluation.trend.reduce((s, d) => s + d.total, 0)).toBe(
      expected.total,
    );
    expect(evaluation.trend).toHaveLength(31);
  });

  it('computes attainment, budget and burn on a hand-computed case', () => {
    // 1,000 requests in the last 10 minutes, 30 failed: 97 % against 99 %: 3× the allowed 10 bad.
    const requests: Request[] = Array.from({ length: 1000 }, (_, n) => ({
      atMs: NOW - 10 * MINUTE + n * 600,
      durationMs: 10,
      error: n % 100 < 3,
    }));
    const plan = planSloEvaluation(NOW, 30);
    const evaluation = evaluateSlo(errorSlo, 'orders', rowsOf(requests), plan);
    expect(evaluation.total).toBe(1000);
    expect(evaluation.good).toBe(970);
    expect(evaluation.attainment).toBeCloseTo(0.97, 12);
    expect(evaluation.budget.allowedBad).toBeCloseTo(10, 9);
    expect(evaluation.budget.bad).toBe(30);
    expect(evaluation.budget.remaining).toBeCloseTo(-2, 9);
    // 3 % bad everywhere = 3× burn: not above 3 (1d/2h) nor 6 or 14.4 (page), but above 1 over 3d and 6h.
    const holdingAll = evaluation.burnWindows.filter(w => w.minutes >= 30);
    for (const w of holdingAll) {
      expect([w.minutes, w.total, w.good]).toEqual([w.minutes, 1000, 970]);
      expect(w.burnRate).toBeCloseTo(3, 9);
    }
    expect(evaluation.state).toBe('ticket');
    expect(evaluation.firing).toMatchObject({
      factor: 1,
      longWindowMinutes: 4320,
    });
  });

  it('pages at 100 % errors and reports no data on an empty window', () => {
    const failing: Request[] = Array.from({ length: 50 }, (_, n) => ({
      atMs: NOW - 3 * MINUTE + n * 1000,
      durationMs: 10,
      error: true,
    }));
    const plan = planSloEvaluation(NOW, 30);
    const paging = evaluateSlo(errorSlo, 'orders', rowsOf(failing), plan);
    expect(paging.attainment).toBe(0);
    expect(paging.state).toBe('page');
    expect(paging.firing).toMatchObject({ severity: 'page', factor: 14.4 });
    expect(paging.burnWindows[0].burnRate).toBeCloseTo(100, 9);

    const empty = evaluateSlo(errorSlo, 'orders', [], plan);
    expect(empty).toMatchObject({
      good: 0,
      total: 0,
      state: 'no-data',
      budget: { remaining: 1, bad: 0, allowedBad: 0 },
    });
    expect(empty.attainment).toBeUndefined();
    expect(empty.firing).toBeUndefined();
    expect(empty.trend.every(d => d.remaining === 1)).toBe(true);
  });

  it('tickets when a day burns more than 3× but the last hour has recovered', () => {
    // 10 % errors for the last day except the last 40 minutes (clean): 1d and 2h (98 minutes read, 58 of them
    // failing at 10 %) burn above 3×; 30m and 5m are clean, so no page.
    const requests: Request[] = [];
    let n = 0;
    for (let t = NOW - DAY + 30 * MINUTE; t < NOW; t += 30_000) {
      const clean = t >= NOW - 40 * MINUTE;
      requests.push({ atMs: t, durationMs: 10, error: !clean && n % 10 === 0 });
      n += 1;
    }
    const plan = planSloEvaluation(NOW, 30);
    const evaluation = evaluateSlo(errorSlo, 'orders', rowsOf(requests), plan);
    expect(evaluation.state).toBe('ticket');
    expect(evaluation.firing).toMatchObject({ severity: 'ticket', factor: 3 });
  });

  it('counts latency SLIs from the sketches: good = duration ≤ threshold, errors aside', () => {
    const requests: Request[] = Array.from({ length: 400 }, (_, n) => ({
      atMs: NOW - 2 * DAY + n * 7 * MINUTE,
      durationMs: n % 10 === 0 ? 450 : 120, // 10 % slower than 300 ms
      error: n % 2 === 0, // errors do not matter for latency
    }));
    const plan = planSloEvaluation(NOW, 7);
    const evaluation = evaluateSlo(
      latencySlo,
      'orders',
      rowsOf(requests),
      plan,
    );
    const inWindow = requests.filter(
      r => r.atMs >= plan.sloWindow.fromMs && r.atMs < plan.sloWindow.toMs,
    );
    expect(evaluation.total).toBe(inWindow.length);
    expect(evaluation.good).toBe(
      inWindow.filter(r => r.durationMs <= 300).length,
    );
    // 10 % slow against a 5 % budget: twice the budget spent.
    expect(evaluation.budget.remaining).toBeCloseTo(-1, 1);
  });

  it('adds the rows of several series of one operation (e.g. server and consumer spans)', () => {
    const a = rowsOf([{ atMs: NOW - MINUTE, durationMs: 5, error: false }]);
    const b = rowsOf([{ atMs: NOW - MINUTE, durationMs: 5, error: true }]);
    const plan = planSloEvaluation(NOW, 30);
    const evaluation = evaluateSlo(errorSlo, 'orders', [...a, ...b], plan);
    expect(evaluation).toMatchObject({ total: 2, good: 1 });
  });
});
