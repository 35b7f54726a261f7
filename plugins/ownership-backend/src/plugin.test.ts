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
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ownershipOnCallProviderExtensionPoint,
  ownershipTraceSourceExtensionPoint,
  TraceSource,
} from '@service-ownership/plugin-ownership-node';
import { http as mswHttp, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { ownershipPlugin } from './plugin';
import ascend from './sources/__fixtures__/zipkin/traces/ascend.json';
import { expectToMatchSpec } from './__testUtils__/openapi';
import { getAsUser } from './__testUtils__/requests';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'shop', namespace: 'default' },
    spec: { owner: 'team-checkout' },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/team-checkout' },
      { type: 'hasPart', targetRef: 'component:default/orders' },
      { type: 'hasPart', targetRef: 'component:default/shipping' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders',
      namespace: 'default',
      annotations: {
        'service-ownership.io/signal-operations': 'place_order',
        'service-ownership.io/last-audited': '2026-09-30',
        'service-ownership.io/audit-interval': 'P90D',
      },
    },
    spec: { type: 'service', owner: 'team-checkout', system: 'shop' },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/team-checkout' },
      { type: 'partOf', targetRef: 'system:default/shop' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'shipping',
      namespace: 'default',
      annotations: { 'service-ownership.io/last-audited': '2026-31-10' },
    },
    spec: { type: 'service', owner: 'team-fulfilment', system: 'shop' },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/team-fulfilment' },
      { type: 'partOf', targetRef: 'system:default/shop' },
    ],
  },
];

function fakeTraceSource(id: string): TraceSource {
  return {
    id,
    type: 'test',
    getServices: async () => [],
    findTraces: async () => ({ traces: [], samplingRate: 1 }),
    getTrace: async () => undefined,
  };
}

describe('ownershipPlugin', () => {
  async function startBackend(extraFeatures: any[] = []) {
    const { server } = await startTestBackend({
      features: [
        ownershipPlugin,
        catalogServiceMock.factory({ entities }),
        ...extraFeatures,
      ],
    });
    return server;
  }

  it('answers /health without credentials', async () => {
    const server = await startBackend();
    const response = await request(server).get('/api/ownership/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expectToMatchSpec('/health', 200, response.body);
  });

  it.each([
    '/api/ownership/v1/entities/component/default/orders/summary',
    '/api/ownership/v1/sources',
  ])('refuses %s without credentials', async route => {
    const server = await startBackend();
    const response = await request(server)
      .get(route)
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(401);
  });

  it('returns the summary of a component for a signed-in user', async () => {
    const server = await startBackend();
    const response = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/summary',
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual(
      expect.objectContaining({
        entityRef: 'component:default/orders',
        ownerRef: 'group:default/team-checkout',
        hasOwnershipAnnotations: true,
        problems: [],
        values: {
          serviceNames: [{ name: 'orders' }],
          serviceNamesSource: 'default',
          signalOperations: ['place_order'],
          lastAudited: '2026-09-30T00:00:00.000Z',
          auditIntervalDays: 90,
        },
      }),
    );
    expect(response.body.related).toBeUndefined();
    expectToMatchSpec(
      '/v1/entities/{kind}/{namespace}/{name}/summary',
      200,
      response.body,
    );
  });

  it('accepts service credentials too', async () => {
    const server = await startBackend();
    const response = await request(server)
      .get('/api/ownership/v1/entities/component/default/orders/summary')
      .set('Authorization', mockCredentials.service.header());
    expect(response.status).toBe(200);
  });

  it('reports the located problem of a malformed annotation', async () => {
    const server = await startBackend();
    const response = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/shipping/summary',
    );
    expect(response.status).toBe(200);
    expect(response.body.problems).toEqual([
      {
        severity: 'error',
        annotation: 'service-ownership.io/last-audited',
        path: 'metadata.annotations["service-ownership.io/last-audited"]',
        value: '2026-31-10',
        message: expect.stringContaining('"2026-31-10" is not a valid date'),
      },
    ]);
    expect(response.body.annotations).toContainEqual({
      annotation: 'service-ownership.io/last-audited',
      value: '2026-31-10',
      status: 'invalid',
    });
  });

  it('lists what a group owns and what a system is made of', async () => {
    const server = await startBackend();
    const group = await getAsUser(
      server,
      '/api/ownership/v1/entities/group/default/team-checkout/summary',
    );
    expect(group.status).toBe(200);
    expect(group.body.related).toEqual({
      relation: 'ownerOf',
      total: 2,
      entities: [
        expect.objectContaining({
          entityRef: 'component:default/orders',
          errorCount: 0,
        }),
        expect.objectContaining({
          entityRef: 'system:default/shop',
          hasOwnershipAnnotations: false,
        }),
      ],
    });
    expectToMatchSpec(
      '/v1/entities/{kind}/{namespace}/{name}/summary',
      200,
      group.body,
    );

    const system = await getAsUser(
      server,
      '/api/ownership/v1/entities/system/default/shop/summary',
    );
    expect(system.body.related.relation).toBe('hasPart');
    expect(
      system.body.related.entities.map(
        (e: { entityRef: string; ownerRef: string; errorCount: number }) => [
          e.entityRef,
          e.ownerRef,
          e.errorCount,
        ],
      ),
    ).toEqual([
      ['component:default/orders', 'group:default/team-checkout', 0],
      ['component:default/shipping', 'group:default/team-fulfilment', 1],
    ]);
  });

  it('answers 404 with the ref quoted for an unknown entity', async () => {
    const server = await startBackend();
    const response = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/nope/summary',
    );
    expect(response.status).toBe(404);
    expect(response.body.error).toEqual(
      expect.objectContaining({
        name: 'NotFoundError',
        message: "No entity found for ref 'component:default/nope'",
      }),
    );
    expectToMatchSpec(
      '/v1/entities/{kind}/{namespace}/{name}/summary',
      404,
      response.body,
    );
  });

  it('lists trace sources and on-call providers added by backend modules', async () => {
    const module = createBackendModule({
      pluginId: 'ownership',
      moduleId: 'test-sources',
      register(env) {
        env.registerInit({
          deps: {
            traceSources: ownershipTraceSourceExtensionPoint,
            onCall: ownershipOnCallProviderExtensionPoint,
            config: coreServices.rootConfig,
          },
          async init({ traceSources, onCall }) {
            traceSources.addTraceSource(fakeTraceSource('test-store'));
            onCall.addOnCallProvider({
              id: 'test-pager',
              supports: () => false,
              getRoster: async () => undefined,
            });
          },
        });
      },
    });
    const server = await startBackend([module]);
    const response = await getAsUser(server, '/api/ownership/v1/sources');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      embedded: expect.objectContaining({
        type: 'embedded',
        acceptedSpans: 0,
      }),
      traceSources: [
        {
          id: 'test-store',
          type: 'test',
          kind: 'traces',
          status: 'pending',
          pollIntervalSeconds: 60,
          consecutiveFailures: 0,
        },
      ],
      onCallProviders: [{ id: 'test-pager' }],
    });
    expectToMatchSpec('/v1/sources', 200, response.body);
  });

  it('refuses to start with two trace sources of the same id', async () => {
    const module = createBackendModule({
      pluginId: 'ownership',
      moduleId: 'duplicate-sources',
      register(env) {
        env.registerInit({
          deps: { traceSources: ownershipTraceSourceExtensionPoint },
          async init({ traceSources }) {
            traceSources.addTraceSource(
              fakeTraceSource('twin'),
              fakeTraceSource('twin'),
            );
          },
        });
      },
    });
    await expect(startBackend([module])).rejects.toThrow(
      "Two trace sources were registered with the id 'twin'",
    );
  });

  describe('upstream trace sources', () => {
    const ZIPKIN = 'http://zipkin.test';
    const BROKEN = 'http://broken-zipkin.test';
    const zipkinRequests: URL[] = [];
    const msw = setupServer(
      mswHttp.get(`${ZIPKIN}/api/v2/services`, ({ request: req }) => {
        zipkinRequests.push(new URL(req.url));
        return HttpResponse.json([
          'auth-service',
          'content-service',
          'mobile-gateway',
        ]);
      }),
      // One trace (ascend.json) moved to 5 s into the window asked for, found again for every service.
      mswHttp.get(`${ZIPKIN}/api/v2/traces`, ({ request: req }) => {
        const url = new URL(req.url);
        zipkinRequests.push(url);
        const fromUs =
          (Number(url.searchParams.get('endTs')) -
            Number(url.searchParams.get('lookback')) +
            5_000) *
          1000;
        const firstUs = Math.min(
          ...ascend.map(span => span.timestamp ?? Infinity),
        );
        return HttpResponse.json([
          ascend.map(span =>
            span.timestamp === undefined
              ? span
              : { ...span, timestamp: span.timestamp - firstUs + fromUs },
          ),
        ]);
      }),
      mswHttp.get(`${ZIPKIN}/api/v2/dependencies`, ({ request: req }) => {
        zipkinRequests.push(new URL(req.url));
        return HttpResponse.json([
          { parent: 'mobile-gateway', child: 'auth-service', callCount: 1 },
          { parent: 'mobile-gateway', child: 'content-service', callCount: 1 },
        ]);
      }),
      mswHttp.get(
        `${BROKEN}/api/v2/services`,
        () => new HttpResponse('storage unavailable', { status: 500 }),
      ),
    );
    // Requests to the test backend itself (supertest) go through unhandled.
    beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
    afterAll(() => msw.close());

    it('polls a configured Zipkin into the embedded store and reports the health of each source', async () => {
      const scheduler = mockServices.scheduler();
      const { server } = await startTestBackend({
        features: [
          ownershipPlugin,
          catalogServiceMock.factory({ entities }),
          // The test runs the poll and flush tasks itself.
          createServiceFactory({
            service: coreServices.scheduler,
            deps: {},
            factory: () => scheduler,
          }),
          mockServices.rootConfig.factory({
            data: {
              ownership: {
                pairing: { waitSeconds: 1 },
                traceSources: [
                  { id: 'zipkin-test', type: 'zipkin', baseUrl: ZIPKIN },
                  {
                    id: 'zipkin-broken',
                    type: 'zipkin',
                    baseUrl: BROKEN,
                    breaker: { failureThreshold: 3, cooldownSeconds: 60 },
                  },
                ],
              },
            },
          }),
        ],
      });

      const before = await getAsUser(server, '/api/ownership/v1/sources');
      expect(before.body.traceSources.map((s: any) => s.status)).toEqual([
        'pending',
        'pending',
      ]);

      const pollStartedMs = Date.now();
      await scheduler.triggerTask('ownership-source-zipkin-test');
      await scheduler.triggerTask('ownership-source-zipkin-broken');
      await scheduler.triggerTask('ownership-ingest-flush');
      const pollEndedMs = Date.now();

      // One services call, one search per service (one trace more than the default limit), the dependencies.
      expect(zipkinRequests.map(url => url.pathname)).toEqual([
        '/api/v2/services',
        '/api/v2/traces',
        '/api/v2/traces',
        '/api/v2/traces',
        '/api/v2/dependencies',
      ]);
      const search = zipkinRequests[1].searchParams;
      expect(search.get('limit')).toBe('201');
      const endTs = Number(search.get('endTs'));
      expect(Number(search.get('lookback'))).toBe(60_000);
      expect(endTs % 60_000).toBe(0);
      // The window ends at the minute before now − 30 s.
      expect(endTs).toBeLessThanOrEqual(pollEndedMs - 30_000);
      expect(endTs).toBeGreaterThan(pollStartedMs - 30_000 - 60_000);

      const response = await getAsUser(server, '/api/ownership/v1/sources');
      expect(response.status).toBe(200);
      expect(response.body.embedded).toEqual(
        expect.objectContaining({ type: 'embedded', acceptedSpans: 8 }),
      );
      expect(response.body.traceSources).toEqual([
        {
          id: 'zipkin-test',
          type: 'zipkin',
          kind: 'traces',
          status: 'ok',
          pollIntervalSeconds: 60,
          lastAttemptAt: expect.any(String),
          lastSuccessAt: expect.any(String),
          consecutiveFailures: 0,
          lagSeconds: expect.any(Number),
          lastPoll: {
            from: new Date(endTs - 60_000).toISOString(),
            to: new Date(endTs).toISOString(),
            spans: 8,
            traces: 1,
            edges: 2,
            samplingRate: 1,
            durationMs: expect.any(Number),
          },
        },
        {
          id: 'zipkin-broken',
          type: 'zipkin',
          kind: 'traces',
          status: 'failing',
          pollIntervalSeconds: 60,
          lastAttemptAt: expect.any(String),
          lastError:
            'Zipkin (zipkin-broken) GET /api/v2/services still failing after 3 attempts; last failed with HTTP 500: storage unavailable',
          lastErrorAt: expect.any(String),
          consecutiveFailures: 1,
        },
      ]);
      expect(response.body.traceSources[0].lagSeconds).toBeGreaterThanOrEqual(
        30,
      );
      expectToMatchSpec('/v1/sources', 200, response.body);

      const services = await getAsUser(server, '/api/ownership/v1/services');
      expect(services.status).toBe(200);
      expect(
        services.body.services.map((s: { name: string }) => s.name).sort(),
      ).toEqual(['auth-service', 'content-service', 'mobile-gateway']);
      expect(
        services.body.services.reduce(
          (sum: number, s: { count: number }) => sum + s.count,
          0,
        ),
      ).toBe(8);
      expectToMatchSpec('/v1/services', 200, services.body);

      // The SLI numbers come out of the same rollups as for OTLP spans: counts, errors and latency (the
      // fixture's durations, within the sketch's 1 %), and the calls paired into edges.
      const operations = await getAsUser(
        server,
        '/api/ownership/v1/services/mobile-gateway/operations',
      );
      expect(operations.status).toBe(200);
      const byKey = new Map(
        operations.body.operations.map((o: { name: string; kind: string }) => [
          `${o.kind} ${o.name}`,
          o,
        ]),
      );
      const serverGet = byKey.get('server get') as any;
      expect(serverGet).toMatchObject({ count: 1, errorCount: 0 });
      expect(Math.abs(serverGet.latencyMs.p50 - 38.793) / 38.793).toBeLessThan(
        0.01,
      );
      expect(byKey.get('client get')).toMatchObject({
        count: 2,
        errorCount: 0,
      });
      const edges = await getAsUser(server, '/api/ownership/v1/edges');
      expect(edges.status).toBe(200);
      expect(
        edges.body.edges.map(
          (e: { client: string; server: string }) =>
            `${e.client} -> ${e.server}`,
        ),
      ).toEqual(
        expect.arrayContaining([
          'mobile-gateway -> auth-service',
          'mobile-gateway -> content-service',
        ]),
      );
    });
  });
});
