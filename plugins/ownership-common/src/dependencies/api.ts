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
import { DependencyDrift } from './drift';
import {
  TelemetryClaimConflict,
  TelemetryClaimSource,
  UnownedNode,
} from './telemetryIndex';

/**
 * Catalog relation type for a dependency seen in traces: the source entity called the target.
 *
 * @public
 */
export const RELATION_OBSERVED_DEPENDS_ON = 'observedDependsOn';

/**
 * Reverse of {@link RELATION_OBSERVED_DEPENDS_ON}: the source entity was called by the target.
 *
 * @public
 */
export const RELATION_OBSERVED_DEPENDENCY_OF = 'observedDependencyOf';

/**
 * The windows the Dependencies tab offers.
 *
 * @public
 */
export const DEPENDENCY_WINDOWS = ['1h', '24h', '7d', '30d'] as const;

/**
 * One of {@link DEPENDENCY_WINDOWS}.
 *
 * @public
 */
export type DependencyWindow = (typeof DEPENDENCY_WINDOWS)[number];

/**
 * The time window a response covers.
 *
 * @public
 */
export interface ResponseWindow {
  from: string;
  to: string;
  stepSeconds: number;
}

/**
 * How traces see a node: an instrumented service, a database or an uninstrumented peer seen only from its
 * callers' client spans, or `user` (requests from outside).
 *
 * @public
 */
export type TraceNodeType = 'service' | 'database' | 'peer' | 'user';

/**
 * A node of an entity's dependency graph: a catalog entity (all the trace nodes it claims) or a trace node no
 * entity claims.
 *
 * @public
 */
export interface DependencyGraphNode {
  /** The entity ref, or `trace:<node>` for a node no entity claims. */
  id: string;
  entityRef?: string;
  /** The entity's kind, title and owner (an entity ref), when the catalog knows them. */
  kind?: string;
  title?: string;
  owner?: string;
  /** The trace nodes (`service.name` values, database or peer names) this node stands for. */
  traceNodes: string[];
  nodeType: TraceNodeType;
  /** Hops from the entity the graph is drawn for; 0 for the entity itself (or a system's parts). */
  depth: number;
  /** Whether the node calls the root (upstream), is called by it (downstream), both, or is the root. */
  direction: 'root' | 'upstream' | 'downstream' | 'both';
}

/**
 * Latency percentiles in milliseconds.
 *
 * @public
 */
export interface LatencyPercentiles {
  p50: number;
  p90: number;
  p99: number;
}

/**
 * Calls between two graph nodes over the window, with their provenance.
 *
 * @public
 */
export interface DependencyGraphEdge {
  /** Node ids (see {@link DependencyGraphNode.id}): the caller and the callee. */
  from: string;
  to: string;
  /** '' (request/response), `messaging_system`, `database` or `virtual_node`, as Tempo names them. */
  connectionType: string;
  count: number;
  errorCount: number;
  ratePerSecond: number;
  errorRate: number;
  /** Absent when the window holds no request. */
  latencyMs?: LatencyPercentiles;
  /** When the call was first and last seen by this store (beyond the window), ISO 8601. */
  firstSeen?: string;
  lastSeen?: string;
  /** A few trace ids of calls on this edge, newest first. */
  sampleTraceIds: string[];
  /** Requests per step of the window, oldest first (for sparklines). */
  trend: number[];
}

/**
 * The observed dependencies of an entity: graph, provenance and drift against the catalog.
 *
 * @public
 */
export interface EntityDependencies {
  entityRef: string;
  window: ResponseWindow;
  depth: number;
  /** The trace nodes the entity claims (for a system, those of its parts) and how the claim was made. */
  traceNodes: string[];
  claimSource?: TelemetryClaimSource;
  /** Equally strong claims by several entities on one of these nodes. */
  conflicts: TelemetryClaimConflict[];
  nodes: DependencyGraphNode[];
  edges: DependencyGraphEdge[];
  /** Declared `dependsOn` against what was observed over the last `windowDays` days. */
  drift: DependencyDrift & {
    windowDays: number;
    /** Where the entity's `catalog-info.yaml` can be edited, when the catalog knows it. */
    sourceLocation?: string;
  };
}

/**
 * A team's traffic with another team (or with unowned nodes when `team` is absent), in one direction.
 *
 * @public
 */
export interface TeamDependency {
  team?: string;
  count: number;
  errorCount: number;
  ratePerSecond: number;
  /** Share of all the group's traffic in that direction, 0..1. */
  share: number;
  /** The service pairs behind it, busiest first. */
  calls: Array<{
    /** Our entity. */
    entityRef: string;
    /** Their entity, or the trace node when no entity claims it. */
    otherEntityRef?: string;
    otherNode: string;
    count: number;
    errorCount: number;
  }>;
}

/**
 * The observed dependencies of a group's services on other teams' services, both ways.
 *
 * @public
 */
export interface GroupDependencies {
  groupRef: string;
  window: ResponseWindow;
  /** The entities the group owns that claim trace nodes. */
  entityRefs: string[];
  /** Teams whose services ours call, busiest first. */
  dependsOn: TeamDependency[];
  /** Teams whose services call ours, busiest first. */
  dependedOnBy: TeamDependency[];
}

/**
 * Trace nodes no catalog entity claims.
 *
 * @public
 */
export interface UnownedTraffic {
  window: ResponseWindow;
  nodes: Array<UnownedNode & { nodeType: TraceNodeType }>;
}

/**
 * The observed dependencies between entities, precomputed for the catalog processor.
 *
 * @public
 */
export interface ObservedDependencySnapshot {
  generatedAt: string;
  /** Edges last seen longer ago than this are left out (aged out). */
  maxAgeSeconds: number;
  relations: Array<{
    /** The calling entity and the called entity. */
    source: string;
    target: string;
    firstSeen: string;
    lastSeen: string;
  }>;
}
