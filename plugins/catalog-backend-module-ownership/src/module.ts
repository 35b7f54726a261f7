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
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { readObservedDependenciesConfig } from './observed/config';
import { ObservedDependenciesProcessor } from './observed/ObservedDependenciesProcessor';
import {
  OBSERVED_DEPENDENCIES_REFRESH_TASK_ID,
  ObservedDependencySnapshotReader,
} from './observed/ObservedDependencySnapshotReader';
import { OwnershipAnnotationsProcessor } from './processor/OwnershipAnnotationsProcessor';

/**
 * Catalog module of Service Ownership for Backstage: validates ownership annotations during processing, and
 * writes the dependencies observed in traces into the catalog as relations.
 *
 * @public
 */
export const catalogModuleOwnership = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ownership',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        catalogService: catalogServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        discovery,
        auth,
        scheduler,
        catalogService,
      }) {
        catalog.addProcessor(
          OwnershipAnnotationsProcessor.fromConfig(config, { logger }),
        );

        const observed = readObservedDependenciesConfig(config);
        if (!observed.enabled) {
          return;
        }
        const reader = ObservedDependencySnapshotReader.create({
          discovery,
          auth,
          logger,
          catalog: catalogService,
        });
        // Local: every catalog instance holds its own copy of the snapshot in memory.
        await scheduler.scheduleTask({
          id: OBSERVED_DEPENDENCIES_REFRESH_TASK_ID,
          scope: 'local',
          frequency: observed.refreshInterval,
          timeout: { minutes: 5 },
          initialDelay: { seconds: 5 },
          fn: signal => reader.refresh({ signal }),
        });
        catalog.addProcessor(
          new ObservedDependenciesProcessor({
            dependencies: reader,
            emitDependsOn: observed.emitDependsOn,
          }),
        );
      },
    });
  },
});
