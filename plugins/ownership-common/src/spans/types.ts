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

/**
 * Span kinds of the suite's span model (OTLP's, in lower case; `unspecified` when the source did not say).
 *
 * @public
 */
export type SpanKind =
  | 'unspecified'
  | 'internal'
  | 'server'
  | 'client'
  | 'producer'
  | 'consumer';

/**
 * Peer attributes of a span: who or what the span talked to, read from both old and new semantic-convention names.
 *
 * @public
 */
export interface SpanPeer {
  /** `peer.service`: the logical remote service, set by the caller. */
  service?: string;
  /** `server.address` (new) or `net.peer.name` (old). */
  serverAddress?: string;
  /** `server.port` (new) or `net.peer.port` (old). */
  serverPort?: number;
  /** `db.system.name` (new) or `db.system` (old), e.g. `postgresql`. */
  dbSystem?: string;
  /** `db.namespace` (new) or `db.name` (old), e.g. `inventory`. */
  dbNamespace?: string;
  /** `messaging.system`, e.g. `kafka`. */
  messagingSystem?: string;
  /** `messaging.destination.name` (new) or `messaging.destination` (old), e.g. `order-events`. */
  messagingDestination?: string;
}

/**
 * One span in the suite's model. Every adapter (OTLP receiver, Jaeger, Zipkin, Tempo) maps into it.
 *
 * - Ids are lower-case hex: 32 characters for trace ids, 16 for span ids.
 * - `startTimeUnixNano` is a bigint because nanosecond timestamps exceed 2^53; `startTimeUnixMs` is the same
 *   instant in whole milliseconds, for bucketing. `durationNano` is a number (exact below 104 days).
 * - `error` follows the OTLP status (ERROR), falling back to old conventions for instrumentation that sets no
 *   status: the `error` attribute, `otel.status_code`, and HTTP status codes (5xx for server spans; 4xx and
 *   5xx for client spans, so a 404 is an error of the caller, not of the server).
 *
 * @public
 */
export interface Span {
  traceId: string;
  spanId: string;
  /** Absent for root spans. */
  parentSpanId?: string;
  /** `service.name` of the resource that emitted the span. */
  serviceName: string;
  /** `service.namespace`, when set. */
  serviceNamespace?: string;
  /** Span name, i.e. the operation. */
  name: string;
  kind: SpanKind;
  startTimeUnixNano: bigint;
  startTimeUnixMs: number;
  durationNano: number;
  error: boolean;
  /** OTLP status code as sent (`unset` when absent). */
  statusCode: 'unset' | 'ok' | 'error';
  /** OTLP status message, when the span failed and the source gave one. */
  statusMessage?: string;
  /** `http.response.status_code` (new) or `http.status_code` (old). */
  httpStatusCode?: number;
  peer: SpanPeer;
  /**
   * Span attributes with scalar values (strings, numbers, booleans), as sent. Array and map values are
   * kept as JSON strings. Resource attributes are not repeated here.
   */
  attributes: Record<string, string | number | boolean>;
}

/**
 * A span the adapter refused, with the reason, so a receiver can answer with a partial success.
 *
 * @public
 */
export interface RejectedSpan {
  /** Where it was in the request, e.g. `resourceSpans[0].scopeSpans[1].spans[4]`. */
  location: string;
  /** What was wrong, e.g. `traceId "abc" is not 32 hex characters`. */
  reason: string;
}

/**
 * A span as the read API sends it: `startTimeUnixNano` as a decimal string, since JSON has no bigint.
 *
 * @public
 */
export type SpanJson = Omit<Span, 'startTimeUnixNano'> & {
  startTimeUnixNano: string;
};

/**
 * A recent trace as the read API sends it (`GET /v1/traces/{traceId}`).
 *
 * @public
 */
export interface TraceJson {
  traceId: string;
  spans: SpanJson[];
}
