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
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ownershipOnCallProviderExtensionPoint,
  ownershipTraceSourceExtensionPoint,
  TraceSource,
} from '@service-ownership/plugin-ownership-node';
import request from 'supertest';
import { ownershipPlugin } from './plugin';
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
      traceSources: [{ id: 'test-store', type: 'test' }],
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
});
