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
  maxDrawnEdges,
  selectDrawnEdges,
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

  it('draws only the busiest edges of a dense graph, keeping every node attached', () => {
    const { nodes, edges } = largeDependencies();
    // Every pair of adjacent nodes in both directions, plus the large fixture's own calls: dense.
    const dense: DependencyGraphEdge[] = [...edges];
    for (let i = 1; i < nodes.length; i++) {
      dense.push({
        ...edges[0],
        from: nodes[i].id,
        to: nodes[(i * 7) % nodes.length].id,
        count: i,
      });
    }
    const graph = toGraph(nodes, dense);
    expect(graph.edges.length).toBe(maxDrawnEdges(200));
    expect(graph.edges.length + graph.hiddenEdges).toBeGreaterThan(400);
    expect(graph.hiddenEdges).toBeGreaterThan(0);
    // Every node but the root keeps an edge.
    const touched = new Set(graph.edges.flatMap(e => [e.from, e.to]));
    expect(nodes.filter(n => !touched.has(n.id)).map(n => n.id)).toEqual([]);
  });
});

describe('selectDrawnEdges', () => {
  const node = (id: string, depth: number) => ({
    id,
    traceNodes: [id],
    nodeType: 'service' as const,
    depth,
    direction: depth === 0 ? ('root' as const) : ('downstream' as const),
  });
  const edge = (from: string, to: string, count: number) => ({
    ...ordersDependencies.edges[0],
    from,
    to,
    count,
  });

  it('keeps the call linking each node nearer the root before busier calls between far nodes', () => {
    const nodes = [node('r', 0), node('a', 1), node('b', 1), node('c', 2)];
    const picked = selectDrawnEdges(
      nodes,
      [
        edge('r', 'a', 5),
        edge('r', 'b', 1),
        edge('a', 'c', 2),
        edge('a', 'b', 100),
        edge('b', 'c', 50),
      ],
      3,
    );
    expect(picked.map(e => `${e.from}-${e.to}`)).toEqual(['b-c', 'r-a', 'r-b']);
  });

  it('returns every edge when they fit', () => {
    const edges = [edge('r', 'a', 1)];
    expect(selectDrawnEdges([node('r', 0), node('a', 1)], edges, 10)).toBe(
      edges,
    );
  });
});
