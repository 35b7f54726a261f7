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
import { SLOS_ANNOTATION } from '../annotations/keys';
import { readSloDefinitions, SloDefinition } from './definitions';
import {
  niceThresholdMs,
  OperationAchievement,
  sloAnnotationYaml,
  suggestObjectives,
} from './suggest';

function withSlos(text: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders', annotations: { [SLOS_ANNOTATION]: text } },
    spec: { owner: 'team-checkout' },
  };
}

function operation(
  overrides: Partial<OperationAchievement> = {},
): OperationAchievement {
  return {
    service: 'orders',
    operation: 'place_order',
    basisDays: 30,
    total: 100_000,
    errorCount: 40,
    p99Ms: 250,
    goodAtThreshold: () => 99_950,
    ...overrides,
  };
}

describe('niceThresholdMs', () => {
  it.each([
    [1, 10],
    [10, 10],
    [10.1, 20],
    [21, 25],
    [26, 50],
    [300, 300],
    [301, 400],
    [401, 500],
    [501, 750],
    [751, 1000],
    [3001, 5000],
    [7501, 10_000],
    [10_001, 15_000],
    [31_000, 50_000],
    [80_000, 100_000],
    [120_000, 150_000],
  ])('rounds %p ms up to %p ms', (ms, nice) => {
    expect(niceThresholdMs(ms)).toBe(nice);
  });

  it('does not round float noise up a step', () => {
    // (100 / 1.2) × 1.2 is 100.00000000000001 in binary floating point.
    expect((100 / 1.2) * 1.2).toBeGreaterThan(100);
    expect(niceThresholdMs((100 / 1.2) * 1.2)).toBe(100);
  });
});

describe('suggestObjectives', () => {
  it('suggests the highest objective that would have spent at most half its budget', () => {
    const goodAtThreshold = jest.fn(() => 99_950);
    const suggestions = suggestObjectives([operation({ goodAtThreshold })]);
    // p99 250 ms × 1.2 = 300 ms, a nice threshold already.
    expect(goodAtThreshold).toHaveBeenCalledWith(300);
    expect(suggestions).toEqual([
      {
        // 50 slow of 100 000 = 0.0005: exactly half the 99.9 % budget; 99.95 % would be spent entirely.
        definition: {
          name: 'place-order-latency',
          operation: 'place_order',
          service: 'orders',
          sli: 'latency',
          thresholdMs: 300,
          objective: 0.999,
          windowDays: 30,
        },
        basisDays: 30,
        total: 100_000,
        good: 99_950,
        achieved: 250,
        budgetSpent: 0.5,
      },
      {
        // 40 errors of 100 000 = 0.0004 ≤ 0.0005 (half of 99.9 %'s) but > 0.00025 (half of 99.95 %'s).
        definition: {
          name: 'place-order-errors',
          operation: 'place_order',
          service: 'orders',
          sli: 'error-rate',
          objective: 0.999,
          windowDays: 30,
        },
        basisDays: 30,
        total: 100_000,
        good: 99_960,
        achieved: 0.9996,
        budgetSpent: 0.4,
      },
    ]);
  });

  it('rounds the latency threshold up from p99 × 1.2', () => {
    const goodAtThreshold = jest.fn(() => 9_990);
    const [latency] = suggestObjectives([
      operation({ total: 10_000, p99Ms: 340, goodAtThreshold }),
    ]);
    // 340 × 1.2 = 408 → 500 ms; 10 slow of 10 000 = 0.001: within half of 99.5 %'s budget (0.0025), not 99.9 %'s.
    expect(goodAtThreshold).toHaveBeenCalledWith(500);
    expect(latency.definition).toMatchObject({
      thresholdMs: 500,
      objective: 0.995,
    });
    expect(latency.budgetSpent).toBe(0.2);
  });

  it('walks the whole ladder', () => {
    const objectiveFor = (errorCount: number) =>
      suggestObjectives([
        operation({ total: 1_000_000, errorCount, p99Ms: undefined }),
      ])[0]?.definition.objective;
    expect(objectiveFor(0)).toBe(0.9999);
    expect(objectiveFor(50)).toBe(0.9999); // 0.00005 = ½ × 0.0001
    expect(objectiveFor(51)).toBe(0.9995);
    expect(objectiveFor(250)).toBe(0.9995);
    expect(objectiveFor(2_500)).toBe(0.995);
    expect(objectiveFor(5_000)).toBe(0.99);
    expect(objectiveFor(10_000)).toBe(0.98);
    expect(objectiveFor(15_000)).toBe(0.97);
    expect(objectiveFor(25_000)).toBe(0.95);
    expect(objectiveFor(50_000)).toBe(0.9); // 5 %: exactly half of 90 %'s budget
    expect(objectiveFor(50_001)).toBeUndefined();
  });

  it('suggests no error SLO when even 90 % would spend more than half its budget', () => {
    const suggestions = suggestObjectives([
      operation({ total: 1_000, errorCount: 60, goodAtThreshold: () => 995 }),
    ]);
    expect(suggestions.map(s => s.definition.name)).toEqual([
      'place-order-latency',
    ]);
  });

  it('suggests no latency SLO without a p99', () => {
    const suggestions = suggestObjectives([operation({ p99Ms: undefined })]);
    expect(suggestions.map(s => s.definition.sli)).toEqual(['error-rate']);
  });

  it('skips operations with too few requests', () => {
    expect(
      suggestObjectives([operation({ total: 99, errorCount: 0 })]),
    ).toEqual([]);
    expect(
      suggestObjectives([operation({ total: 100, errorCount: 0 })]).length,
    ).toBe(2);
    expect(
      suggestObjectives([operation({ total: 499, errorCount: 0 })], {
        minRequests: 500,
      }),
    ).toEqual([]);
  });

  it("leaves out the entity's own service and names the others", () => {
    const suggestions = suggestObjectives(
      [operation(), operation({ service: 'orders-worker', operation: 'ship' })],
      { entityService: 'orders' },
    );
    expect(suggestions.map(s => s.definition.service)).toEqual([
      undefined,
      undefined,
      'orders-worker',
      'orders-worker',
    ]);
  });

  it('names SLOs after a slug of the operation, unique and at most 63 characters', () => {
    const suggestions = suggestObjectives(
      [
        operation({ operation: 'GET /orders/{id}' }),
        operation({ operation: 'get orders id' }),
        operation({ operation: `POST /${'x'.repeat(80)}` }),
        operation({ operation: '/' }),
      ],
      { entityService: 'orders' },
    );
    const names = suggestions.map(s => s.definition.name);
    expect(names).toEqual([
      'get-orders-id-latency',
      'get-orders-id-errors',
      'get-orders-id-2-latency',
      'get-orders-id-2-errors',
      `post-${'x'.repeat(50)}-latency`,
      `post-${'x'.repeat(50)}-errors`,
      'operation-latency',
      'operation-errors',
    ]);
    expect(names.every(name => name.length <= 63)).toBe(true);
    // Every suggestion is a valid definition: the annotation reads them all back.
    const { slos, problems } = readSloDefinitions(
      withSlos(sloAnnotationYaml(suggestions.map(s => s.definition))),
    );
    expect(problems).toEqual([]);
    expect(slos).toEqual(suggestions.map(s => s.definition));
  });
});

describe('sloAnnotationYaml', () => {
  const definitions: SloDefinition[] = [
    {
      name: 'place-order-latency',
      description: 'Orders are placed quickly.',
      operation: 'place_order',
      sli: 'latency',
      thresholdMs: 300,
      objective: 0.999,
      windowDays: 30,
    },
    {
      name: 'checkout-errors',
      operation: 'POST /checkout',
      service: 'storefront',
      sli: 'error-rate',
      objective: 0.9995,
      windowDays: 28,
    },
  ];

  it('writes the annotation notation', () => {
    expect(sloAnnotationYaml(definitions)).toBe(
      [
        '- name: place-order-latency',
        '  description: Orders are placed quickly.',
        '  operation: place_order',
        '  sli: latency',
        '  threshold: 300ms',
        '  objective: 99.9%',
        '  window: 30d',
        '- name: checkout-errors',
        '  operation: POST /checkout',
        '  service: storefront',
        '  sli: error-rate',
        '  objective: 99.95%',
        '  window: 28d',
        '',
      ].join('\n'),
    );
  });

  it('round-trips through readSloDefinitions', () => {
    const awkward: SloDefinition[] = [
      ...definitions,
      {
        name: 'odd-operation',
        description: 'quote " colon: # not a comment\n- item: 1',
        operation: '- "GET": /a #b\n{c}',
        sli: 'latency',
        thresholdMs: 1.5,
        objective: 0.99999,
        windowDays: 7,
      },
      {
        name: 'availability',
        operation: 'true',
        sli: 'availability',
        objective: 0.9,
        windowDays: 1,
      },
    ];
    const { slos, problems } = readSloDefinitions(
      withSlos(sloAnnotationYaml(awkward)),
    );
    expect(problems).toEqual([]);
    expect(slos).toEqual(awkward);
  });
});
