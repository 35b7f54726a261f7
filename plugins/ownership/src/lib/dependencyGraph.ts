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
  DependencyGraphEdge,
  DependencyGraphNode,
  LatencyPercentiles,
  TraceNodeType,
} from '@service-ownership/plugin-ownership-common';
import {
  formatErrorRate,
  formatLatency,
  formatRate,
  HIGH_ERROR_RATE,
  humanizeEntityRef,
} from './format';

/** How a node of the dependency graph is drawn. */
export type GraphNodeVariant = 'root' | 'entity' | 'unowned' | 'user';

/** What a node of the dependency graph shows; sizes are estimated here so nodes need no DOM measuring. */
export interface GraphNodeData {
  /** The entity's title or name, or the trace node's name. */
  label: string;
  /** The owner of an entity, or what kind of trace node an unclaimed one is. */
  caption: string;
  /** The full label and caption, for the tooltip and screen readers. */
  description: string;
  entityRef?: string;
  variant: GraphNodeVariant;
  nodeType: TraceNodeType;
  boxWidth: number;
  boxHeight: number;
}

/** What an edge label of the dependency graph shows. */
export interface GraphEdgeData {
  rate: string;
  errorRate: string;
  p99: string;
  highErrorRate: boolean;
  /** Estimated width of the label text, for its background. */
  labelWidth: number;
}

/** A node as `DependencyGraph` takes it. */
export type GraphNode = GraphNodeData & { id: string };

/** An edge as `DependencyGraph` takes it; `label` is set only when the label is drawn. */
export type GraphEdge = GraphEdgeData & {
  from: string;
  to: string;
  label?: string;
};

/** Labels longer than this are cut with an ellipsis (the tooltip has the whole text). */
const MAX_LABEL_CHARACTERS = 32;
/** Average glyph widths at the node's font sizes (13px label, 11px caption), generous so text fits. */
const LABEL_CHARACTER_WIDTH = 7.6;
const CAPTION_CHARACTER_WIDTH = 6.6;
const NODE_PADDING_X = 12;
const NODE_HEIGHT = 46;
const MIN_NODE_WIDTH = 96;

/** Text of the edge label: rate, error rate and p99 latency. */
const EDGE_LABEL_CHARACTER_WIDTH = 6.2;

/** Above this many edges, labels are left out: they would cover the graph; the table lists every call. */
export const MAX_LABELLED_EDGES = 100;

function truncate(text: string): string {
  return text.length > MAX_LABEL_CHARACTERS
    ? `${text.slice(0, MAX_LABEL_CHARACTERS - 1)}…`
    : text;
}

const TRACE_NODE_TYPE_LABELS: Record<TraceNodeType, string> = {
  service: 'service',
  database: 'database',
  peer: 'peer',
  user: 'requests from outside',
};

/** What kind of trace node a node is, in words. */
export function traceNodeTypeLabel(nodeType: TraceNodeType): string {
  return TRACE_NODE_TYPE_LABELS[nodeType];
}

/** The name a graph node goes by: the entity's title or name, else the trace node's name. */
export function graphNodeName(node: DependencyGraphNode): string {
  if (node.entityRef) {
    return node.title ?? humanizeEntityRef(node.entityRef);
  }
  return node.traceNodes[0] ?? node.id.replace(/^trace:/, '');
}

/** Turns a node of the backend's graph into what the graph draws. */
export function toGraphNode(node: DependencyGraphNode): GraphNode {
  const name = graphNodeName(node);
  let variant: GraphNodeVariant;
  let caption: string;
  let description: string;
  if (node.direction === 'root') {
    variant = 'root';
  } else if (node.entityRef) {
    variant = 'entity';
  } else if (node.nodeType === 'user') {
    variant = 'user';
  } else {
    variant = 'unowned';
  }
  if (node.entityRef) {
    const owner = node.owner ? humanizeEntityRef(node.owner) : undefined;
    caption = owner ?? 'no owner';
    description = owner ? `${name}, owned by ${owner}` : `${name}, no owner`;
  } else if (node.nodeType === 'user') {
    caption = traceNodeTypeLabel(node.nodeType);
    description = `${name}: ${caption}`;
  } else {
    caption = `${traceNodeTypeLabel(node.nodeType)} · unowned`;
    description = `${name}: ${traceNodeTypeLabel(
      node.nodeType,
    )} that no entity claims`;
  }
  const label = truncate(name);
  const shownCaption = truncate(caption);
  const boxWidth = Math.max(
    MIN_NODE_WIDTH,
    Math.ceil(
      Math.max(
        label.length * LABEL_CHARACTER_WIDTH,
        shownCaption.length * CAPTION_CHARACTER_WIDTH,
      ) +
        2 * NODE_PADDING_X,
    ),
  );
  return {
    id: node.id,
    label,
    caption: shownCaption,
    description,
    entityRef: node.entityRef,
    variant,
    nodeType: node.nodeType,
    boxWidth,
    boxHeight: NODE_HEIGHT,
  };
}

/** The percentiles with the slower p99: percentiles cannot be added, and the worse one is what matters. */
function slowerLatency(
  a: LatencyPercentiles | undefined,
  b: LatencyPercentiles | undefined,
): LatencyPercentiles | undefined {
  if (!a || !b) {
    return a ?? b;
  }
  return a.p99 >= b.p99 ? a : b;
}

/** Sums edges between the same two nodes (calls of several connection types) into one. */
function mergeEdges(edges: DependencyGraphEdge[]): DependencyGraphEdge[] {
  const byPair = new Map<string, DependencyGraphEdge>();
  for (const edge of edges) {
    const key = `${edge.from}\u0000${edge.to}`;
    const existing = byPair.get(key);
    if (!existing) {
      byPair.set(key, edge);
      continue;
    }
    const count = existing.count + edge.count;
    const errorCount = existing.errorCount + edge.errorCount;
    byPair.set(key, {
      ...existing,
      count,
      errorCount,
      ratePerSecond: existing.ratePerSecond + edge.ratePerSecond,
      errorRate: count > 0 ? errorCount / count : 0,
      latencyMs: slowerLatency(existing.latencyMs, edge.latencyMs),
    });
  }
  return [...byPair.values()];
}

/** The label of an edge, in words and in pieces. */
export function edgeLabel(edge: DependencyGraphEdge): GraphEdgeData & {
  text: string;
} {
  const rate = formatRate(edge.ratePerSecond);
  const errorRate = `${formatErrorRate(edge.errorRate)} errors`;
  const p99 = `p99 ${formatLatency(edge.latencyMs?.p99)}`;
  const text = `${rate} · ${errorRate} · ${p99}`;
  return {
    text,
    rate,
    errorRate,
    p99,
    highErrorRate: edge.errorRate >= HIGH_ERROR_RATE,
    labelWidth: Math.ceil(text.length * EDGE_LABEL_CHARACTER_WIDTH),
  };
}

/**
 * How many edges the graph draws for a number of nodes. Layout time (dagre, inside `DependencyGraph`) grows
 * much faster than the edge count: measured on a 200-node subset of Jaeger's large sample, 250 edges lay
 * out in about 250 ms, 400 in 600 ms and 945 in 6 s, which freezes the page. So dense graphs are drawn with
 * their busiest edges only (the table lists them all).
 */
export function maxDrawnEdges(nodeCount: number): number {
  return Math.max(120, nodeCount);
}

/**
 * About `budget` edges that keep every node attached: first, for each node, its busiest edge to a node
 * nearer the root (the call that put it in the graph), then for nodes still unattached their busiest edge,
 * then the busiest of the rest up to the budget (exceeded only when attaching every node needs more).
 */
export function selectDrawnEdges(
  nodes: DependencyGraphNode[],
  edges: DependencyGraphEdge[],
  budget: number,
): DependencyGraphEdge[] {
  if (edges.length <= budget) {
    return edges;
  }
  const depthOf = new Map(nodes.map(n => [n.id, n.depth]));
  const busiest = [...edges].sort(
    (a, b) =>
      b.count - a.count ||
      a.from.localeCompare(b.from) ||
      a.to.localeCompare(b.to),
  );
  const chosen = new Set<DependencyGraphEdge>();
  const attached = new Set<string>();
  for (const edge of busiest) {
    const fromDepth = depthOf.get(edge.from) ?? 0;
    const toDepth = depthOf.get(edge.to) ?? 0;
    const farther = fromDepth > toDepth ? edge.from : edge.to;
    if (fromDepth !== toDepth && !attached.has(farther)) {
      attached.add(farther);
      chosen.add(edge);
    }
  }
  // Nodes linked only to nodes as far from the root as themselves: their busiest call of any kind.
  const touched = new Set([...chosen].flatMap(edge => [edge.from, edge.to]));
  for (const edge of busiest) {
    if (!touched.has(edge.from) || !touched.has(edge.to)) {
      touched.add(edge.from);
      touched.add(edge.to);
      chosen.add(edge);
    }
  }
  for (const edge of busiest) {
    if (chosen.size >= budget) break;
    chosen.add(edge);
  }
  return busiest.filter(edge => chosen.has(edge));
}

/**
 * The nodes and edges `DependencyGraph` draws: one edge per pair of nodes, edges to unknown nodes dropped,
 * dense graphs cut to their busiest edges (see {@link maxDrawnEdges}), and labels only while the graph is
 * small enough for them to be read.
 */
export function toGraph(
  nodes: DependencyGraphNode[],
  edges: DependencyGraphEdge[],
): {
  nodes: GraphNode[];
  edges: GraphEdge[];
  labelled: boolean;
  /** Edges (after merging) left out of the drawing. */
  hiddenEdges: number;
} {
  const graphNodes = nodes.map(toGraphNode);
  const ids = new Set(graphNodes.map(n => n.id));
  const all = mergeEdges(
    edges.filter(e => e.from !== e.to && ids.has(e.from) && ids.has(e.to)),
  );
  const merged = selectDrawnEdges(nodes, all, maxDrawnEdges(nodes.length));
  const labelled = merged.length <= MAX_LABELLED_EDGES;
  const graphEdges = merged.map(edge => {
    const { text, ...data } = edgeLabel(edge);
    return {
      from: edge.from,
      to: edge.to,
      ...data,
      label: labelled ? text : undefined,
    };
  });
  return {
    nodes: graphNodes,
    edges: graphEdges,
    labelled,
    hiddenEdges: all.length - merged.length,
  };
}
