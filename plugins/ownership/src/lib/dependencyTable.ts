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
} from '@service-ownership/plugin-ownership-common';
import { graphNodeName } from './dependencyGraph';
import {
  formatErrorRate,
  formatLatency,
  formatRate,
  formatRelativeTime,
  shortTraceId,
  toMillis,
} from './format';

/** One end of a call: a name, and the entity when one claims it. */
export interface CallEnd {
  name: string;
  entityRef?: string;
}

/** How a call travels. */
export type CallType = 'http' | 'messaging' | 'database' | 'peer';

/** One row of the calls table; the plain fields are what the columns sort on. */
export interface DependencyTableRow {
  id: string;
  caller: CallEnd;
  callee: CallEnd;
  callerName: string;
  calleeName: string;
  type: CallType | string;
  ratePerSecond: number;
  rate: string;
  errorRate: number;
  errorRateLabel: string;
  p50Ms?: number;
  p50: string;
  p99Ms?: number;
  p99: string;
  firstSeenMs?: number;
  firstSeen: string;
  lastSeenMs?: number;
  lastSeen: string;
  sampleTraceId?: string;
  shortTraceId?: string;
  trend: number[];
}

const CALL_TYPES: Record<string, CallType> = {
  '': 'http',
  messaging_system: 'messaging',
  database: 'database',
  virtual_node: 'peer',
};

/**
 * The kind of call from the service graph's connection type: '' is request/response (`http`),
 * `messaging_system` is `messaging`, `database` is `database`, `virtual_node` (an uninstrumented peer) is
 * `peer`. Unknown connection types are shown as they are.
 */
export function callType(connectionType: string): CallType | string {
  return CALL_TYPES[connectionType] ?? connectionType;
}

function callEnd(
  id: string,
  nodesById: Map<string, DependencyGraphNode>,
): CallEnd {
  const node = nodesById.get(id);
  if (!node) {
    return { name: id.replace(/^trace:/, '') };
  }
  return { name: graphNodeName(node), entityRef: node.entityRef };
}

/** The rows of the calls table, busiest call first. */
export function toDependencyTableRows(
  nodes: DependencyGraphNode[],
  edges: DependencyGraphEdge[],
  now: Date,
): DependencyTableRow[] {
  const nodesById = new Map(nodes.map(n => [n.id, n]));
  return edges
    .map(edge => {
      const caller = callEnd(edge.from, nodesById);
      const callee = callEnd(edge.to, nodesById);
      const sampleTraceId = edge.sampleTraceIds[0];
      return {
        id: `${edge.from}\u0000${edge.to}\u0000${edge.connectionType}`,
        caller,
        callee,
        callerName: caller.name,
        calleeName: callee.name,
        type: callType(edge.connectionType),
        ratePerSecond: edge.ratePerSecond,
        rate: formatRate(edge.ratePerSecond),
        errorRate: edge.errorRate,
        errorRateLabel: formatErrorRate(edge.errorRate),
        p50Ms: edge.latencyMs?.p50,
        p50: formatLatency(edge.latencyMs?.p50),
        p99Ms: edge.latencyMs?.p99,
        p99: formatLatency(edge.latencyMs?.p99),
        firstSeenMs: toMillis(edge.firstSeen),
        firstSeen: formatRelativeTime(edge.firstSeen, now),
        lastSeenMs: toMillis(edge.lastSeen),
        lastSeen: formatRelativeTime(edge.lastSeen, now),
        sampleTraceId,
        shortTraceId: sampleTraceId ? shortTraceId(sampleTraceId) : undefined,
        trend: edge.trend,
      };
    })
    .sort(
      (a, b) =>
        b.ratePerSecond - a.ratePerSecond ||
        a.callerName.localeCompare(b.callerName) ||
        a.calleeName.localeCompare(b.calleeName),
    );
}
