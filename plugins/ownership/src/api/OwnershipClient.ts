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
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DependencyWindow,
  EntityDependencies,
  GroupDependencies,
  OwnershipSummary,
  UnownedTraffic,
} from '@service-ownership/plugin-ownership-common';
import { OwnershipApi } from './OwnershipApi';

/**
 * Default {@link OwnershipApi}, calling the `ownership` backend plugin with the signed-in user's token.
 *
 * @public
 */
export class OwnershipClient implements OwnershipApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntitySummary(
    entityRef: CompoundEntityRef,
  ): Promise<OwnershipSummary> {
    const { kind, namespace, name } = entityRef;
    return this.request<OwnershipSummary>(
      `/v1/entities/${encodeURIComponent(kind)}/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}/summary`,
    );
  }

  async getEntityDependencies(
    entityRef: CompoundEntityRef,
    options: { window: DependencyWindow; depth: number },
  ): Promise<EntityDependencies> {
    const { kind, namespace, name } = entityRef;
    const query = new URLSearchParams({
      window: options.window,
      depth: String(options.depth),
    });
    return this.request<EntityDependencies>(
      `/v1/entities/${encodeURIComponent(kind)}/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}/dependencies?${query}`,
    );
  }

  async getGroupDependencies(
    groupRef: CompoundEntityRef,
    options: { window: DependencyWindow },
  ): Promise<GroupDependencies> {
    const query = new URLSearchParams({ window: options.window });
    return this.request<GroupDependencies>(
      `/v1/groups/${encodeURIComponent(
        groupRef.namespace,
      )}/${encodeURIComponent(groupRef.name)}/dependencies?${query}`,
    );
  }

  async getUnownedTraffic(options: {
    window: DependencyWindow;
  }): Promise<UnownedTraffic> {
    const query = new URLSearchParams({ window: options.window });
    return this.request<UnownedTraffic>(`/v1/unowned?${query}`);
  }

  private async request<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ownership');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
