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
import type {
  EmbeddedTraceStoreStatus,
  TraceSourcesStatus,
} from '@service-ownership/plugin-ownership-common';

/*
 * `GET /v1/sources` answers as the backend builds them (sourceRoutes.ts): the embedded store's counters, and
 * four upstream sources — Jaeger polled fine at a 10 % sampling rate, Tempo failing, Prometheus stale, Zipkin
 * not polled yet. Times are relative to `nowMs`, so relative times read the same whenever the tests run.
 */

export const embeddedStore: EmbeddedTraceStoreStatus = {
  type: 'embedded',
  acceptedSpans: 1284503,
  rejectedSpans: 12,
  pairing: {
    paired: 40210,
    database: 8120,
    virtualNodes: 311,
    selfLoops: 4,
    expiredUnpaired: 27,
    droppedForCapacity: 0,
    pending: 15,
  },
  recentTraces: {
    pendingSpans: 320,
    pendingTraces: 41,
    tracesKept: 5210,
    tracesDropped: 48230,
  },
};

/** The long error Tempo's poller recorded, shown in full on the page. */
export const TEMPO_ERROR =
  'GET http://tempo.observability.svc:3200/api/search?start=1763762400&end=1763762460&limit=500 failed: ' +
  'connect ECONNREFUSED 10.42.7.19:3200 (after 3 attempts; the query-frontend may be down or the URL wrong)';

export const PROMETHEUS_ERROR =
  'HTTP 503 Service Unavailable from http://prometheus:9090/api/v1/query_range: "query processing would load too many samples into memory"';

const iso = (ms: number) => new Date(ms).toISOString();

/** Every kind of source: ok (sampled), failing, stale and pending. */
export function allSourceStates(nowMs: number): TraceSourcesStatus {
  return {
    embedded: embeddedStore,
    traceSources: [
      {
        id: 'jaeger-prod',
        type: 'jaeger',
        kind: 'traces',
        status: 'ok',
        pollIntervalSeconds: 60,
        lastAttemptAt: iso(nowMs - 30_000),
        lastSuccessAt: iso(nowMs - 30_000),
        consecutiveFailures: 0,
        lagSeconds: 90,
        lastPoll: {
          from: iso(nowMs - 150_000),
          to: iso(nowMs - 90_000),
          spans: 12400,
          traces: 830,
          edges: 57,
          samplingRate: 0.1,
          durationMs: 1240,
        },
      },
      {
        id: 'tempo',
        type: 'tempo',
        kind: 'traces',
        status: 'failing',
        pollIntervalSeconds: 60,
        lastAttemptAt: iso(nowMs - 20_000),
        lastSuccessAt: iso(nowMs - 5 * 60_000),
        lastError: TEMPO_ERROR,
        lastErrorAt: iso(nowMs - 20_000),
        consecutiveFailures: 4,
        lagSeconds: 420,
        lastPoll: {
          from: iso(nowMs - 8 * 60_000),
          to: iso(nowMs - 7 * 60_000),
          spans: 950,
          traces: 120,
          edges: 9,
          durationMs: 310,
        },
      },
      {
        id: 'prometheus-spanmetrics',
        type: 'prometheus',
        kind: 'metrics',
        status: 'stale',
        pollIntervalSeconds: 300,
        lastAttemptAt: iso(nowMs - 60_000),
        lastSuccessAt: iso(nowMs - 2 * 3600_000),
        lastError: PROMETHEUS_ERROR,
        lastErrorAt: iso(nowMs - 60_000),
        consecutiveFailures: 23,
        lagSeconds: 2 * 3600 + 5 * 60,
        lastPoll: {
          from: iso(nowMs - 2 * 3600_000 - 10 * 60_000),
          to: iso(nowMs - 2 * 3600_000 - 5 * 60_000),
          spans: 0,
          traces: 0,
          edges: 14,
          rows: 3200,
          durationMs: 2300,
        },
      },
      {
        id: 'zipkin-staging',
        type: 'zipkin',
        kind: 'traces',
        status: 'pending',
        pollIntervalSeconds: 120,
        consecutiveFailures: 0,
      },
    ],
    onCallProviders: [{ id: 'pagerduty' }],
  };
}

/** Only the embedded OTLP store: no upstream source configured. */
export const embeddedOnly: TraceSourcesStatus = {
  embedded: embeddedStore,
  traceSources: [],
  onCallProviders: [],
};

/** Upstream sources, all healthy. */
export function healthySources(nowMs: number): TraceSourcesStatus {
  const all = allSourceStates(nowMs);
  return {
    ...all,
    traceSources: all.traceSources.filter(
      source => source.status === 'ok' || source.status === 'pending',
    ),
  };
}
