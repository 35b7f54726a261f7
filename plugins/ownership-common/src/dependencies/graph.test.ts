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
  buildEntityGraph,
  classifyTraceNodes,
  observedEntityDependencies,
  summarizeTeamDependencies,
} from './graph';
import { buildTelemetryIndex } from './telemetryIndex';

const now = new Date('2026-11-21T12:00:00Z');

function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
  kind = 'Component',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: { owner },
  };
}

/** The demo shop's catalog. */
const catalog = [
  component('storefront', 'team-discovery'),
  component('orders', 'team-checkout'),
  component('payments', 'team-payments'),
  component('payment-provider', 'team-payments', {
    'service-ownership.io/service-name': 'psp.example.net',
  }),
  component('inventory', 'team-fulfilment'),
  component('inventory-db', 'team-fulfilment', {}, 'Resource'),
  component('shipping', 'team-fulfilment'),
  component('recommendations', 'team-discovery'),
];
const index = buildTelemetryIndex(catalog, { now });

function edge(
  client: string,
  server: string,
  count: number,
  connectionType = '',
  errorCount = 0,
) {
  return { client, server, connectionType, count, errorCount };
}

/** The demo shop's trace-level service graph. */
const shopEdges = [
  edge('user', 'storefront', 1000),
  edge('storefront', 'orders', 300, '', 12),
  edge('storefront', 'recommendations', 700),
  edge('orders', 'payments', 290, '', 8),
  edge('orders', 'inventory', 290),
  edge('orders', 'shipping', 280, 'messaging_system'),
  edge('payments', 'psp.example.net', 290, 'virtual_node', 5),
  edge('inventory', 'inventory-db', 580, 'database'),
];

describe('classifyTraceNodes', () => {
  it('tells services, databases, peers and user apart', () => {
    const types = classifyTraceNodes(shopEdges);
    expect(types.get('orders')).toBe('service');
    expect(types.get('shipping')).toBe('service');
    expect(types.get('inventory-db')).toBe('database');
    expect(types.get('psp.example.net')).toBe('peer');
    expect(types.get('user')).toBe('user');
  });

  it('calls a node a service as soon as it emits spans itself', () => {
    const types = classifyTraceNodes([
      edge('a', 'b', 1, 'virtual_node'),
      edge('b', 'c', 1),
    ]);
    expect(types.get('b')).toBe('service');
  });
});

describe('buildEntityGraph', () => {
  it('shows the direct callers and callees at depth 1', () => {
    const graph = buildEntityGraph(shopEdges, {
      index,
      rootIds: ['component:default/orders'],
      depth: 1,
    });
    expect(graph.nodes.map(n => [n.id, n.depth, n.direction])).toEqual([
      ['component:default/orders', 0, 'root'],
      ['component:default/inventory', 1, 'downstream'],
      ['component:default/payments', 1, 'downstream'],
      ['component:default/shipping', 1, 'downstream'],
      ['component:default/storefront', 1, 'upstream'],
    ]);
    expect(
      graph.edges.map(e => `${e.from} -> ${e.to} ${e.connectionType}`).sort(),
    ).toEqual([
      'component:default/orders -> component:default/inventory ',
      'component:default/orders -> component:default/payments ',
      'component:default/orders -> component:default/shipping messaging_system',
      'component:default/storefront -> component:default/orders ',
    ]);
  });

  it('reaches the database, the external provider and outside users at depth 2, with their node types', () => {
    const graph = buildEntityGraph(shopEdges, {
      index,
      rootIds: ['component:default/orders'],
      depth: 2,
    });
    const byId = new Map(graph.nodes.map(n => [n.id, n]));
    expect(byId.get('resource:default/inventory-db')).toMatchObject({
      depth: 2,
      direction: 'downstream',
      nodeType: 'database',
      traceNodes: ['inventory-db'],
    });
    expect(byId.get('component:default/payment-provider')).toMatchObject({
      depth: 2,
      nodeType: 'peer',
      traceNodes: ['psp.example.net'],
    });
    expect(byId.get('trace:user')).toMatchObject({
      depth: 2,
      direction: 'upstream',
      nodeType: 'user',
      entityRef: undefined,
    });
    // Recommendations is a sibling (storefront's callee), not on a path from or to orders.
    expect(byId.has('component:default/recommendations')).toBe(false);
    expect(graph.nodes).toHaveLength(8);
  });

  it('collapses the trace nodes of one entity and drops calls inside it', () => {
    const split = buildTelemetryIndex(
      [
        component('orders', 'team-checkout', {
          'service-ownership.io/service-name': 'orders-api, orders-worker',
        }),
        component('payments', 'team-payments'),
      ],
      { now },
    );
    const graph = buildEntityGraph(
      [
        edge('orders-api', 'orders-worker', 10, 'messaging_system'),
        edge('orders-api', 'payments', 5),
        edge('orders-worker', 'payments', 7),
      ],
      { index: split, rootIds: ['component:default/orders'], depth: 1 },
    );
    expect(graph.nodes[0]).toMatchObject({
      id: 'component:default/orders',
      traceNodes: ['orders-api', 'orders-worker'],
    });
    expect(graph.edges).toHaveLength(1);
    expect(graph.edges[0].traceEdges.map(e => e.count)).toEqual([5, 7]);
  });

  it('keeps unclaimed nodes as trace: nodes and marks nodes seen both ways', () => {
    const graph = buildEntityGraph(
      [edge('orders', 'fraud-check', 3), edge('fraud-check', 'orders', 2)],
      { index, rootIds: ['component:default/orders'], depth: 3 },
    );
    expect(graph.nodes[1]).toMatchObject({
      id: 'trace:fraud-check',
      entityRef: undefined,
      direction: 'both',
      depth: 1,
    });
  });

  it('treats every root alike (a system drawn from its parts)', () => {
    const graph = buildEntityGraph(shopEdges, {
      index,
      rootIds: ['component:default/orders', 'component:default/payments'],
      depth: 1,
    });
    const payments = graph.nodes.find(
      n => n.id === 'component:default/payments',
    );
    expect(payments).toMatchObject({ depth: 0, direction: 'root' });
  });
});

describe('observedEntityDependencies', () => {
  it('relates claimed entities only, with first and last seen merged', () => {
    const relations = observedEntityDependencies(
      [
        ...shopEdges.map(e => ({ ...e, firstSeenMs: 100, lastSeenMs: 200 })),
        {
          ...edge('orders', 'payments', 1, 'messaging_system'),
          firstSeenMs: 50,
          lastSeenMs: 300,
        },
        { ...edge('orders', 'unknown-peer', 1), firstSeenMs: 1, lastSeenMs: 2 },
      ],
      index,
    );
    expect(relations.map(r => `${r.source} -> ${r.target}`)).toEqual([
      'component:default/inventory -> resource:default/inventory-db',
      'component:default/orders -> component:default/inventory',
      'component:default/orders -> component:default/payments',
      'component:default/orders -> component:default/shipping',
      'component:default/payments -> component:default/payment-provider',
      'component:default/storefront -> component:default/orders',
      'component:default/storefront -> component:default/recommendations',
    ]);
    expect(
      relations.find(r => r.target === 'component:default/payments'),
    ).toMatchObject({ firstSeenMs: 50, lastSeenMs: 300 });
  });
});

describe('summarizeTeamDependencies', () => {
  const ownerOf = (ref: string) =>
    catalog
      .map(e => ({
        ref: `${e.kind.toLocaleLowerCase()}:default/${e.metadata.name}`,
        owner: `group:default/${e.spec!.owner}`,
      }))
      .find(e => e.ref === ref)?.owner;

  it('weights other teams by traffic both ways and leaves out internal calls and outside users', () => {
    const checkout = new Set(['component:default/orders']);
    const summary = summarizeTeamDependencies(
      [...shopEdges, edge('orders', 'fraud-check', 10)],
      { index, groupEntityRefs: checkout, ownerOf, windowSeconds: 100 },
    );
    expect(
      summary.dependsOn.map(t => [t.team, t.count, t.share.toFixed(3)]),
    ).toEqual([
      ['group:default/team-fulfilment', 570, (570 / 870).toFixed(3)],
      ['group:default/team-payments', 290, (290 / 870).toFixed(3)],
      [undefined, 10, (10 / 870).toFixed(3)],
    ]);
    expect(summary.dependsOn[0].calls.map(c => c.otherNode)).toEqual([
      'inventory',
      'shipping',
    ]);
    expect(summary.dependsOn[1]).toMatchObject({
      errorCount: 8,
      ratePerSecond: 2.9,
    });
    expect(summary.dependedOnBy).toEqual([
      expect.objectContaining({
        team: 'group:default/team-discovery',
        count: 300,
        share: 1,
        calls: [
          {
            entityRef: 'component:default/orders',
            otherEntityRef: 'component:default/storefront',
            otherNode: 'storefront',
            count: 300,
            errorCount: 12,
          },
        ],
      }),
    ]);
  });

  it('does not count calls between two services of the same team', () => {
    const fulfilment = new Set([
      'component:default/inventory',
      'resource:default/inventory-db',
      'component:default/shipping',
    ]);
    const summary = summarizeTeamDependencies(shopEdges, {
      index,
      groupEntityRefs: fulfilment,
      ownerOf,
      windowSeconds: 1,
    });
    expect(summary.dependsOn).toEqual([]);
    expect(summary.dependedOnBy.map(t => [t.team, t.count])).toEqual([
      ['group:default/team-checkout', 570],
    ]);
  });
});
