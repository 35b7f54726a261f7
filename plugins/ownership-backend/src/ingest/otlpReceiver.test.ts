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
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import http from 'http';
import { AddressInfo } from 'net';
import request from 'supertest';
import zlib from 'zlib';
import { ownershipPlugin } from '../plugin';
import {
  buildCheckoutTrace,
  toOtlpJson,
  toOtlpProtobuf,
} from '../__testUtils__/demoTrace';
import { expectToMatchSpec } from '../__testUtils__/openapi';
import { eventually, getAsUser } from '../__testUtils__/requests';

const ROUTE = '/api/ownership/v1/traces';

jest.setTimeout(30_000);

async function startBackend(ingest: Record<string, number> = {}) {
  const backend = await startTestBackend({
    features: [
      ownershipPlugin,
      catalogServiceMock.factory({ entities: [] }),
      // The real scheduler, so the flush task runs every second as in production.
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          ownership: {
            ingest: { flushIntervalSeconds: 1, ...ingest },
            recentTraces: { settleSeconds: 1 },
            pairing: { waitSeconds: 1 },
          },
        },
      }),
    ],
  });
  return backend.server;
}

function post(
  server: http.Server,
  body: Buffer,
  contentType: string,
  headers: Record<string, string> = {},
) {
  let req = request(server)
    .post(ROUTE)
    .set('Authorization', mockCredentials.service.header())
    .set('Content-Type', contentType);
  for (const [name, value] of Object.entries(headers)) {
    req = req.set(name, value);
  }
  // Send the bytes as they are (superagent would JSON-encode a Buffer sent as application/json).
  return req.serialize((raw: unknown) => raw as string).send(body);
}

describe('OTLP receiver', () => {
  it('refuses requests without a service token', async () => {
    const server = await startBackend();
    const body = toOtlpJson(
      buildCheckoutTrace({ startMs: Date.now(), placeOrderMs: 50 }),
    );
    const anonymous = await request(server)
      .post(ROUTE)
      .set('Authorization', mockCredentials.none.header())
      .set('Content-Type', 'application/json')
      .send(body.toString());
    expect(anonymous.status).toBe(401);
    const user = await request(server)
      .post(ROUTE)
      .set('Authorization', mockCredentials.user.header())
      .set('Content-Type', 'application/json')
      .send(body.toString());
    expect(user.status).toBe(403);
  });

  it('accepts OTLP/JSON and serves counts, latency and edges from the read API', async () => {
    const server = await startBackend();
    const now = Date.now();
    const spans = [
      ...buildCheckoutTrace({ startMs: now - 5_000, placeOrderMs: 100 }),
      ...buildCheckoutTrace({
        startMs: now - 4_000,
        placeOrderMs: 300,
        paymentFails: true,
      }),
    ];
    const response = await post(server, toOtlpJson(spans), 'application/json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({});

    const operations = await eventually(
      async () =>
        (
          await getAsUser(
            server,
            '/api/ownership/v1/services/orders/operations',
          )
        ).body,
      body => body.operations?.some((o: any) => o.name === 'place_order'),
    );
    expectToMatchSpec('/v1/services/{service}/operations', 200, operations);
    const placeOrder = operations.operations.find(
      (o: any) => o.name === 'place_order' && o.kind === 'server',
    );
    expect(placeOrder).toEqual(
      expect.objectContaining({ count: 2, errorCount: 0 }),
    );
    // Quantiles are taken at rank floor(q × (n − 1)) with ≤ 1 % error: of 100 ms and 300 ms, p50 is 100 ms.
    expect(placeOrder.latencyMs.p50).toBeGreaterThan(99);
    expect(placeOrder.latencyMs.p50).toBeLessThan(101);
    expect(placeOrder.latencyMs.p99).toBeLessThan(303);

    const edges = await eventually(
      async () =>
        (
          await getAsUser(server, '/api/ownership/v1/edges?window=1h')
        ).body,
      body => (body.edges ?? []).length >= 4,
    );
    expectToMatchSpec('/v1/edges', 200, edges);
    const pairs = edges.edges.map((e: any) => [
      e.client,
      e.server,
      e.connectionType,
      e.count,
      e.errorCount,
    ]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        ['storefront', 'orders', '', 2, 0],
        ['orders', 'payments', '', 2, 1],
        // Database edges are named after server.address when set (Tempo's rule)...
        ['orders', 'inventory-db', 'database', 2, 0],
        // ...and requests from outside come from the virtual node "user".
        ['user', 'storefront', 'virtual_node', 2, 0],
      ]),
    );
  });

  it('accepts protobuf, gzip-compressed, and answers with an empty protobuf message', async () => {
    const server = await startBackend();
    const spans = buildCheckoutTrace({
      startMs: Date.now() - 3_000,
      placeOrderMs: 80,
    });
    const response = await post(
      server,
      zlib.gzipSync(toOtlpProtobuf(spans)),
      'application/x-protobuf',
      { 'Content-Encoding': 'gzip' },
    ).buffer(true);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/x-protobuf/);
    expect(response.body.length ?? 0).toBe(0);

    const services = await eventually(
      async () => (await getAsUser(server, '/api/ownership/v1/services')).body,
      body => (body.services ?? []).length === 3,
    );
    expectToMatchSpec('/v1/services', 200, services);
    expect(services.services.map((s: any) => s.name).sort()).toEqual([
      'orders',
      'payments',
      'storefront',
    ]);
  });

  it('keeps the good spans of a request and reports the bad ones as a partial success', async () => {
    const server = await startBackend();
    const body = JSON.parse(
      toOtlpJson(
        buildCheckoutTrace({ startMs: Date.now() - 2_000, placeOrderMs: 40 }),
      ).toString(),
    );
    const ordersSpans = body.resourceSpans.find((rs: any) =>
      rs.resource.attributes.some((a: any) => a.value.stringValue === 'orders'),
    ).scopeSpans[0].spans;
    ordersSpans[0].traceId = 'not-hex';
    const response = await post(
      server,
      Buffer.from(JSON.stringify(body)),
      'application/json',
    );
    expect(response.status).toBe(200);
    expect(response.body.partialSuccess.rejectedSpans).toBe('1');
    expect(response.body.partialSuccess.errorMessage).toMatch(/traceId/);

    const services = await eventually(
      async () => (await getAsUser(server, '/api/ownership/v1/services')).body,
      b => (b.services ?? []).length === 3,
    );
    const orders = services.services.find((s: any) => s.name === 'orders');
    expect(orders.count).toBe(2); // three orders spans sent, one rejected
  });

  it.each([
    ['application/json', Buffer.from('{"resourceSpans": [ {')],
    ['application/json', Buffer.from('{"resourceSpans": "nope"}')],
    [
      'application/x-protobuf',
      Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]),
    ],
  ])(
    'answers 400 with the reason for an undecodable %s body',
    async (type, body) => {
      const server = await startBackend();
      const response = await post(server, body, type);
      expect(response.status).toBe(400);
    },
  );

  it('answers 415 for other content types and encodings', async () => {
    const server = await startBackend();
    expect((await post(server, Buffer.from('x'), 'text/plain')).status).toBe(
      415,
    );
    expect(
      (
        await post(server, Buffer.from('{}'), 'application/json', {
          'Content-Encoding': 'br',
        })
      ).status,
    ).toBe(415);
  });

  it('answers 413 for bodies over the limit, also when only the decompressed size is (zip bomb)', async () => {
    const server = await startBackend({ maxBodyBytes: 64 * 1024 });
    const big = Buffer.alloc(100 * 1024, 0x20);
    expect((await post(server, big, 'application/json')).status).toBe(413);

    const bomb = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const heapBefore = process.memoryUsage().heapUsed;
    const response = await post(server, bomb, 'application/json', {
      'Content-Encoding': 'gzip',
    });
    expect(response.status).toBe(413);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(
      50 * 1024 * 1024,
    );
  });

  it('answers 429 with Retry-After while the ingest queue is full', async () => {
    const server = await startBackend({
      maxInFlightBytes: 1024,
      retryAfterSeconds: 7,
    });
    const { port } = server.address() as AddressInfo;
    // A slow upload holds the whole in-flight budget...
    const slow = http.request({
      port,
      method: 'POST',
      path: ROUTE,
      headers: {
        Authorization: mockCredentials.service.header(),
        'Content-Type': 'application/json',
        'Transfer-Encoding': 'chunked',
      },
    });
    slow.on('error', () => {});
    slow.write(Buffer.alloc(1024, 0x20));
    await new Promise(resolve => setTimeout(resolve, 300));
    // ...so the next request is refused before its body is buffered.
    const response = await post(
      server,
      Buffer.from('{"resourceSpans":[]}'),
      'application/json',
    );
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
    slow.destroy();
  });

  it('answers 503 with Retry-After while buffered spans exceed the memory budget, and recovers', async () => {
    const server = await startBackend({ maxBufferedSpans: 5 });
    const spans = buildCheckoutTrace({
      startMs: Date.now() - 1_000,
      placeOrderMs: 20,
    });
    expect(
      (await post(server, toOtlpJson(spans), 'application/json')).status,
    ).toBe(200);
    const refused = await post(server, toOtlpJson(spans), 'application/json');
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    // Once the buffered traces are decided and flushed, requests are accepted again.
    await eventually(
      async () =>
        (
          await post(server, toOtlpJson(spans), 'application/json')
        ).status,
      status => status === 200,
    );
  });

  it('keeps failing traces whole and serves them by id', async () => {
    const server = await startBackend();
    const spans = buildCheckoutTrace({
      startMs: Date.now() - 1_000,
      placeOrderMs: 20,
      paymentFails: true,
    });
    expect(
      (await post(server, toOtlpProtobuf(spans), 'application/x-protobuf'))
        .status,
    ).toBe(200);
    const traceId = spans[0].spanContext().traceId;
    const trace = await eventually(
      async () => getAsUser(server, `/api/ownership/v1/traces/${traceId}`),
      response => response.status === 200,
    );
    expectToMatchSpec('/v1/traces/{traceId}', 200, trace.body);
    expect(trace.body.spans).toHaveLength(spans.length);

    const series = await getAsUser(
      server,
      '/api/ownership/v1/series?service=payments&window=15m&step=60',
    );
    expectToMatchSpec('/v1/series', 200, series.body);
    expect(
      series.body.points.reduce((n: number, p: any) => n + p.errorCount, 0),
    ).toBe(1);
    const exemplars = await getAsUser(
      server,
      '/api/ownership/v1/exemplars?service=payments&window=15m',
    );
    expectToMatchSpec('/v1/exemplars', 200, exemplars.body);
    expect(exemplars.body.exemplars).toContainEqual(
      expect.objectContaining({ traceId, error: true }),
    );
    expect(trace.body.spans.filter((s: any) => s.error)).toHaveLength(2);
  });
});

describe('read API validation', () => {
  it.each([
    ['/api/ownership/v1/services?window=2y', /"window" is "2y"/],
    ['/api/ownership/v1/services?from=yesterday', /"from" is "yesterday"/],
    [
      '/api/ownership/v1/services?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z',
      /window is empty/,
    ],
    ['/api/ownership/v1/series?service=orders&step=7', /"step" is "7"/],
    ['/api/ownership/v1/series?window=30d&step=60', /at most 1500/],
    ['/api/ownership/v1/series', /"service" is required/],
    [
      '/api/ownership/v1/series?service=orders&kind=banana',
      /"kind" is "banana"/,
    ],
    ['/api/ownership/v1/traces/xyz', /not 32 hex/],
  ])('answers 400 for %s', async (route, message) => {
    const server = await startBackend();
    const response = await getAsUser(server, route);
    expect(response.status).toBe(400);
    const path = route
      .split('?')[0]
      .replace('/api/ownership', '')
      .replace(/traces\/xyz$/, 'traces/{traceId}');
    expectToMatchSpec(path, 400, response.body);
    expect(response.body.error.message).toMatch(message);
  });
});
