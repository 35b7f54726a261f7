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
import { Settings } from 'luxon';
import {
  ordersSuggestions,
  placeOrderDependencySlos,
  placeOrderErrorsEvaluation,
  placeOrderLatencySeries,
} from '../__fixtures__/slos';
import {
  budgetBarValue,
  budgetChartDomain,
  budgetErrorPercent,
  chartTimeTicks,
  describeBudgetTrend,
  describeBurnCondition,
  describeObjective,
  describeSli,
  describeSloState,
  describeSuggestedSlo,
  describeWindowPrecision,
  formatAchieved,
  formatAttainment,
  formatBudgetRemaining,
  formatBurnRate,
  formatCallsPerRequest,
  formatChartDay,
  formatChartTime,
  formatObjective,
  formatPercent,
  formatWindowMinutes,
  isBudgetOverspent,
  isSloChartWindow,
  percentileLineNames,
  sloExportFileName,
  sloExportLabel,
  sloStateLabel,
  sloStateTone,
  toBudgetChartData,
  toErrorRateChartData,
  toLatencyChartData,
  traceLink,
} from './slo';

const defaultZone = Settings.defaultZone;
beforeAll(() => {
  Settings.defaultZone = 'UTC';
});
afterAll(() => {
  Settings.defaultZone = defaultZone;
});

describe('SLI and objective descriptions', () => {
  it.each([
    [{ sli: 'latency', thresholdMs: 300 }, 'latency ≤ 300 ms'],
    [{ sli: 'latency', thresholdMs: 1500 }, 'latency ≤ 1.5 s'],
    [{ sli: 'error-rate' }, 'error rate'],
    [{ sli: 'availability' }, 'availability'],
  ] as const)('describes %p as %p', (definition, expected) => {
    expect(describeSli(definition)).toBe(expected);
  });

  it('formats objectives as written, windows in days', () => {
    expect(formatObjective(0.999)).toBe('99.9 %');
    expect(formatObjective(0.99995)).toBe('99.995 %');
    expect(describeObjective({ objective: 0.99, windowDays: 28 })).toBe(
      '99 % over 28 days',
    );
    expect(describeObjective({ objective: 0.95, windowDays: 1 })).toBe(
      '95 % over 1 day',
    );
  });
});

describe('percentages', () => {
  it.each([
    [0.99874, '99.87 %'],
    [0.999999, '99.99 %'],
    [1, '100 %'],
    [0.5, '50 %'],
    [undefined, 'no traffic'],
  ])(
    'formats the attainment %p as %p, never rounding up to 100 %',
    (value, expected) => {
      expect(formatAttainment(value)).toBe(expected);
    },
  );

  it('formats a ratio with the given decimals', () => {
    expect(formatPercent(0.4215)).toBe('42.2 %');
    expect(formatPercent(0.4215, 0)).toBe('42 %');
  });

  it('shows an overspent budget as negative and an empty bar', () => {
    expect(formatBudgetRemaining(0.874)).toBe('87.4 %');
    expect(formatBudgetRemaining(-0.5)).toBe('-50 %');
    expect(isBudgetOverspent(-0.5)).toBe(true);
    expect(isBudgetOverspent(0)).toBe(false);
    expect(budgetBarValue(-0.5)).toBe(0);
    expect(budgetBarValue(0.874)).toBeCloseTo(87.4);
    expect(budgetBarValue(1.2)).toBe(100);
    expect(budgetBarValue(Number.NEGATIVE_INFINITY)).toBe(0);
  });
});

describe('burn-rate states', () => {
  it('labels and colours each state', () => {
    expect(
      (['ok', 'ticket', 'page', 'no-data'] as const).map(state => [
        sloStateLabel(state),
        sloStateTone(state),
      ]),
    ).toEqual([
      ['OK', 'success'],
      ['Ticket', 'warning'],
      ['Page', 'error'],
      ['No data', 'neutral'],
    ]);
  });

  it('names windows and burn rates as the SRE workbook does', () => {
    expect([5, 30, 60, 120, 360, 1440, 4320].map(formatWindowMinutes)).toEqual([
      '5 min',
      '30 min',
      '1 h',
      '2 h',
      '6 h',
      '1 d',
      '3 d',
    ]);
    expect(formatBurnRate(14.4)).toBe('14.4×');
    expect(formatBurnRate(0.354)).toBe('0.35×');
    expect(formatBurnRate(0)).toBe('0×');
  });

  it('describes the firing condition', () => {
    expect(
      describeBurnCondition({
        severity: 'page',
        factor: 14.4,
        longWindowMinutes: 60,
        shortWindowMinutes: 5,
      }),
    ).toBe('14.4× over 1 h and 5 min');
    expect(describeSloState('page', placeOrderErrorsEvaluation.firing)).toBe(
      'Page: the budget burns faster than 14.4× over 1 h and 5 min',
    );
    expect(describeSloState('no-data')).toBe('No request in the SLO window');
    expect(describeSloState('ok')).toBe(
      'The budget burns slower than every alert condition',
    );
  });

  it('says how precisely a window was read', () => {
    expect(describeWindowPrecision(1)).toBe('to the minute');
    expect(describeWindowPrecision(60)).toBe('to the hour');
  });
});

describe('chart data', () => {
  it('draws percentiles mid-step and splits exemplars by outcome', () => {
    const series = placeOrderLatencySeries('1h');
    const data = toLatencyChartData(series);
    expect(data.domain).toEqual([
      Date.parse('2026-11-20T11:00:00Z'),
      Date.parse('2026-11-20T12:00:00Z'),
    ]);
    expect(data.lines).toHaveLength(12);
    expect(data.lines[0]).toEqual({
      time: Date.parse('2026-11-20T11:02:30Z'),
      p50Ms: 110,
      p99Ms: 260,
    });
    // The last step had no request: a gap, not a zero.
    expect(data.lines[11].p99Ms).toBeUndefined();
    expect(data.goodDots.map(dot => dot.durationMs)).toEqual([120, 180, 250]);
    expect(data.badDots.map(dot => dot.durationMs)).toEqual([420, 950]);
    expect(data.badDots[1]).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4704',
      error: true,
      good: false,
    });
  });

  it('labels the percentile lines with the step', () => {
    expect(percentileLineNames(300)).toEqual({
      p50: 'p50 (5 min)',
      p99: 'p99 (5 min)',
    });
    expect(percentileLineNames(3600)).toEqual({
      p50: 'p50 (1 h)',
      p99: 'p99 (1 h)',
    });
  });

  it('turns counts into error rates, leaving steps without requests empty', () => {
    const { points } = toErrorRateChartData(placeOrderLatencySeries('1h'));
    expect(points[1]).toEqual({
      time: Date.parse('2026-11-20T11:05:00Z'),
      errorPercent: (1 / 610) * 100,
      errorCount: 1,
      total: 610,
    });
    expect(points[11].errorPercent).toBeUndefined();
    expect(budgetErrorPercent(0.999)).toBe(0.1);
  });

  it('draws the budget in percent, stretching the axis below an overspent zero', () => {
    const points = toBudgetChartData(placeOrderErrorsEvaluation.trend);
    expect(points).toHaveLength(28);
    expect(points[27].remainingPercent).toBeCloseTo(-50);
    expect(budgetChartDomain(points)).toEqual([-50, 100]);
    expect(budgetChartDomain([{ time: 0, remainingPercent: 40 }])).toEqual([
      0, 100,
    ]);
    expect(describeBudgetTrend(placeOrderErrorsEvaluation.trend)).toBe(
      'Budget left over 28 days: from 94.6 % to -50 %',
    );
    expect(describeBudgetTrend([])).toBe('No budget trend yet');
  });

  it('puts time ticks on round times and formats them for the window', () => {
    const hour: [number, number] = [
      Date.parse('2026-11-20T11:03:00Z'),
      Date.parse('2026-11-20T12:03:00Z'),
    ];
    expect(
      chartTimeTicks(hour, '1h').map(t => formatChartTime(t, '1h')),
    ).toEqual(['11:10', '11:20', '11:30', '11:40', '11:50', '12:00']);
    const week: [number, number] = [
      Date.parse('2026-11-13T12:00:00Z'),
      Date.parse('2026-11-20T12:00:00Z'),
    ];
    expect(
      chartTimeTicks(week, '7d').map(t => formatChartTime(t, '7d')),
    ).toEqual([
      'Nov 14',
      'Nov 15',
      'Nov 16',
      'Nov 17',
      'Nov 18',
      'Nov 19',
      'Nov 20',
    ]);
    expect(chartTimeTicks(week, '24h')).toHaveLength(57);
    expect(formatChartDay(Date.parse('2026-11-20T00:00:00Z'))).toBe('Nov 20');
  });

  it('recognises the chart windows', () => {
    expect(['1h', '24h', '7d', '30d'].map(isSloChartWindow)).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('links and files', () => {
  it('opens traces in the configured trace UI, else in the suite', () => {
    expect(
      traceLink(
        'abc/1',
        'https://jaeger.example.com/trace/{traceId}?x={traceId}',
      ),
    ).toEqual({
      href: 'https://jaeger.example.com/trace/abc%2F1?x=abc%2F1',
      external: true,
    });
    expect(traceLink('abc')).toEqual({
      href: '/service-ownership/traces/abc',
      external: false,
    });
  });

  it('names export files after the entity and the format', () => {
    expect(sloExportFileName('orders', 'sloth')).toBe('orders-slos.sloth.yaml');
    expect(sloExportFileName('orders', 'prometheus')).toBe(
      'orders-slos.prometheus.yaml',
    );
    expect(sloExportFileName('orders', 'openslo')).toBe(
      'orders-slos.openslo.yaml',
    );
    expect(sloExportFileName('a b/c', 'sloth')).toBe('a-b-c-slos.sloth.yaml');
    expect(sloExportLabel('prometheus')).toBe('Prometheus rules');
  });
});

describe('suggestions and dependencies', () => {
  it('says what a suggestion achieved: the p99 for latency, the attainment otherwise', () => {
    expect(ordersSuggestions.suggestions.map(formatAchieved)).toEqual([
      'p99 380 ms',
      '99.8 %',
    ]);
  });

  it("describes a dependency's suggested SLO and calls", () => {
    const [payments, inventory] = placeOrderDependencySlos.dependencies;
    expect(describeSuggestedSlo(payments)).toBe('99.5 % latency ≤ 120 ms');
    expect(formatCallsPerRequest(inventory.callsPerRequest)).toBe('2.5');
    expect(formatCallsPerRequest(0.034)).toBe('0.03');
  });
});
