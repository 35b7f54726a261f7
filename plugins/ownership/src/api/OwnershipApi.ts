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
import { createApiRef } from '@backstage/core-plugin-api';
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
  SpanJson,
  TraceJson,
  TraceSourcesStatus,
  UnownedTraffic,
} from '@service-ownership/plugin-ownership-common';

/**
 * One span of a trace as the backend sends it: a {@link @service-ownership/plugin-ownership-common#Span}
 * with its nanosecond start time as a decimal string (JSON has no 64-bit integers).
 *
 * @public
 */
export type OwnershipTraceSpan = SpanJson;

/**
 * A recent trace from the suite's own trace store.
 *
 * @public
 */
export type OwnershipTrace = TraceJson;

/**
 * The formats the ops doc of an entity and the alert-routing map are exported in.
 *
 * @public
 */
export type OwnershipDocExportFormat = 'json' | 'yaml';

/**
 * Client of the Service Ownership backend's read API.
 *
 * @public
 */
export interface OwnershipApi {
  /** The ownership summary of an entity: owner, annotations, their problems, and what a group owns. */
  getEntitySummary(entityRef: CompoundEntityRef): Promise<OwnershipSummary>;

  /**
   * The dependencies traces show for a component, resource or system: the graph up to `depth` hops
   * (1 to 3) over the window, each call's provenance, and the drift against the declared `dependsOn`.
   */
  getEntityDependencies(
    entityRef: CompoundEntityRef,
    options: { window: DependencyWindow; depth: number },
  ): Promise<EntityDependencies>;

  /** How a group's services depend on other teams' services over the window, both ways. */
  getGroupDependencies(
    groupRef: CompoundEntityRef,
    options: { window: DependencyWindow },
  ): Promise<GroupDependencies>;

  /** The trace nodes no catalog entity claims, with their traffic over the window. */
  getUnownedTraffic(options: {
    window: DependencyWindow;
  }): Promise<UnownedTraffic>;

  /**
   * The SLOs of an entity evaluated now: attainment, error budget, burn-rate state and windows, daily
   * budget trend; and the located problems of the definitions left out.
   */
  getEntitySlos(entityRef: CompoundEntityRef): Promise<EntitySlos>;

  /** The chart data of one SLO over a chart window: counts and latency percentiles per step, exemplars. */
  getSloSeries(
    entityRef: CompoundEntityRef,
    slo: string,
    options: { window: SloChartWindow },
  ): Promise<SloSeries>;

  /** The objectives an entity could promise today from what it achieved, with the annotation YAML. */
  getSloSuggestions(entityRef: CompoundEntityRef): Promise<SloSuggestions>;

  /** What the downstream services of an SLO's operation contribute to it, and the internal SLOs they need. */
  getDependencySlos(
    entityRef: CompoundEntityRef,
    slo: string,
  ): Promise<DependencySlos>;

  /** Every SLO of a group's entities, budget remaining ascending (most at risk first). */
  getGroupSlos(groupRef: CompoundEntityRef): Promise<GroupSlos>;

  /** The entity's SLOs in another tool's format, as YAML text. */
  exportSlos(
    entityRef: CompoundEntityRef,
    format: SloExportFormat,
  ): Promise<string>;

  /**
   * Who is on call for a component (through its owner group) or a group: now, next and the escalation
   * levels, from the first provider with a schedule; the located problems of the schedule annotation; and
   * why there is no roster when there is none.
   */
  getEntityOnCall(entityRef: CompoundEntityRef): Promise<EntityOnCall>;

  /**
   * "My on-call" of the signed-in user: their own shifts in the next 14 days in their groups' catalog
   * schedules, and who covers each of their groups now and next, with how many entities each owns.
   */
  getMyOnCall(): Promise<MyOnCall>;

  /** A recent trace (32 hex characters) from the suite's own trace store, every span of it. */
  getTrace(traceId: string): Promise<OwnershipTrace>;

  /**
   * The latest alerts received and how each was routed, newest first: all of them, those that concern an
   * entity (`entityRef`, a component by default), or those routed to or raised on a group's entities
   * (`groupRef`). At most `limit` (1 to 200, 20 by default).
   */
  listAlerts(options: {
    entityRef?: string;
    groupRef?: string;
    limit?: number;
  }): Promise<AlertRoutingList>;

  /** One received alert with its routing decision, on-call and deliveries. */
  getAlert(id: string): Promise<AlertRoutingRecord>;

  /**
   * Routes an alert payload (Alertmanager, Grafana or the plain form `{operation, service?, entity?}`) as if
   * it had arrived, without storing or delivering anything; over the traces of `window` (ISO 8601 times)
   * instead of the alert's lookback when given.
   */
  dryRunAlert(
    payload: object,
    window?: { from: string; to: string },
  ): Promise<AlertDryRunResponse>;

  /**
   * The documentation health of an entity: its state and badge label, every reason it needs attention, the
   * ops-doc checklist, when it was last reviewed and modified, when the next review is due, what changed since
   * the last review, and whether the signed-in user may mark it reviewed.
   */
  getDocsHealth(entityRef: CompoundEntityRef): Promise<EntityDocsHealth>;

  /**
   * "Mark as reviewed": records a review of the entity's docs by the signed-in user, and answers the updated
   * health. Refused (a `ResponseError` with status 403, `NotAllowedError`) unless the user is a member of the
   * owning group.
   */
  markDocsReviewed(
    entityRef: CompoundEntityRef,
    request: DocsReviewRequest,
  ): Promise<EntityDocsHealth>;

  /** Stops the nudges about an entity's docs for `days` days (0 lifts the snooze); answers the updated health. */
  snoozeDocsNudges(
    entityRef: CompoundEntityRef,
    request: DocsSnoozeRequest,
  ): Promise<EntityDocsHealth>;

  /**
   * The docs health of the entities some owners own, most urgent first: `owners` are group refs or `me` (the
   * signed-in user's groups, the default); with `attention`, only the entities whose docs are not fresh.
   */
  listDocsHealth(options?: {
    owners?: string[];
    attention?: boolean;
  }): Promise<DocsHealthList>;

  /** The machine-readable ops doc of an entity, as JSON or YAML text (for downloading). */
  getOpsDocExport(
    entityRef: CompoundEntityRef,
    format: OwnershipDocExportFormat,
  ): Promise<string>;

  /** The alert-routing map (service → team → on-call), as JSON or YAML text (for downloading). */
  getAlertRoutingMap(format: OwnershipDocExportFormat): Promise<string>;

  /**
   * The trace sources: the embedded store's intake counters and every configured upstream source (Jaeger,
   * Zipkin, Tempo, Prometheus…) with its health — last successful poll, lag, last error, what the last poll
   * read and at what sampling rate — and the on-call providers.
   */
  getSources(): Promise<TraceSourcesStatus>;
}

/**
 * API reference for {@link OwnershipApi}.
 *
 * @public
 */
export const ownershipApiRef = createApiRef<OwnershipApi>({
  id: 'plugin.ownership.service',
});
