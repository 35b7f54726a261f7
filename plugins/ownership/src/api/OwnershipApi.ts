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
import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  DependencyWindow,
  EntityDependencies,
  GroupDependencies,
  OwnershipSummary,
  UnownedTraffic,
} from '@service-ownership/plugin-ownership-common';

/**
 * Client of the Service Ownership backend's read API.
 *
 * @public
 */
export interface OwnershipApi {
  /** The ownership summary of an entity: owner, annotations, their problems, and what a group owns. */
  getEntitySummary(entityRef: CompoundEntityRef): Promise<OwnershipSummary>;

  /**
   * The dependencies traces show for a component, resource or system: the graph up to `depth` hops
   * (1 to 3) over the window, each call's provenance, and the drift against the declared `dependsOn`.
   */
  getEntityDependencies(
    entityRef: CompoundEntityRef,
    options: { window: DependencyWindow; depth: number },
  ): Promise<EntityDependencies>;

  /** How a group's services depend on other teams' services over the window, both ways. */
  getGroupDependencies(
    groupRef: CompoundEntityRef,
    options: { window: DependencyWindow },
  ): Promise<GroupDependencies>;

  /** The trace nodes no catalog entity claims, with their traffic over the window. */
  getUnownedTraffic(options: {
    window: DependencyWindow;
  }): Promise<UnownedTraffic>;
}

/**
 * API reference for {@link OwnershipApi}.
 *
 * @public
 */
export const ownershipApiRef = createApiRef<OwnershipApi>({
  id: 'plugin.ownership.service',
});
