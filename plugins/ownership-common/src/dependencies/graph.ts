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
import { DependencyGraphNode, TeamDependency, TraceNodeType } from './api';
import { TelemetryIndex } from './telemetryIndex';

/**
 * An edge of the trace-level service graph: `client` called `server`.
 *
 * @public
 */
export interface TraceEdge {
  client: string;
  server: string;
  connectionType: string;
}

/** The trace node of requests from outside the traced system. */
const USER_NODE = 'user';

/** Graph node id of a trace node no entity claims. */
function unclaimedId(node: string): string {
  return `trace:${node}`;
}

/**
 * How traces see each node: a node that is only ever the server of database edges is a database, one only
 * ever the server of virtual-node edges (a peer named by its callers' client spans) is a peer.
 *
 * @public
 */
export function classifyTraceNodes(
  edges: ReadonlyArray<TraceEdge>,
): Map<string, TraceNodeType> {
  const types = new Map<string, TraceNodeType>();
  const instrumented = new Set<string>();
  for (const edge of edges) {
    instrumented.add(edge.client);
    if (edge.connectionType === 'database') {
      if (!types.has(edge.server)) types.set(edge.server, 'database');
    } else if (edge.connectionType === 'virtual_node') {
      if (!types.has(edge.server)) types.set(edge.server, 'peer');
    } else {
      instrumented.add(edge.server);
    }
  }
  for (const node of instrumented) {
    types.set(node, 'service');
  }
  types.set(USER_NODE, 'user');
  return types;
}

/**
 * The graph node a trace node belongs to: the entity claiming it, or the node itself.
 *
 * @public
 */
export function graphNodeIdOf(node: string, index: TelemetryIndex): string {
  if (node === USER_NODE) {
    return unclaimedId(node);
  }
  return index.resolve(node)?.entityRef ?? unclaimedId(node);
}

/**
 * One edge of an entity-level dependency graph, with the trace edges it stands for (several when an
 * entity claims several trace nodes), so the caller can merge their metrics.
 *
 * @public
 */
export interface EntityGraphEdge<E extends TraceEdge> {
  from: string;
  to: string;
  connectionType: string;
  traceEdges: E[];
}

/**
 * An entity-level dependency graph around some root nodes, before metrics and catalog details are added.
 *
 * @public
 */
export interface EntityGraph<E extends TraceEdge> {
  nodes: Array<
    Pick<
      DependencyGraphNode,
      'id' | 'entityRef' | 'traceNodes' | 'nodeType' | 'depth' | 'direction'
    >
  >;
  edges: EntityGraphEdge<E>[];
}

/**
 * Builds the dependency graph around `rootIds` (entity refs, or `trace:<node>` ids) from trace-level edges:
 * trace nodes are collapsed into the entities claiming them, calls inside one entity are dropped, and the
 * graph walks up to `depth` hops downstream (callees, their callees, …) and upstream (callers, …). Only the
 * edges the walk followed are kept, so the graph reads as "who we call" and "who calls us".
 *
 * @public
 */
export function buildEntityGraph<E extends TraceEdge>(
  traceEdges: ReadonlyArray<E>,
  options: { index: TelemetryIndex; rootIds: string[]; depth: number },
): EntityGraph<E> {
  const { index } = options;
  const types = classifyTraceNodes(traceEdges);
  const byKey = new Map<string, EntityGraphEdge<E>>();
  const traceNodesOf = new Map<string, Set<string>>();
  const note = (id: string, node: string) => {
    const set = traceNodesOf.get(id) ?? new Set<string>();
    set.add(node);
    traceNodesOf.set(id, set);
  };
  for (const edge of traceEdges) {
    const from = graphNodeIdOf(edge.client, index);
    const to = graphNodeIdOf(edge.server, index);
    note(from, edge.client);
    note(to, edge.server);
    if (from === to) {
      continue;
    }
    const key = `${from}\u0000${to}\u0000${edge.connectionType}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.traceEdges.push(edge);
    } else {
      byKey.set(key, {
        from,
        to,
        connectionType: edge.connectionType,
        traceEdges: [edge],
      });
    }
  }
  const outgoing = new Map<string, EntityGraphEdge<E>[]>();
  const incoming = new Map<string, EntityGraphEdge<E>[]>();
  for (const edge of byKey.values()) {
    outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge]);
    incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), edge]);
  }

  const depthOf = new Map<string, number>();
  const directionOf = new Map<string, DependencyGraphNode['direction']>();
  const kept = new Set<EntityGraphEdge<E>>();
  for (const root of options.rootIds) {
    depthOf.set(root, 0);
    directionOf.set(root, 'root');
  }
  const walk = (
    next: Map<string, EntityGraphEdge<E>[]>,
    far: (edge: EntityGraphEdge<E>) => string,
    direction: 'upstream' | 'downstream',
  ) => {
    const seen = new Set(options.rootIds);
    let frontier = [...options.rootIds];
    for (let hop = 1; hop <= options.depth && frontier.length > 0; hop++) {
      const following: string[] = [];
      for (const id of frontier) {
        for (const edge of next.get(id) ?? []) {
          kept.add(edge);
          const other = far(edge);
          if (seen.has(other)) continue;
          seen.add(other);
          following.push(other);
          depthOf.set(other, Math.min(depthOf.get(other) ?? hop, hop));
          // Roots are never reached again (they start out seen), so a node is upstream, downstream or both.
          const before = directionOf.get(other);
          directionOf.set(
            other,
            before === undefined || before === direction ? direction : 'both',
          );
        }
      }
      frontier = following;
    }
  };
  walk(outgoing, edge => edge.to, 'downstream');
  walk(incoming, edge => edge.from, 'upstream');

  const nodeTypeOf = (id: string): TraceNodeType => {
    const nodes = [...(traceNodesOf.get(id) ?? [])];
    if (nodes.some(n => types.get(n) === 'service')) return 'service';
    return types.get(nodes[0]) ?? 'service';
  };
  const nodes = [...depthOf.keys()]
    .map(id => ({
      id,
      entityRef: id.startsWith('trace:') ? undefined : id,
      traceNodes: [...(traceNodesOf.get(id) ?? [])].sort(),
      nodeType: nodeTypeOf(id),
      depth: depthOf.get(id)!,
      direction: directionOf.get(id)!,
    }))
    .sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id));
  return { nodes, edges: [...kept] };
}

/**
 * Entity-to-entity dependencies observed in traces, for the catalog's relations: only calls between two
 * claimed nodes of different entities count (`user` and unclaimed nodes cannot be related to).
 *
 * @public
 */
export function observedEntityDependencies<
  E extends TraceEdge & { firstSeenMs: number; lastSeenMs: number },
>(
  traceEdges: ReadonlyArray<E>,
  index: TelemetryIndex,
): Array<{
  source: string;
  target: string;
  firstSeenMs: number;
  lastSeenMs: number;
}> {
  const pairs = new Map<
    string,
    { source: string; target: string; firstSeenMs: number; lastSeenMs: number }
  >();
  for (const edge of traceEdges) {
    if (edge.client === USER_NODE) continue;
    const source = index.resolve(edge.client)?.entityRef;
    const target = index.resolve(edge.server)?.entityRef;
    if (!source || !target || source === target) continue;
    const key = `${source}\u0000${target}`;
    const existing = pairs.get(key);
    pairs.set(key, {
      source,
      target,
      firstSeenMs: Math.min(
        existing?.firstSeenMs ?? Infinity,
        edge.firstSeenMs,
      ),
      lastSeenMs: Math.max(existing?.lastSeenMs ?? -Infinity, edge.lastSeenMs),
    });
  }
  return [...pairs.values()].sort(
    (a, b) =>
      a.source.localeCompare(b.source) || a.target.localeCompare(b.target),
  );
}

/**
 * Sums a group's traffic with other teams, both ways: calls from the group's entities to entities owned by
 * others (or to unclaimed nodes), and calls from those into the group's entities. Calls between the group's
 * own entities, and requests from outside (`user`), are left out.
 *
 * @public
 */
export function summarizeTeamDependencies(
  traceEdges: ReadonlyArray<TraceEdge & { count: number; errorCount: number }>,
  options: {
    index: TelemetryIndex;
    /** Every entity the group owns. */
    groupEntityRefs: ReadonlySet<string>;
    /** The owner (an entity ref) of an entity, when known. */
    ownerOf: (entityRef: string) => string | undefined;
    windowSeconds: number;
  },
): { dependsOn: TeamDependency[]; dependedOnBy: TeamDependency[] } {
  const { index, groupEntityRefs } = options;
  const outbound = new Map<string, TeamDependency>();
  const inbound = new Map<string, TeamDependency>();
  const add = (
    teams: Map<string, TeamDependency>,
    team: string | undefined,
    call: TeamDependency['calls'][number],
  ) => {
    const key = team ?? '';
    const entry = teams.get(key) ?? {
      team,
      count: 0,
      errorCount: 0,
      ratePerSecond: 0,
      share: 0,
      calls: [],
    };
    entry.count += call.count;
    entry.errorCount += call.errorCount;
    const same = entry.calls.find(
      c => c.entityRef === call.entityRef && c.otherNode === call.otherNode,
    );
    if (same) {
      same.count += call.count;
      same.errorCount += call.errorCount;
    } else {
      entry.calls.push({ ...call });
    }
    teams.set(key, entry);
  };
  for (const edge of traceEdges) {
    if (edge.client === USER_NODE) continue;
    const client = index.resolve(edge.client)?.entityRef;
    const server = index.resolve(edge.server)?.entityRef;
    const clientOurs = client !== undefined && groupEntityRefs.has(client);
    const serverOurs = server !== undefined && groupEntityRefs.has(server);
    if (clientOurs === serverOurs) continue;
    if (clientOurs) {
      add(outbound, server ? options.ownerOf(server) : undefined, {
        entityRef: client!,
        otherEntityRef: server,
        otherNode: edge.server,
        count: edge.count,
        errorCount: edge.errorCount,
      });
    } else {
      add(inbound, client ? options.ownerOf(client) : undefined, {
        entityRef: server!,
        otherEntityRef: client,
        otherNode: edge.client,
        count: edge.count,
        errorCount: edge.errorCount,
      });
    }
  }
  const finish = (teams: Map<string, TeamDependency>) => {
    const total = [...teams.values()].reduce((sum, t) => sum + t.count, 0);
    return [...teams.values()]
      .map(team => ({
        ...team,
        ratePerSecond: team.count / options.windowSeconds,
        share: total > 0 ? team.count / total : 0,
        calls: team.calls.sort(
          (a, b) => b.count - a.count || a.otherNode.localeCompare(b.otherNode),
        ),
      }))
      .sort(
        (a, b) =>
          b.count - a.count || (a.team ?? '~').localeCompare(b.team ?? '~'),
      );
  };
  return { dependsOn: finish(outbound), dependedOnBy: finish(inbound) };
}
