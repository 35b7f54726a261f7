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
import { DependencyGraphEdge } from '@service-ownership/plugin-ownership-common';
import { largeDependencies, ordersDependencies } from '../__fixtures__/shop';
import {
  edgeLabel,
  MAX_LABELLED_EDGES,
  toGraph,
  toGraphNode,
} from './dependencyGraph';

const nodeById = (id: string) =>
  ordersDependencies.nodes.find(n => n.id === id)!;

describe('toGraphNode', () => {
  it('labels an entity with its title and humanized owner', () => {
    expect(toGraphNode(nodeById('component:default/payments'))).toMatchObject({
      id: 'component:default/payments',
      label: 'Payments',
      caption: 'team-payments',
      description: 'Payments, owned by team-payments',
      entityRef: 'component:default/payments',
      variant: 'entity',
    });
  });

  it('highlights the root', () => {
    expect(toGraphNode(nodeById('component:default/orders')).variant).toBe(
      'root',
    );
  });

  it('labels an unclaimed node with its name and type', () => {
    expect(toGraphNode(nodeById('trace:mail.example.net'))).toMatchObject({
      label: 'mail.example.net',
      caption: 'peer · unowned',
      variant: 'unowned',
      entityRef: undefined,
    });
  });

  it('tells requests from outside apart from unowned nodes', () => {
    expect(toGraphNode(nodeById('trace:user'))).toMatchObject({
      label: 'user',
      caption: 'requests from outside',
      variant: 'user',
    });
  });

  it('falls back to the entity name, and cuts long labels with the whole text kept for the tooltip', () => {
    const node = toGraphNode({
      id: 'component:default/a-very-long-component-name-that-goes-on-and-on',
      entityRef:
        'component:default/a-very-long-component-name-that-goes-on-and-on',
      traceNodes: [],
      nodeType: 'service',
      depth: 1,
      direction: 'downstream',
    });
    expect(node.label).toBe('a-very-long-component-name-that…');
    expect(node.label).toHaveLength(32);
    expect(node.caption).toBe('no owner');
    expect(node.description).toBe(
      'a-very-long-component-name-that-goes-on-and-on, no owner',
    );
  });

  it('sizes the box from its text', () => {
    const short = toGraphNode(nodeById('component:default/orders'));
    const long = toGraphNode(nodeById('component:default/payment-provider'));
    expect(short.boxWidth).toBeGreaterThanOrEqual(96);
    expect(long.boxWidth).toBeGreaterThan(short.boxWidth);
    expect(long.boxWidth).toBeGreaterThan(
      'Payment service provider'.length * 7,
    );
  });
});

describe('edgeLabel', () => {
  it('shows rate, error rate and p99', () => {
    const payments = ordersDependencies.edges.find(
      e => e.to === 'component:default/payments',
    )!;
    expect(edgeLabel(payments)).toMatchObject({
      text: '5.6 req/min · 2% errors · p99 610 ms',
      highErrorRate: true,
    });
  });
});

describe('toGraph', () => {
  it('keeps every node and one labelled edge per call', () => {
    const graph = toGraph(ordersDependencies.nodes, ordersDependencies.edges);
    expect(graph.nodes).toHaveLength(9);
    expect(graph.edges).toHaveLength(8);
    expect(graph.labelled).toBe(true);
    expect(graph.edges[0]).toMatchObject({
      from: 'trace:user',
      to: 'component:default/storefront',
      label: '2 req/s · 0% errors · p99 180 ms',
    });
  });

  it('merges calls of several connection types between the same nodes', () => {
    const base = ordersDependencies.edges.find(
      e => e.to === 'component:default/shipping',
    )!;
    const edges: DependencyGraphEdge[] = [
      base,
      {
        ...base,
        connectionType: '',
        count: 40,
        errorCount: 4,
        ratePerSecond: 1,
        errorRate: 0.1,
        latencyMs: { p50: 10, p90: 50, p99: 900 },
      },
    ];
    const graph = toGraph(ordersDependencies.nodes, edges);
    expect(graph.edges).toHaveLength(1);
    expect(graph.edges[0].errorRate).toBe('4% errors');
    expect(graph.edges[0].p99).toBe('p99 900 ms');
  });

  it('drops calls to nodes it does not know and calls inside one node', () => {
    const graph = toGraph(ordersDependencies.nodes, [
      { ...ordersDependencies.edges[1], to: 'component:default/gone' },
      {
        ...ordersDependencies.edges[1],
        to: 'component:default/storefront',
      },
    ]);
    expect(graph.edges).toEqual([]);
  });

  it('leaves labels out of large graphs', () => {
    const { nodes, edges } = largeDependencies();
    const graph = toGraph(nodes, edges);
    expect(graph.nodes).toHaveLength(200);
    expect(graph.edges.length).toBeGreaterThan(MAX_LABELLED_EDGES);
    expect(graph.labelled).toBe(false);
    expect(graph.edges.every(e => e.label === undefined)).toBe(true);
  });
});
