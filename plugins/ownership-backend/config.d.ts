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
    /**
     * The OTLP/HTTP receiver at POST /api/ownership/v1/traces. Callers authenticate with a Backstage
     * `backend.auth.externalAccess` token (static or JWKS).
     */
    ingest?: {
      /** Largest accepted request body in bytes, measured after decompression. Default 20 MiB. */
      maxBodyBytes?: number;
      /** Bytes of request bodies being read at once before new requests get 429. Default 64 MiB. */
      maxInFlightBytes?: number;
      /**
       * Spans buffered in memory (waiting for pairing or for their trace to settle, and in open rollup
       * buckets) before new requests get 503. Default 200000.
       */
      maxBufferedSpans?: number;
      /** Retry-After sent with 429 and 503, in seconds. Default 5. */
      retryAfterSeconds?: number;
      /** How often buffered rollups and traces are written to the database, in seconds. Default 5. */
      flushIntervalSeconds?: number;
    };
    /** Pairing of client and server halves of calls into service-graph edges. */
    pairing?: {
      /** How long an unpaired half waits for its other half, in seconds. Default 10. */
      waitSeconds?: number;
      /** Unpaired halves kept at most; the oldest are expired beyond that. Default 10000. */
      maxPending?: number;
    };
    /** Recent full traces kept for trace views and error-path walks. */
    recentTraces?: {
      /** Fraction of traces without errors that are kept (traces with errors always are). Default 0.1. */
      sampleRate?: number;
      /** Spans kept in the database at most; the oldest are deleted beyond that. Default 200000. */
      maxSpans?: number;
      /** How long a trace must be quiet before it is decided, in seconds. Default 15. */
      settleSeconds?: number;
    };
    /** How long rollups are kept, per level, in days. */
    retention?: {
      /** Minute rollups. Default 2. */
      minuteDays?: number;
      /** Hour rollups. Default 35. */
      hourDays?: number;
      /** Day rollups, and the first/last-seen record of each edge. Default 400. */
      dayDays?: number;
    };
    /** The dependency views and the relations the catalog module writes. */
    dependencies?: {
      /**
       * Edges not seen for this many hours leave the snapshot the catalog module turns into
       * `observedDependsOn` relations, so the relations age out. Default 168 (7 days).
       */
      relationMaxAgeHours?: number;
      /** "Declared but not observed" means not seen in this many days. Default 30. */
      driftWindowDays?: number;
      /**
       * How long one read of the catalog (which entity claims which trace service) is reused by the
       * dependency views, in seconds. Default 30.
       */
      catalogCacheSeconds?: number;
    };
    /** The SLO views. */
    slos?: {
      /**
       * Where the SLO charts open a trace: an http(s) URL with `{traceId}`, e.g.
       * `https://jaeger.example.com/trace/{traceId}` or Grafana Explore's. Default: the suite's own trace view.
       * @visibility frontend
       */
      traceUrlTemplate?: string;
    };
  };
}
