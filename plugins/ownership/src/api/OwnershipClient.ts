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
  AlertDryRunResponse,
  AlertRoutingList,
  AlertRoutingRecord,
  DependencySlos,
  DependencyWindow,
  DocsHealthList,
  DocsReviewRequest,
  DocsSnoozeRequest,
  EntityDependencies,
  EntityDocsHealth,
  EntityOnCall,
  EntitySlos,
  GroupDependencies,
  GroupSlos,
  MyOnCall,
  OwnershipSummary,
  SloChartWindow,
  SloExportFormat,
  SloSeries,
  SloSuggestions,
  TraceSourcesStatus,
  UnownedTraffic,
} from '@service-ownership/plugin-ownership-common';
import {
  OwnershipApi,
  OwnershipDocExportFormat,
  OwnershipTrace,
} from './OwnershipApi';

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
    return this.request<OwnershipSummary>(`${entityPath(entityRef)}/summary`);
  }

  async getEntityDependencies(
    entityRef: CompoundEntityRef,
    options: { window: DependencyWindow; depth: number },
  ): Promise<EntityDependencies> {
    const query = new URLSearchParams({
      window: options.window,
      depth: String(options.depth),
    });
    return this.request<EntityDependencies>(
      `${entityPath(entityRef)}/dependencies?${query}`,
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

  async getEntitySlos(entityRef: CompoundEntityRef): Promise<EntitySlos> {
    return this.request<EntitySlos>(`${entityPath(entityRef)}/slos`);
  }

  async getSloSeries(
    entityRef: CompoundEntityRef,
    slo: string,
    options: { window: SloChartWindow },
  ): Promise<SloSeries> {
    const query = new URLSearchParams({ window: options.window });
    return this.request<SloSeries>(
      `${entityPath(entityRef)}/slos/${encodeURIComponent(
        slo,
      )}/series?${query}`,
    );
  }

  async getSloSuggestions(
    entityRef: CompoundEntityRef,
  ): Promise<SloSuggestions> {
    return this.request<SloSuggestions>(
      `${entityPath(entityRef)}/slos/suggestions`,
    );
  }

  async getDependencySlos(
    entityRef: CompoundEntityRef,
    slo: string,
  ): Promise<DependencySlos> {
    return this.request<DependencySlos>(
      `${entityPath(entityRef)}/slos/${encodeURIComponent(slo)}/dependencies`,
    );
  }

  async getGroupSlos(groupRef: CompoundEntityRef): Promise<GroupSlos> {
    return this.request<GroupSlos>(
      `/v1/groups/${encodeURIComponent(
        groupRef.namespace,
      )}/${encodeURIComponent(groupRef.name)}/slos`,
    );
  }

  async exportSlos(
    entityRef: CompoundEntityRef,
    format: SloExportFormat,
  ): Promise<string> {
    const query = new URLSearchParams({ format });
    const response = await this.send(
      `${entityPath(entityRef)}/slos/export?${query}`,
    );
    return response.text();
  }

  async getEntityOnCall(entityRef: CompoundEntityRef): Promise<EntityOnCall> {
    return this.request<EntityOnCall>(`${entityPath(entityRef)}/on-call`);
  }

  async getMyOnCall(): Promise<MyOnCall> {
    return this.request<MyOnCall>('/v1/on-call/me');
  }

  async getTrace(traceId: string): Promise<OwnershipTrace> {
    return this.request<OwnershipTrace>(
      `/v1/traces/${encodeURIComponent(traceId)}`,
    );
  }

  async listAlerts(options: {
    entityRef?: string;
    groupRef?: string;
    limit?: number;
  }): Promise<AlertRoutingList> {
    const query = new URLSearchParams();
    if (options.entityRef !== undefined) {
      query.set('entity', options.entityRef);
    }
    if (options.groupRef !== undefined) {
      query.set('group', options.groupRef);
    }
    if (options.limit !== undefined) {
      query.set('limit', String(options.limit));
    }
    const search = query.toString();
    return this.request<AlertRoutingList>(
      search ? `/v1/alerts?${search}` : '/v1/alerts',
    );
  }

  async getAlert(id: string): Promise<AlertRoutingRecord> {
    return this.request<AlertRoutingRecord>(
      `/v1/alerts/${encodeURIComponent(id)}`,
    );
  }

  async dryRunAlert(
    payload: object,
    window?: { from: string; to: string },
  ): Promise<AlertDryRunResponse> {
    const query = window
      ? `?${new URLSearchParams({ from: window.from, to: window.to })}`
      : '';
    return this.request<AlertDryRunResponse>(`/v1/alerts/dry-run${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });
  }

  async getDocsHealth(entityRef: CompoundEntityRef): Promise<EntityDocsHealth> {
    return this.request<EntityDocsHealth>(
      `${entityPath(entityRef)}/docs-health`,
    );
  }

  async markDocsReviewed(
    entityRef: CompoundEntityRef,
    request: DocsReviewRequest,
  ): Promise<EntityDocsHealth> {
    return this.request<EntityDocsHealth>(
      `${entityPath(entityRef)}/docs-health/reviews`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      },
    );
  }

  async snoozeDocsNudges(
    entityRef: CompoundEntityRef,
    request: DocsSnoozeRequest,
  ): Promise<EntityDocsHealth> {
    return this.request<EntityDocsHealth>(
      `${entityPath(entityRef)}/docs-health/snooze`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ days: request.days }),
      },
    );
  }

  async listDocsHealth(
    options: { owners?: string[]; attention?: boolean } = {},
  ): Promise<DocsHealthList> {
    const query = new URLSearchParams();
    for (const owner of options.owners ?? ['me']) {
      query.append('owner', owner);
    }
    if (options.attention) {
      query.set('attention', 'true');
    }
    return this.request<DocsHealthList>(`/v1/docs-health?${query}`);
  }

  async getOpsDocExport(
    entityRef: CompoundEntityRef,
    format: OwnershipDocExportFormat,
  ): Promise<string> {
    const query = new URLSearchParams({ format });
    const response = await this.send(
      `${entityPath(entityRef)}/ops-doc?${query}`,
    );
    return response.text();
  }

  async getAlertRoutingMap(format: OwnershipDocExportFormat): Promise<string> {
    const query = new URLSearchParams({ format });
    const response = await this.send(`/v1/docs/alert-routing-map?${query}`);
    return response.text();
  }

  async getSources(): Promise<TraceSourcesStatus> {
    return this.request<TraceSourcesStatus>('/v1/sources');
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.send(path, init);
    return (await response.json()) as T;
  }

  /** Calls the backend; every non-2xx answer is thrown as a ResponseError carrying the backend's error. */
  private async send(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ownership');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

/** The API path of an entity, each part encoded. */
function entityPath(entityRef: CompoundEntityRef): string {
  return `/v1/entities/${encodeURIComponent(
    entityRef.kind,
  )}/${encodeURIComponent(entityRef.namespace)}/${encodeURIComponent(
    entityRef.name,
  )}`;
}
