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
import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the Ownership tab on entity pages. */
export const entityContentRouteRef = createRouteRef({
  id: 'ownership:entity-content',
});

/** Route of the Dependencies tab on entity pages. */
export const entityDependenciesRouteRef = createRouteRef({
  id: 'ownership:entity-dependencies',
});

/** Route of the SLOs tab on entity pages. */
export const entitySlosRouteRef = createRouteRef({
  id: 'ownership:entity-slos',
});

/** Route of the suite's own trace view (a trace id follows it in the path). */
export const traceViewRouteRef = createRouteRef({
  id: 'ownership:trace-view',
});

/** Route of the alert routing page: recent alerts, dry runs, and one decision when an alert id follows. */
export const alertRoutingRouteRef = createRouteRef({
  id: 'ownership:alert-routing',
});

/** Route of the page of traffic no catalog entity claims. */
export const unownedTrafficRouteRef = createRouteRef({
  id: 'ownership:unowned-traffic',
});

/**
 * Route of the trace sources page: the embedded store and every upstream source with its health.
 *
 * @public
 */
export const traceSourcesRouteRef = createRouteRef({
  id: 'ownership:trace-sources',
});
