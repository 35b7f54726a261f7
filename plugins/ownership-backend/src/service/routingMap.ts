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
import { AlertRoutingMapEntry } from '@service-ownership/plugin-ownership-common';
import { PAGERDUTY_INTEGRATION_KEY_ANNOTATION } from '../alerts/AlertDelivery';
import { EntityDirectorySnapshot } from './EntityDirectory';

/**
 * Service → entity → owning team: where an alert about a trace service (or an uninstrumented peer) goes.
 * The one lookup behind the alert-routing map export and the routing of alerts by traces.
 */
export function routingTargetOf(
  directory: EntityDirectorySnapshot,
  service: string,
): { entityRef: string; ownerRef?: string } | undefined {
  const claim = directory.index.resolve(service);
  if (!claim) return undefined;
  const owner = directory.entries.get(claim.entityRef)?.owner;
  return { entityRef: claim.entityRef, ...(owner ? { ownerRef: owner } : {}) };
}

/**
 * Every claimed trace service with its entity and owner (without on-call, which the caller adds), sorted by
 * service; and the services several entities claim equally.
 */
export function routingMapEntries(directory: EntityDirectorySnapshot): {
  entries: AlertRoutingMapEntry[];
  conflicts: Array<{ service: string; entityRefs: string[] }>;
} {
  const entries: AlertRoutingMapEntry[] = [];
  for (const [entityRef, entry] of directory.entries) {
    for (const service of directory.index.nodesOf(entityRef)) {
      const target = routingTargetOf(directory, service);
      // A node claimed by several entities routes to the winning claim only.
      if (!target || target.entityRef !== entityRef) continue;
      const annotations = entry.entity.metadata.annotations ?? {};
      entries.push({
        service,
        entityRef,
        ...(target.ownerRef ? { ownerRef: target.ownerRef } : {}),
        ...(annotations[PAGERDUTY_INTEGRATION_KEY_ANNOTATION]
          ? { pagerDutyIntegration: true }
          : {}),
      });
    }
  }
  entries.sort(
    (a, b) =>
      a.service.localeCompare(b.service) ||
      a.entityRef.localeCompare(b.entityRef),
  );
  return {
    entries,
    conflicts: directory.index.conflicts.map(conflict => ({
      service: conflict.node,
      entityRefs: [...conflict.entityRefs],
    })),
  };
}
