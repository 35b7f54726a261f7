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
import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { OnCallProvider } from './onCallProvider';
import { TraceSource } from './traceSource';

/**
 * Lets a backend module add a trace source to the ownership backend.
 *
 * @example
 * ```ts
 * export default createBackendModule({
 *   pluginId: 'ownership',
 *   moduleId: 'my-store',
 *   register(env) {
 *     env.registerInit({
 *       deps: { traceSources: ownershipTraceSourceExtensionPoint, config: coreServices.rootConfig },
 *       async init({ traceSources, config }) {
 *         traceSources.addTraceSource(MyStoreTraceSource.fromConfig(config));
 *       },
 *     });
 *   },
 * });
 * ```
 * @public
 */
export interface OwnershipTraceSourceExtensionPoint {
  addTraceSource(...sources: TraceSource[]): void;
}

/**
 * Extension point for trace sources; see {@link OwnershipTraceSourceExtensionPoint}.
 *
 * @public
 */
export const ownershipTraceSourceExtensionPoint =
  createExtensionPoint<OwnershipTraceSourceExtensionPoint>({
    id: 'ownership.trace-sources',
  });

/**
 * Lets a backend module add an on-call provider to the ownership backend.
 *
 * @public
 */
export interface OwnershipOnCallProviderExtensionPoint {
  addOnCallProvider(...providers: OnCallProvider[]): void;
}

/**
 * Extension point for on-call providers; see {@link OwnershipOnCallProviderExtensionPoint}.
 *
 * @public
 */
export const ownershipOnCallProviderExtensionPoint =
  createExtensionPoint<OwnershipOnCallProviderExtensionPoint>({
    id: 'ownership.on-call-providers',
  });
