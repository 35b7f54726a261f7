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
  BurnRateCondition,
  DependencySlo,
  SLO_CHART_WINDOWS,
  SloChartWindow,
  SloDefinition,
  SloExemplar,
  SloExportFormat,
  SloSeries,
  SloState,
  SloSuggestion,
  SloTrendPoint,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { formatCountOf, formatLatency, formatNumber, toMillis } from './format';

// Fixed locale, as in format.ts: times read the same for everyone, and in tests.
const LOCALE = 'en-US';

/** A ratio as a percentage with up to `digits` decimals: `0.4215` → `42.2 %`. */
export function formatPercent(ratio: number, digits = 1): string {
  return `${formatNumber(ratio * 100, digits)} %`;
}

/**
 * An attainment (good / total) with two decimals, rounded down so a service short of 100 % never reads
 * `100 %`: `0.99874` → `99.87 %`, `0.999999` → `99.99 %`. `no traffic` when the window held no request.
 */
export function formatAttainment(attainment: number | undefined): string {
  if (attainment === undefined) {
    return 'no traffic';
  }
  const percent = Math.floor(attainment * 10000) / 100;
  return `${formatNumber(percent, 2)} %`;
}

/** An objective as written in definitions: `0.999` → `99.9 %`, `0.99995` → `99.995 %`. */
export function formatObjective(objective: number): string {
  return `${formatNumber(objective * 100, 3)} %`;
}

/** An SLO window: `28 days`, `1 day`. */
export function formatSloWindow(days: number): string {
  return formatCountOf(days, 'day');
}

/** The objective and its window: `99.9 % over 28 days`. */
export function describeObjective(
  definition: Pick<SloDefinition, 'objective' | 'windowDays'>,
): string {
  return `${formatObjective(definition.objective)} over ${formatSloWindow(
    definition.windowDays,
  )}`;
}

/** What an SLI counts as good, in a few words: `latency ≤ 300 ms`, `error rate`, `availability`. */
export function describeSli(
  definition: Pick<SloDefinition, 'sli' | 'thresholdMs'>,
): string {
  switch (definition.sli) {
    case 'latency':
      return definition.thresholdMs === undefined
        ? 'latency'
        : `latency ≤ ${formatLatency(definition.thresholdMs)}`;
    case 'error-rate':
      return 'error rate';
    default:
      return 'availability';
  }
}

/**
 * The share of the error budget left: `0.624` → `62.4 %`; negative when overspent (`-35 %`), so the
 * overspend is visible rather than clamped away.
 */
export function formatBudgetRemaining(remaining: number): string {
  return formatPercent(remaining, 1);
}

/** The value of a budget bar (0..100): the remaining share clamped, an overspent budget is an empty bar. */
export function budgetBarValue(remaining: number): number {
  if (!Number.isFinite(remaining)) {
    return remaining > 0 ? 100 : 0;
  }
  return Math.max(0, Math.min(100, remaining * 100));
}

/** Whether the window's bad requests exceed what the objective allows. */
export function isBudgetOverspent(remaining: number): boolean {
  return remaining < 0;
}

const STATE_LABELS: Record<SloState, string> = {
  ok: 'OK',
  ticket: 'Ticket',
  page: 'Page',
  'no-data': 'No data',
};

/** The label of a burn-rate state badge. */
export function sloStateLabel(state: SloState): string {
  return STATE_LABELS[state];
}

/** The palette entry a burn-rate state is drawn with: page error, ticket warning, ok success, no data grey. */
export type SloStateTone = 'error' | 'warning' | 'success' | 'neutral';

const STATE_TONES: Record<SloState, SloStateTone> = {
  page: 'error',
  ticket: 'warning',
  ok: 'success',
  'no-data': 'neutral',
};

/** How a burn-rate state is coloured, as a theme palette entry (see {@link SloStateTone}). */
export function sloStateTone(state: SloState): SloStateTone {
  return STATE_TONES[state];
}

/** A duration in minutes as windows are named: `5 min`, `1 h`, `6 h`, `1 d`, `3 d`. */
export function formatWindowMinutes(minutes: number): string {
  if (minutes >= 1440 && minutes % 1440 === 0) {
    return `${minutes / 1440} d`;
  }
  if (minutes >= 60 && minutes % 60 === 0) {
    return `${minutes / 60} h`;
  }
  return `${formatNumber(minutes, 1)} min`;
}

/** A burn rate: `14.4×`, `0.35×`, `0×`. */
export function formatBurnRate(burnRate: number): string {
  return `${formatNumber(burnRate, burnRate >= 10 ? 1 : 2)}×`;
}

/** A multi-window burn-rate condition: `14.4× over 1 h and 5 min`. */
export function describeBurnCondition(condition: BurnRateCondition): string {
  return `${formatBurnRate(condition.factor)} over ${formatWindowMinutes(
    condition.longWindowMinutes,
  )} and ${formatWindowMinutes(condition.shortWindowMinutes)}`;
}

/** Why an SLO is in its burn-rate state, for the badge's tooltip. */
export function describeSloState(
  state: SloState,
  firing?: BurnRateCondition,
): string {
  switch (state) {
    case 'page':
    case 'ticket':
      return firing
        ? `${sloStateLabel(
            state,
          )}: the budget burns faster than ${describeBurnCondition(firing)}`
        : `${sloStateLabel(state)}: the budget burns too fast`;
    case 'no-data':
      return 'No request in the SLO window';
    default:
      return 'The budget burns slower than every alert condition';
  }
}

/** The precision of a burn-rate window's far edge: `to the minute`, `to the hour`. */
export function describeWindowPrecision(precisionMinutes: number): string {
  if (precisionMinutes === 1) {
    return 'to the minute';
  }
  if (precisionMinutes === 60) {
    return 'to the hour';
  }
  return `to ${formatWindowMinutes(precisionMinutes)}`;
}

/** Whether a value is one of the SLO chart windows. */
export function isSloChartWindow(value: string): value is SloChartWindow {
  return (SLO_CHART_WINDOWS as readonly string[]).includes(value);
}

/** The step of a series as percentile lines are labelled: `5 min`, `1 h`. */
export function formatStep(stepSeconds: number): string {
  return formatWindowMinutes(stepSeconds / 60);
}

/** Names of the latency percentile lines of a series: `p50 (5 min)`, `p99 (1 h)`. */
export function percentileLineNames(stepSeconds: number): {
  p50: string;
  p99: string;
} {
  const step = formatStep(stepSeconds);
  return { p50: `p50 (${step})`, p99: `p99 (${step})` };
}

/** One step of the latency percentile lines. */
export interface LatencyLinePoint {
  /** Milliseconds since the epoch, the middle of the step (where its percentiles are drawn). */
  time: number;
  p50Ms?: number;
  p99Ms?: number;
}

/** One exemplar as a dot of the latency chart. */
export interface ExemplarDot {
  time: number;
  durationMs: number;
  traceId: string;
  good: boolean;
  error: boolean;
}

/** The data of the latency chart of a series: percentile lines per step, and exemplar dots split by outcome. */
export interface LatencyChartData {
  lines: LatencyLinePoint[];
  goodDots: ExemplarDot[];
  badDots: ExemplarDot[];
  /** The time axis, from the series window. */
  domain: [number, number];
}

function exemplarDot(exemplar: SloExemplar): ExemplarDot | undefined {
  const time = toMillis(exemplar.start);
  if (time === undefined) {
    return undefined;
  }
  return {
    time,
    durationMs: exemplar.durationMs,
    traceId: exemplar.traceId,
    good: exemplar.good,
    error: exemplar.error,
  };
}

function seriesDomain(series: SloSeries): [number, number] {
  const from = toMillis(series.window.from) ?? 0;
  const to = toMillis(series.window.to) ?? from;
  return [from, to];
}

/**
 * The latency chart of a series: the p50 and p99 of each step drawn at its middle (steps without requests
 * leave a gap), and the exemplars as dots, good and bad apart so they get their own colour and legend.
 */
export function toLatencyChartData(series: SloSeries): LatencyChartData {
  const halfStep = (series.window.stepSeconds * 1000) / 2;
  const lines: LatencyLinePoint[] = [];
  for (const point of series.points) {
    const start = toMillis(point.start);
    if (start !== undefined) {
      lines.push({
        time: start + halfStep,
        p50Ms: point.p50Ms,
        p99Ms: point.p99Ms,
      });
    }
  }
  const dots = series.exemplars
    .map(exemplarDot)
    .filter((dot): dot is ExemplarDot => dot !== undefined)
    .sort((a, b) => a.time - b.time);
  return {
    lines,
    goodDots: dots.filter(dot => dot.good),
    badDots: dots.filter(dot => !dot.good),
    domain: seriesDomain(series),
  };
}

/** One step of the error-rate chart. */
export interface ErrorRatePoint {
  time: number;
  /** Errors / requests of the step, in percent; absent (a gap) when the step holds no request. */
  errorPercent?: number;
  errorCount: number;
  total: number;
}

/** The error rate of each step of a series, in percent, drawn at the step's start. */
export function toErrorRateChartData(series: SloSeries): {
  points: ErrorRatePoint[];
  domain: [number, number];
} {
  const points: ErrorRatePoint[] = [];
  for (const point of series.points) {
    const time = toMillis(point.start);
    if (time !== undefined) {
      points.push({
        time,
        errorPercent:
          point.total > 0 ? (point.errorCount / point.total) * 100 : undefined,
        errorCount: point.errorCount,
        total: point.total,
      });
    }
  }
  return { points, domain: seriesDomain(series) };
}

/** The error rate (in percent) that spends exactly the budget over the SLO window: 100 × (1 − objective). */
export function budgetErrorPercent(objective: number): number {
  return Number(((1 - objective) * 100).toPrecision(12));
}

/** One day of the budget chart. */
export interface BudgetPoint {
  time: number;
  /** Budget left at the end of the day, in percent (negative when overspent). */
  remainingPercent: number;
}

/** The budget left at the end of each day of an SLO window, in percent, oldest first. */
export function toBudgetChartData(trend: SloTrendPoint[]): BudgetPoint[] {
  const points: BudgetPoint[] = [];
  for (const point of trend) {
    const time = toMillis(point.start);
    if (time !== undefined) {
      points.push({ time, remainingPercent: point.remaining * 100 });
    }
  }
  return points;
}

/** The y range of the budget chart: 0 to 100 %, stretched down to show an overspent budget. */
export function budgetChartDomain(points: BudgetPoint[]): [number, number] {
  const lowest = points.reduce(
    (min, point) => Math.min(min, point.remainingPercent),
    0,
  );
  return [Math.floor(lowest / 10) * 10, 100];
}

/** A sentence describing a budget trend, for screen readers and the sparkline's tooltip. */
export function describeBudgetTrend(trend: SloTrendPoint[]): string {
  if (trend.length === 0) {
    return 'No budget trend yet';
  }
  const first = trend[0].remaining;
  const last = trend[trend.length - 1].remaining;
  return `Budget left over ${formatCountOf(
    trend.length,
    'day',
  )}: from ${formatBudgetRemaining(first)} to ${formatBudgetRemaining(last)}`;
}

/**
 * A time on a chart axis: hours and minutes for windows up to a day, the day for a week (in the
 * browser's time zone; see {@link chartTimeTicks}).
 */
export function formatChartTime(
  millis: number,
  window: SloChartWindow,
): string {
  const time = DateTime.fromMillis(millis).setLocale(LOCALE);
  return window === '7d' ? time.toFormat('LLL d') : time.toFormat('HH:mm');
}

const TICK_STEPS: Record<SloChartWindow, { minutes: number }> = {
  '1h': { minutes: 10 },
  '24h': { minutes: 180 },
  '7d': { minutes: 1440 },
};

/**
 * Ticks of a chart's time axis on round times (every 10 minutes over an hour, every 3 hours over a day,
 * every midnight over a week, in the browser's time zone), so labels read `11:10`, not `11:07`.
 */
export function chartTimeTicks(
  domain: [number, number],
  window: SloChartWindow,
): number[] {
  const [from, to] = domain;
  const { minutes } = TICK_STEPS[window];
  const start = DateTime.fromMillis(from).startOf(
    minutes >= 1440 ? 'day' : 'hour',
  );
  const ticks: number[] = [];
  for (
    let tick = start;
    tick.toMillis() <= to && ticks.length < 100;
    tick = tick.plus({ minutes })
  ) {
    if (tick.toMillis() >= from) {
      ticks.push(tick.toMillis());
    }
  }
  return ticks;
}

/** A day on the budget chart's axis: `Nov 20`. */
export function formatChartDay(millis: number): string {
  return DateTime.fromMillis(millis).setLocale(LOCALE).toFormat('LLL d');
}

/** A time in a chart tooltip or a dot's label: `Nov 20, 14:05:12`. */
export function formatChartTooltipTime(millis: number): string {
  return DateTime.fromMillis(millis)
    .setLocale(LOCALE)
    .toFormat('LLL d, HH:mm:ss');
}

/** In-app path of the suite's own trace view, used when no external trace UI is configured. */
const TRACE_VIEW_PATH = '/service-ownership/traces';

/**
 * Where an exemplar's trace opens: the configured external trace UI (`{traceId}` replaced, in a new tab),
 * else the suite's own trace view.
 */
export function traceLink(
  traceId: string,
  traceUrlTemplate?: string,
): { href: string; external: boolean } {
  const id = encodeURIComponent(traceId);
  if (traceUrlTemplate) {
    return {
      href: traceUrlTemplate.split('{traceId}').join(id),
      external: true,
    };
  }
  return { href: `${TRACE_VIEW_PATH}/${id}`, external: false };
}

const EXPORT_LABELS: Record<SloExportFormat, string> = {
  sloth: 'Sloth spec',
  prometheus: 'Prometheus rules',
  openslo: 'OpenSLO',
};

/** What an export format is called on its button: `Sloth spec`, `Prometheus rules`, `OpenSLO`. */
export function sloExportLabel(format: SloExportFormat): string {
  return EXPORT_LABELS[format];
}

/** The name of an exported file: `orders-slos.sloth.yaml`. */
export function sloExportFileName(
  entityName: string,
  format: SloExportFormat,
): string {
  const safe = entityName.replace(/[^\w.-]+/g, '-');
  return `${safe}-slos.${format}.yaml`;
}

/** What a suggestion's basis achieved: the p99 for latency SLIs, the attainment for the others. */
export function formatAchieved(suggestion: SloSuggestion): string {
  return suggestion.definition.sli === 'latency'
    ? `p99 ${formatLatency(suggestion.achieved)}`
    : formatAttainment(suggestion.achieved);
}

/** Calls of a downstream service per request: `1`, `2.5`, `0.03`. */
export function formatCallsPerRequest(calls: number): string {
  return formatNumber(calls, calls >= 10 ? 1 : 2);
}

/** A dependency's suggested internal SLO: the objective, and the threshold for a latency SLI. */
export function describeSuggestedSlo(dependency: DependencySlo): string {
  return `${formatObjective(dependency.suggested.objective)} ${describeSli(
    dependency.suggested,
  )}`;
}
