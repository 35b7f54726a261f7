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
  ObservedDependency,
  TelemetryIndex,
} from '@service-ownership/plugin-ownership-common';
import { ObservedEdge } from '../database/OwnershipStore';

/** A callee of a set of entities, with when the suite first saw any of its edges. */
export interface ObservedCallee extends ObservedDependency {
  firstSeenMs: number;
}

/**
 * What a set of entities (one, or a system's parts) calls, from the observed-edge provenance: edges seen since
 * `sinceMs` whose client is one of `roots`, grouped by the server node; calls among the roots are left out.
 * Used by the dependency drift and by documentation health (observed dependencies since the last review), so
 * both mean the same thing by "observed dependencies".
 */
export function observedCallees(
  observed: ReadonlyArray<ObservedEdge>,
  index: TelemetryIndex,
  options: { roots: ReadonlySet<string>; sinceMs: number },
): ObservedCallee[] {
  const callees = new Map<string, ObservedCallee>();
  for (const edge of observed) {
    if (edge.lastSeenMs < options.sinceMs) continue;
    const client = index.resolve(edge.client)?.entityRef;
    if (!client || !options.roots.has(client)) continue;
    const target = index.resolve(edge.server)?.entityRef;
    if (target && options.roots.has(target)) continue;
    const existing = callees.get(edge.server);
    callees.set(edge.server, {
      node: edge.server,
      entityRef: target,
      count: (existing?.count ?? 0) + edge.callCount,
      firstSeenMs: Math.min(
        existing?.firstSeenMs ?? Infinity,
        edge.firstSeenMs,
      ),
    });
  }
  return [...callees.values()];
}

/** How a callee is named in a docs snapshot: its entity, or `trace:<node>` when no entity claims it. */
export function calleeKey(callee: ObservedDependency): string {
  return callee.entityRef ?? `trace:${callee.node}`;
}
