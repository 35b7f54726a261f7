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
import { computeDependencyDrift, declaredDependencies } from './drift';
import { buildTelemetryIndex, findUnownedNodes } from './telemetryIndex';

const now = new Date('2026-11-21T12:00:00Z');

function entity(
  kind: string,
  name: string,
  annotations: Record<string, string> = {},
  spec: Record<string, unknown> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'team', ...spec },
  };
}

describe('buildTelemetryIndex', () => {
  const catalog = [
    entity('Component', 'orders', {
      'service-ownership.io/signal-operations': 'place_order',
    }),
    entity('Component', 'payments', {
      'service-ownership.io/service-name': 'payments-api, shop/payments',
    }),
    entity('Component', 'payment-provider', {
      'service-ownership.io/service-name': 'psp.example.net',
    }),
    entity('Resource', 'inventory-db'),
    entity('Component', 'legacy-search', {
      'jaegertracing.io/service': 'Search-Service',
    }),
    entity('Component', 'broken', {
      'service-ownership.io/service-name': 'has space',
    }),
    entity('System', 'shop'),
    entity('API', 'orders-api'),
  ];
  const index = buildTelemetryIndex(catalog, { now });

  it('matches services by annotation, by the Jaeger annotation and by metadata.name', () => {
    expect(index.resolve('orders')).toEqual({
      entityRef: 'component:default/orders',
      source: 'default',
    });
    expect(index.resolve('payments-api')).toEqual({
      entityRef: 'component:default/payments',
      source: 'annotation',
    });
    expect(index.resolve('psp.example.net')?.entityRef).toBe(
      'component:default/payment-provider',
    );
    expect(index.resolve('inventory-db')?.entityRef).toBe(
      'resource:default/inventory-db',
    );
    expect(index.resolve('search-service')).toEqual({
      entityRef: 'component:default/legacy-search',
      source: 'jaeger',
    });
  });

  it('matches namespace/name claims only with that service.namespace', () => {
    expect(index.resolve('payments', 'shop')?.entityRef).toBe(
      'component:default/payments',
    );
    // Without the namespace, "payments" falls back to the default claim of... nobody: the entity named
    // payments claims its annotation's names, not its own name.
    expect(index.resolve('payments')).toBeUndefined();
  });

  it('matches case-insensitively (Zipkin lower-cases service names)', () => {
    expect(index.resolve('ORDERS')?.entityRef).toBe('component:default/orders');
  });

  it('does not let a malformed annotation fall back to the entity name, nor systems and APIs claim their names', () => {
    expect(index.resolve('broken')).toBeUndefined();
    expect(index.resolve('shop')).toBeUndefined();
    expect(index.resolve('orders-api')).toBeUndefined();
  });

  it('lets an explicit claim win over a default one, and reports equally strong conflicts', () => {
    const contested = buildTelemetryIndex(
      [
        entity('Component', 'orders'),
        entity('Component', 'orders-v2', {
          'service-ownership.io/service-name': 'orders',
        }),
        entity('Component', 'a', {
          'service-ownership.io/service-name': 'shared',
        }),
        entity('Component', 'b', {
          'service-ownership.io/service-name': 'shared',
        }),
      ],
      { now },
    );
    expect(contested.resolve('orders')?.entityRef).toBe(
      'component:default/orders-v2',
    );
    expect(contested.resolve('shared')?.entityRef).toBe('component:default/a');
    expect(contested.conflicts).toEqual([
      {
        node: 'shared',
        source: 'annotation',
        entityRefs: ['component:default/a', 'component:default/b'],
      },
    ]);
    expect(contested.nodesOf('component:default/orders-v2')).toEqual([
      'orders',
    ]);
    expect(contested.claimSourceOf('component:default/orders-v2')).toBe(
      'annotation',
    );
    expect(contested.claimSourceOf('component:default/orders')).toBe('default');
    expect(contested.claimSourceOf('component:default/none')).toBeUndefined();
  });

  it('lists unowned nodes with their traffic and callers, busiest (requests received and made) first, without "user"', () => {
    const unowned = findUnownedNodes(
      [
        { client: 'user', server: 'storefront', count: 100, errorCount: 0 },
        { client: 'storefront', server: 'orders', count: 50, errorCount: 2 },
        { client: 'orders', server: 'redis-cache', count: 40, errorCount: 1 },
        {
          client: 'payments-api',
          server: 'redis-cache',
          count: 60,
          errorCount: 0,
        },
        { client: 'mystery-job', server: 'orders', count: 5, errorCount: 0 },
      ],
      index,
    );
    expect(unowned).toEqual([
      {
        node: 'storefront',
        requestCount: 100,
        errorCount: 0,
        callers: ['user'],
        callCount: 50,
      },
      {
        node: 'redis-cache',
        requestCount: 100,
        errorCount: 1,
        callers: ['payments-api', 'orders'],
        callCount: 0,
      },
      {
        node: 'mystery-job',
        requestCount: 0,
        errorCount: 0,
        callers: [],
        callCount: 5,
      },
    ]);
  });
});

describe('computeDependencyDrift', () => {
  const storefront = entity(
    'Component',
    'storefront',
    {},
    {
      dependsOn: [
        'component:orders',
        'component:recommendations',
        'component:shipping',
      ],
    },
  );

  it('reads declared dependencies from spec.dependsOn, not from relations that may hold observed ones', () => {
    expect(declaredDependencies(storefront)).toEqual([
      'component:default/orders',
      'component:default/recommendations',
      'component:default/shipping',
    ]);
    expect(
      declaredDependencies({
        ...storefront,
        relations: [{ type: 'dependsOn', targetRef: 'resource:default/db' }],
      }),
    ).toEqual([
      'component:default/orders',
      'component:default/recommendations',
      'component:default/shipping',
    ]);
  });

  it('splits observed callees into agreeing, undeclared and unowned, and declared ones into not observed', () => {
    const drift = computeDependencyDrift(storefront, [
      { node: 'orders', entityRef: 'component:default/orders', count: 300 },
      {
        node: 'recommendations',
        entityRef: 'component:default/recommendations',
        count: 280,
      },
      { node: 'cdn.example.net', count: 12 },
      { node: 'search', entityRef: 'component:default/search', count: 30 },
      { node: 'auth', entityRef: 'component:platform/auth', count: 90 },
    ]);
    expect(drift.agreeing.map(d => d.node)).toEqual([
      'orders',
      'recommendations',
    ]);
    expect(drift.declaredNotObserved).toEqual(['component:default/shipping']);
    expect(drift.undeclared.map(d => d.entityRef)).toEqual([
      'component:platform/auth',
      'component:default/search',
    ]);
    expect(drift.unowned.map(d => d.node)).toEqual(['cdn.example.net']);
    // Appended to the existing dependsOn list, in the form people write (kind:name in the same namespace).
    expect(drift.yamlToAdd).toBe(
      ['    - component:platform/auth', '    - component:search'].join('\n'),
    );
  });

  it('proposes the whole dependsOn block when the entity has none, and nothing when all agree', () => {
    const orders = entity('Component', 'orders');
    expect(
      computeDependencyDrift(orders, [
        {
          node: 'inventory-db',
          entityRef: 'resource:default/inventory-db',
          count: 3,
        },
      ]).yamlToAdd,
    ).toBe(['  dependsOn:', '    - resource:inventory-db'].join('\n'));
    expect(
      computeDependencyDrift(
        entity(
          'Component',
          'orders',
          {},
          { dependsOn: ['resource:inventory-db'] },
        ),
        [
          {
            node: 'inventory-db',
            entityRef: 'resource:default/inventory-db',
            count: 3,
          },
        ],
      ),
    ).toEqual({
      undeclared: [],
      declaredNotObserved: [],
      agreeing: [
        {
          node: 'inventory-db',
          entityRef: 'resource:default/inventory-db',
          count: 3,
        },
      ],
      unowned: [],
      yamlToAdd: '',
    });
  });

  it('merges nodes claimed by one entity and ignores calls to itself', () => {
    const drift = computeDependencyDrift(entity('Component', 'payments'), [
      {
        node: 'payments-api',
        entityRef: 'component:default/payments',
        count: 9,
      },
      { node: 'psp-a', entityRef: 'component:default/psp', count: 4 },
      { node: 'psp-b', entityRef: 'component:default/psp', count: 6 },
    ]);
    expect(drift.undeclared).toEqual([
      { node: 'psp-a', entityRef: 'component:default/psp', count: 10 },
    ]);
  });
});
