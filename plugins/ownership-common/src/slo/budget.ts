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

/**
 * Good and total requests of an SLI over some window (exact counts, summed, never averaged ratios).
 *
 * @public
 */
export interface SliCounts {
  good: number;
  total: number;
}

/**
 * How an SLO stands over its window.
 *
 * @public
 */
export interface ErrorBudget {
  /** good / total; undefined when the window holds no request. */
  attainment?: number;
  /** Bad requests the objective allows over the window: (1 − objective) × total. */
  allowedBad: number;
  /** Bad requests there were. */
  bad: number;
  /** Share of the budget left: 1 − bad / allowedBad (negative when overspent; 1 with no traffic). */
  remaining: number;
}

/**
 * Attainment and error budget of counts against an objective (0 < objective < 1). A window without requests
 * has spent nothing: its attainment is unknown, its budget whole.
 *
 * @public
 */
export function errorBudget(counts: SliCounts, objective: number): ErrorBudget {
  const bad = Math.max(0, counts.total - counts.good);
  const allowedBad = (1 - objective) * counts.total;
  return {
    attainment: counts.total > 0 ? counts.good / counts.total : undefined,
    allowedBad,
    bad,
    remaining: counts.total > 0 ? 1 - bad / allowedBad : 1,
  };
}

/**
 * How fast the budget burns: the bad ratio over the window divided by the ratio the objective allows.
 * 1 spends exactly the budget over the SLO window; 0 with no traffic.
 *
 * @public
 */
export function burnRate(counts: SliCounts, objective: number): number {
  if (counts.total <= 0) return 0;
  const bad = Math.max(0, counts.total - counts.good);
  return bad / counts.total / (1 - objective);
}

/**
 * One multi-window burn-rate alert condition: both the long and the short window burn above `factor`.
 *
 * @public
 */
export interface BurnRateCondition {
  severity: 'page' | 'ticket';
  factor: number;
  longWindowMinutes: number;
  shortWindowMinutes: number;
}

/**
 * The SRE workbook's multi-window, multi-burn-rate alerts (for a 30-day budget): page at 14.4× over 1 h
 * (with 5 min) or 6× over 6 h (with 30 min); ticket at 3× over 1 d (with 2 h) or 1× over 3 d (with 6 h).
 *
 * @public
 */
export const BURN_RATE_CONDITIONS: readonly BurnRateCondition[] = [
  {
    severity: 'page',
    factor: 14.4,
    longWindowMinutes: 60,
    shortWindowMinutes: 5,
  },
  {
    severity: 'page',
    factor: 6,
    longWindowMinutes: 360,
    shortWindowMinutes: 30,
  },
  {
    severity: 'ticket',
    factor: 3,
    longWindowMinutes: 1440,
    shortWindowMinutes: 120,
  },
  {
    severity: 'ticket',
    factor: 1,
    longWindowMinutes: 4320,
    shortWindowMinutes: 360,
  },
];

/**
 * Every window (in minutes) {@link burnRateState} needs counts for.
 *
 * @public
 */
export const BURN_RATE_WINDOWS_MINUTES: readonly number[] = [
  ...new Set(
    BURN_RATE_CONDITIONS.flatMap(c => [
      c.longWindowMinutes,
      c.shortWindowMinutes,
    ]),
  ),
].sort((a, b) => a - b);

/**
 * The burn-rate state of an SLO and the condition that set it.
 *
 * @public
 */
export interface BurnRateState {
  state: 'ok' | 'ticket' | 'page';
  /** The first condition (most severe first) whose two windows both burn above its factor. */
  firing?: BurnRateCondition;
  /** The burn rate per window, in minutes. */
  burnRates: Record<number, number>;
}

/**
 * Evaluates the multi-window, multi-burn-rate conditions on counts per window (keyed by minutes, see
 * {@link BURN_RATE_WINDOWS_MINUTES}); a missing window counts as no traffic.
 *
 * @public
 */
export function burnRateState(
  countsByWindowMinutes: Record<number, SliCounts | undefined>,
  objective: number,
  conditions: readonly BurnRateCondition[] = BURN_RATE_CONDITIONS,
): BurnRateState {
  const burnRates: Record<number, number> = {};
  const rateOf = (minutes: number) => {
    if (burnRates[minutes] === undefined) {
      burnRates[minutes] = burnRate(
        countsByWindowMinutes[minutes] ?? { good: 0, total: 0 },
        objective,
      );
    }
    return burnRates[minutes];
  };
  // Every window's rate is computed first (no short-circuit), so the answer reports all of them.
  for (const c of conditions) {
    rateOf(c.longWindowMinutes);
    rateOf(c.shortWindowMinutes);
  }
  const fired = conditions.filter(
    c =>
      rateOf(c.longWindowMinutes) > c.factor &&
      rateOf(c.shortWindowMinutes) > c.factor,
  );
  const chosen = fired.find(c => c.severity === 'page') ?? fired[0];
  return { state: chosen?.severity ?? 'ok', firing: chosen, burnRates };
}
