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
  DependencyContribution,
  dependencySloTargets,
  roundObjectiveDown,
} from './dependencySlos';

function withSlos(text: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', annotations: { [SLOS_ANNOTATION]: text } },
    spec: { owner: 'team-payments' },
  };
}

const errorsSlo: SloDefinition = {
  name: 'place-order-errors',
  operation: 'place_order',
  sli: 'error-rate',
  objective: 0.999,
  windowDays: 30,
};
const latencySlo: SloDefinition = {
  name: 'place-order-latency',
  operation: 'place_order',
  sli: 'latency',
  thresholdMs: 500,
  objective: 0.99,
  windowDays: 28,
};
const dependencies: DependencyContribution[] = [
  {
    service: 'inventory',
    operation: 'GET /inventory',
    callsPerRequest: 2,
    errorShare: 0.3,
    latencyShare: 0.09,
  },
  {
    service: 'shipping',
    operation: 'POST /shipments',
    callsPerRequest: 0.5,
    errorShare: 0,
    latencyShare: 0.23,
  },
  {
    service: 'payments',
    operation: 'POST /payments',
    callsPerRequest: 1,
    errorShare: 0.7,
    latencyShare: 0.68,
  },
];

describe('roundObjectiveDown', () => {
  it.each([
    [0.99937, 0.9993],
    [0.9993, 0.9993],
    [0.99999, 0.99999],
    [0.999994, 0.99999],
    [0.9999999, 0.99999],
    [0.99871, 0.998],
    [0.9951, 0.995],
    [0.987, 0.98],
    [0.95, 0.95],
    [0.85, 0.85],
    [0.862, 0.86],
    [0.05, 0.05],
    [0.0123, 0.012],
  ])('rounds %p down to %p', (objective, rounded) => {
    expect(roundObjectiveDown(objective)).toBe(rounded);
  });
});

describe('dependencySloTargets', () => {
  it('splits an error budget by error share, with a floor for services that never failed', () => {
    // Floor 1/(2·3) = 1/6: shares 0.7, 0.3 and 1/6, renormalised over 7/6 → 0.6, 0.2571…, 0.1428….
    const targets = dependencySloTargets({ parent: errorsSlo, dependencies });
    expect(targets.map(t => t.service)).toEqual([
      'payments',
      'inventory',
      'shipping',
    ]);
    const [payments, inventory, shipping] = targets;
    expect(payments).toEqual({
      service: 'payments',
      callsPerRequest: 1,
      errorShare: 0.7,
      latencyShare: 0.68,
      allottedShare: 0.6,
      // 0.6 × 0.001 per call → 0.9994.
      suggested: {
        name: 'payments-for-place-order-errors',
        operation: 'POST /payments',
        service: 'payments',
        sli: 'error-rate',
        windowDays: 30,
        description:
          'Keeps place-order-errors (99.9%) within budget with 60% of its error budget (1 call per request).',
        objective: 0.9994,
      },
      yaml: [
        '- name: payments-for-place-order-errors',
        '  description: Keeps place-order-errors (99.9%) within budget with 60% of its error budget (1 call per request).',
        '  operation: POST /payments',
        '  service: payments',
        '  sli: error-rate',
        '  objective: 99.94%',
        '  window: 30d',
        '',
      ].join('\n'),
    });
    // 0.2571 × 0.001 over 2 calls = 0.000128… → 0.999871 → 0.9998.
    expect(inventory.allottedShare).toBeCloseTo(0.257142857, 9);
    expect(inventory.suggested.objective).toBe(0.9998);
    expect(inventory.suggested.description).toBe(
      'Keeps place-order-errors (99.9%) within budget with 25.7% of its error budget (2 calls per request).',
    );
    // Half a call per request counts as one: 0.1429 × 0.001 → 0.999857 → 0.9998.
    expect(shipping.allottedShare).toBeCloseTo(0.142857143, 9);
    expect(shipping.suggested.objective).toBe(0.9998);
  });

  it('gives the whole budget to a single dependency', () => {
    const [only] = dependencySloTargets({
      parent: { ...errorsSlo, sli: 'availability' },
      dependencies: [dependencies[2]],
    });
    expect(only.allottedShare).toBe(1);
    expect(only.suggested).toMatchObject({
      sli: 'availability',
      objective: 0.999,
    });
  });

  it('splits a latency threshold by self-time share, rounded up to a nice value', () => {
    // Floor 1/6 lifts inventory's 0.09: shares 0.68, 1/6, 0.23 over 1.0767 → 0.6316, 0.1548, 0.2136.
    const targets = dependencySloTargets({ parent: latencySlo, dependencies });
    expect(
      targets.map(t => [
        t.service,
        t.suggested.thresholdMs,
        t.suggested.objective,
        t.suggested.windowDays,
      ]),
    ).toEqual([
      ['payments', 400, 0.99, 28], // 315.8 ms
      ['inventory', 100, 0.99, 28], // 77.4 ms
      ['shipping', 150, 0.99, 28], // 106.8 ms
    ]);
    expect(targets[0].suggested).toEqual({
      name: 'payments-for-place-order-latency',
      operation: 'POST /payments',
      service: 'payments',
      sli: 'latency',
      windowDays: 28,
      description:
        "Keeps place-order-latency (500 ms) within its threshold: 63.2% of its time is this service's own.",
      thresholdMs: 400,
      objective: 0.99,
    });
  });

  it("never sets a threshold above the parent's", () => {
    const [only] = dependencySloTargets({
      parent: { ...latencySlo, thresholdMs: 350 },
      dependencies: [dependencies[0]],
    });
    expect(only.suggested.thresholdMs).toBe(350);
  });

  it('writes annotations that read back as the suggested definitions', () => {
    for (const parent of [errorsSlo, latencySlo]) {
      for (const target of dependencySloTargets({ parent, dependencies })) {
        const { slos, problems } = readSloDefinitions(withSlos(target.yaml));
        expect(problems).toEqual([]);
        expect(slos).toEqual([target.suggested]);
      }
    }
  });

  it('keeps names valid and within 63 characters, shortening the service first', () => {
    const long = {
      ...dependencies[0],
      service: 'Warehouse.Management/System-of-the-Fulfilment-Centre-North',
    };
    const names = [errorsSlo, latencySlo].map(
      parent =>
        dependencySloTargets({ parent, dependencies: [long] })[0].suggested
          .name,
    );
    expect(names).toEqual([
      'warehouse-management-system-of-the-fulfi-for-place-order-errors',
      'warehouse-management-system-of-the-fulf-for-place-order-latency',
    ]);
    const veryLongParent = { ...errorsSlo, name: `${'p'.repeat(60)}-abc` };
    const [target] = dependencySloTargets({
      parent: veryLongParent,
      dependencies: [long],
    });
    expect(target.suggested.name).toBe(`warehous-for-${'p'.repeat(50)}`);
    for (const name of [...names, target.suggested.name]) {
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
    }
  });

  it('has nothing to split without dependencies, and needs a threshold for latency', () => {
    expect(
      dependencySloTargets({ parent: errorsSlo, dependencies: [] }),
    ).toEqual([]);
    expect(() =>
      dependencySloTargets({
        parent: { ...latencySlo, thresholdMs: undefined },
        dependencies,
      }),
    ).toThrow('SLO "place-order-latency" has a latency SLI but no threshold');
  });
});
