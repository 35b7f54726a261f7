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
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  OnCallProvider,
  ownershipOnCallProviderExtensionPoint,
  ownershipTraceSourceExtensionPoint,
  TraceSource,
} from '@service-ownership/plugin-ownership-node';
import { createRouter } from './service/router';

/**
 * The Service Ownership backend plugin: the ownership read API, and (with later modules) trace ingestion.
 *
 * @public
 */
export const ownershipPlugin = createBackendPlugin({
  pluginId: 'ownership',
  register(env) {
    const traceSources: TraceSource[] = [];
    const onCallProviders: OnCallProvider[] = [];
    env.registerExtensionPoint(ownershipTraceSourceExtensionPoint, {
      addTraceSource(...sources) {
        traceSources.push(...sources);
      },
    });
    env.registerExtensionPoint(ownershipOnCallProviderExtensionPoint, {
      addOnCallProvider(...providers) {
        onCallProviders.push(...providers);
      },
    });

    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        catalog: catalogServiceRef,
      },
      async init({ httpRouter, httpAuth, catalog }) {
        assertUniqueIds('trace source', traceSources);
        assertUniqueIds('on-call provider', onCallProviders);
        httpRouter.use(
          await createRouter({
            httpAuth,
            catalog,
            traceSources,
            onCallProviders,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

function assertUniqueIds(what: string, items: Array<{ id: string }>) {
  const seen = new Set<string>();
  for (const { id } of items) {
    if (seen.has(id)) {
      throw new Error(
        `Two ${what}s were registered with the id '${id}'; ids must be unique`,
      );
    }
    seen.add(id);
  }
}
