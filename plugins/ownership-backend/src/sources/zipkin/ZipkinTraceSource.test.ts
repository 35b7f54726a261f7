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
import zipkin2Client from '../__fixtures__/zipkin/spans/zipkin2-client.json';
import ascend from '../__fixtures__/zipkin/traces/ascend.json';
import messaging from '../__fixtures__/zipkin/traces/messaging.json';
import messaging2 from '../__fixtures__/zipkin/traces/messaging2.json';
import simpleDb from '../__fixtures__/zipkin/traces/simple-db-p6.json';
import skew from '../__fixtures__/zipkin/traces/skew.json';
import { ZipkinTraceSource } from './ZipkinTraceSource';
import { SYNTHETIC_ATTRIBUTE } from './zipkinToOtlp';

const BASE = 'https://zipkin.example.com';
const WINDOW = {
  from: new Date('2026-11-21T11:00:00Z'),
  to: new Date('2026-11-21T12:00:00Z'),
};

/** Edges of the spans, by the suite's pairing, after every side waited its time. */
function edgesOf(spans: Span[]) {
  const pairer = new EdgePairer();
  const edges = [...pairer.addSpans(spans, 0), ...pairer.expire(10_000)];
  return edges
    .map(edge => `${edge.client} -> ${edge.server} [${edge.connectionType}]`)
    .sort();
}

function byId(spans: Span[], spanId: string): Span {
  const span = spans.find(candidate => candidate.spanId === spanId);
  if (!span) throw new Error(`no span ${spanId}`);
  return span;
}

describe('ZipkinTraceSource', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let requests: URL[];
  beforeEach(() => {
    requests = [];
  });

  function source(tuning: VendorFetchTuning = {}) {
    const logger = mockServices.logger.mock();
    const zipkin = new ZipkinTraceSource({
      id: 'zipkin-test',
      logger,
      http: createVendorFetch({
        vendor: 'Zipkin (zipkin-test)',
        baseUrl: BASE,
        headers: {},
        cacheTtlMs: 0,
        sleep: async () => {},
        ...tuning,
      }),
    });
    return { zipkin, logger };
  }

  function serveTrace(body: unknown) {
    server.use(
      http.get(`${BASE}/api/v2/trace/:id`, ({ request }) => {
        requests.push(new URL(request.url));
        return new HttpResponse(JSON.stringify(body), {
          headers: { 'content-type': 'application/json' },
        });
      }),
    );
  }

  it('lists services', async () => {
    server.use(
      http.get(`${BASE}/api/v2/services`, () =>
        HttpResponse.json(['backend', 'frontend']),
      ),
    );
    await expect(
      source().zipkin.getServices({ window: WINDOW }),
    ).resolves.toEqual(['backend', 'frontend']);
    expect(source().zipkin.type).toBe('zipkin');
  });

  it('maps a client span field by field, remote endpoint to peer attributes', async () => {
    serveTrace([zipkin2Client]);
    const spans = await source().zipkin.getTrace({
      traceId: '4d1e00c0db9010db86154a4ba6e91385',
    });
    expect(requests.map(url => url.pathname)).toEqual([
      '/api/v2/trace/4d1e00c0db9010db86154a4ba6e91385',
    ]);
    expect(spans).toEqual([
      {
        traceId: '4d1e00c0db9010db86154a4ba6e91385',
        spanId: '4d1e00c0db9010db',
        parentSpanId: '86154a4ba6e91385',
        serviceName: 'frontend',
        name: 'get',
        kind: 'client',
        startTimeUnixNano: 1472470996199000000n,
        startTimeUnixMs: 1472470996199,
        durationNano: 207_000_000,
        error: false,
        statusCode: 'unset',
        peer: {
          service: 'backend',
          serverAddress: '192.168.99.101',
          serverPort: 9000,
        },
        attributes: {
          'peer.service': 'backend',
          'server.address': '192.168.99.101',
          'server.port': 9000,
          'http.path': '/api',
          'clnt/finagle.version': '6.45.0',
        },
      },
    ]);
  });

  it('gives app → broker → app edges for a messaging trace', async () => {
    serveTrace(messaging);
    const spans = (await source().zipkin.getTrace({
      traceId: '5aab74dbb904746bb33447baae403ed6',
    }))!;

    expect(edgesOf(spans)).toEqual([
      'frontend -> rabbitmq [messaging_system]',
      'rabbitmq -> backend [messaging_system]',
      'user -> frontend [virtual_node]',
    ]);

    const consumer = byId(spans, 'e457b5a2e4d86bd1');
    expect(consumer).toMatchObject({
      traceId: '5aab74dbb904746bb33447baae403ed6',
      serviceName: 'backend',
      name: 'next-message',
      kind: 'consumer',
      startTimeUnixMs: 1521186011929,
      durationNano: 14_000,
      error: false,
      peer: { service: 'rabbitmq' },
      attributes: { 'rabbit.queue': 'backend', 'peer.service': 'rabbitmq' },
    });
    // The local span has no kind in Zipkin: INTERNAL.
    expect(byId(spans, '4ad2db84ac76def7')).toMatchObject({
      kind: 'internal',
      parentSpanId: 'e457b5a2e4d86bd1',
      serviceName: 'backend',
    });

    // Synthetic broker spans: rabbitmq consumes what frontend published and produces what backend consumes.
    const broker = spans.filter(span => span.serviceName === 'rabbitmq');
    expect(broker).toHaveLength(2);
    for (const span of broker) {
      expect(span.attributes[SYNTHETIC_ATTRIBUTE]).toBe('broker');
      expect(span.error).toBe(false);
    }
    const brokerIn = broker.find(span => span.kind === 'consumer')!;
    const brokerOut = broker.find(span => span.kind === 'producer')!;
    expect(brokerIn.parentSpanId).toBe('05e3ac9a4f6e3b90');
    expect(brokerOut.parentSpanId).toBe(brokerIn.spanId);
    expect(consumer.parentSpanId).toBe(brokerOut.spanId);
    expect(new Set(spans.map(span => span.spanId)).size).toBe(spans.length);
  });

  it('gives broker edges when the consumer is not the child of the producer', async () => {
    serveTrace(messaging2);
    const spans = (await source().zipkin.getTrace({
      traceId: '0d1a94ebc9256244',
    }))!;
    // Both name their parent 0153a596db406111 (not in the trace): the broker still links them.
    expect(edgesOf(spans)).toEqual([
      'rabbitmq -> notification-service [messaging_system]',
      'transfer-service -> rabbitmq [messaging_system]',
      'user -> mobile-gateway [virtual_node]',
    ]);
  });

  it('pairs producer and consumer directly when broker spans are turned off', async () => {
    serveTrace(messaging);
    const zipkin = new ZipkinTraceSource({
      id: 'zipkin-test',
      logger: mockServices.logger.mock(),
      http: createVendorFetch({
        vendor: 'Zipkin',
        baseUrl: BASE,
        headers: {},
        cacheTtlMs: 0,
      }),
      brokerSpans: false,
    });
    const spans = (await zipkin.getTrace({
      traceId: '5aab74dbb904746bb33447baae403ed6',
    }))!;
    expect(edgesOf(spans)).toEqual([
      'frontend -> backend [messaging_system]',
      'user -> frontend [virtual_node]',
    ]);
  });

  it('gives an edge to a database named only by the remote endpoint, and pads 64-bit trace ids', async () => {
    serveTrace(simpleDb);
    const spans = (await source().zipkin.getTrace({
      traceId: '19f84f102048e047',
    }))!;
    expect(requests[0].pathname).toBe('/api/v2/trace/19f84f102048e047');
    expect(spans).toHaveLength(5);
    for (const span of spans) {
      expect(span.traceId).toBe('000000000000000019f84f102048e047');
    }
    expect(byId(spans, '5d532ef6fed52445')).toMatchObject({
      kind: 'client',
      serviceName: 'bootifulmeters',
      parentSpanId: '19f84f102048e047',
      name: 'insert',
      startTimeUnixMs: 1541485537488,
      durationNano: 2_033_000,
      peer: { service: 'app_db' },
    });
    expect(edgesOf(spans)).toEqual([
      'bootifulmeters -> app_db [virtual_node]',
      'bootifulmeters -> app_db [virtual_node]',
      'bootifulmeters -> app_db [virtual_node]',
      'bootifulmeters -> app_db [virtual_node]',
      'user -> bootifulmeters [virtual_node]',
    ]);
  });

  it('keeps a shared server span apart from its client, as its child', async () => {
    serveTrace(skew);
    const spans = (await source().zipkin.getTrace({
      traceId: '1e223ff1f80f1c69',
    }))!;
    expect(spans).toHaveLength(4);
    expect(new Set(spans.map(span => span.spanId)).size).toBe(4);

    const client = byId(spans, '74280ae0c10d8062');
    expect(client).toMatchObject({
      kind: 'client',
      serviceName: 'servicea',
      parentSpanId: 'bf396325699c84bf',
    });
    const sharedServer = spans.find(
      span => span.kind === 'server' && span.serviceName === 'serviceb',
    )!;
    expect(sharedServer.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(sharedServer.spanId).not.toBe('74280ae0c10d8062');
    expect(sharedServer).toMatchObject({
      parentSpanId: '74280ae0c10d8062',
      name: 'post',
      startTimeUnixMs: 1470150004008,
      durationNano: 93_577_000,
      attributes: { 'zipkin.span_id': '74280ae0c10d8062' },
    });
    // The local span under the shared id, in the server's service, hangs off the server span.
    expect(byId(spans, '43210ae0c10d1234').parentSpanId).toBe(
      sharedServer.spanId,
    );
    expect(edgesOf(spans)).toEqual([
      'servicea -> serviceb []',
      'user -> servicea [virtual_node]',
    ]);

    // The derived id is stable from one read to the next.
    const again = (await source().zipkin.getTrace({
      traceId: '1e223ff1f80f1c69',
    }))!;
    expect(again.map(span => span.spanId)).toEqual(
      spans.map(span => span.spanId),
    );
  });

  it('re-parents the children of shared spans by service', async () => {
    serveTrace(ascend);
    const spans = (await source().zipkin.getTrace({
      traceId: 'ef86c83c0a05a6d6',
    }))!;
    const contentServer = spans.find(
      span => span.kind === 'server' && span.serviceName === 'content-service',
    )!;
    expect(contentServer.parentSpanId).toBe('ecc00062ceef4bf0');
    expect(byId(spans, 'c21c6c51ac71b3ba').parentSpanId).toBe(
      contentServer.spanId,
    );
    expect(byId(spans, 'e6422f7ff7d78099').parentSpanId).toBe(
      contentServer.spanId,
    );
    expect(edgesOf(spans)).toEqual([
      'mobile-gateway -> auth-service []',
      'mobile-gateway -> content-service []',
      'user -> mobile-gateway [virtual_node]',
    ]);
  });

  it('maps the error tag, kindless remote calls and missing durations', async () => {
    const traceId = '00000000000000000000000000abcdef';
    serveTrace([
      {
        traceId: 'abcdef',
        id: '1',
        kind: 'SERVER',
        name: 'get /pay',
        timestamp: 1795262400000000,
        duration: 5000,
        localEndpoint: { serviceName: 'payments' },
        remoteEndpoint: { ipv4: '10.0.0.7', port: 51234 },
        tags: { error: 'card declined' },
      },
      {
        traceId: 'abcdef',
        parentId: '1',
        id: '2',
        name: 'charge',
        timestamp: 1795262400001000,
        duration: 2500,
        localEndpoint: { serviceName: 'payments' },
        remoteEndpoint: { serviceName: 'stripe' },
        tags: { error: '' },
      },
      {
        traceId: 'abcdef',
        parentId: '1',
        id: '3',
        name: 'audit',
        timestamp: 1795262400004000,
        localEndpoint: { serviceName: 'payments' },
      },
    ]);
    const spans = (await source().zipkin.getTrace({ traceId: 'abcdef' }))!;
    expect(byId(spans, '0000000000000001')).toMatchObject({
      traceId,
      kind: 'server',
      error: true,
      statusCode: 'error',
      statusMessage: 'card declined',
      attributes: { 'client.address': '10.0.0.7', 'client.port': 51234 },
    });
    expect(byId(spans, '0000000000000002')).toMatchObject({
      parentSpanId: '0000000000000001',
      kind: 'client', // no kind, but a remote service: a call out, as Zipkin's DependencyLinker reads it
      error: true,
      statusCode: 'error',
      statusMessage: undefined,
      peer: { service: 'stripe' },
    });
    expect(byId(spans, '0000000000000003')).toMatchObject({
      kind: 'internal',
      durationNano: 0,
      error: false,
      attributes: { 'zipkin.duration_missing': true },
    });
  });

  it('searches with Zipkin parameters: endTs and lookback in ms, one trace more than the limit', async () => {
    server.use(
      http.get(`${BASE}/api/v2/traces`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json([messaging, skew]);
      }),
    );
    const { zipkin } = source();
    const all = await zipkin.findTraces({
      window: WINDOW,
      serviceName: 'frontend',
      operationName: 'get /',
      errorsOnly: true,
      limit: 5,
    });
    const params = Object.fromEntries(requests[0].searchParams);
    expect(params).toEqual({
      serviceName: 'frontend',
      spanName: 'get /',
      annotationQuery: 'error',
      endTs: String(Date.parse('2026-11-21T12:00:00Z')),
      lookback: '3600000',
      limit: '6',
    });
    expect(all.samplingRate).toBe(1);
    expect(all.traces.map(trace => trace.traceId)).toEqual([
      '5aab74dbb904746bb33447baae403ed6',
      '00000000000000001e223ff1f80f1c69',
    ]);
    expect(all.traces[1].spans).toHaveLength(4);

    // Two back for a limit of 1: at least one more matched, and the extra one is dropped.
    const capped = await zipkin.findTraces({ window: WINDOW, limit: 1 });
    expect(Object.fromEntries(requests[1].searchParams)).toEqual({
      endTs: String(Date.parse('2026-11-21T12:00:00Z')),
      lookback: '3600000',
      limit: '2',
    });
    expect(capped.traces).toHaveLength(1);
    expect(capped.samplingRate).toBe(0.5);
  });

  it('reads dependency links with their error counts', async () => {
    server.use(
      http.get(`${BASE}/api/v2/dependencies`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json([
          {
            parent: 'frontend',
            child: 'backend',
            callCount: 12,
            errorCount: 3,
          },
          { parent: 'frontend', child: 'rabbitmq', callCount: 4 },
        ]);
      }),
    );
    await expect(
      source().zipkin.getDependencies({ window: WINDOW }),
    ).resolves.toEqual([
      { parent: 'frontend', child: 'backend', callCount: 12, errorCount: 3 },
      { parent: 'frontend', child: 'rabbitmq', callCount: 4, errorCount: 0 },
    ]);
    expect(Object.fromEntries(requests[0].searchParams)).toEqual({
      endTs: String(Date.parse('2026-11-21T12:00:00Z')),
      lookback: '3600000',
    });
  });

  describe('failures', () => {
    it('has no trace for a 404 or an id that is not hex', async () => {
      server.use(
        http.get(
          `${BASE}/api/v2/trace/:id`,
          () =>
            new HttpResponse('abc not found', {
              status: 404,
              headers: { 'content-type': 'text/plain' },
            }),
        ),
      );
      const { zipkin } = source();
      await expect(
        zipkin.getTrace({ traceId: '0000000000000abc' }),
      ).resolves.toBeUndefined();
      await expect(
        zipkin.getTrace({ traceId: '../services' }),
      ).resolves.toBeUndefined();
    });

    it('fails on 5xx after retrying, rather than answering empty', async () => {
      let calls = 0;
      server.use(
        http.get(`${BASE}/api/v2/traces`, () => {
          calls += 1;
          return new HttpResponse('storage down', { status: 503 });
        }),
      );
      await expect(
        source().zipkin.findTraces({ window: WINDOW, limit: 10 }),
      ).rejects.toThrow(
        'Zipkin (zipkin-test) GET /api/v2/traces still failing after 3 attempts; last failed with HTTP 503: storage down',
      );
      expect(calls).toBe(3);
    });

    it('times out', async () => {
      server.use(
        http.get(`${BASE}/api/v2/dependencies`, async () => {
          await delay('infinite');
          return HttpResponse.json([]);
        }),
      );
      await expect(
        source({ timeoutMs: 50 }).zipkin.getDependencies({ window: WINDOW }),
      ).rejects.toThrow(
        'Zipkin (zipkin-test) GET /api/v2/dependencies timed out after 50 ms',
      );
    });

    it('fails on malformed JSON and on unexpected shapes, naming the endpoint', async () => {
      server.use(
        http.get(
          `${BASE}/api/v2/trace/:id`,
          () =>
            new HttpResponse('[{"traceId":', {
              headers: { 'content-type': 'application/json' },
            }),
        ),
        http.get(`${BASE}/api/v2/traces`, () =>
          HttpResponse.json({ data: [] }),
        ),
        http.get(`${BASE}/api/v2/services`, () =>
          HttpResponse.json([{ name: 'frontend' }]),
        ),
      );
      const { zipkin } = source();
      await expect(
        zipkin.getTrace({ traceId: '5aab74dbb904746bb33447baae403ed6' }),
      ).rejects.toThrow(
        'Zipkin (zipkin-test) GET /api/v2/trace/5aab74dbb904746bb33447baae403ed6 answered malformed JSON',
      );
      await expect(
        zipkin.findTraces({ window: WINDOW, limit: 10 }),
      ).rejects.toThrow(
        'Zipkin (zipkin-test) GET /api/v2/traces answered an unexpected shape',
      );
      await expect(zipkin.getServices({ window: WINDOW })).rejects.toThrow(
        'Zipkin (zipkin-test) GET /api/v2/services answered an unexpected shape: 0: Expected string',
      );
    });

    it('does not follow a redirect', async () => {
      let followed = false;
      server.use(
        http.get(
          `${BASE}/api/v2/services`,
          () =>
            new HttpResponse(null, {
              status: 302,
              headers: { location: 'https://elsewhere.example.com/services' },
            }),
        ),
        http.get('https://elsewhere.example.com/services', () => {
          followed = true;
          return HttpResponse.json(['stolen']);
        }),
      );
      await expect(
        source().zipkin.getServices({ window: WINDOW }),
      ).rejects.toThrow(
        'Zipkin (zipkin-test) GET /api/v2/services was redirected (HTTP 302',
      );
      expect(followed).toBe(false);
    });

    it('logs spans it cannot read and keeps the others', async () => {
      serveTrace([
        { ...zipkin2Client, localEndpoint: undefined },
        { ...zipkin2Client, id: '1111111111111111' },
      ]);
      const { zipkin, logger } = source();
      const spans = await zipkin.getTrace({
        traceId: '4d1e00c0db9010db86154a4ba6e91385',
      });
      expect(spans?.map(span => span.spanId)).toEqual(['1111111111111111']);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'Zipkin source zipkin-test: left out 1 of 2 spans of GET /api/v2/trace/4d1e00c0db9010db86154a4ba6e91385 that cannot be read, e.g. the resource has no non-empty service.name attribute',
        ),
      );
    });
  });
});
