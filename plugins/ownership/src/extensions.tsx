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
  createComponentExtension,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { ownershipPlugin } from './plugin';
import {
  entityContentRouteRef,
  entityDependenciesRouteRef,
  unownedTrafficRouteRef,
} from './routes';

/**
 * The Ownership tab of an entity page: owner, Service Ownership annotations and their problems; for groups,
 * what they own; for systems, their parts.
 *
 * @public
 */
export const EntityOwnershipContent = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'EntityOwnershipContent',
    component: () =>
      import('./components/EntityOwnershipContent').then(
        m => m.EntityOwnershipContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);

/**
 * The Dependencies tab of a component, resource or system page: the dependencies traces show, as a graph
 * and a table of calls with their rate, errors and latency, and how they compare with `spec.dependsOn`.
 *
 * @public
 */
export const EntityDependenciesContent = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'EntityDependenciesContent',
    component: () =>
      import('./components/EntityDependenciesContent').then(
        m => m.EntityDependenciesContent,
      ),
    mountPoint: entityDependenciesRouteRef,
  }),
);

/**
 * A card for group pages: the teams whose services the group's services call, and the teams calling them.
 *
 * @public
 */
export const EntityTeamDependenciesCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamDependenciesCard',
    component: {
      lazy: () =>
        import('./components/EntityTeamDependenciesCard').then(
          m => m.EntityTeamDependenciesCard,
        ),
    },
  }),
);

/**
 * A page of the trace nodes no catalog entity claims, with their traffic and how to claim them.
 *
 * @public
 */
export const UnownedTrafficPage = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'UnownedTrafficPage',
    component: () =>
      import('./components/UnownedTrafficPage').then(m => m.UnownedTrafficPage),
    mountPoint: unownedTrafficRouteRef,
  }),
);
