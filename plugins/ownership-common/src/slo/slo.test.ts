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
import { Entity } from '@backstage/catalog-model';
import { validateOwnershipAnnotations } from '../annotations/validation';
import {
  BURN_RATE_WINDOWS_MINUTES,
  burnRate,
  burnRateState,
  errorBudget,
} from './budget';
import { readSloDefinitions } from './definitions';

function withSlos(text: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders',
      annotations: { 'service-ownership.io/slos': text },
    },
    spec: { owner: 'team-checkout' },
  };
}

describe('readSloDefinitions', () => {
  it('reads latency and error-rate SLOs in every accepted notation', () => {
    const { slos, problems } = readSloDefinitions(
      withSlos(`
- name: place-order-latency
  description: Orders are placed quickly.
  operation: place_order
  sli: latency
  threshold: 300ms
  objective: 99%
  window: 28d
- name: place-order-errors
  operation: place_order
  service: orders
  sli: error-rate
  objective: 0.995
  window: 1w
- name: slow-path
  operation: GET /orders/{id}
  sli: latency
  threshold: 1.5s
  objective: 99.9
  window: 30d
`),
    );
    expect(problems).toEqual([]);
    expect(slos).toEqual([
      {
        name: 'place-order-latency',
        description: 'Orders are placed quickly.',
        operation: 'place_order',
        sli: 'latency',
        thresholdMs: 300,
        objective: 0.99,
        windowDays: 28,
      },
      {
        name: 'place-order-errors',
        operation: 'place_order',
        service: 'orders',
        sli: 'error-rate',
        objective: 0.995,
        windowDays: 7,
      },
      {
        name: 'slow-path',
        operation: 'GET /orders/{id}',
        sli: 'latency',
        thresholdMs: 1500,
        objective: 0.999,
        windowDays: 30,
      },
    ]);
  });

  it('locates each problem and keeps the valid definitions', () => {
    const { slos, problems, invalidNames } = readSloDefinitions(
      withSlos(`
- name: good-one
  operation: place_order
  sli: availability
  objective: 99.5%
  window: 28d
- name: Bad Name
  operation: place_order
  sli: latency
  objective: 100%
  window: 90d
  treshold: 300ms
- name: good-one
  operation: place_order
  sli: error-rate
  threshold: 1s
  objective: 99%
  window: 7d
`),
    );
    expect(slos.map(s => s.name)).toEqual(['good-one']);
    // The names of the definitions left out, so an API can say a named SLO exists but is invalid.
    expect(invalidNames).toEqual(['Bad Name', 'good-one']);
    const path = 'metadata.annotations["service-ownership.io/slos"]';
    expect(problems.map(p => `${p.path}: ${p.message.split(';')[0]}`)).toEqual([
      `${path}[1].treshold (line 7): is not a field of an SLO`,
      `${path}[1].name (line 7): must be lower-case letters, digits and dashes (at most 63), e.g. place-order-latency`,
      `${path}[1].threshold (line 7): is required for a latency SLI: a positive duration such as 300ms or 1.5s`,
      `${path}[1].objective (line 7): must be a percentage below 100, such as 99.9% (or a ratio such as 0.999)`,
      `${path}[1].window (line 7): must be a rolling window of 1d, 7d, 14d, 28d, 30d (or 1w, 2w, 4w)`,
      `${path}[2].name (line 13): "good-one" is used by an earlier SLO of this entity`,
      `${path}[2].threshold (line 13): applies to latency SLIs only, not error-rate`,
    ]);
    expect(problems.every(p => p.severity === 'error')).toBe(true);
  });

  it('reports YAML that does not parse, or is not a list, without throwing', () => {
    const broken = readSloDefinitions(withSlos('- name: x\n  sli: [latency'));
    expect(broken.slos).toEqual([]);
    expect(broken.problems[0].message).toMatch(
      /^is not valid YAML: .* \(line \d+, column \d+\); expected a list of SLO definitions$/,
    );
    const mapping = readSloDefinitions(withSlos('name: x'));
    expect(mapping.problems[0].message).toMatch(/must be a YAML list/);
    const scalar = readSloDefinitions(withSlos('- just a string'));
    expect(scalar.problems[0].path).toBe(
      'metadata.annotations["service-ownership.io/slos"][0] (line 1)',
    );
  });

  it('has nothing to say about an entity without SLOs, and the annotation is a known key', () => {
    expect(
      readSloDefinitions({ ...withSlos(''), metadata: { name: 'x' } }),
    ).toEqual({ slos: [], problems: [], invalidNames: [] });
    expect(
      validateOwnershipAnnotations(withSlos('[]'), { now: new Date() }),
    ).toEqual([]);
  });
});

describe('errorBudget', () => {
  it('computes attainment and the budget left on hand-computed counts', () => {
    // 99 % over 10,000 requests allows 100 bad; 25 bad leave 75 %.
    expect(errorBudget({ good: 9975, total: 10000 }, 0.99)).toEqual({
      attainment: 0.9975,
      allowedBad: expect.closeTo(100, 9),
      bad: 25,
      remaining: expect.closeTo(0.75, 9),
    });
  });

  it('goes negative when overspent, to −(1/(1−objective) − 1) at 100 % errors', () => {
    const allBad = errorBudget({ good: 0, total: 200 }, 0.99);
    expect(allBad.attainment).toBe(0);
    expect(allBad.remaining).toBeCloseTo(-99, 9);
    expect(errorBudget({ good: 180, total: 200 }, 0.95).remaining).toBeCloseTo(
      -1,
      9,
    );
  });

  it('leaves the budget whole and the attainment unknown without traffic', () => {
    expect(errorBudget({ good: 0, total: 0 }, 0.999)).toEqual({
      attainment: undefined,
      allowedBad: 0,
      bad: 0,
      remaining: 1,
    });
  });
});

describe('burnRate and burnRateState', () => {
  it('is the bad ratio over the allowed ratio', () => {
    expect(burnRate({ good: 990, total: 1000 }, 0.99)).toBeCloseTo(1, 9);
    expect(burnRate({ good: 856, total: 1000 }, 0.99)).toBeCloseTo(14.4, 9);
    expect(burnRate({ good: 0, total: 0 }, 0.99)).toBe(0);
    expect(burnRate({ good: 0, total: 10 }, 0.9)).toBeCloseTo(10, 9);
  });

  /** Counts for every window with the same bad ratio, except the overrides. */
  function windows(
    badRatio: number,
    overrides: Record<number, number> = {},
  ): Record<number, { good: number; total: number }> {
    return Object.fromEntries(
      BURN_RATE_WINDOWS_MINUTES.map(minutes => {
        const ratio = overrides[minutes] ?? badRatio;
        const total = minutes * 100;
        return [minutes, { good: Math.round(total * (1 - ratio)), total }];
      }),
    );
  }

  it('needs every window in BURN_RATE_WINDOWS_MINUTES', () => {
    expect(BURN_RATE_WINDOWS_MINUTES).toEqual([
      5, 30, 60, 120, 360, 1440, 4320,
    ]);
  });

  it('is ok at or below the slowest factor', () => {
    expect(burnRateState(windows(0.001), 0.999).state).toBe('ok');
    expect(burnRateState({}, 0.999).state).toBe('ok');
  });

  it('pages at 14.4× over 1 h when the last 5 minutes burn too', () => {
    const state = burnRateState(windows(0.0005, { 60: 0.015, 5: 0.02 }), 0.999);
    expect(state.state).toBe('page');
    expect(state.firing).toMatchObject({ factor: 14.4, longWindowMinutes: 60 });
    expect(state.burnRates[60]).toBeCloseTo(15, 6);
  });

  it('does not page on a burst that already stopped (short window cool)', () => {
    const state = burnRateState(windows(0.0005, { 60: 0.015, 5: 0 }), 0.999);
    expect(state.state).toBe('ok');
  });

  it('pages at 6× over 6 h, and prefers a page over a ticket', () => {
    const state = burnRateState(
      windows(0.004, { 360: 0.007, 30: 0.007, 5: 0, 60: 0.002 }),
      0.999,
    );
    expect(state.state).toBe('page');
    expect(state.firing).toMatchObject({ factor: 6, longWindowMinutes: 360 });
  });

  it('opens a ticket at 3× over 1 d with 2 h, or 1× over 3 d with 6 h', () => {
    expect(
      burnRateState(windows(0.0005, { 1440: 0.0035, 120: 0.004 }), 0.999),
    ).toMatchObject({
      state: 'ticket',
      firing: { factor: 3, longWindowMinutes: 1440 },
    });
    expect(
      burnRateState(windows(0.0005, { 4320: 0.0015, 360: 0.002 }), 0.999),
    ).toMatchObject({
      state: 'ticket',
      firing: { factor: 1, longWindowMinutes: 4320 },
    });
  });
});
