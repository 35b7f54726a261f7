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
import { Span } from '@service-ownership/plugin-ownership-common';

/**
 * A half-open time range `[from, to)` to read traces or aggregates over.
 *
 * @public
 */
export interface TimeWindow {
  from: Date;
  to: Date;
}

/**
 * A query for traces containing a given operation.
 *
 * @public
 */
export interface TraceQuery {
  window: TimeWindow;
  serviceName?: string;
  operationName?: string;
  /** Only traces where the matched span failed. */
  errorsOnly?: boolean;
  /** Upper bound on traces returned; sources may return fewer. */
  limit: number;
  signal?: AbortSignal;
}

/**
 * What a trace source answers to a search: the traces found and how much of the store they represent.
 *
 * @public
 */
export interface TraceSearchResult {
  traces: Array<{ traceId: string; spans: Span[] }>;
  /** Fraction of matching traces that were read (1 when the source read all of them), shown to users. */
  samplingRate: number;
}

/**
 * A store of distributed traces the suite reads from: the embedded OTLP store, Jaeger, Zipkin, Tempo,
 * Prometheus span metrics, or a company's own, added as a backend module through
 * {@link ownershipTraceSourceExtensionPoint}.
 *
 * Implementations must honour `signal` for cancellation, never follow redirects, and throw (rather than
 * return empty results) when the upstream fails, so the suite can serve last-good data with a staleness flag.
 *
 * @public
 */
export interface TraceSource {
  /** Unique id of this configured source, e.g. `tempo-prod`; used in logs, the health page and the API. */
  readonly id: string;
  /** What kind of store this is, e.g. `embedded`, `jaeger`, `tempo`. */
  readonly type: string;
  /** `service.name` values that have spans in the window. */
  getServices(request: {
    window: TimeWindow;
    signal?: AbortSignal;
  }): Promise<string[]>;
  /** Traces matching the query, as spans in the suite's model. */
  findTraces(query: TraceQuery): Promise<TraceSearchResult>;
  /** One trace by id, or `undefined` when the source does not have it. */
  getTrace(request: {
    traceId: string;
    signal?: AbortSignal;
  }): Promise<Span[] | undefined>;
  /**
   * Service-to-service call counts the store derives itself over the window (Jaeger `/api/dependencies`,
   * Zipkin `/api/v2/dependencies`), when it has such an API.
   */
  getDependencies?(request: {
    window: TimeWindow;
    signal?: AbortSignal;
  }): Promise<TraceDependencyLink[]>;
}

/**
 * One caller → callee pair as a trace store's dependency API reports it.
 *
 * @public
 */
export interface TraceDependencyLink {
  parent: string;
  child: string;
  callCount: number;
  /** Failed calls, when the store counts them (Zipkin does; Jaeger does not). */
  errorCount?: number;
}

/**
 * Counts of one step of a span-metrics series: requests, failed requests and a cumulative latency histogram.
 *
 * @public
 */
export interface SpanMetricsPoint {
  /** Start of the step, epoch milliseconds. */
  timestampMs: number;
  /** Requests in the step (the increase of the calls counter). */
  requests: number;
  /** Failed requests in the step. */
  errors: number;
  /**
   * Cumulative latency buckets of the step: requests that took at most `leMs` milliseconds (the last bucket is
   * `Infinity`); absent when the series has no histogram.
   */
  latencyBuckets?: Array<{ leMs: number; count: number }>;
}

/**
 * RED series of one operation (span name) of one service, from span metrics.
 *
 * @public
 */
export interface SpanMetricsSeries {
  service: string;
  operation: string;
  /** `server`, `client`, … as in the span model; `unspecified` when the metrics do not say. */
  kind: string;
  points: SpanMetricsPoint[];
}

/**
 * One service-graph edge over time, from service-graph metrics (Tempo's metrics-generator or the OTel
 * Collector's servicegraph connector).
 *
 * @public
 */
export interface ServiceGraphSeries {
  client: string;
  server: string;
  /** `''` for RPC, `messaging_system`, `database` or `virtual_node`. */
  connectionType: string;
  /** Server-side latency buckets per step, when present. */
  points: SpanMetricsPoint[];
}

/**
 * A store of metrics derived from spans (Prometheus fed by spanmetrics/servicegraph), read for aggregates
 * when traces themselves are too many to read.
 *
 * @public
 */
export interface SpanMetricsSource {
  readonly id: string;
  readonly type: string;
  /** Requests, errors and latency per service and operation, per step of `stepSeconds`. */
  getSpanMetrics(request: {
    window: TimeWindow;
    stepSeconds: number;
    signal?: AbortSignal;
  }): Promise<SpanMetricsSeries[]>;
  /** Requests, failures and server latency per service-graph edge, per step. */
  getServiceGraph(request: {
    window: TimeWindow;
    stepSeconds: number;
    signal?: AbortSignal;
  }): Promise<ServiceGraphSeries[]>;
}
