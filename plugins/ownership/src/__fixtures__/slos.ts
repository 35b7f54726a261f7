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
  DependencySlos,
  EntitySlos,
  GroupSlos,
  SloBurnWindow,
  SloChartWindow,
  SloDefinition,
  SloEvaluation,
  SloExemplar,
  SloSeries,
  SloSuggestions,
  SloTrendPoint,
} from '@service-ownership/plugin-ownership-common';
import { NOW } from './shop';

/**
 * SLO fixtures of the demo shop's orders service, evaluated at {@link NOW}: a latency SLO well within
 * budget, an error-rate SLO overspent and paging, and an availability SLO without traffic.
 */

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

function iso(millis: number): string {
  return new Date(millis).toISOString().replace('.000Z', 'Z');
}

function burnWindows(
  burnRates: Record<number, number>,
  total: number,
): SloBurnWindow[] {
  return Object.entries(burnRates).map(([minutes, burnRate]) => {
    const windowTotal = Math.round((total * Number(minutes)) / (28 * 1440));
    return {
      minutes: Number(minutes),
      from: iso(NOW.getTime() - Number(minutes) * 60 * 1000),
      to: iso(NOW.getTime()),
      precisionMinutes: Number(minutes) <= 60 ? 1 : 60,
      good: windowTotal - Math.round(windowTotal * burnRate * 0.01),
      total: windowTotal,
      burnRate,
    };
  });
}

/** A daily budget trend ending at `NOW`, from 100 % down to `last`. */
function trend(days: number, last: number): SloTrendPoint[] {
  const start = NOW.getTime() - days * DAY;
  return Array.from({ length: days }, (_, day) => ({
    start: iso(start + day * DAY),
    good: 35000,
    total: 35700,
    remaining: 1 - ((1 - last) * (day + 1)) / days,
  }));
}

export const placeOrderLatency: SloDefinition = {
  name: 'place-order-latency',
  operation: 'place_order',
  sli: 'latency',
  thresholdMs: 300,
  objective: 0.99,
  windowDays: 28,
};

export const placeOrderErrors: SloDefinition = {
  name: 'place-order-errors',
  description: 'Orders must go through.',
  operation: 'place_order',
  sli: 'error-rate',
  objective: 0.999,
  windowDays: 28,
};

export const refundAvailability: SloDefinition = {
  name: 'refund-availability',
  operation: 'refund',
  sli: 'availability',
  objective: 0.995,
  windowDays: 7,
};

const sloWindow = {
  from: iso(NOW.getTime() - 28 * DAY),
  to: iso(NOW.getTime()),
  days: 28,
};

export const placeOrderLatencyEvaluation: SloEvaluation = {
  definition: placeOrderLatency,
  service: 'orders',
  window: sloWindow,
  good: 998740,
  total: 1000000,
  attainment: 0.99874,
  budget: { allowedBad: 10000, bad: 1260, remaining: 0.874 },
  state: 'ok',
  burnWindows: burnWindows(
    { 5: 0.2, 30: 0.1, 60: 0.12, 120: 0.1, 360: 0.11, 1440: 0.13, 4320: 0.12 },
    1000000,
  ),
  trend: trend(28, 0.874),
  rowsRead: 1200,
};

export const placeOrderErrorsEvaluation: SloEvaluation = {
  definition: placeOrderErrors,
  service: 'orders',
  window: sloWindow,
  good: 998500,
  total: 1000000,
  attainment: 0.9985,
  budget: { allowedBad: 1000, bad: 1500, remaining: -0.5 },
  state: 'page',
  firing: {
    severity: 'page',
    factor: 14.4,
    longWindowMinutes: 60,
    shortWindowMinutes: 5,
  },
  burnWindows: burnWindows(
    { 5: 31.5, 30: 22, 60: 18.2, 120: 9.6, 360: 4.1, 1440: 2.2, 4320: 1.3 },
    1000000,
  ),
  trend: trend(28, -0.5),
  rowsRead: 1200,
};

export const refundAvailabilityEvaluation: SloEvaluation = {
  definition: refundAvailability,
  service: 'orders',
  window: { ...sloWindow, from: iso(NOW.getTime() - 7 * DAY), days: 7 },
  good: 0,
  total: 0,
  budget: { allowedBad: 0, bad: 0, remaining: 1 },
  state: 'no-data',
  burnWindows: burnWindows(
    { 5: 0, 30: 0, 60: 0, 120: 0, 360: 0, 1440: 0, 4320: 0 },
    0,
  ),
  trend: trend(7, 1),
  rowsRead: 300,
};

/** The orders SLOs: latency (ok), errors (paging, overspent), refund availability (no traffic). */
export const ordersSlos: EntitySlos = {
  entityRef: 'component:default/orders',
  service: 'orders',
  evaluatedAt: iso(NOW.getTime()),
  slos: [
    placeOrderLatencyEvaluation,
    placeOrderErrorsEvaluation,
    refundAvailabilityEvaluation,
  ],
  problems: [],
  editUrl:
    'https://github.com/example/shop/blob/main/orders/catalog-info.yaml',
};

/** An entity without SLOs. */
export const noSlos: EntitySlos = {
  entityRef: 'component:default/recommendations',
  service: 'recommendations',
  evaluatedAt: iso(NOW.getTime()),
  slos: [],
  problems: [],
};

/** A located problem of the SLO annotation (its SLO is left out). */
export const objectiveProblem: EntitySlos['problems'][number] = {
  severity: 'error',
  annotation: 'service-ownership.io/slos',
  path: 'metadata.annotations["service-ownership.io/slos"][1].objective (line 9)',
  value: '100%',
  message:
    'must be a percentage below 100, such as 99.9% (or a ratio such as 0.999)',
};

const STEP_SECONDS: Record<SloChartWindow, number> = {
  '1h': 300,
  '24h': 300,
  '7d': 3600,
};

const WINDOW_MS: Record<SloChartWindow, number> = {
  '1h': HOUR,
  '24h': DAY,
  '7d': 7 * DAY,
};

/**
 * The chart data of place-order-latency over a window: a step every 5 minutes (hourly over 7 days), the
 * last step without requests; 5 exemplars over the hour (2 slower than the 300 ms threshold), 7 otherwise.
 */
export function placeOrderLatencySeries(window: SloChartWindow): SloSeries {
  const stepSeconds = STEP_SECONDS[window];
  const from = NOW.getTime() - WINDOW_MS[window];
  const steps = WINDOW_MS[window] / (stepSeconds * 1000);
  const points = Array.from({ length: steps }, (_, step) => {
    const total = step === steps - 1 ? 0 : 600 + (step % 5) * 10;
    return {
      start: iso(from + step * stepSeconds * 1000),
      total,
      errorCount: total === 0 ? 0 : step % 3,
      good: total === 0 ? 0 : total - 4,
      ...(total === 0
        ? {}
        : { p50Ms: 110 + (step % 4) * 5, p99Ms: 260 + (step % 6) * 20 }),
    };
  });
  const durations =
    window === '1h'
      ? [120, 180, 420, 250, 950]
      : [120, 180, 420, 250, 950, 90, 310];
  const exemplars: SloExemplar[] = durations.map((durationMs, index) => ({
    traceId: `4bf92f3577b34da6a3ce929d0e0e47${String(index).padStart(2, '0')}`,
    spanId: `00f067aa0ba902b${index}`,
    start: iso(from + ((index + 1) * WINDOW_MS[window]) / (durations.length + 2)),
    durationMs,
    error: durationMs === 950,
    good: durationMs <= 300,
  }));
  return {
    entityRef: 'component:default/orders',
    slo: placeOrderLatency.name,
    service: 'orders',
    sli: 'latency',
    objective: placeOrderLatency.objective,
    thresholdMs: placeOrderLatency.thresholdMs,
    window: { from: iso(from), to: iso(NOW.getTime()), stepSeconds },
    points,
    exemplars,
  };
}

/** What orders could promise today. */
export const ordersSuggestions: SloSuggestions = {
  entityRef: 'component:default/orders',
  service: 'orders',
  suggestions: [
    {
      definition: {
        name: 'place-order-latency',
        operation: 'place_order',
        sli: 'latency',
        thresholdMs: 400,
        objective: 0.99,
        windowDays: 28,
      },
      basisDays: 30,
      total: 1200000,
      good: 1194000,
      achieved: 380,
      budgetSpent: 0.5,
    },
    {
      definition: {
        name: 'place-order-errors',
        operation: 'place_order',
        sli: 'error-rate',
        objective: 0.995,
        windowDays: 28,
      },
      basisDays: 30,
      total: 1200000,
      good: 1197600,
      achieved: 0.998,
      budgetSpent: 0.4,
    },
  ],
  yaml: [
    'metadata:',
    '  annotations:',
    '    service-ownership.io/slos: |',
    '      - name: place-order-latency',
    '        operation: place_order',
    '        sli: latency',
    '        threshold: 400ms',
    '        objective: 99%',
    '        window: 28d',
    '      - name: place-order-errors',
    '        operation: place_order',
    '        sli: error-rate',
    '        objective: 99.5%',
    '        window: 28d',
  ].join('\n'),
};

/** The downstream services of place-order-latency, most error share first. */
export const placeOrderDependencySlos: DependencySlos = {
  entityRef: 'component:default/orders',
  slo: 'place-order-latency',
  tracesExamined: 120,
  failingTraces: 14,
  dependencies: [
    {
      service: 'payments',
      entityRef: 'component:default/payments',
      owner: 'group:default/team-payments',
      callsPerRequest: 1,
      errorShare: 0.71,
      latencyShare: 0.42,
      suggested: {
        name: 'place-order-latency-payments',
        operation: 'charge',
        service: 'payments',
        sli: 'latency',
        thresholdMs: 120,
        objective: 0.995,
        windowDays: 28,
      },
      yaml: [
        'service-ownership.io/slos: |',
        '  - name: place-order-latency-payments',
        '    operation: charge',
        '    sli: latency',
        '    threshold: 120ms',
        '    objective: 99.5%',
        '    window: 28d',
      ].join('\n'),
    },
    {
      service: 'inventory',
      entityRef: 'component:default/inventory',
      owner: 'group:default/team-fulfilment',
      callsPerRequest: 2.5,
      errorShare: 0.14,
      latencyShare: 0.21,
      suggested: {
        name: 'place-order-latency-inventory',
        operation: 'reserve',
        service: 'inventory',
        sli: 'latency',
        thresholdMs: 60,
        objective: 0.998,
        windowDays: 28,
      },
      yaml: [
        'service-ownership.io/slos: |',
        '  - name: place-order-latency-inventory',
        '    operation: reserve',
        '    sli: latency',
        '    threshold: 60ms',
        '    objective: 99.8%',
        '    window: 28d',
      ].join('\n'),
    },
    {
      service: 'psp.example.net',
      callsPerRequest: 1,
      errorShare: 0.07,
      latencyShare: 0.3,
      suggested: {
        name: 'place-order-latency-psp-example-net',
        operation: 'POST /charges',
        service: 'psp.example.net',
        sli: 'latency',
        thresholdMs: 90,
        objective: 0.995,
        windowDays: 28,
      },
      yaml: [
        'service-ownership.io/slos: |',
        '  - name: place-order-latency-psp-example-net',
        '    operation: POST /charges',
        '    sli: latency',
        '    threshold: 90ms',
        '    objective: 99.5%',
        '    window: 28d',
      ].join('\n'),
    },
  ],
};

/** Every SLO of team-checkout's entities, budget remaining ascending. */
export const teamCheckoutSlos: GroupSlos = {
  groupRef: 'group:default/team-checkout',
  evaluatedAt: iso(NOW.getTime()),
  slos: [
    {
      entityRef: 'component:default/orders',
      evaluation: placeOrderErrorsEvaluation,
    },
    {
      entityRef: 'resource:default/order-events',
      evaluation: {
        ...placeOrderLatencyEvaluation,
        definition: {
          ...placeOrderLatency,
          name: 'publish-latency',
          operation: 'publish',
          thresholdMs: 50,
        },
        attainment: 0.9968,
        budget: { allowedBad: 10000, bad: 3200, remaining: 0.68 },
        state: 'ticket',
        firing: {
          severity: 'ticket',
          factor: 3,
          longWindowMinutes: 1440,
          shortWindowMinutes: 120,
        },
      },
    },
    {
      entityRef: 'component:default/orders',
      evaluation: placeOrderLatencyEvaluation,
    },
    {
      entityRef: 'component:default/orders',
      evaluation: refundAvailabilityEvaluation,
    },
  ],
  problems: [{ entityRef: 'component:default/shipping', count: 2 }],
};
