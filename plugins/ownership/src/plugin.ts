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
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ownershipApiRef, OwnershipClient } from './api';
import {
  alertRoutingRouteRef,
  entityContentRouteRef,
  entityDependenciesRouteRef,
  entitySlosRouteRef,
  traceSourcesRouteRef,
  traceViewRouteRef,
  unownedTrafficRouteRef,
} from './routes';

/**
 * The Service Ownership frontend plugin (legacy frontend system).
 *
 * @public
 */
export const ownershipPlugin = createPlugin({
  id: 'ownership',
  apis: [
    createApiFactory({
      api: ownershipApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new OwnershipClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: entityContentRouteRef,
    entityDependencies: entityDependenciesRouteRef,
    entitySlos: entitySlosRouteRef,
    unownedTraffic: unownedTrafficRouteRef,
    traceView: traceViewRouteRef,
    alertRouting: alertRoutingRouteRef,
    traceSources: traceSourcesRouteRef,
  },
});
