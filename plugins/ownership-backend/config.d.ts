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
    /**
     * Upstream trace stores to read, besides the embedded OTLP store: each is polled (by one replica) into the
     * same rollups, edges and recent traces, so every widget works unchanged. Several may be configured, e.g.
     * Tempo for traces and Prometheus for aggregates.
     */
    traceSources?: Array<{
      /** Unique id, lower-case letters, digits and dashes, e.g. `tempo-prod`; shown on the sources page. */
      id: string;
      /** jaeger (api_v3, v1 fallbacks), zipkin (v2), tempo (TraceQL search) or prometheus (span metrics). */
      type: 'jaeger' | 'zipkin' | 'tempo' | 'prometheus';
      /** http(s) base URL, without credentials, query or fragment, e.g. `http://tempo:3200`. */
      baseUrl: string;
      /** Credentials and extra headers; never sent to the browser. */
      auth?: {
        /** @visibility secret */
        bearerToken?: string;
        basic?: {
          username: string;
          /** @visibility secret */
          password: string;
        };
        /**
         * Extra headers, e.g. `X-Scope-OrgID` (Tempo tenant) or `x-tenant` (Jaeger).
         * @visibility secret
         */
        headers?: { [name: string]: string };
      };
      /** Poll every this many seconds. Default 60. */
      pollIntervalSeconds?: number;
      /** Each poll's window ends this many seconds before now, so late spans are in. Default 30. */
      lagSeconds?: number;
      /** Traces read per service and poll at most; beyond it the sources page shows the sampling rate. Default 200. */
      maxTracesPerPoll?: number;
      /** Only these services (default: every service the store lists). */
      services?: string[];
      /** Per-call timeout in milliseconds. Default 15000. */
      timeoutMs?: number;
      /** Largest response read, in bytes. Default 20 MiB. */
      maxResponseBytes?: number;
      /** Circuit breaker: after `failureThreshold` failed calls in a row, no call for `cooldownSeconds`. Defaults 5 and 60. */
      breaker?: { failureThreshold?: number; cooldownSeconds?: number };
      /** Prometheus only: metric names and labels of Tempo's metrics-generator or the OTel Collector's connectors. Default auto. */
      flavor?: 'auto' | 'tempo' | 'otel-collector';
    }>;

    /**
     * Documentation health: the ops-doc template's required items, review intervals and nudges.
     */
    docs?: {
      /** Review interval in days when neither the entity (`service-ownership.io/audit-interval`) nor its kind sets one. Default 90. */
      intervalDays?: number;
      /** Review interval in days per kind, e.g. `{ resource: 180 }`. */
      intervalDaysByKind?: { [kind: string]: number };
      /** Days before the due date from which docs count as due soon. Default 14. */
      dueSoonDays?: number;
      /** The kinds whose docs are tracked, listed and nudged. Default component, resource, api, system. */
      kinds?: string[];
      /**
       * Required items of the ops-doc template per kind (owner, description, runbook, dashboard, alerts, techdocs,
       * serviceName, signalOperations, slos, onCall). Defaults: component: owner, description, runbook, dashboard,
       * onCall; resource: owner, description, runbook; api and system: owner, description; group: onCall; other
       * kinds: owner.
       */
      required?: { [kind: string]: string[] };
      /** The longest snooze of nudges, in days. Default 90. */
      maxSnoozeDays?: number;
      /** Notifications to owners when their docs change state. */
      nudges?: {
        /** Default true. */
        enabled?: boolean;
        /** How often the (global, single-replica) nudge task runs, in minutes. Default 60. */
        frequencyMinutes?: number;
        /** Delay of the first run after start-up, in seconds. Default 60. */
        initialDelaySeconds?: number;
        /** One notification per owner and run listing every entity that changed state. Default false. */
        digest?: boolean;
        /** The states that nudge. Default incomplete, overdue, stale, due-soon. */
        states?: Array<
          'incomplete' | 'overdue' | 'stale' | 'due-soon' | 'fresh'
        >;
      };
    };

    /**
     * Alert routing by traces: alerts posted to `POST /api/ownership/v1/alerts` (Alertmanager webhook v4,
     * Grafana alerting webhook, or the plain form) are routed to the owner of the service where the alerting
     * operation's failing traces actually fail, and delivered with the explanation.
     */
    alerts?: {
      /** Traces are read from this many minutes before the alert started. Default 10. */
      lookbackMinutes?: number;
      /** At most this many failing traces are walked, the newest. Default 50. */
      maxTraces?: number;
      /** Fewer failing traces are inconclusive (the alerting entity's owner is paged). Default 3. */
      minFailingTraces?: number;
      /** The culprit must explain at least this share of failing traces. Default 0.5. */
      minShare?: number;
      /** Routed alerts are kept this many days. Default 30. */
      retentionDays?: number;
      /** PagerDuty Events API v2 endpoint. Default `https://events.pagerduty.com/v2/enqueue`. */
      pagerDutyEventsUrl?: string;
      /**
       * Where alerts go, by their labels; the first route whose `match` labels all equal the alert's wins.
       * Without a matching route, the owner group is sent a Backstage notification.
       */
      routes?: Array<{
        name?: string;
        /** Labels the alert must carry with these values, e.g. `{ severity: page }`. */
        match?: { [label: string]: string };
        /** A Backstage notification to the members of the owner group chosen. Default true. */
        notifications?: boolean;
        /**
         * A PagerDuty Events API v2 event (trigger, then resolve). The routing key is the target entity's
         * `pagerduty.com/integration-key` annotation unless one is set here.
         */
        pagerDuty?:
          | boolean
          | {
              /** @visibility secret */
              routingKey?: string;
            };
        /** A POST of the routing record as JSON to this URL. */
        webhook?: {
          url: string;
          /**
           * Headers sent with it, e.g. an Authorization header.
           * @visibility secret
           */
          headers?: { [name: string]: string };
        };
      }>;
    };
    /**
     * Paging vendors the on-call card reads, besides the rotations groups define in the catalog. Each is on
     * only when its credential is set; calls go to the configured base URL only and never follow redirects.
     */
    onCall?: {
      /** PagerDuty, for entities annotated with `pagerduty.com/service-id`. */
      pagerDuty?: {
        /**
         * REST API key (a read-only key is enough), sent as `Authorization: Token token=<key>`.
         * @visibility secret
         */
        apiToken: string;
        /** http(s) base URL of the REST API. Default `https://api.pagerduty.com` (EU: `https://api.eu.pagerduty.com`). */
        apiBaseUrl?: string;
        /** How long an answer is reused for the same request, in seconds; 0 disables. Default 60. */
        cacheSeconds?: number;
        /** Time allowed for one request to the vendor (a retry gets its own), in milliseconds. Default 10000. */
        timeoutMs?: number;
      };
      /** Opsgenie, for entities annotated with `opsgenie.com/team`. */
      opsgenie?: {
        /**
         * API key of an Opsgenie API integration (read access to schedules and escalations), sent as
         * `Authorization: GenieKey <key>`.
         * @visibility secret
         */
        apiKey: string;
        /** http(s) base URL of the API. Default `https://api.opsgenie.com` (EU: `https://api.eu.opsgenie.com`). */
        apiBaseUrl?: string;
        /** How long an answer is reused for the same request, in seconds; 0 disables. Default 60. */
        cacheSeconds?: number;
        /** Time allowed for one request to the vendor (a retry gets its own), in milliseconds. Default 10000. */
        timeoutMs?: number;
      };
    };
  };
}
