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
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ownershipApiRef, OwnershipClient } from './api';

/** Kinds whose entity pages get the Ownership tab. */
const OWNERSHIP_TAB_KINDS = ['component', 'resource', 'system', 'group'];

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
    filter: entity =>
      OWNERSHIP_TAB_KINDS.includes(entity.kind.toLocaleLowerCase('en-US')),
    loader: () =>
      import('./components/EntityOwnershipContent').then(m => (
        <m.EntityOwnershipContent />
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
  extensions: [ownershipApi, entityOwnershipContent],
});
