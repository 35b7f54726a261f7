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
import { Span } from '@service-ownership/plugin-ownership-common';
import { decodeOtlpJson } from '@service-ownership/plugin-ownership-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createVendorFetch, VendorFetchTuning } from '../../onCall/vendorFetch';
import { JaegerTraceSource } from './JaegerTraceSource';

const BASE = 'https://jaeger.example.com/jaeger';
const WINDOW = {
  from: new Date('2026-11-21T11:00:00Z'),
  to: new Date('2026-11-21T12:00:00Z'),
};

type Json = any;

/** A fixture's bytes, as Jaeger would send them. */
function fixtureText(path: string): string {
  return readFileSync(join(__dirname, '../__fixtures__/jaeger', path), 'utf8');
}

function fixture(path: string): Json {
  return JSON.parse(fixtureText(path));
}

/** Serves a fixture byte for byte. */
function raw(text: string, status = 200) {
  return new HttpResponse(text, {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** The v1 envelope around bare trace objects, as `GET /api/traces/{id}` sends it. */
function v1Envelope(data: unknown) {
  return { data, total: 0, limit: 0, offset: 0, errors: null };
}

/**
 * The upstream api_v3 snapshots have resources without `service.name`, and the current-encoding one has no
 * times: the span model refuses such spans. This adds what is missing (a copy; the fixture stays as it is).
 */
function withServiceAndTimes(
  answer: Json,
  serviceName: string,
  times?: { start: string; end: string },
): Json {
  const copy = structuredClone(answer);
  for (const resource of copy.result.resourceSpans) {
    resource.resource = {
      attributes: [
        { key: 'service.name', value: { stringValue: serviceName } },
      ],
    };
    for (const scopeSpans of resource.scopeSpans) {
      for (const span of scopeSpans.spans) {
        if (times) {
          span.startTimeUnixNano = times.start;
          span.endTimeUnixNano = times.end;
        }
      }
    }
  }
  return copy;
}

const SPAN_FIELDS = [
  'traceId',
  'spanId',
  'parentSpanId',
  'serviceName',
  'name',
  'kind',
  'error',
  'startTimeUnixMs',
  'durationNano',
] as const;

function fieldsOf(span: Span) {
  return Object.fromEntries(SPAN_FIELDS.map(field => [field, span[field]]));
}

/** An OTLP/JSON span of the current api_v3 encoding. */
function otlpSpan(
  traceId: string,
  spanId: string,
  options: { error?: boolean; name?: string; parentSpanId?: string } = {},
) {
  return {
    traceId,
    spanId,
    ...(options.parentSpanId ? { parentSpanId: options.parentSpanId } : {}),
    name: options.name ?? 'GET /cart',
    kind: 2,
    startTimeUnixNano: '1763722800000000000',
    endTimeUnixNano: '1763722800002000000',
    status: options.error ? { code: 2 } : {},
  };
}

function resourceSpans(serviceName: string, spans: unknown[]) {
  return {
    resource: {
      attributes: [
        { key: 'service.name', value: { stringValue: serviceName } },
      ],
    },
    scopeSpans: [{ scope: {}, spans }],
  };
}

const T1 = '11111111111111111111111111111111';
const T2 = '22222222222222222222222222222222';
const T3 = '33333333333333333333333333333333';

describe('JaegerTraceSource', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let logger: ReturnType<typeof mockServices.logger.mock>;
  let requests: URL[];

  beforeEach(() => {
    logger = mockServices.logger.mock();
    requests = [];
  });

  function source(
    options: { tuning?: VendorFetchTuning; maxTracesPerQuery?: number } = {},
  ) {
    return new JaegerTraceSource({
      id: 'jaeger-test',
      http: createVendorFetch({
        vendor: 'Jaeger (jaeger-test)',
        baseUrl: BASE,
        headers: {},
        cacheTtlMs: 0,
        maxAttempts: 1,
        sleep: async () => {},
        ...options.tuning,
      }),
      logger,
      maxTracesPerQuery: options.maxTracesPerQuery,
    });
  }

  /** Answers GET `path` under the base URL, recording each request. */
  function serve(path: string, answer: () => Response | Promise<Response>) {
    server.use(
      http.get(`${BASE}${path}`, ({ request }) => {
        requests.push(new URL(request.url));
        return answer();
      }),
    );
  }

  const notFoundPage = () =>
    new HttpResponse('404 page not found', {
      status: 404,
      headers: { 'content-type': 'text/plain' },
    });
  const noTracesFound = () =>
    HttpResponse.json(
      { error: { httpCode: 404, message: 'No traces found' } },
      { status: 404 },
    );

  describe('getServices', () => {
    it('reads api_v3', async () => {
      serve('/api/v3/services', () =>
        raw(fixtureText('api-v3/GetServices.json')),
      );
      await expect(source().getServices({ window: WINDOW })).resolves.toEqual([
        'foo',
      ]);
    });

    it('falls back to v1 when api_v3 is missing', async () => {
      serve('/api/v3/services', notFoundPage);
      serve('/api/services', () =>
        HttpResponse.json(v1Envelope(['shipping', 'cart', 'shipping'])),
      );
      await expect(source().getServices({ window: WINDOW })).resolves.toEqual([
        'cart',
        'shipping',
      ]);
      expect(requests.map(url => url.pathname)).toEqual([
        '/jaeger/api/v3/services',
        '/jaeger/api/services',
      ]);
    });

    it('says so when neither api answers', async () => {
      serve('/api/v3/services', notFoundPage);
      serve('/api/services', notFoundPage);
      await expect(source().getServices({ window: WINDOW })).rejects.toThrow(
        'Jaeger (jaeger-test) GET /api/v3/services and GET /api/services both failed with HTTP 404',
      );
    });
  });

  describe('findTraces', () => {
    it('sends snake_case parameters with both time bounds and one trace more than the limit', async () => {
      serve('/api/v3/traces', noTracesFound);
      await source().findTraces({
        window: WINDOW,
        serviceName: 'cart',
        operationName: 'GET /cart',
        errorsOnly: true,
        limit: 20,
      });
      await source({ maxTracesPerQuery: 50 }).findTraces({
        window: WINDOW,
        limit: 5000,
      });

      const [search, capped] = requests;
      expect(search.pathname).toBe('/jaeger/api/v3/traces');
      expect(Object.fromEntries(search.searchParams)).toEqual({
        'query.service_name': 'cart',
        'query.operation_name': 'GET /cart',
        'query.start_time_min': '2026-11-21T11:00:00.000Z',
        'query.start_time_max': '2026-11-21T12:00:00.000Z',
        'query.num_traces': '21',
        'query.attributes': '{"error":"true"}',
      });
      expect(Object.fromEntries(capped.searchParams)).toEqual({
        'query.start_time_min': '2026-11-21T11:00:00.000Z',
        'query.start_time_max': '2026-11-21T12:00:00.000Z',
        'query.num_traces': '51',
      });
    });

    it('groups the merged resourceSpans by trace id, in the order Jaeger gave', async () => {
      serve('/api/v3/traces', () =>
        HttpResponse.json({
          result: {
            resourceSpans: [
              resourceSpans('cart', [
                otlpSpan(T2, '2000000000000001'),
                otlpSpan(T1, '1000000000000001'),
              ]),
              resourceSpans('pricing', [
                otlpSpan(T1, '1000000000000002', {
                  parentSpanId: '1000000000000001',
                }),
                otlpSpan(T3, '3000000000000001'),
                otlpSpan(T2, '2000000000000002', {
                  parentSpanId: '2000000000000001',
                }),
              ]),
            ],
          },
        }),
      );
      const result = await source().findTraces({ window: WINDOW, limit: 10 });
      expect(result.samplingRate).toBe(1);
      expect(
        result.traces.map(trace => ({
          traceId: trace.traceId,
          spans: trace.spans.map(span => `${span.serviceName}:${span.spanId}`),
        })),
      ).toEqual([
        {
          traceId: T2,
          spans: ['cart:2000000000000001', 'pricing:2000000000000002'],
        },
        {
          traceId: T1,
          spans: ['cart:1000000000000001', 'pricing:1000000000000002'],
        },
        { traceId: T3, spans: ['pricing:3000000000000001'] },
      ]);
    });

    it('drops the extra trace and reports n / (n + 1) when more traces match than the limit', async () => {
      serve('/api/v3/traces', () =>
        HttpResponse.json({
          result: {
            resourceSpans: [
              resourceSpans('cart', [
                otlpSpan(T1, '1000000000000001'),
                otlpSpan(T2, '2000000000000001'),
                otlpSpan(T3, '3000000000000001'),
              ]),
            ],
          },
        }),
      );
      const result = await source().findTraces({ window: WINDOW, limit: 2 });
      expect(requests[0].searchParams.get('query.num_traces')).toBe('3');
      expect(result.traces.map(trace => trace.traceId)).toEqual([T1, T2]);
      expect(result.samplingRate).toBeCloseTo(2 / 3);
    });

    it('keeps only traces where the queried span failed when errorsOnly (servers before v2.19 ignore the filter)', async () => {
      serve('/api/v3/traces', () =>
        HttpResponse.json({
          result: {
            resourceSpans: [
              resourceSpans('cart', [
                otlpSpan(T1, '1000000000000001'),
                otlpSpan(T2, '2000000000000001', { error: true }),
                otlpSpan(T3, '3000000000000001', {
                  error: true,
                  name: 'GET /other',
                }),
              ]),
            ],
          },
        }),
      );
      const result = await source().findTraces({
        window: WINDOW,
        serviceName: 'cart',
        operationName: 'GET /cart',
        errorsOnly: true,
        limit: 10,
      });
      expect(result).toEqual({
        traces: [{ traceId: T2, spans: [expect.objectContaining({})] }],
        samplingRate: 1,
      });
    });

    it('reads the current api_v3 encoding (FindTraces.json)', async () => {
      serve('/api/v3/traces', () =>
        HttpResponse.json(
          withServiceAndTimes(fixture('api-v3/FindTraces.json'), 'foo', {
            start: '1763722800000000000',
            end: '1763722800001500000',
          }),
        ),
      );
      const result = await source().findTraces({ window: WINDOW, limit: 10 });
      expect(result.traces).toHaveLength(1);
      expect(result.traces[0].traceId).toBe('00000000000000000000000000000001');
      expect(result.traces[0].spans.map(fieldsOf)).toEqual([
        {
          traceId: '00000000000000000000000000000001',
          spanId: '0000000000000002',
          parentSpanId: undefined,
          serviceName: 'foo',
          name: 'foobar',
          kind: 'server',
          error: true,
          startTimeUnixMs: 1763722800000,
          durationNano: 1_500_000,
        },
      ]);
    });

    it('reads the v1.53 api_v3 encoding: base64 ids, enum names (legacy-v1.53.0/FindTraces.json)', async () => {
      serve('/api/v3/traces', () =>
        HttpResponse.json(
          withServiceAndTimes(
            fixture('api-v3/legacy-v1.53.0/FindTraces.json'),
            'foo',
          ),
        ),
      );
      const result = await source().findTraces({ window: WINDOW, limit: 10 });
      expect(result.traces.map(trace => trace.traceId)).toEqual([
        '000000000000009600000000000000a0',
      ]);
      const [span] = result.traces[0].spans;
      expect(fieldsOf(span)).toEqual({
        traceId: '000000000000009600000000000000a0',
        spanId: '00000000000000b4',
        parentSpanId: undefined,
        serviceName: 'foo',
        name: 'foobar',
        kind: 'server',
        error: true,
        startTimeUnixMs: 11651379494838,
        durationNano: 0,
      });
      expect(span.startTimeUnixNano).toBe(11651379494838206464n);
      expect(span.statusCode).toBe('error');
    });

    it('logs the spans it cannot read once per call, with their count (the snapshots as they are)', async () => {
      serve('/api/v3/traces', () => raw(fixtureText('api-v3/FindTraces.json')));
      const result = await source().findTraces({ window: WINDOW, limit: 10 });
      expect(result).toEqual({ traces: [], samplingRate: 1 });
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn).toHaveBeenCalledWith(
        'Jaeger source jaeger-test: left out 1 span of GET /api/v3/traces that cannot be read; first at resourceSpans[0].scopeSpans[0].spans[0]: startTimeUnixNano is missing',
      );

      serve('/api/v3/traces/000000000000009600000000000000a0', () =>
        raw(fixtureText('api-v3/legacy-v1.53.0/GetTrace.json')),
      );
      await expect(
        source().getTrace({ traceId: '000000000000009600000000000000a0' }),
      ).resolves.toEqual([]);
      expect(logger.warn).toHaveBeenCalledTimes(2);
      expect(logger.warn).toHaveBeenLastCalledWith(
        expect.stringContaining(
          'left out 1 span of GET /api/v3/traces/000000000000009600000000000000a0 that cannot be read; first at resourceSpans[0].scopeSpans[0].spans[0]: the resource has no non-empty service.name attribute',
        ),
      );
    });

    it('reads a 404 "No traces found" as no traces', async () => {
      serve('/api/v3/traces', noTracesFound);
      await expect(
        source().findTraces({ window: WINDOW, serviceName: 'cart', limit: 5 }),
      ).resolves.toEqual({ traces: [], samplingRate: 1 });
    });

    it('fails on a 404 that is not Jaeger saying "No traces found"', async () => {
      serve('/api/v3/traces', notFoundPage);
      await expect(
        source().findTraces({ window: WINDOW, limit: 5 }),
      ).rejects.toThrow(
        'Jaeger (jaeger-test) GET /api/v3/traces failed with HTTP 404 without Jaeger\'s "No traces found" answer',
      );
    });
  });

  describe('getTrace', () => {
    it('reads the current api_v3 encoding (GetTrace.json)', async () => {
      serve('/api/v3/traces/00000000000000000000000000000001', () =>
        HttpResponse.json(
          withServiceAndTimes(fixture('api-v3/GetTrace.json'), 'foo', {
            start: '1763722800000000000',
            end: '1763722800000250000',
          }),
        ),
      );
      const spans = await source().getTrace({ traceId: '1' });
      expect(spans?.map(fieldsOf)).toEqual([
        {
          traceId: '00000000000000000000000000000001',
          spanId: '0000000000000002',
          parentSpanId: undefined,
          serviceName: 'foo',
          name: 'foobar',
          kind: 'server',
          error: true,
          startTimeUnixMs: 1763722800000,
          durationNano: 250_000,
        },
      ]);
    });

    it('reads a v1.53 trace with base64 ids as the same trace as its hex form', async () => {
      const legacy = withServiceAndTimes(
        fixture('api-v3/legacy-v1.53.0/GetTrace.json'),
        'foo',
      );
      // The same span as a ≥ v1.54 server writes it: hex ids, integer enums.
      const hexForm = structuredClone(legacy);
      Object.assign(hexForm.result.resourceSpans[0].scopeSpans[0].spans[0], {
        traceId: '000000000000009600000000000000a0',
        spanId: '00000000000000b4',
        kind: 2,
        status: { code: 2 },
      });
      const traceId = '000000000000009600000000000000A0';

      serve('/api/v3/traces/000000000000009600000000000000a0', () =>
        HttpResponse.json(legacy),
      );
      const fromLegacy = await source().getTrace({ traceId });
      serve('/api/v3/traces/000000000000009600000000000000a0', () =>
        HttpResponse.json(hexForm),
      );
      const fromHex = await source().getTrace({ traceId });

      expect(fromLegacy).toHaveLength(1);
      expect(fromLegacy).toEqual(fromHex);
      expect(fromLegacy?.[0].traceId).toBe(traceId.toLowerCase());
      // The hex form of a legacy id is not mistaken for base64, nor the other way round.
      expect(fromHex?.[0].spanId).toBe('00000000000000b4');
    });

    it('falls back to v1 /api/traces/{id} and maps it like the OTLP it came from (otlp2jaeger)', async () => {
      serve('/api/v3/traces/83a9efd15c1c98a977e0711cc93ee28b', notFoundPage);
      serve('/api/traces/83a9efd15c1c98a977e0711cc93ee28b', () =>
        raw(fixtureText('query-v1/otlp2jaeger-out.json')),
      );
      const spans = await source().getTrace({
        traceId: '83a9efd15c1c98a977e0711cc93ee28b',
      });
      expect(spans).toEqual(
        decodeOtlpJson(fixture('query-v1/otlp2jaeger-in.json')).spans,
      );
      expect(spans?.map(fieldsOf)).toEqual([
        {
          traceId: '83a9efd15c1c98a977e0711cc93ee28b',
          spanId: 'e127af99e3b3e074',
          parentSpanId: '909541b92cf05311',
          serviceName: 'telemetrygen',
          name: 'okey-dokey-0',
          kind: 'server',
          error: false,
          startTimeUnixMs: 1706678909209,
          durationNano: 123_000,
        },
        expect.anything(),
      ]);
      expect(spans?.[0].peer.service).toBe('telemetrygen-client');
      expect(spans?.[0].attributes).toEqual({
        'net.peer.ip': '1.2.3.4',
        'peer.service': 'telemetrygen-client',
      });
      expect(requests.map(url => url.pathname)).toEqual([
        '/jaeger/api/v3/traces/83a9efd15c1c98a977e0711cc93ee28b',
        '/jaeger/api/traces/83a9efd15c1c98a977e0711cc93ee28b',
      ]);
    });

    it('maps v1 references, tag types, errors and µs times (ui_01.json)', async () => {
      const traceId = '00000000000000000000000000000001';
      serve(`/api/v3/traces/${traceId}`, notFoundPage);
      serve(`/api/traces/${traceId}`, () =>
        HttpResponse.json(v1Envelope([fixture('query-v1/ui_01.json')])),
      );
      const spans = await source().getTrace({ traceId: '0000000000000001' });
      const common = {
        traceId,
        startTimeUnixMs: 1485467191639,
        durationNano: 5000,
        kind: 'unspecified',
      };
      expect(spans?.map(fieldsOf)).toEqual([
        {
          ...common,
          spanId: '0000000000000002',
          parentSpanId: undefined,
          serviceName: 'service-x',
          name: 'test-general-conversion',
          error: false,
        },
        {
          ...common,
          spanId: '0000000000000002',
          parentSpanId: undefined,
          serviceName: 'service-x',
          name: 'some-operation',
          error: true,
        },
        {
          ...common,
          spanId: '0000000000000003',
          parentSpanId: '0000000000000002',
          serviceName: 'service-y',
          name: 'some-operation',
          error: false,
        },
        // The first CHILD_OF points into another trace: the parent is the first one within this trace.
        {
          ...common,
          spanId: '0000000000000004',
          parentSpanId: '0000000000000002',
          serviceName: 'service-y',
          name: 'reference-test',
          error: false,
        },
        {
          ...common,
          spanId: '0000000000000005',
          parentSpanId: '0000000000000004',
          serviceName: 'service-y',
          name: 'preserveParentID-test',
          error: false,
          durationNano: 4000,
        },
      ]);
      expect(spans?.[0].startTimeUnixNano).toBe(1485467191639875000n);
      expect(spans?.[1].statusCode).toBe('error');
      // Tags by type; the `error` tag became the status and is not repeated as an attribute.
      expect(spans?.[1].attributes).toEqual({
        'peer.service': 'service-y',
        'peer.ipv4': 23456,
        temperature: 72.5,
        javascript_limit: '9223372036854775222',
        blob: 'AAAwOQ==',
      });
    });

    it('maps v1 span.kind tags, parents and padded ids (spansAmongEachOther.json)', async () => {
      const traceId = '0df84e36b9e2ee3815d07f0867a5be1f';
      serve(`/api/v3/traces/${traceId}`, notFoundPage);
      serve(`/api/traces/${traceId}`, () =>
        HttpResponse.json(
          v1Envelope([fixture('query-v1/spansAmongEachOther.json')]),
        ),
      );
      const spans = (await source().getTrace({ traceId }))!;
      expect(spans).toHaveLength(12);
      expect(spans.every(span => span.traceId === traceId)).toBe(true);
      const byId = new Map(spans.map(span => [span.spanId, span]));
      expect(fieldsOf(byId.get('9afcdf2e24e8d70a')!)).toEqual({
        traceId,
        spanId: '9afcdf2e24e8d70a',
        parentSpanId: undefined,
        serviceName: 'api-gateway',
        name: 'GET /api/customer/owners',
        kind: 'server',
        error: false,
        startTimeUnixMs: 1573131432955,
        durationNano: 3_720_000,
      });
      expect(fieldsOf(byId.get('6962df17f54c3741')!)).toEqual({
        traceId,
        spanId: '6962df17f54c3741',
        parentSpanId: '9afcdf2e24e8d70a',
        serviceName: 'api-gateway',
        name: 'GET /owners',
        kind: 'client',
        error: false,
        startTimeUnixMs: 1573131432955,
        durationNano: 2_977_000,
      });
      expect(fieldsOf(byId.get('6f9bbe751e5fd944')!)).toEqual({
        traceId,
        spanId: '6f9bbe751e5fd944',
        parentSpanId: '6962df17f54c3741',
        serviceName: 'customers-service',
        name: 'GET /owners',
        kind: 'server',
        error: false,
        startTimeUnixMs: 1573131432956,
        durationNano: 1_696_000,
      });
      // 15 hex characters in the fixture: left-padded.
      expect(fieldsOf(byId.get('0a68c6983a6d81a2')!)).toEqual({
        traceId,
        spanId: '0a68c6983a6d81a2',
        parentSpanId: '6f9bbe751e5fd944',
        serviceName: 'customers-service',
        name: 'HikariProxyPreparedStatement.executeQuery',
        kind: 'unspecified',
        error: false,
        startTimeUnixMs: 1573131432956,
        durationNano: 19_000,
      });
    });

    it('reads v1 error tags and otel.status_code, and keeps process tags out of span attributes', async () => {
      const traceId = 'abcdef0123456789abcdef0123456789';
      const span = (
        spanID: string,
        tags: unknown[],
        references: unknown[] = [],
      ) => ({
        traceID: traceId,
        spanID,
        operationName: `op-${spanID.slice(-1)}`,
        references,
        startTime: 1763722800000001,
        duration: 10,
        tags,
        logs: [],
        processID: 'p1',
      });
      serve(`/api/v3/traces/${traceId}`, notFoundPage);
      serve(`/api/traces/${traceId}`, () =>
        HttpResponse.json(
          v1Envelope([
            {
              traceID: traceId,
              spans: [
                span('0000000000000001', [
                  { key: 'error', type: 'string', value: 'true' },
                ]),
                span('0000000000000002', [
                  { key: 'otel.status_code', type: 'string', value: 'ERROR' },
                  {
                    key: 'otel.status_description',
                    type: 'string',
                    value: 'boom',
                  },
                ]),
                span('0000000000000003', [
                  { key: 'error', type: 'bool', value: false },
                  { key: 'span.kind', type: 'string', value: 'producer' },
                ]),
                span(
                  '0000000000000004',
                  [{ key: 'otel.status_code', type: 'string', value: 'OK' }],
                  // A FOLLOWS_FROM reference is a link, not a parent.
                  [
                    {
                      refType: 'FOLLOWS_FROM',
                      traceID: traceId,
                      spanID: '0000000000000001',
                    },
                  ],
                ),
              ],
              processes: {
                p1: {
                  serviceName: 'cart',
                  tags: [{ key: 'host.name', type: 'string', value: 'node-1' }],
                },
              },
            },
          ]),
        ),
      );
      const spans = (await source().getTrace({ traceId }))!;
      expect(
        spans.map(s => ({
          spanId: s.spanId,
          parentSpanId: s.parentSpanId,
          kind: s.kind,
          error: s.error,
          statusCode: s.statusCode,
          statusMessage: s.statusMessage,
          startTimeUnixNano: s.startTimeUnixNano,
          durationNano: s.durationNano,
          attributes: s.attributes,
        })),
      ).toEqual([
        {
          spanId: '0000000000000001',
          kind: 'unspecified',
          error: true,
          statusCode: 'error',
          startTimeUnixNano: 1763722800000001000n,
          durationNano: 10_000,
          attributes: {},
        },
        {
          spanId: '0000000000000002',
          kind: 'unspecified',
          error: true,
          statusCode: 'error',
          statusMessage: 'boom',
          startTimeUnixNano: 1763722800000001000n,
          durationNano: 10_000,
          attributes: {},
        },
        {
          spanId: '0000000000000003',
          kind: 'producer',
          error: false,
          statusCode: 'unset',
          startTimeUnixNano: 1763722800000001000n,
          durationNano: 10_000,
          attributes: {},
        },
        {
          spanId: '0000000000000004',
          kind: 'unspecified',
          error: false,
          statusCode: 'ok',
          startTimeUnixNano: 1763722800000001000n,
          durationNano: 10_000,
          attributes: {},
        },
      ]);
    });

    it('is undefined when v1 answers 404 too, and for ids that are not hex (without asking)', async () => {
      const traceId = 'ffffffffffffffffffffffffffffffff';
      serve(`/api/v3/traces/${traceId}`, () =>
        HttpResponse.json(
          { error: { httpCode: 404, message: 'trace not found' } },
          { status: 404 },
        ),
      );
      serve(`/api/traces/${traceId}`, () =>
        HttpResponse.json(
          {
            data: null,
            total: 0,
            limit: 0,
            offset: 0,
            errors: [{ code: 404, msg: 'trace not found' }],
          },
          { status: 404 },
        ),
      );
      await expect(source().getTrace({ traceId })).resolves.toBeUndefined();
      expect(requests).toHaveLength(2);

      await expect(
        source().getTrace({ traceId: 'not-a-trace-id' }),
      ).resolves.toBeUndefined();
      await expect(
        source().getTrace({ traceId: '00000000000000000000000000000000' }),
      ).resolves.toBeUndefined();
      expect(requests).toHaveLength(2);
    });
  });

  describe('getDependencies', () => {
    it('reads v1 /api/dependencies for the window (small.json)', async () => {
      serve('/api/dependencies', () =>
        HttpResponse.json(v1Envelope(fixture('dependencies/small.json'))),
      );
      const links = await source().getDependencies({ window: WINDOW });
      expect(links).toEqual(fixture('dependencies/small.json'));
      expect(links).toContainEqual({
        parent: 'Service2',
        child: 'Service4',
        callCount: 129216,
      });
      expect(Object.fromEntries(requests[0].searchParams)).toEqual({
        endTs: String(WINDOW.to.getTime()),
        lookback: '3600000',
      });
    });

    it('fails when Jaeger reports errors in the envelope', async () => {
      serve('/api/dependencies', () =>
        HttpResponse.json({
          data: null,
          errors: [{ code: 500, msg: 'storage unavailable' }],
        }),
      );
      await expect(
        source().getDependencies({ window: WINDOW }),
      ).rejects.toThrow(
        'Jaeger (jaeger-test) GET /api/dependencies answered errors: storage unavailable (code 500)',
      );
    });
  });

  describe('failures', () => {
    it('names Jaeger and the path on a 5xx', async () => {
      serve('/api/v3/traces', () =>
        HttpResponse.text('upstream down', { status: 503 }),
      );
      await expect(
        source().findTraces({ window: WINDOW, limit: 5 }),
      ).rejects.toThrow(
        /^Jaeger \(jaeger-test\) GET \/api\/v3\/traces .*HTTP 503: upstream down/,
      );
    });

    it('gives up after the timeout', async () => {
      serve('/api/v3/services', async () => {
        await delay('infinite');
        return HttpResponse.json({});
      });
      await expect(
        source({ tuning: { timeoutMs: 50 } }).getServices({ window: WINDOW }),
      ).rejects.toThrow(
        'Jaeger (jaeger-test) GET /api/v3/services timed out after 50 ms',
      );
    });

    it('fails on malformed JSON rather than reading it as empty', async () => {
      serve('/api/v3/services', () => raw('<html>maintenance</html>'));
      await expect(source().getServices({ window: WINDOW })).rejects.toThrow(
        'Jaeger (jaeger-test) GET /api/v3/services answered malformed JSON',
      );
    });

    it('fails on answers of an unexpected shape, naming the endpoint', async () => {
      serve('/api/v3/services', () => HttpResponse.json({ services: 'foo' }));
      await expect(source().getServices({ window: WINDOW })).rejects.toThrow(
        'Jaeger (jaeger-test) GET /api/v3/services answered an unexpected shape: services',
      );

      serve('/api/v3/traces', () => HttpResponse.json({ data: [] }));
      await expect(
        source().findTraces({ window: WINDOW, limit: 5 }),
      ).rejects.toThrow(
        'Jaeger (jaeger-test) GET /api/v3/traces answered an unexpected shape: result',
      );

      serve('/api/v3/traces', () =>
        HttpResponse.json({ result: { resourceSpans: 'none' } }),
      );
      await expect(
        source().findTraces({ window: WINDOW, limit: 5 }),
      ).rejects.toThrow(
        'Jaeger (jaeger-test) GET /api/v3/traces answered traces that cannot be read',
      );

      const traceId = '00000000000000000000000000000abc';
      serve(`/api/v3/traces/${traceId}`, notFoundPage);
      serve(`/api/traces/${traceId}`, () =>
        HttpResponse.json(v1Envelope([{ traceID: 'abc', spans: ['span'] }])),
      );
      await expect(source().getTrace({ traceId })).rejects.toThrow(
        /^Jaeger \(jaeger-test\) GET \/api\/traces\/00000000000000000000000000000abc answered a trace that cannot be read.*data\[0\]\.spans\[0\] is a string/,
      );

      serve('/api/dependencies', () =>
        HttpResponse.json(v1Envelope([{ parent: 'a' }])),
      );
      await expect(
        source().getDependencies({ window: WINDOW }),
      ).rejects.toThrow(
        'Jaeger (jaeger-test) GET /api/dependencies answered an unexpected shape: data.0.child',
      );
    });

    it('does not follow a redirect', async () => {
      serve('/api/v3/services', () =>
        HttpResponse.redirect('https://elsewhere.example.com/steal', 302),
      );
      server.use(
        http.get('https://elsewhere.example.com/steal', ({ request }) => {
          requests.push(new URL(request.url));
          return HttpResponse.json({ services: ['stolen'] });
        }),
      );
      await expect(source().getServices({ window: WINDOW })).rejects.toThrow(
        'Jaeger (jaeger-test) GET /api/v3/services was redirected (HTTP 302',
      );
      expect(requests.map(url => url.host)).toEqual(['jaeger.example.com']);
    });
  });
});
