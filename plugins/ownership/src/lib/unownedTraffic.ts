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
  TraceNodeType,
  UnownedTraffic,
} from '@service-ownership/plugin-ownership-common';
import { traceNodeTypeLabel } from './dependencyGraph';
import { formatErrorRate } from './format';

/** One row of the unowned traffic table. */
export interface UnownedTrafficRow {
  node: string;
  nodeType: TraceNodeType;
  type: string;
  requestCount: number;
  errorCount: number;
  errorRate: string;
  callCount: number;
  callers: string;
}

/** How many callers are named before "and N more". */
const MAX_CALLERS_SHOWN = 5;

/** The rows of the unowned traffic table, in the backend's order (busiest first). */
export function toUnownedTrafficRows(
  traffic: UnownedTraffic,
): UnownedTrafficRow[] {
  return traffic.nodes.map(node => {
    const shown = node.callers.slice(0, MAX_CALLERS_SHOWN);
    const more = node.callers.length - shown.length;
    return {
      node: node.node,
      nodeType: node.nodeType,
      type: traceNodeTypeLabel(node.nodeType),
      requestCount: node.requestCount,
      errorCount: node.errorCount,
      errorRate: formatErrorRate(
        node.requestCount > 0 ? node.errorCount / node.requestCount : 0,
      ),
      callCount: node.callCount,
      callers:
        more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', '),
    };
  });
}
