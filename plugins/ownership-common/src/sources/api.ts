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

/** Counters of the embedded store's edge pairing (client and server sides of calls made into edges). */
export interface EmbeddedPairingCounters {
  /** RPC and messaging edges completed from a client and a server side. */
  paired: number;
  /** Database edges, completed from the client side alone. */
  database: number;
  /** Edges to a virtual server (on expiry) or from the virtual `user` client (root server spans). */
  virtualNodes: number;
  /** Edges dropped because client and server are the same service. */
  selfLoops: number;
  /** Sides that expired without a partner and without a peer value to make a virtual node of. */
  expiredUnpaired: number;
  /** Sides expired early, oldest first, because too many were waiting (their edges are still produced). */
  droppedForCapacity: number;
  /** Sides waiting now. */
  pending: number;
}

/** Counters of the embedded store's recent-trace buffer (the traces kept whole for the trace view). */
export interface EmbeddedRecentTraceCounters {
  /** Spans waiting for their trace to settle. */
  pendingSpans: number;
  /** Traces waiting to settle. */
  pendingTraces: number;
  /** Traces kept (sampled in, or with an error). */
  tracesKept: number;
  /** Traces dropped by sampling. */
  tracesDropped: number;
}

/**
 * The intake counters of the embedded store (the OTLP receiver and what the pollers feed it), as the `embedded`
 * member of `GET /v1/sources` answers them.
 *
 * @public
 */
export interface EmbeddedTraceStoreStatus {
  type: 'embedded';
  acceptedSpans: number;
  rejectedSpans: number;
  pairing: EmbeddedPairingCounters;
  recentTraces: EmbeddedRecentTraceCounters;
}

/**
 * The health of one configured upstream source (a trace store or a metrics source the backend polls), as
 * `GET /v1/sources` answers it.
 *
 * @public
 */
export interface TraceSourceHealthJson {
  id: string;
  /** `jaeger`, `zipkin`, `tempo`, `prometheus`, … */
  type: string;
  kind: 'traces' | 'metrics';
  /**
   * `pending`: not polled successfully yet and not failing; `ok`; `failing`: the last poll failed (the data
   * read before is still served); `stale`: no successful poll for three poll intervals.
   */
  status: 'pending' | 'ok' | 'failing' | 'stale';
  pollIntervalSeconds: number;
  /** ISO 8601 times. */
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  lastError?: string;
  lastErrorAt?: string;
  consecutiveFailures: number;
  /** How far behind now the data read so far ends, in seconds. */
  lagSeconds?: number;
  /** What the last successful poll read. */
  lastPoll?: {
    /** The window read, ISO 8601 times. */
    from: string;
    to: string;
    spans: number;
    traces: number;
    edges: number;
    /** Metric rows read (metrics sources). */
    rows?: number;
    /** Share of the matching traces read (1 = all): below 1, the counts are a sample. */
    samplingRate?: number;
    durationMs: number;
  };
}

/**
 * `GET /v1/sources`: the embedded store's intake counters, every configured upstream source with its health,
 * and the on-call providers.
 *
 * @public
 */
export interface TraceSourcesStatus {
  embedded: EmbeddedTraceStoreStatus;
  traceSources: TraceSourceHealthJson[];
  onCallProviders: Array<{ id: string }>;
}
