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
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { ownershipApiRef, OwnershipClient } from './api';
import { unownedTrafficRouteRef } from './routes';

/** Kinds whose entity pages get the Ownership tab. */
const OWNERSHIP_TAB_KINDS = ['component', 'resource', 'system', 'group'];

/** Kinds whose entity pages get the Dependencies tab: those that can call and be called. */
const DEPENDENCIES_TAB_KINDS = ['component', 'resource', 'system'];

function kindOf(entity: { kind: string }): string {
  return entity.kind.toLocaleLowerCase('en-US');
}

/**
 * The Ownership API for the new frontend system.
 *
 * @alpha
 */
export const ownershipApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(
      createApiFactory({
        api: ownershipApiRef,
        deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
        factory: ({ discoveryApi, fetchApi }) =>
          new OwnershipClient({ discoveryApi, fetchApi }),
      }),
    ),
});

/**
 * The Ownership tab on component, resource, system and group pages, for the new frontend system.
 *
 * @alpha
 */
export const entityOwnershipContent = EntityContentBlueprint.make({
  name: 'ownership',
  params: {
    path: '/ownership',
    title: 'Ownership',
    filter: entity => OWNERSHIP_TAB_KINDS.includes(kindOf(entity)),
    loader: () =>
      import('./components/EntityOwnershipContent').then(m => (
        <m.EntityOwnershipContent />
      )),
  },
});

/**
 * The Dependencies tab on component, resource and system pages, for the new frontend system.
 *
 * @alpha
 */
export const entityDependenciesContent = EntityContentBlueprint.make({
  name: 'dependencies',
  params: {
    path: '/dependencies',
    title: 'Dependencies',
    filter: entity => DEPENDENCIES_TAB_KINDS.includes(kindOf(entity)),
    loader: () =>
      import('./components/EntityDependenciesContent').then(m => (
        <m.EntityDependenciesContent />
      )),
  },
});

/**
 * The "Dependencies on other teams" card on group pages, for the new frontend system.
 *
 * @alpha
 */
export const entityTeamDependenciesCard = EntityCardBlueprint.make({
  name: 'team-dependencies',
  params: {
    filter: entity => kindOf(entity) === 'group',
    loader: () =>
      import('./components/EntityTeamDependenciesCard').then(m => (
        <m.EntityTeamDependenciesCard />
      )),
  },
});

/**
 * The page of traffic no catalog entity claims, for the new frontend system.
 *
 * @alpha
 */
export const unownedTrafficPage = PageBlueprint.make({
  name: 'unowned-traffic',
  params: {
    path: '/service-ownership/unowned',
    title: 'Unowned traffic',
    // The page draws its own header.
    noHeader: true,
    routeRef: convertLegacyRouteRef(unownedTrafficRouteRef),
    loader: () =>
      import('./components/UnownedTrafficPage').then(m => (
        <m.UnownedTrafficPage />
      )),
  },
});

/**
 * Service Ownership for Backstage as a new-frontend-system plugin.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ownership',
  routes: convertLegacyRouteRefs({ unownedTraffic: unownedTrafficRouteRef }),
  extensions: [
    ownershipApi,
    entityOwnershipContent,
    entityDependenciesContent,
    entityTeamDependenciesCard,
    unownedTrafficPage,
  ],
});
