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
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { JAEGER_SERVICE_ANNOTATION } from '../annotations/keys';
import { readOwnershipAnnotations } from '../annotations/validation';

/**
 * How an entity claims a trace node (a `service.name`, or a virtual node such as a database or an
 * uninstrumented peer), strongest first.
 *
 * @public
 */
export type TelemetryClaimSource = 'annotation' | 'jaeger' | 'default';

/**
 * An entity's claim on a trace node.
 *
 * @public
 */
export interface TelemetryClaim {
  entityRef: string;
  source: TelemetryClaimSource;
}

/**
 * Two or more entities claiming the same node with equally strong claims; the first (by entity ref) wins.
 *
 * @public
 */
export interface TelemetryClaimConflict {
  node: string;
  source: TelemetryClaimSource;
  entityRefs: string[];
}

/**
 * Which catalog entity owns which trace node.
 *
 * @public
 */
export interface TelemetryIndex {
  /** The entity claiming a node; `namespace` (`service.namespace`) prefers `namespace/name` claims. */
  resolve(node: string, namespace?: string): TelemetryClaim | undefined;
  /** The node names an entity claims, as written (`name` or `namespace/name`). */
  nodesOf(entityRef: string): string[];
  /** How an entity claims its nodes, if it claims any. */
  claimSourceOf(entityRef: string): TelemetryClaimSource | undefined;
  /** Equally strong claims on one node by several entities. */
  readonly conflicts: TelemetryClaimConflict[];
}

const STRENGTH: Record<TelemetryClaimSource, number> = {
  annotation: 3,
  jaeger: 2,
  default: 1,
};

/**
 * Node names are matched case-insensitively: Zipkin lower-cases service names, and catalog names are
 * usually lower case while `service.name` values may not be.
 */
function nodeKey(name: string): string {
  return name.toLocaleLowerCase('en-US');
}

/**
 * Builds the index of which entity claims which trace node, from catalog entities:
 *
 * 1. `service-ownership.io/service-name` (`name` or `namespace/name` entries), on any kind;
 * 2. else `jaegertracing.io/service` (comma-separated names);
 * 3. else, for components and resources, `metadata.name` (not when our annotation is present but malformed:
 *    a typo must not silently claim something else).
 *
 * A stronger claim wins over a weaker one; equally strong claims on one node are reported as conflicts and
 * the first by entity ref wins, so the result does not depend on the order of the entities.
 *
 * @public
 */
export function buildTelemetryIndex(
  entities: Entity[],
  options: { now: Date },
): TelemetryIndex {
  const claims = new Map<
    string,
    { claim: TelemetryClaim; contenders: Set<string> }
  >();
  const nodesByEntity = new Map<string, string[]>();
  const sourceByEntity = new Map<string, TelemetryClaimSource>();

  const sorted = [...entities].sort((a, b) =>
    stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)),
  );
  for (const entity of sorted) {
    const entityRef = stringifyEntityRef(entity);
    const { values } = readOwnershipAnnotations(entity, options);
    let source: TelemetryClaimSource | undefined;
    let nodes: string[] = [];
    if (values.serviceNamesSource === 'annotation') {
      source = 'annotation';
      nodes = values.serviceNames.map(s =>
        s.namespace ? `${s.namespace}/${s.name}` : s.name,
      );
    } else {
      const jaeger = entity.metadata.annotations?.[JAEGER_SERVICE_ANNOTATION];
      const jaegerNodes =
        typeof jaeger === 'string'
          ? jaeger
              .split(',')
              .map(v => v.trim())
              .filter(Boolean)
          : [];
      if (jaegerNodes.length > 0) {
        source = 'jaeger';
        nodes = jaegerNodes;
      } else if (values.serviceNamesSource === 'default') {
        source = 'default';
        nodes = values.serviceNames.map(s => s.name);
      }
    }
    if (!source) {
      continue;
    }
    nodesByEntity.set(entityRef, nodes);
    sourceByEntity.set(entityRef, source);
    for (const node of nodes) {
      const key = nodeKey(node);
      const existing = claims.get(key);
      if (!existing || STRENGTH[source] > STRENGTH[existing.claim.source]) {
        claims.set(key, {
          claim: { entityRef, source },
          contenders: new Set([entityRef]),
        });
      } else if (STRENGTH[source] === STRENGTH[existing.claim.source]) {
        existing.contenders.add(entityRef);
      }
    }
  }

  const conflicts: TelemetryClaimConflict[] = [];
  for (const [node, { claim, contenders }] of claims) {
    if (contenders.size > 1) {
      conflicts.push({
        node,
        source: claim.source,
        entityRefs: [...contenders],
      });
    }
  }

  return {
    resolve(node, namespace) {
      if (namespace) {
        const namespaced = claims.get(nodeKey(`${namespace}/${node}`));
        if (namespaced) {
          return namespaced.claim;
        }
      }
      return claims.get(nodeKey(node))?.claim;
    },
    nodesOf(entityRef) {
      return nodesByEntity.get(entityRef) ?? [];
    },
    claimSourceOf(entityRef) {
      return sourceByEntity.get(entityRef);
    },
    conflicts,
  };
}

/**
 * A trace node that no catalog entity claims, with its traffic.
 *
 * @public
 */
export interface UnownedNode {
  node: string;
  /** Requests it received. */
  requestCount: number;
  /** Failed requests it received. */
  errorCount: number;
  /** Nodes that called it, busiest first. */
  callers: string[];
  /** Requests it made to other nodes. */
  callCount: number;
}

/**
 * The nodes of a service graph that no entity claims, busiest first. `user` (requests from outside) is not
 * a node anyone owns and is left out.
 *
 * @public
 */
export function findUnownedNodes(
  edges: ReadonlyArray<{
    client: string;
    server: string;
    count: number;
    errorCount: number;
  }>,
  index: TelemetryIndex,
): UnownedNode[] {
  const nodes = new Map<
    string,
    UnownedNode & { callerCounts: Map<string, number> }
  >();
  const entry = (node: string) => {
    let found = nodes.get(node);
    if (!found) {
      found = {
        node,
        requestCount: 0,
        errorCount: 0,
        callers: [],
        callCount: 0,
        callerCounts: new Map(),
      };
      nodes.set(node, found);
    }
    return found;
  };
  for (const edge of edges) {
    if (edge.server !== 'user' && !index.resolve(edge.server)) {
      const server = entry(edge.server);
      server.requestCount += edge.count;
      server.errorCount += edge.errorCount;
      server.callerCounts.set(
        edge.client,
        (server.callerCounts.get(edge.client) ?? 0) + edge.count,
      );
    }
    if (edge.client !== 'user' && !index.resolve(edge.client)) {
      entry(edge.client).callCount += edge.count;
    }
  }
  return [...nodes.values()]
    .map(({ callerCounts, ...node }) => ({
      ...node,
      callers: [...callerCounts.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([caller]) => caller),
    }))
    .sort(
      (a, b) =>
        b.requestCount + b.callCount - (a.requestCount + a.callCount) ||
        a.node.localeCompare(b.node),
    );
}
