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
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import fs from 'fs';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import path from 'path';
import { createVendorFetch } from '../../onCall/vendorFetch';
import { PrometheusMetricsSource } from './PrometheusMetricsSource';

const BASE = 'https://prometheus.example.com';
const FIXTURES = path.resolve(__dirname, '../__fixtures__/prometheus');

/** A fixture file's bytes, served as they are. */
function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

// Three steps of a minute; Prometheus evaluates at 12:01, 12:02 and 12:03.
const WINDOW = {
  from: new Date('2026-11-21T12:00:00Z'),
  to: new Date('2026-11-21T12:03:00Z'),
};
const T0 = Date.parse('2026-11-21T12:00:00Z');
const T1 = T0 + 60_000;
const T2 = T0 + 120_000;

const TEMPO_NAMES = [
  'traces_service_graph_request_failed_total',
  'traces_service_graph_request_server_seconds_bucket',
  'traces_service_graph_request_total',
  'traces_spanmetrics_calls_total',
  'traces_spanmetrics_latency_bucket',
];
const COLLECTOR_NAMES = [
  'traces_service_graph_request_duration_seconds_bucket',
  'traces_service_graph_request_failed_total',
  'traces_service_graph_request_total',
  'traces_span_metrics_calls_total',
  'traces_span_metrics_duration_milliseconds_bucket',
];

const TEMPO_CALLS =
  'sum by (service, span_name, span_kind, status_code) (increase(traces_spanmetrics_calls_total[60s]))';
const TEMPO_LATENCY =
  'sum by (service, span_name, span_kind, le) (increase(traces_spanmetrics_latency_bucket[60s]))';
const COLLECTOR_CALLS =
  'sum by (service_name, span_name, operation, span_kind, status_code) (increase(traces_span_metrics_calls_total[60s]))';
const COLLECTOR_LATENCY =
  'sum by (service_name, span_name, operation, span_kind, le) (increase(traces_span_metrics_duration_milliseconds_bucket[60s]))';
const GRAPH_REQUESTS =
  'sum by (client, server, connection_type, failed) (increase(traces_service_graph_request_total[60s]))';
const GRAPH_FAILED =
  'sum by (client, server, connection_type) (increase(traces_service_graph_request_failed_total[60s]))';
const GRAPH_LATENCY =
  'sum by (client, server, connection_type, le) (increase(traces_service_graph_request_server_seconds_bucket[60s]))';
const GRAPH_LEGACY_LATENCY =
  'sum by (client, server, connection_type, le) (increase(traces_service_graph_request_duration_seconds_bucket[60s]))';

const EMPTY = 'empty_response.json';

/** Span-metrics buckets of the fixtures' `checkout` `POST /orders`, bounds in milliseconds. */
function ordersBuckets(...counts: number[]) {
  return [8, 64, 512, 4096, Infinity].map((leMs, index) => ({
    leMs,
    count: counts[index],
  }));
}

/** What both producers' span-metrics fixtures hold. */
const SPAN_SERIES = [
  {
    service: 'checkout',
    operation: 'GET /orders/{id}',
    kind: 'server',
    // No sample at 12:02: no point is made up for it.
    points: [
      { timestampMs: T0, requests: 3, errors: 0 },
      { timestampMs: T2, requests: 5, errors: 0 },
    ],
  },
  {
    service: 'checkout',
    operation: 'HTTP POST',
    kind: 'client',
    points: [
      {
        timestampMs: T0,
        requests: 4,
        errors: 0,
        latencyBuckets: [
          { leMs: 64, count: 4 },
          { leMs: Infinity, count: 4 },
        ],
      },
      { timestampMs: T1, requests: 4, errors: 0 },
      { timestampMs: T2, requests: 4, errors: 0 },
    ],
  },
  {
    service: 'checkout',
    operation: 'POST /orders',
    kind: 'server',
    points: [
      {
        timestampMs: T0,
        requests: 10,
        errors: 1,
        latencyBuckets: ordersBuckets(2, 6, 9, 10, 10),
      },
      {
        timestampMs: T1,
        requests: 12,
        errors: 0,
        latencyBuckets: ordersBuckets(3, 8, 11, 12, 12),
      },
      // 4.9 below the 5 of the bucket before (extrapolation) is read as 5.
      {
        timestampMs: T2,
        requests: 10.5,
        errors: 2,
        latencyBuckets: ordersBuckets(1, 5, 5, 10.5, 10.5),
      },
    ],
  },
  {
    service: 'frontend',
    operation: 'render',
    kind: 'internal',
    points: [{ timestampMs: T1, requests: 7, errors: 0 }],
  },
];

function graphBuckets(...counts: number[]) {
  return [100, 200, 400, 800, 1000, 15000, Infinity].map((leMs, index) => ({
    leMs,
    count: counts[index],
  }));
}

/** What both producers' service-graph fixtures hold. */
const GRAPH_SERIES = [
  {
    client: 'checkout',
    server: 'postgres',
    connectionType: 'database',
    points: [
      { timestampMs: T0, requests: 30, errors: 0 },
      { timestampMs: T1, requests: 31, errors: 0 },
      { timestampMs: T2, requests: 29, errors: 1 },
    ],
  },
  {
    client: 'frontend',
    server: 'checkout',
    connectionType: '',
    points: [
      {
        timestampMs: T0,
        requests: 20,
        errors: 2,
        latencyBuckets: graphBuckets(10, 15, 19, 20, 20, 20, 20),
      },
      {
        timestampMs: T1,
        requests: 22,
        errors: 0,
        latencyBuckets: graphBuckets(12, 18, 21, 22, 22, 22, 22),
      },
      {
        timestampMs: T2,
        requests: 18,
        errors: 1,
        latencyBuckets: graphBuckets(9, 14, 17, 18, 18, 18, 18),
      },
    ],
  },
  {
    client: 'user',
    server: 'frontend',
    connectionType: 'virtual_node',
    points: [
      { timestampMs: T0, requests: 5, errors: 0 },
      { timestampMs: T1, requests: 5, errors: 0 },
      { timestampMs: T2, requests: 5, errors: 0 },
    ],
  },
];

/** A matrix answer written inline. */
function matrix(
  result: Array<{
    metric: Record<string, string>;
    values: Array<[number, string]>;
  }>,
  extra: Record<string, unknown> = {},
) {
  return {
    status: 'success',
    data: { resultType: 'matrix', result },
    ...extra,
  };
}

/** A fixture file name, an inline body, or a response of its own. */
type Answer = string | object | (() => Response);

describe('PrometheusMetricsSource', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let requests: URL[];
  let logger: ReturnType<typeof mockServices.logger.mock>;

  beforeEach(() => {
    requests = [];
    logger = mockServices.logger.mock();
  });

  function source(flavor?: 'auto' | 'tempo' | 'otel-collector') {
    return new PrometheusMetricsSource({
      id: 'prom',
      http: createVendorFetch({
        vendor: 'Prometheus',
        baseUrl: BASE,
        headers: {},
        cacheTtlMs: 0,
        sleep: async () => {},
      }),
      logger,
      flavor,
    });
  }

  function respond(answer: Answer): Response {
    if (typeof answer === 'function') return (answer as () => Response)();
    return new HttpResponse(
      typeof answer === 'string' ? fixture(answer) : JSON.stringify(answer),
      { headers: { 'content-type': 'application/json' } },
    );
  }

  /** Serves the metric names and an answer per PromQL query; any other query is a test failure. */
  function serve(
    names: string[] | (() => Response),
    answers: Record<string, Answer>,
  ) {
    server.use(
      http.get(`${BASE}/api/v1/label/__name__/values`, ({ request }) => {
        requests.push(new URL(request.url));
        return typeof names === 'function'
          ? names()
          : HttpResponse.json({ status: 'success', data: names });
      }),
      http.get(`${BASE}/api/v1/query_range`, ({ request }) => {
        const url = new URL(request.url);
        requests.push(url);
        const answer = answers[url.searchParams.get('query') ?? ''];
        if (answer === undefined) {
          return HttpResponse.json(
            {
              status: 'error',
              errorType: 'bad_data',
              error: `test serves no answer to ${url.searchParams.get(
                'query',
              )}`,
            },
            { status: 400 },
          );
        }
        return respond(answer);
      }),
    );
  }

  function queriesSent() {
    return requests
      .filter(url => url.pathname === '/api/v1/query_range')
      .map(url => url.searchParams.get('query'))
      .sort();
  }

  function nameLookups() {
    return requests.filter(
      url => url.pathname === '/api/v1/label/__name__/values',
    );
  }

  describe('span metrics', () => {
    it("reads Tempo's metrics-generator: per-step increases, errors, kinds, second buckets as milliseconds", async () => {
      serve(TEMPO_NAMES, {
        [TEMPO_CALLS]: 'tempo-spanmetrics-calls.json',
        [TEMPO_LATENCY]: 'tempo-spanmetrics-latency.json',
      });
      const series = await source().getSpanMetrics({
        window: WINDOW,
        stepSeconds: 60,
      });
      expect(series).toEqual(SPAN_SERIES);
      expect(queriesSent()).toEqual([TEMPO_CALLS, TEMPO_LATENCY].sort());
    });

    it("reads the Collector's spanmetrics connector (service_name, milliseconds) to the same series", async () => {
      serve(COLLECTOR_NAMES, {
        [COLLECTOR_CALLS]: 'collector-spanmetrics-calls.json',
        [COLLECTOR_LATENCY]: 'collector-spanmetrics-duration.json',
      });
      const series = await source().getSpanMetrics({
        window: WINDOW,
        stepSeconds: 60,
      });
      expect(series).toEqual(SPAN_SERIES);
      expect(queriesSent()).toEqual(
        [COLLECTOR_CALLS, COLLECTOR_LATENCY].sort(),
      );
    });

    it('asks for one evaluation at the end of each step of the window', async () => {
      serve(TEMPO_NAMES, {
        [TEMPO_CALLS]: EMPTY,
        [TEMPO_LATENCY]: EMPTY,
      });
      await source().getSpanMetrics({ window: WINDOW, stepSeconds: 60 });
      const ranges = requests.filter(
        url => url.pathname === '/api/v1/query_range',
      );
      expect(ranges).toHaveLength(2);
      for (const url of ranges) {
        expect(url.searchParams.get('start')).toBe('1795262460');
        expect(url.searchParams.get('end')).toBe('1795262580');
        expect(url.searchParams.get('step')).toBe('60');
      }
    });

    it('reads float-second timestamps, with the point at the start of its step', async () => {
      const calls =
        'sum by (service, span_name, span_kind, status_code) (increase(traces_spanmetrics_calls_total[30s]))';
      serve(TEMPO_NAMES, {
        [calls]: matrix([
          {
            metric: {
              service: 'checkout',
              span_name: 'POST /orders',
              span_kind: 'SPAN_KIND_SERVER',
              status_code: 'STATUS_CODE_UNSET',
            },
            values: [
              [1795262430.5, '2'],
              [1795262460.5, '3.25'],
            ],
          },
        ]),
        'sum by (service, span_name, span_kind, le) (increase(traces_spanmetrics_latency_bucket[30s]))':
          EMPTY,
      });
      const series = await source().getSpanMetrics({
        window: {
          from: new Date('2026-11-21T12:00:00.500Z'),
          to: new Date('2026-11-21T12:01:00.500Z'),
        },
        stepSeconds: 30,
      });
      expect(series).toEqual([
        {
          service: 'checkout',
          operation: 'POST /orders',
          kind: 'server',
          points: [
            { timestampMs: T0 + 500, requests: 2, errors: 0 },
            { timestampMs: T0 + 30_500, requests: 3.25, errors: 0 },
          ],
        },
      ]);
      const [first] = requests.filter(
        url => url.pathname === '/api/v1/query_range',
      );
      expect(first.searchParams.get('start')).toBe('1795262430.5');
      expect(first.searchParams.get('end')).toBe('1795262460.5');
      expect(first.searchParams.get('step')).toBe('30');
    });

    it("parses Jaeger's Prometheus fixtures (string values, Collector labels, no kind)", async () => {
      const calls =
        'sum by (service_name, span_name, operation, span_kind, status_code) (increase(calls_total[60s]))';
      serve(['calls_total'], {
        [calls]: 'service_datapoint_response.json',
      });
      expect(
        await source().getSpanMetrics({ window: WINDOW, stepSeconds: 60 }),
      ).toEqual([
        {
          service: 'emailservice',
          operation: '',
          kind: 'unspecified',
          points: [
            {
              timestampMs: 1620351786_000 - 60_000,
              requests: 9223372036854,
              errors: 0,
            },
          ],
        },
      ]);

      serve(['calls_total'], {
        [calls]: 'service_span_name_datapoint_response.json',
      });
      const [one] = await source().getSpanMetrics({
        window: WINDOW,
        stepSeconds: 60,
      });
      expect(one.operation).toBe('/OrderResult');
      expect(one.points).toHaveLength(1);
    });

    it('reads the older Collector names (calls_total, duration_bucket in milliseconds)', async () => {
      const calls =
        'sum by (service_name, span_name, operation, span_kind, status_code) (increase(calls_total[60s]))';
      const latency =
        'sum by (service_name, span_name, operation, span_kind, le) (increase(duration_bucket[60s]))';
      const labels = {
        service_name: 'cart',
        operation: 'GetCart',
        span_kind: 'SPAN_KIND_SERVER',
      };
      serve(['calls_total', 'duration_bucket'], {
        [calls]: matrix([
          {
            metric: { ...labels, status_code: 'STATUS_CODE_ERROR' },
            values: [[1795262460, '1']],
          },
        ]),
        [latency]: matrix([
          { metric: { ...labels, le: '250' }, values: [[1795262460, '1']] },
          { metric: { ...labels, le: '+Inf' }, values: [[1795262460, '1']] },
        ]),
      });
      expect(
        await source().getSpanMetrics({ window: WINDOW, stepSeconds: 60 }),
      ).toEqual([
        {
          service: 'cart',
          operation: 'GetCart',
          kind: 'server',
          points: [
            {
              timestampMs: T0,
              requests: 1,
              errors: 1,
              latencyBuckets: [
                { leMs: 250, count: 1 },
                { leMs: Infinity, count: 1 },
              ],
            },
          ],
        },
      ]);
    });

    it('leaves out NaN and infinite samples without making up steps, and says so', async () => {
      const labels = {
        service: 'checkout',
        span_name: 'POST /orders',
        span_kind: 'SPAN_KIND_SERVER',
      };
      serve(TEMPO_NAMES, {
        [TEMPO_CALLS]: matrix([
          {
            metric: { ...labels, status_code: 'STATUS_CODE_UNSET' },
            values: [
              [1795262460, 'NaN'],
              [1795262520, '+Inf'],
              [1795262580, '4'],
            ],
          },
        ]),
        [TEMPO_LATENCY]: matrix([
          {
            metric: { ...labels, le: '+Inf' },
            values: [
              [1795262460, '3'],
              [1795262580, '4'],
            ],
          },
        ]),
      });
      expect(
        await source().getSpanMetrics({ window: WINDOW, stepSeconds: 60 }),
      ).toEqual([
        {
          service: 'checkout',
          operation: 'POST /orders',
          kind: 'server',
          // 12:00 and 12:01 had no finite count; `+Inf` as a bound is Infinity.
          points: [
            {
              timestampMs: T2,
              requests: 4,
              errors: 0,
              latencyBuckets: [{ leMs: Infinity, count: 4 }],
            },
          ],
        },
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        'Prometheus (source prom): left out 2 span-metrics samples that were not finite counts (NaN, ±Inf)',
      );
    });

    it('keeps the data of answers with warnings, and logs the warnings', async () => {
      serve(TEMPO_NAMES, {
        [TEMPO_CALLS]: matrix(
          [
            {
              metric: {
                service: 'checkout',
                span_name: 'POST /orders',
                span_kind: 'SPAN_KIND_SERVER',
                status_code: 'STATUS_CODE_UNSET',
              },
              values: [[1795262460, '5']],
            },
          ],
          { warnings: ['PromQL info: metric might not be a counter'] },
        ),
        // Jaeger's fixture: `status: "warning"`.
        [TEMPO_LATENCY]: 'warning_response.json',
      });
      const series = await source().getSpanMetrics({
        window: WINDOW,
        stepSeconds: 60,
      });
      expect(series).toEqual([
        {
          service: 'checkout',
          operation: 'POST /orders',
          kind: 'server',
          points: [{ timestampMs: T0, requests: 5, errors: 0 }],
        },
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        `Prometheus (source prom): query \`${TEMPO_CALLS}\` answered with warnings: PromQL info: metric might not be a counter`,
      );
      expect(logger.warn).toHaveBeenCalledWith(
        `Prometheus (source prom): query \`${TEMPO_LATENCY}\` answered with warnings: warning0; warning1`,
      );
    });

    it('answers an empty matrix with no series', async () => {
      serve(TEMPO_NAMES, { [TEMPO_CALLS]: EMPTY, [TEMPO_LATENCY]: EMPTY });
      expect(
        await source().getSpanMetrics({ window: WINDOW, stepSeconds: 60 }),
      ).toEqual([]);
    });
  });

  describe('service graph', () => {
    it("reads Tempo's edges with the failed-requests counter and second buckets", async () => {
      serve(TEMPO_NAMES, {
        [GRAPH_REQUESTS]: 'tempo-service-graph-requests.json',
        [GRAPH_FAILED]: 'tempo-service-graph-failed.json',
        [GRAPH_LATENCY]: 'tempo-service-graph-server-seconds.json',
      });
      expect(
        await source().getServiceGraph({ window: WINDOW, stepSeconds: 60 }),
      ).toEqual(GRAPH_SERIES);
      expect(queriesSent()).toEqual(
        [GRAPH_REQUESTS, GRAPH_FAILED, GRAPH_LATENCY].sort(),
      );
    });

    it("reads the Collector's edges with the boolean failed label and legacy millisecond buckets to the same series", async () => {
      serve(COLLECTOR_NAMES, {
        [GRAPH_REQUESTS]: 'collector-service-graph-requests.json',
        [GRAPH_FAILED]: EMPTY,
        [GRAPH_LEGACY_LATENCY]: 'collector-service-graph-duration-ms.json',
      });
      expect(
        await source().getServiceGraph({ window: WINDOW, stepSeconds: 60 }),
      ).toEqual(GRAPH_SERIES);
    });

    it('counts failures once when both the failed label and the counter have them, and keeps "unknown" servers', async () => {
      const edge = { client: 'checkout', server: 'unknown' };
      serve(TEMPO_NAMES, {
        [GRAPH_REQUESTS]: matrix([
          {
            metric: {
              ...edge,
              connection_type: 'virtual_node',
              failed: 'false',
            },
            values: [
              [1795262460, '6'],
              [1795262520, '4'],
            ],
          },
          {
            metric: {
              ...edge,
              connection_type: 'virtual_node',
              failed: 'true',
            },
            values: [
              [1795262460, '2'],
              [1795262520, '1'],
            ],
          },
        ]),
        [GRAPH_FAILED]: matrix([
          {
            metric: { ...edge, connection_type: 'virtual_node' },
            values: [[1795262460, '2']],
          },
        ]),
        [GRAPH_LATENCY]: EMPTY,
      });
      expect(
        await source().getServiceGraph({ window: WINDOW, stepSeconds: 60 }),
      ).toEqual([
        {
          ...edge,
          connectionType: 'virtual_node',
          points: [
            { timestampMs: T0, requests: 8, errors: 2 },
            // No counter sample in this step: the failed label's count.
            { timestampMs: T1, requests: 5, errors: 1 },
          ],
        },
      ]);
    });
  });

  describe('flavor', () => {
    it('looks up the metric names once, shared by concurrent and later calls', async () => {
      serve(TEMPO_NAMES, {
        [TEMPO_CALLS]: EMPTY,
        [TEMPO_LATENCY]: EMPTY,
        [GRAPH_REQUESTS]: EMPTY,
        [GRAPH_FAILED]: EMPTY,
        [GRAPH_LATENCY]: EMPTY,
      });
      const prometheus = source();
      const request = { window: WINDOW, stepSeconds: 60 };
      await Promise.all([
        prometheus.getSpanMetrics(request),
        prometheus.getServiceGraph(request),
      ]);
      await prometheus.getSpanMetrics(request);
      expect(nameLookups()).toHaveLength(1);
      const match = nameLookups()[0].searchParams.getAll('match[]');
      expect(match).toHaveLength(1);
      expect(match[0]).toMatch(/^\{__name__=~"[a-z_|]+"\}$/);
      for (const name of [...TEMPO_NAMES, ...COLLECTOR_NAMES, 'calls_total']) {
        expect(match[0].slice(12, -2).split('|')).toContain(name);
      }
      expect(logger.info).toHaveBeenCalledWith(
        'Prometheus span metrics: tempo (traces_spanmetrics_calls_total, traces_spanmetrics_latency_bucket in s); service graph: traces_service_graph_request_server_seconds_bucket',
      );
    });

    it("prefers Tempo's names when both producers' exist, and warns", async () => {
      serve([...TEMPO_NAMES, ...COLLECTOR_NAMES], {
        [TEMPO_CALLS]: EMPTY,
        [TEMPO_LATENCY]: EMPTY,
      });
      await source().getSpanMetrics({ window: WINDOW, stepSeconds: 60 });
      expect(queriesSent()).toEqual([TEMPO_CALLS, TEMPO_LATENCY].sort());
      expect(logger.warn).toHaveBeenCalledWith(
        "Prometheus also has span metrics traces_span_metrics_calls_total; reading only traces_spanmetrics_calls_total. Set the source's flavor to choose.",
      );
    });

    it("reads only the Collector's names with flavor otel-collector", async () => {
      serve([...TEMPO_NAMES, ...COLLECTOR_NAMES], {
        [COLLECTOR_CALLS]: EMPTY,
        [COLLECTOR_LATENCY]: EMPTY,
      });
      await source('otel-collector').getSpanMetrics({
        window: WINDOW,
        stepSeconds: 60,
      });
      expect(queriesSent()).toEqual(
        [COLLECTOR_CALLS, COLLECTOR_LATENCY].sort(),
      );
      const match = nameLookups()[0].searchParams.get('match[]');
      expect(match).not.toContain('traces_spanmetrics_calls_total');
    });

    it("reads Tempo's names without looking them up with flavor tempo", async () => {
      serve(TEMPO_NAMES, {
        [TEMPO_CALLS]: 'tempo-spanmetrics-calls.json',
        [TEMPO_LATENCY]: 'tempo-spanmetrics-latency.json',
        [GRAPH_REQUESTS]: EMPTY,
        [GRAPH_FAILED]: EMPTY,
        [GRAPH_LATENCY]: EMPTY,
      });
      const tempo = source('tempo');
      expect(
        await tempo.getSpanMetrics({ window: WINDOW, stepSeconds: 60 }),
      ).toEqual(SPAN_SERIES);
      expect(
        await tempo.getServiceGraph({ window: WINDOW, stepSeconds: 60 }),
      ).toEqual([]);
      expect(nameLookups()).toHaveLength(0);
    });

    it('fails when Prometheus has no span metrics at all, and asks again on the next call', async () => {
      serve([], {});
      const prometheus = source();
      await expect(
        prometheus.getSpanMetrics({ window: WINDOW, stepSeconds: 60 }),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
        message: expect.stringMatching(
          /^Prometheus \(source prom\) has none of the span-metrics or service-graph series \(traces_spanmetrics_calls_total, .*\); check that Tempo's metrics-generator or the OpenTelemetry Collector's spanmetrics and servicegraph connectors write to it$/,
        ),
      });
      await expect(
        prometheus.getServiceGraph({ window: WINDOW, stepSeconds: 60 }),
      ).rejects.toThrow('has none of the span-metrics');
      expect(nameLookups()).toHaveLength(2);
      expect(queriesSent()).toEqual([]);
    });

    it('answers no span metrics when only the service graph exists, warning once and asking again later', async () => {
      serve(
        [
          'traces_service_graph_request_total',
          'traces_service_graph_request_failed_total',
        ],
        {},
      );
      const prometheus = source();
      const request = { window: WINDOW, stepSeconds: 60 };
      expect(await prometheus.getSpanMetrics(request)).toEqual([]);
      expect(await prometheus.getSpanMetrics(request)).toEqual([]);
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn).toHaveBeenCalledWith(
        'Prometheus has no span metrics (only service-graph metrics); span metrics from source prom are empty',
      );
      expect(nameLookups()).toHaveLength(1);

      const later = Date.now() + 11 * 60_000;
      const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
      try {
        await prometheus.getSpanMetrics(request);
      } finally {
        clock.mockRestore();
      }
      expect(nameLookups()).toHaveLength(2);
    });

    it('fails clearly when the name lookup fails', async () => {
      serve(
        () =>
          HttpResponse.json(
            {
              status: 'error',
              errorType: 'unavailable',
              error: 'TSDB not ready',
            },
            { status: 503 },
          ),
        {},
      );
      await expect(
        source().getSpanMetrics({ window: WINDOW, stepSeconds: 60 }),
      ).rejects.toThrow(
        'Prometheus (source prom): looking up which span-metric names exist failed (HTTP 503, unavailable): TSDB not ready',
      );
    });
  });

  describe('failures', () => {
    it("throws Prometheus's error answer naming the query and its message", async () => {
      serve(TEMPO_NAMES, {
        [TEMPO_CALLS]: () =>
          HttpResponse.json(
            {
              status: 'error',
              errorType: 'bad_data',
              error:
                'invalid parameter "query": 1:8: parse error: unexpected "by"',
            },
            { status: 400 },
          ),
        [TEMPO_LATENCY]: EMPTY,
      });
      const error = await source()
        .getSpanMetrics({ window: WINDOW, stepSeconds: 60 })
        .catch(e => e);
      expect(error.message).toBe(
        `Prometheus (source prom): query \`${TEMPO_CALLS}\` failed (HTTP 400, bad_data): invalid parameter "query": 1:8: parse error: unexpected "by"`,
      );
      expect(error.status).toBe(400);
    });

    it('throws an error answer that comes with HTTP 200', async () => {
      serve(TEMPO_NAMES, {
        [TEMPO_CALLS]: {
          status: 'error',
          errorType: 'execution',
          error: 'query processing would load too many samples into memory',
        },
        [TEMPO_LATENCY]: EMPTY,
      });
      await expect(
        source().getSpanMetrics({ window: WINDOW, stepSeconds: 60 }),
      ).rejects.toThrow(
        `Prometheus (source prom): query \`${TEMPO_CALLS}\` failed (execution): query processing would load too many samples into memory`,
      );
    });

    it('throws on a server error after retrying', async () => {
      serve(TEMPO_NAMES, {
        [TEMPO_CALLS]: () =>
          new HttpResponse('upstream connect error', { status: 502 }),
        [TEMPO_LATENCY]: EMPTY,
      });
      const error = await source()
        .getSpanMetrics({ window: WINDOW, stepSeconds: 60 })
        .catch(e => e);
      expect(error.message).toBe(
        `Prometheus (source prom): query \`${TEMPO_CALLS}\` failed: Prometheus GET /api/v1/query_range still failing after 3 attempts; last failed with HTTP 502: upstream connect error`,
      );
      expect(error.status).toBe(502);
      expect(queriesSent().filter(query => query === TEMPO_CALLS)).toHaveLength(
        3,
      );
    });

    it('throws on malformed JSON', async () => {
      serve(TEMPO_NAMES, {
        [GRAPH_REQUESTS]: () =>
          new HttpResponse('{"status":"success","data":{"resultType":', {
            headers: { 'content-type': 'application/json' },
          }),
        [GRAPH_FAILED]: EMPTY,
        [GRAPH_LATENCY]: EMPTY,
      });
      await expect(
        source().getServiceGraph({ window: WINDOW, stepSeconds: 60 }),
      ).rejects.toThrow(
        `Prometheus (source prom): query \`${GRAPH_REQUESTS}\` failed: Prometheus GET /api/v1/query_range answered malformed JSON (HTTP 200): {"status":"success","data":{"resultType":`,
      );
    });

    it('throws on an unexpected shape rather than answering empty', async () => {
      serve(TEMPO_NAMES, {
        [TEMPO_CALLS]: {
          status: 'success',
          data: { resultType: 'vector', result: [] },
        },
        [TEMPO_LATENCY]: EMPTY,
      });
      const prometheus = source();
      await expect(
        prometheus.getSpanMetrics({ window: WINDOW, stepSeconds: 60 }),
      ).rejects.toThrow(
        `Prometheus (source prom): query \`${TEMPO_CALLS}\` failed: Prometheus GET /api/v1/query_range answered an unexpected shape: data.resultType: Invalid literal value, expected "matrix"`,
      );

      serve(TEMPO_NAMES, {
        [TEMPO_CALLS]: {
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [{ metric: {}, values: [['1795262460', '1']] }],
          },
        },
        [TEMPO_LATENCY]: EMPTY,
      });
      await expect(
        prometheus.getSpanMetrics({ window: WINDOW, stepSeconds: 60 }),
      ).rejects.toThrow(
        `Prometheus (source prom): query \`${TEMPO_CALLS}\` failed: Prometheus GET /api/v1/query_range answered an unexpected shape: data.result.0.values.0.0: Expected number, received string`,
      );

      serve(TEMPO_NAMES, {
        [TEMPO_CALLS]: { status: 'success' },
        [TEMPO_LATENCY]: EMPTY,
      });
      await expect(
        prometheus.getSpanMetrics({ window: WINDOW, stepSeconds: 60 }),
      ).rejects.toThrow(
        `Prometheus (source prom): query \`${TEMPO_CALLS}\` answered status "success" without data`,
      );
    });

    it('does not follow a redirect', async () => {
      const elsewhere = jest.fn(() => HttpResponse.json(matrix([])));
      server.use(http.get('https://elsewhere.example.com/*', elsewhere));
      serve(TEMPO_NAMES, {
        [TEMPO_CALLS]: () =>
          new HttpResponse(null, {
            status: 302,
            headers: {
              Location: 'https://elsewhere.example.com/api/v1/query_range',
            },
          }),
        [TEMPO_LATENCY]: EMPTY,
      });
      await expect(
        source().getSpanMetrics({ window: WINDOW, stepSeconds: 60 }),
      ).rejects.toThrow(
        `Prometheus (source prom): query \`${TEMPO_CALLS}\` failed: Prometheus GET /api/v1/query_range was redirected (HTTP 302 to https://elsewhere.example.com/api/v1/query_range); redirects are not followed, check the configured base URL`,
      );
      expect(elsewhere).not.toHaveBeenCalled();
    });

    it('refuses a window that does not end after it starts, without calling Prometheus', async () => {
      serve(TEMPO_NAMES, {});
      await expect(
        source().getServiceGraph({
          window: { from: WINDOW.to, to: WINDOW.from },
          stepSeconds: 60,
        }),
      ).rejects.toMatchObject({ name: 'InputError' });
      expect(requests).toEqual([]);
    });
  });
});
