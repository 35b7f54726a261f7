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
import type { Span } from '@service-ownership/plugin-ownership-common';
import { EdgePairer } from '@service-ownership/plugin-ownership-node';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createVendorFetch, VendorFetchTuning } from '../../onCall/vendorFetch';
import search from '../__fixtures__/tempo/search.json';
import tagValues from '../__fixtures__/tempo/tag-values.json';
import traceV1 from '../__fixtures__/tempo/trace-v1-batches.json';
import traceV2Partial from '../__fixtures__/tempo/trace-v2-partial.json';
import traceV2 from '../__fixtures__/tempo/trace-v2.json';
import { base64IdToHex } from './tempoToOtlp';
import { TempoTraceSource, traceQlFor } from './TempoTraceSource';

const BASE = 'https://tempo.example.com';
const TRACE = '00f1d2a3b4c5d6e7f8091a2b3c4d5e6f';
/** A 64-bit trace id; its base64 holds `/` and `+`. */
const SHORT_TRACE = '0000000000000000c0ffee0123456789';
// 2026-11-21 12:00:00 UTC is 1795262400 s.
const T0_S = 1795262400;
const WINDOW = {
  from: new Date((T0_S - 3600) * 1000 + 500),
  to: new Date(T0_S * 1000 + 200),
};

/** The 64-bit trace as `/api/v2/traces/{id}` answers it: one span. */
const shortTraceV2 = {
  trace: {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'worker' } },
          ],
        },
        scopeSpans: [
          {
            spans: [
              {
                traceId: 'AAAAAAAAAADA/+4BI0VniQ==',
                spanId: 'CgsMDQ4PEBE=',
                name: 'poll',
                kind: 'SPAN_KIND_CONSUMER',
                startTimeUnixNano: '1795262401000000000',
                endTimeUnixNano: '1795262401000800000',
                status: {},
              },
            ],
          },
        ],
      },
    ],
  },
};

function byId(spans: Span[], spanId: string): Span {
  const span = spans.find(candidate => candidate.spanId === spanId);
  if (!span) throw new Error(`no span ${spanId}`);
  return span;
}

describe('TempoTraceSource', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let requests: Request[];
  beforeEach(() => {
    requests = [];
  });
  const paths = () => requests.map(request => new URL(request.url).pathname);

  function source(tuning: VendorFetchTuning = {}) {
    const logger = mockServices.logger.mock();
    const tempo = new TempoTraceSource({
      id: 'tempo-test',
      logger,
      http: createVendorFetch({
        vendor: 'Tempo (tempo-test)',
        baseUrl: BASE,
        headers: { 'X-Scope-OrgID': 'team-a' },
        cacheTtlMs: 0,
        sleep: async () => {},
        ...tuning,
      }),
    });
    return { tempo, logger };
  }

  /** Serves traces by hex id on the v2 route (404 for others), and 404 on the v1 route. */
  function serveV2(traces: Record<string, unknown>) {
    server.use(
      http.get(`${BASE}/api/v2/traces/:id`, ({ request, params }) => {
        requests.push(request);
        const body = traces[String(params.id)];
        return body
          ? HttpResponse.json(body)
          : new HttpResponse('trace not found', { status: 404 });
      }),
      http.get(`${BASE}/api/traces/:id`, ({ request }) => {
        requests.push(request);
        return new HttpResponse('trace not found', { status: 404 });
      }),
    );
  }

  it('lists services over the window in unix seconds, with the tenant header', async () => {
    server.use(
      http.get(
        `${BASE}/api/v2/search/tag/resource.service.name/values`,
        ({ request }) => {
          requests.push(request);
          return HttpResponse.json(tagValues);
        },
      ),
    );
    const { tempo } = source();
    await expect(tempo.getServices({ window: WINDOW })).resolves.toEqual([
      'frontend',
      'orders',
      'payments "eu"',
    ]);
    expect(tempo.type).toBe('tempo');
    const url = new URL(requests[0].url);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      start: String(T0_S - 3600),
      end: String(T0_S + 1),
    });
    expect(requests[0].headers.get('x-scope-orgid')).toBe('team-a');
  });

  it('reads a trace from /api/v2/traces: base64 ids to hex, enum names, omitted zero values', async () => {
    serveV2({ [TRACE]: traceV2 });
    const spans = (await source().tempo.getTrace({ traceId: TRACE }))!;
    expect(paths()).toEqual([`/api/v2/traces/${TRACE}`]);
    expect(spans).toHaveLength(5);
    for (const span of spans) expect(span.traceId).toBe(TRACE);

    expect(byId(spans, '1a2b3c4d5e6f7081')).toEqual({
      traceId: TRACE,
      spanId: '1a2b3c4d5e6f7081',
      serviceName: 'frontend',
      name: 'GET /checkout',
      kind: 'server',
      startTimeUnixNano: 1795262400000000000n,
      startTimeUnixMs: 1795262400000,
      durationNano: 250_000_000,
      error: true,
      statusCode: 'error',
      httpStatusCode: 502,
      peer: {},
      attributes: {
        'http.request.method': 'GET',
        'http.response.status_code': 502,
      },
    });
    expect(byId(spans, '5e6f708192a3b4c5')).toMatchObject({
      parentSpanId: '1a2b3c4d5e6f7081',
      kind: 'unspecified',
      error: false,
      statusCode: 'unset',
      durationNano: 10_000_000,
    });
    expect(byId(spans, '2b3c4d5e6f708192')).toMatchObject({
      parentSpanId: '1a2b3c4d5e6f7081',
      serviceName: 'frontend',
      name: 'POST',
      kind: 'client',
      startTimeUnixMs: 1795262400020,
      durationNano: 200_000_000,
      error: true,
      statusMessage: 'upstream unavailable',
      peer: {
        service: 'orders',
        serverAddress: 'orders.shop.svc',
        serverPort: 8080,
      },
    });
    expect(byId(spans, '3c4d5e6f708192a3')).toMatchObject({
      parentSpanId: '2b3c4d5e6f708192',
      serviceName: 'orders',
      kind: 'server',
      error: true,
    });
    expect(byId(spans, '4d5e6f708192a3b4')).toMatchObject({
      parentSpanId: '3c4d5e6f708192a3',
      kind: 'client',
      error: false,
      peer: { dbSystem: 'postgresql', dbNamespace: 'orders_db' },
    });

    const pairer = new EdgePairer();
    expect(
      [...pairer.addSpans(spans, 0), ...pairer.expire(10_000)]
        .map(
          edge =>
            `${edge.client} -> ${edge.server} [${edge.connectionType}]${
              edge.failed ? ' failed' : ''
            }`,
        )
        .sort(),
    ).toEqual([
      'frontend -> orders [] failed',
      'orders -> orders_db [database]',
      'user -> frontend [virtual_node] failed',
    ]);
  });

  it('decodes base64 ids to the same hex whatever characters they hold', () => {
    expect(base64IdToHex('APHSo7TF1uf4CRorPE1ebw==')).toBe(TRACE);
    expect(base64IdToHex('AAAAAAAAAADA/+4BI0VniQ==')).toBe(SHORT_TRACE);
    // URL-safe and unpadded forms too.
    expect(base64IdToHex('AAAAAAAAAADA_-4BI0VniQ')).toBe(SHORT_TRACE);
    expect(base64IdToHex('')).toBeUndefined();
    // Not base64: left for the decoder to reject with the id in its reason.
    expect(base64IdToHex('not base64!')).toBe('not base64!');
  });

  it('falls back to /api/traces when /api/v2/traces is missing, and then asks it first', async () => {
    server.use(
      http.get(`${BASE}/api/v2/traces/:id`, ({ request }) => {
        requests.push(request);
        return new HttpResponse('404 page not found\n', { status: 404 });
      }),
      http.get(`${BASE}/api/traces/:id`, ({ request }) => {
        requests.push(request);
        return HttpResponse.json(traceV1);
      }),
    );
    const { tempo, logger } = source();
    const fromV1 = await tempo.getTrace({ traceId: TRACE });
    expect(paths()).toEqual([
      `/api/v2/traces/${TRACE}`,
      `/api/traces/${TRACE}`,
    ]);
    // The same trace as the v2 route gives.
    serveV2({ [TRACE]: traceV2 });
    const fromV2 = await source().tempo.getTrace({ traceId: TRACE });
    expect(fromV1).toEqual(fromV2);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('/api/v2/traces is not available'),
    );

    requests = [];
    server.use(
      http.get(`${BASE}/api/traces/:id`, ({ request }) => {
        requests.push(request);
        return HttpResponse.json(traceV1);
      }),
    );
    await tempo.getTrace({ traceId: TRACE });
    expect(paths()).toEqual([`/api/traces/${TRACE}`]);
  });

  it('reads old bodies with instrumentationLibrarySpans', async () => {
    const old = {
      batches: traceV1.batches.map(({ scopeSpans, ...batch }) => ({
        ...batch,
        instrumentationLibrarySpans: scopeSpans,
      })),
    };
    server.use(
      http.get(
        `${BASE}/api/v2/traces/:id`,
        () => new HttpResponse('404 page not found', { status: 404 }),
      ),
      http.get(`${BASE}/api/traces/:id`, () => HttpResponse.json(old)),
    );
    const spans = await source().tempo.getTrace({ traceId: TRACE });
    expect(spans?.map(span => span.spanId).sort()).toEqual([
      '1a2b3c4d5e6f7081',
      '2b3c4d5e6f708192',
      '3c4d5e6f708192a3',
      '4d5e6f708192a3b4',
      '5e6f708192a3b4c5',
    ]);
  });

  it('has no trace when neither route has it, and keeps asking v2 first', async () => {
    serveV2({});
    const { tempo } = source();
    await expect(tempo.getTrace({ traceId: TRACE })).resolves.toBeUndefined();
    await expect(
      tempo.getTrace({ traceId: 'f1d2a3b4c5d6e7f8091a2b3c4d5e6f' }),
    ).resolves.toBeUndefined();
    expect(paths()).toEqual([
      `/api/v2/traces/${TRACE}`,
      `/api/traces/${TRACE}`,
      `/api/v2/traces/${TRACE}`,
      `/api/traces/${TRACE}`,
    ]);
    await expect(
      tempo.getTrace({ traceId: 'not-a-trace-id' }),
    ).resolves.toBeUndefined();
    expect(requests).toHaveLength(4);
  });

  it('logs a partial trace and returns what it has', async () => {
    serveV2({ [TRACE]: traceV2Partial });
    const { tempo, logger } = source();
    const spans = await tempo.getTrace({ traceId: TRACE });
    expect(spans?.map(span => span.serviceName)).toEqual([
      'frontend',
      'frontend',
      'frontend',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      `Tempo source tempo-test: trace ${TRACE} is PARTIAL: Trace exceeds maximum size of 5000000 bytes, a partial trace is returned`,
    );
  });

  it('searches with TraceQL over an explicit window in seconds, then reads each trace by its padded id', async () => {
    server.use(
      http.get(`${BASE}/api/search`, ({ request }) => {
        requests.push(request);
        return HttpResponse.json(search);
      }),
    );
    serveV2({ [TRACE]: traceV2, [SHORT_TRACE]: shortTraceV2 });
    const result = await source().tempo.findTraces({
      window: WINDOW,
      serviceName: 'pay"ments\\eu',
      operationName: 'GET /a"b',
      errorsOnly: true,
      limit: 10,
    });
    const searchUrl = new URL(requests[0].url);
    expect(searchUrl.pathname).toBe('/api/search');
    expect(Object.fromEntries(searchUrl.searchParams)).toEqual({
      q: '{ resource.service.name = "pay\\"ments\\\\eu" && name = "GET /a\\"b" && status = error }',
      start: String(T0_S - 3600),
      end: String(T0_S + 1),
      limit: '11',
      spss: '1',
    });
    expect(paths().slice(1).sort()).toEqual([
      `/api/v2/traces/${SHORT_TRACE}`,
      `/api/v2/traces/${TRACE}`,
    ]);
    expect(result.samplingRate).toBe(1);
    expect(result.traces.map(trace => trace.traceId)).toEqual([
      TRACE,
      SHORT_TRACE,
    ]);
    expect(result.traces[1].spans).toEqual([
      expect.objectContaining({
        traceId: SHORT_TRACE,
        spanId: '0a0b0c0d0e0f1011',
        serviceName: 'worker',
        kind: 'consumer',
        durationNano: 800_000,
      }),
    ]);
    for (const request of requests) {
      expect(request.headers.get('x-scope-orgid')).toBe('team-a');
    }
  });

  it('builds TraceQL: any span without conditions, strings escaped', () => {
    expect(traceQlFor({ window: WINDOW, limit: 5 })).toBe('{}');
    expect(
      traceQlFor({ window: WINDOW, limit: 5, serviceName: 'a\nb" || true' }),
    ).toBe('{ resource.service.name = "a\\nb\\" || true" }');
    expect(traceQlFor({ window: WINDOW, limit: 5, errorsOnly: true })).toBe(
      '{ status = error }',
    );
  });

  it('reports the share of search jobs run when Tempo stopped at the limit', async () => {
    let metrics = search.metrics;
    server.use(
      http.get(`${BASE}/api/search`, ({ request }) => {
        requests.push(request);
        return HttpResponse.json({ ...search, metrics });
      }),
    );
    serveV2({ [TRACE]: traceV2, [SHORT_TRACE]: shortTraceV2 });
    const { tempo } = source();

    // All jobs ran and more than the limit matched: at most limit / (limit + 1) was read.
    const capped = await tempo.findTraces({ window: WINDOW, limit: 1 });
    expect(new URL(requests[0].url).searchParams.get('limit')).toBe('2');
    expect(capped.traces.map(trace => trace.traceId)).toEqual([TRACE]);
    expect(paths().filter(path => path.includes('/traces/'))).toEqual([
      `/api/v2/traces/${TRACE}`,
    ]);
    expect(capped.samplingRate).toBe(0.5);

    // Tempo stopped after 10 of 40 jobs: about a quarter of the store was searched.
    metrics = { ...search.metrics, completedJobs: 10, totalJobs: 40 };
    const early = await tempo.findTraces({ window: WINDOW, limit: 1 });
    expect(early.samplingRate).toBe(0.25);
  });

  it('reads at most 4 traces at once', async () => {
    const ids = Array.from({ length: 10 }, (_, i) =>
      (i + 1).toString(16).padStart(32, '0'),
    );
    let inFlight = 0;
    let most = 0;
    server.use(
      http.get(`${BASE}/api/search`, () =>
        HttpResponse.json({
          traces: ids.map(id => ({ traceID: id.replace(/^0+/, '') })),
          metrics: { completedJobs: 3, totalJobs: 3 },
        }),
      ),
      http.get(`${BASE}/api/v2/traces/:id`, async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await delay(20);
        inFlight -= 1;
        return HttpResponse.json(shortTraceV2);
      }),
    );
    const result = await source().tempo.findTraces({
      window: WINDOW,
      limit: 20,
    });
    expect(result.traces).toHaveLength(10);
    expect(most).toBe(4);
  });

  describe('failures', () => {
    it('fails the search when a trace cannot be read, rather than answering part of it', async () => {
      server.use(
        http.get(`${BASE}/api/search`, () => HttpResponse.json(search)),
        http.get(
          `${BASE}/api/v2/traces/:id`,
          () => new HttpResponse('querier unavailable', { status: 502 }),
        ),
      );
      await expect(
        source().tempo.findTraces({ window: WINDOW, limit: 10 }),
      ).rejects.toThrow(
        /Tempo \(tempo-test\) GET \/api\/v2\/traces\/[0-9a-f]{32} still failing after 3 attempts; last failed with HTTP 502: querier unavailable/,
      );
    });

    it('fails on a 5xx search', async () => {
      server.use(
        http.get(
          `${BASE}/api/search`,
          () => new HttpResponse('too many jobs', { status: 500 }),
        ),
      );
      await expect(
        source({ maxAttempts: 1 }).tempo.findTraces({
          window: WINDOW,
          limit: 10,
        }),
      ).rejects.toThrow(
        'Tempo (tempo-test) GET /api/search still failing after 1 attempts; last failed with HTTP 500: too many jobs',
      );
    });

    it('times out', async () => {
      server.use(
        http.get(`${BASE}/api/v2/traces/:id`, async () => {
          await delay('infinite');
          return HttpResponse.json(traceV2);
        }),
      );
      await expect(
        source({ timeoutMs: 50 }).tempo.getTrace({ traceId: TRACE }),
      ).rejects.toThrow(
        `Tempo (tempo-test) GET /api/v2/traces/${TRACE} timed out after 50 ms`,
      );
    });

    it('fails on malformed JSON and unexpected shapes, naming the store and endpoint', async () => {
      server.use(
        http.get(
          `${BASE}/api/search`,
          () => new HttpResponse('{"traces": [', { status: 200 }),
        ),
        http.get(`${BASE}/api/v2/search/tag/resource.service.name/values`, () =>
          HttpResponse.json({ tagValues: ['frontend'] }),
        ),
      );
      const { tempo } = source();
      await expect(
        tempo.findTraces({ window: WINDOW, limit: 10 }),
      ).rejects.toThrow(
        'Tempo (tempo-test) GET /api/search answered malformed JSON',
      );
      await expect(tempo.getServices({ window: WINDOW })).rejects.toThrow(
        'Tempo (tempo-test) GET /api/v2/search/tag/resource.service.name/values answered an unexpected shape: tagValues.0: Expected object',
      );

      server.use(
        http.get(`${BASE}/api/search`, () =>
          HttpResponse.json({ traces: [{ traceID: 'zz-not-hex' }] }),
        ),
      );
      await expect(
        tempo.findTraces({ window: WINDOW, limit: 10 }),
      ).rejects.toThrow(
        'Tempo (tempo-test) GET /api/search answered an unexpected shape: traces.0.traceID: not a hex trace id',
      );

      serveV2({ [TRACE]: { trace: { resourceSpans: { spans: [] } } } });
      await expect(tempo.getTrace({ traceId: TRACE })).rejects.toThrow(
        `Tempo (tempo-test) GET /api/v2/traces/${TRACE} answered a trace that cannot be read; caused by TempoShapeError: trace.resourceSpans is not an array`,
      );
    });

    it('does not follow a redirect', async () => {
      let followed = false;
      server.use(
        http.get(
          `${BASE}/api/search`,
          () =>
            new HttpResponse(null, {
              status: 307,
              headers: { location: 'https://elsewhere.example.com/search' },
            }),
        ),
        http.get('https://elsewhere.example.com/search', () => {
          followed = true;
          return HttpResponse.json({ traces: [] });
        }),
      );
      await expect(
        source().tempo.findTraces({ window: WINDOW, limit: 10 }),
      ).rejects.toThrow(
        'Tempo (tempo-test) GET /api/search was redirected (HTTP 307',
      );
      expect(followed).toBe(false);
    });
  });
});
