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

export interface Config {
  ownership?: {
    /** Settings of the catalog module (`@service-ownership/plugin-catalog-backend-module-ownership`). */
    catalog?: {
      /**
       * How invalid `service-ownership.io/*` annotations are reported during catalog processing.
       * `status` (default): as processing-status errors on the entity (shown in its "processing errors"
       * panel) while the entity keeps updating. `fail`: as processing errors that also stop the entity
       * from updating until fixed.
       */
      invalidAnnotations?: 'status' | 'fail';

      /**
       * Relations for the dependencies observed in traces, mirrored from the snapshot the ownership backend
       * serves at `GET /api/ownership/v1/dependencies/snapshot`. Which edges are in it, and when they age out,
       * is the backend's business (`ownership.dependencies.relationMaxAge`).
       */
      observedDependencies?: {
        /**
         * Whether the catalog loads the snapshot and emits `observedDependsOn` / `observedDependencyOf`
         * relations. Default true. When false, nothing is scheduled and no relation is emitted.
         */
        enabled?: boolean;
        /**
         * Also emit the standard `dependsOn` / `dependencyOf` relations for each observed dependency, so
         * views that only know those (such as the catalog graph's defaults) show them. Default false.
         */
        emitDependsOn?: boolean;
        /**
         * How often each catalog instance loads the snapshot and asks the catalog to reprocess the entities
         * whose observed dependencies changed: an ISO 8601 duration (`PT1M`), a string such as `60s` or `5m`,
         * or an object such as `{ seconds: 60 }`. Default 60 seconds.
         */
        refreshInterval?:
          | string
          | {
              years?: number;
              months?: number;
              weeks?: number;
              days?: number;
              hours?: number;
              minutes?: number;
              seconds?: number;
              milliseconds?: number;
            };
      };
    };
  };
}
