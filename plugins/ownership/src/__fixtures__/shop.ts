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
import {
  DependencyGraphEdge,
  EntityDependencies,
  GroupDependencies,
  SERVICE_NAME_ANNOTATION,
  UnownedTraffic,
} from '@service-ownership/plugin-ownership-common';

/**
 * Test fixtures shaped like the demo shop (examples/shop.yaml): storefront → orders → payments →
 * payment-provider (the peer psp.example.net), orders → inventory → inventory-db, orders → shipping over
 * Kafka, storefront → recommendations, and requests from outside into storefront.
 */

export const NOW = new Date('2026-11-20T12:00:00Z');

const window = {
  from: '2026-11-19T12:00:00Z',
  to: '2026-11-20T12:00:00Z',
  stepSeconds: 3600,
};

export const ordersEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    namespace: 'default',
    title: 'Orders',
    annotations: { [SERVICE_NAME_ANNOTATION]: 'orders' },
  },
  spec: {
    type: 'service',
    owner: 'team-checkout',
    dependsOn: ['component:payments', 'component:inventory'],
  },
};

export const recommendationsEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'recommendations',
    namespace: 'default',
    title: 'Recommendations',
  },
  spec: { type: 'service', owner: 'team-discovery' },
};

export const teamCheckoutEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-checkout', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function edge(
  from: string,
  to: string,
  values: Partial<DependencyGraphEdge> & { count: number },
): DependencyGraphEdge {
  const seconds = 24 * 3600;
  return {
    from,
    to,
    connectionType: '',
    errorCount: 0,
    ratePerSecond: values.count / seconds,
    errorRate: values.errorCount ? values.errorCount / values.count : 0,
    latencyMs: { p50: 40, p90: 90, p99: 180 },
    firstSeen: '2026-10-01T08:00:00Z',
    lastSeen: '2026-11-20T11:58:00Z',
    sampleTraceIds: ['4bf92f3577b34da6a3ce929d0e0e4736'],
    trend: [10, 12, 30, 24, 18, 40],
    ...values,
  };
}

/** The orders component's dependencies over 24 hours, 2 hops deep. */
export const ordersDependencies: EntityDependencies = {
  entityRef: 'component:default/orders',
  window,
  depth: 2,
  traceNodes: ['orders'],
  claimSource: 'annotation',
  conflicts: [],
  nodes: [
    {
      id: 'trace:user',
      traceNodes: ['user'],
      nodeType: 'user',
      depth: 2,
      direction: 'upstream',
    },
    {
      id: 'component:default/storefront',
      entityRef: 'component:default/storefront',
      kind: 'Component',
      title: 'Storefront',
      owner: 'group:default/team-discovery',
      traceNodes: ['storefront'],
      nodeType: 'service',
      depth: 1,
      direction: 'upstream',
    },
    {
      id: 'component:default/orders',
      entityRef: 'component:default/orders',
      kind: 'Component',
      title: 'Orders',
      owner: 'group:default/team-checkout',
      traceNodes: ['orders'],
      nodeType: 'service',
      depth: 0,
      direction: 'root',
    },
    {
      id: 'component:default/payments',
      entityRef: 'component:default/payments',
      kind: 'Component',
      title: 'Payments',
      owner: 'group:default/team-payments',
      traceNodes: ['payments'],
      nodeType: 'service',
      depth: 1,
      direction: 'downstream',
    },
    {
      id: 'component:default/payment-provider',
      entityRef: 'component:default/payment-provider',
      kind: 'Component',
      title: 'Payment service provider',
      owner: 'group:default/team-payments',
      traceNodes: ['psp.example.net'],
      nodeType: 'peer',
      depth: 2,
      direction: 'downstream',
    },
    {
      id: 'component:default/inventory',
      entityRef: 'component:default/inventory',
      kind: 'Component',
      title: 'Inventory',
      owner: 'group:default/team-fulfilment',
      traceNodes: ['inventory'],
      nodeType: 'service',
      depth: 1,
      direction: 'downstream',
    },
    {
      id: 'resource:default/inventory-db',
      entityRef: 'resource:default/inventory-db',
      kind: 'Resource',
      title: 'Inventory database',
      owner: 'group:default/team-fulfilment',
      traceNodes: ['inventory-db'],
      nodeType: 'database',
      depth: 2,
      direction: 'downstream',
    },
    {
      id: 'component:default/shipping',
      entityRef: 'component:default/shipping',
      kind: 'Component',
      title: 'Shipping',
      owner: 'group:default/team-fulfilment',
      traceNodes: ['shipping'],
      nodeType: 'service',
      depth: 1,
      direction: 'downstream',
    },
    {
      id: 'trace:mail.example.net',
      traceNodes: ['mail.example.net'],
      nodeType: 'peer',
      depth: 1,
      direction: 'downstream',
    },
  ],
  edges: [
    edge('trace:user', 'component:default/storefront', { count: 172800 }),
    edge('component:default/storefront', 'component:default/orders', {
      count: 8640,
      errorCount: 86,
      latencyMs: { p50: 120, p90: 310, p99: 840 },
    }),
    edge('component:default/orders', 'component:default/payments', {
      count: 8000,
      errorCount: 160,
      latencyMs: { p50: 95, p90: 240, p99: 610 },
      trend: [300, 320, 340, 360, 330, 350],
    }),
    edge('component:default/payments', 'component:default/payment-provider', {
      connectionType: 'virtual_node',
      count: 7900,
      errorCount: 150,
      latencyMs: { p50: 80, p90: 200, p99: 540 },
    }),
    edge('component:default/orders', 'component:default/inventory', {
      count: 16000,
      latencyMs: { p50: 12, p90: 30, p99: 65 },
      sampleTraceIds: [
        '0af7651916cd43dd8448eb211c80319c',
        'b7ad6b7169203331ba0f8e3ac1a6d0c2',
      ],
    }),
    edge('component:default/inventory', 'resource:default/inventory-db', {
      connectionType: 'database',
      count: 32000,
      latencyMs: { p50: 2, p90: 5, p99: 11 },
    }),
    edge('component:default/orders', 'component:default/shipping', {
      connectionType: 'messaging_system',
      count: 60,
      latencyMs: { p50: 4, p90: 9, p99: 25 },
      firstSeen: '2026-11-20T09:00:00Z',
      trend: [0, 0, 0, 10, 20, 30],
    }),
    edge('component:default/orders', 'trace:mail.example.net', {
      connectionType: 'virtual_node',
      count: 7800,
      errorCount: 1,
      latencyMs: { p50: 210, p90: 400, p99: 1450 },
    }),
  ],
  drift: {
    undeclared: [
      {
        node: 'shipping',
        entityRef: 'component:default/shipping',
        count: 1200,
      },
    ],
    declaredNotObserved: [],
    agreeing: [
      {
        node: 'inventory',
        entityRef: 'component:default/inventory',
        count: 480000,
      },
      {
        node: 'payments',
        entityRef: 'component:default/payments',
        count: 240000,
      },
    ],
    unowned: [{ node: 'mail.example.net', count: 234000 }],
    yamlToAdd: '    - component:shipping',
    windowDays: 30,
    sourceLocation:
      'url:https://github.com/example/shop/blob/main/orders/catalog-info.yaml',
  },
};

/** The storefront's dependencies: it declares shipping, which it never calls. */
export const storefrontDrift: EntityDependencies['drift'] = {
  undeclared: [],
  declaredNotObserved: ['component:default/shipping'],
  agreeing: [
    {
      node: 'orders',
      entityRef: 'component:default/orders',
      count: 259200,
    },
    {
      node: 'recommendations',
      entityRef: 'component:default/recommendations',
      count: 518400,
    },
  ],
  unowned: [],
  yamlToAdd: '',
  windowDays: 30,
};

/** The team-checkout group's dependencies on other teams over 24 hours. */
export const teamCheckoutDependencies: GroupDependencies = {
  groupRef: 'group:default/team-checkout',
  window,
  entityRefs: ['component:default/orders', 'resource:default/order-events'],
  dependsOn: [
    {
      team: 'group:default/team-fulfilment',
      count: 16060,
      errorCount: 0,
      ratePerSecond: 16060 / 86400,
      share: 0.5,
      calls: [
        {
          entityRef: 'component:default/orders',
          otherEntityRef: 'component:default/inventory',
          otherNode: 'inventory',
          count: 16000,
          errorCount: 0,
        },
        {
          entityRef: 'component:default/orders',
          otherEntityRef: 'component:default/shipping',
          otherNode: 'shipping',
          count: 60,
          errorCount: 0,
        },
      ],
    },
    {
      team: 'group:default/team-payments',
      count: 8000,
      errorCount: 160,
      ratePerSecond: 8000 / 86400,
      share: 0.25,
      calls: [
        {
          entityRef: 'component:default/orders',
          otherEntityRef: 'component:default/payments',
          otherNode: 'payments',
          count: 8000,
          errorCount: 160,
        },
      ],
    },
    {
      count: 7800,
      errorCount: 1,
      ratePerSecond: 7800 / 86400,
      share: 0.25,
      calls: [
        {
          entityRef: 'component:default/orders',
          otherNode: 'mail.example.net',
          count: 7800,
          errorCount: 1,
        },
      ],
    },
  ],
  dependedOnBy: [
    {
      team: 'group:default/team-discovery',
      count: 8640,
      errorCount: 86,
      ratePerSecond: 8640 / 86400,
      share: 1,
      calls: [
        {
          entityRef: 'component:default/orders',
          otherEntityRef: 'component:default/storefront',
          otherNode: 'storefront',
          count: 8640,
          errorCount: 86,
        },
      ],
    },
  ],
};

/** Traffic no entity claims over 24 hours. */
export const unownedTraffic: UnownedTraffic = {
  window,
  nodes: [
    {
      node: 'mail.example.net',
      nodeType: 'peer',
      requestCount: 7800,
      errorCount: 1,
      callers: ['orders'],
      callCount: 0,
    },
    {
      node: 'legacy-pricing',
      nodeType: 'service',
      requestCount: 1200,
      errorCount: 36,
      callers: ['storefront', 'orders'],
      callCount: 2400,
    },
    {
      node: 'pricing-cache',
      nodeType: 'database',
      requestCount: 2400,
      errorCount: 0,
      callers: ['legacy-pricing'],
      callCount: 0,
    },
  ],
};

/**
 * A large graph as a busy entity would have at depth 3: 200 nodes in layers around the root (3 hops of
 * callees, 3 of callers) and 400 calls between neighbouring layers, deterministic.
 */
export function largeDependencies(): Pick<
  EntityDependencies,
  'nodes' | 'edges'
> {
  const layers: Array<{
    size: number;
    depth: number;
    direction: 'downstream' | 'upstream';
  }> = [
    { size: 20, depth: 1, direction: 'downstream' },
    { size: 50, depth: 2, direction: 'downstream' },
    { size: 60, depth: 3, direction: 'downstream' },
    { size: 30, depth: 1, direction: 'upstream' },
    { size: 25, depth: 2, direction: 'upstream' },
    { size: 14, depth: 3, direction: 'upstream' },
  ];
  const root = {
    id: 'component:default/root',
    entityRef: 'component:default/root',
    title: 'Root',
    owner: 'group:default/team-0',
    traceNodes: ['root'],
    nodeType: 'service' as const,
    depth: 0,
    direction: 'root' as const,
  };
  const ids: string[][] = [];
  const nodes: EntityDependencies['nodes'] = [root];
  let next = 1;
  for (const layer of layers) {
    const layerIds: string[] = [];
    for (let i = 0; i < layer.size; i++, next++) {
      const unowned = next % 10 === 0;
      const id = unowned
        ? `trace:external-${next}.example.net`
        : `component:default/service-${next}`;
      layerIds.push(id);
      nodes.push({
        id,
        entityRef: unowned ? undefined : id,
        owner: unowned ? undefined : `group:default/team-${next % 12}`,
        traceNodes: [unowned ? `external-${next}.example.net` : `service-${next}`],
        nodeType: unowned ? 'peer' : 'service',
        depth: layer.depth,
        direction: layer.direction,
      });
    }
    ids.push(layerIds);
  }
  const pairs = new Set<string>();
  const add = (from: string, to: string) => pairs.add(`${from}\u0000${to}`);
  ids[0].forEach(id => add(root.id, id));
  ids[3].forEach(id => add(id, root.id));
  // A fixed pseudo-random walk over the neighbouring layers.
  let seed = 7;
  const pick = (layer: string[]) => {
    seed = (seed * 16807) % 2147483647;
    return layer[seed % layer.length];
  };
  const links: Array<[number, number]> = [
    [0, 1],
    [1, 2],
    [4, 3],
    [5, 4],
  ];
  for (let i = 0; pairs.size < 400; i++) {
    const [from, to] = links[i % links.length];
    add(pick(ids[from]), pick(ids[to]));
  }
  const edges = [...pairs].map((pair, i) => {
    const [from, to] = pair.split('\u0000');
    return edge(from, to, { count: 1000 + i * 37 });
  });
  return { nodes, edges };
}
