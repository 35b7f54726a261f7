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
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import http from 'http';
import request from 'supertest';
import { ownershipPlugin } from '../plugin';
import { buildCheckoutTrace, toOtlpJson } from '../__testUtils__/demoTrace';
import { expectToMatchSpec } from '../__testUtils__/openapi';
import { eventually, getAsUser, postOtlpJson } from '../__testUtils__/requests';

jest.setTimeout(60_000);

function entity(
  kind: string,
  name: string,
  owner: string | undefined,
  extra: { spec?: Record<string, unknown>; partOf?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/edit-url': `https://git.example.com/shop/edit/main/${name}.yaml`,
      },
    },
    spec: { ...(owner ? { owner } : {}), ...extra.spec },
    relations: [
      ...(owner
        ? [{ type: 'ownedBy', targetRef: `group:default/${owner}` }]
        : []),
      ...(extra.partOf
        ? [{ type: 'partOf', targetRef: `system:default/${extra.partOf}` }]
        : []),
    ],
  };
}

/** The catalog of the checkout trace (storefront → orders → payments, orders → inventory-db). */
const catalog: Entity[] = [
  entity('Group', 'team-checkout', undefined, { spec: { type: 'team' } }),
  entity('System', 'shop', 'team-checkout'),
  entity('Component', 'storefront', 'team-discovery', { partOf: 'shop' }),
  entity('Component', 'orders', 'team-checkout', {
    partOf: 'shop',
    spec: { dependsOn: ['component:payments', 'component:shipping'] },
  }),
  entity('Component', 'payments', 'team-payments'),
  entity('Component', 'shipping', 'team-fulfilment'),
  entity('Resource', 'inventory-db', 'team-fulfilment'),
];

async function startBackend(
  entities: Entity[],
  dependencies: Record<string, number> = {},
) {
  const backend = await startTestBackend({
    features: [
      ownershipPlugin,
      catalogServiceMock.factory({ entities }),
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          ownership: {
            ingest: { flushIntervalSeconds: 1 },
            recentTraces: { settleSeconds: 1 },
            pairing: { waitSeconds: 1 },
            dependencies,
          },
        },
      }),
    ],
  });
  return backend.server;
}

/** Sends two checkouts (one with a failing payment) starting `agoMs` ago and waits until their edges are stored. */
async function ingestCheckouts(server: http.Server, agoMs = 5_000) {
  const start = Date.now() - agoMs;
  await postOtlpJson(
    server,
    toOtlpJson([
      ...buildCheckoutTrace({ startMs: start, placeOrderMs: 100 }),
      ...buildCheckoutTrace({
        startMs: start + 1_000,
        placeOrderMs: 300,
        paymentFails: true,
      }),
    ]),
  );
  await eventually(
    async () =>
      (
        await getAsUser(server, '/api/ownership/v1/edges?window=24h')
      ).body,
    body => (body.edges ?? []).length >= 4,
  );
}

describe('dependency routes', () => {
  let server: http.Server;
  beforeAll(async () => {
    server = await startBackend(catalog);
    await ingestCheckouts(server);
  });

  it.each([
    '/api/ownership/v1/entities/component/default/orders/dependencies',
    '/api/ownership/v1/groups/default/team-checkout/dependencies',
    '/api/ownership/v1/unowned',
    '/api/ownership/v1/dependencies/snapshot',
  ])('refuses %s without credentials', async route => {
    const response = await request(server)
      .get(route)
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(401);
  });

  it('draws the callers and callees of a component, with metrics and provenance', async () => {
    const route = '/v1/entities/{kind}/{namespace}/{name}/dependencies';
    const response = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/dependencies?window=1h',
    );
    expect(response.status).toBe(200);
    expectToMatchSpec(route, 200, response.body);
    const body = response.body;
    expect(body).toMatchObject({
      entityRef: 'component:default/orders',
      depth: 1,
      traceNodes: ['orders'],
      claimSource: 'default',
      conflicts: [],
    });
    expect(
      body.nodes.map((n: any) => [n.id, n.direction, n.nodeType, n.owner]),
    ).toEqual([
      [
        'component:default/orders',
        'root',
        'service',
        'group:default/team-checkout',
      ],
      [
        'component:default/payments',
        'downstream',
        'service',
        'group:default/team-payments',
      ],
      [
        'component:default/storefront',
        'upstream',
        'service',
        'group:default/team-discovery',
      ],
      [
        'resource:default/inventory-db',
        'downstream',
        'database',
        'group:default/team-fulfilment',
      ],
    ]);
    const payments = body.edges.find(
      (e: any) => e.to === 'component:default/payments',
    );
    expect(payments).toMatchObject({
      from: 'component:default/orders',
      connectionType: '',
      count: 2,
      errorCount: 1,
      errorRate: 0.5,
    });
    expect(payments.trend.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    expect(payments.sampleTraceIds.length).toBeGreaterThan(0);
    expect(Date.parse(payments.lastSeen)).toBeGreaterThanOrEqual(
      Date.parse(payments.firstSeen),
    );
    expect(payments.latencyMs.p99).toBeGreaterThan(0);
    expect(
      body.edges.find((e: any) => e.to === 'resource:default/inventory-db'),
    ).toMatchObject({ connectionType: 'database', count: 2 });
  });

  it('walks further with depth and compares declared with observed dependencies', async () => {
    const { body } = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/dependencies?window=1h&depth=2',
    );
    expect(body.nodes.find((n: any) => n.id === 'trace:user')).toMatchObject({
      depth: 2,
      direction: 'upstream',
      nodeType: 'user',
    });
    expect(body.drift).toMatchObject({
      undeclared: [
        {
          node: 'inventory-db',
          entityRef: 'resource:default/inventory-db',
          count: 2,
        },
      ],
      declaredNotObserved: ['component:default/shipping'],
      agreeing: [
        { node: 'payments', entityRef: 'component:default/payments', count: 2 },
      ],
      unowned: [],
      yamlToAdd: '    - resource:inventory-db',
      windowDays: 30,
      sourceLocation: 'https://git.example.com/shop/edit/main/orders.yaml',
    });
  });

  it('draws a system from its parts', async () => {
    const { body } = await getAsUser(
      server,
      '/api/ownership/v1/entities/system/default/shop/dependencies?window=1h',
    );
    expect(
      body.nodes.filter((n: any) => n.depth === 0).map((n: any) => n.id),
    ).toEqual(['component:default/orders', 'component:default/storefront']);
    expect(body.traceNodes.sort()).toEqual(['orders', 'storefront']);
    // Calls between its parts are not drift of the system.
    expect(body.drift.undeclared.map((d: any) => d.entityRef).sort()).toEqual([
      'component:default/payments',
      'resource:default/inventory-db',
    ]);
  });

  it('answers 400 for a bad depth and 404 for an unknown entity', async () => {
    const bad = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/dependencies?depth=7',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"depth" is "7"');
    const missing = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/nope/dependencies',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("'component:default/nope'");
  });

  it("sums a group's traffic with other teams both ways", async () => {
    const response = await getAsUser(
      server,
      '/api/ownership/v1/groups/default/team-checkout/dependencies?window=1h',
    );
    expect(response.status).toBe(200);
    expectToMatchSpec(
      '/v1/groups/{namespace}/{name}/dependencies',
      200,
      response.body,
    );
    const { body } = response;
    expect(body.entityRefs).toEqual(['component:default/orders']);
    expect(
      body.dependsOn.map((t: any) => [t.team, t.count, t.errorCount]),
    ).toEqual([
      ['group:default/team-fulfilment', 2, 0],
      ['group:default/team-payments', 2, 1],
    ]);
    expect(body.dependedOnBy.map((t: any) => [t.team, t.share])).toEqual([
      ['group:default/team-discovery', 1],
    ]);
  });

  it('writes observed entity dependencies to the snapshot the catalog module reads', async () => {
    const response = await request(server)
      .get('/api/ownership/v1/dependencies/snapshot')
      .set('Authorization', mockCredentials.service.header());
    expect(response.status).toBe(200);
    expectToMatchSpec('/v1/dependencies/snapshot', 200, response.body);
    expect(response.body.maxAgeSeconds).toBe(7 * 24 * 3600);
    expect(
      response.body.relations.map((r: any) => `${r.source} -> ${r.target}`),
    ).toEqual([
      'component:default/orders -> component:default/payments',
      'component:default/orders -> resource:default/inventory-db',
      'component:default/storefront -> component:default/orders',
    ]);
  });
});

describe('dependency routes on a partial catalog', () => {
  it('lists the trace nodes no entity claims, with their callers', async () => {
    const server = await startBackend(
      catalog.filter(e => e.metadata.name !== 'inventory-db'),
    );
    await ingestCheckouts(server);
    const response = await getAsUser(
      server,
      '/api/ownership/v1/unowned?window=1h',
    );
    expect(response.status).toBe(200);
    expectToMatchSpec('/v1/unowned', 200, response.body);
    expect(response.body.nodes).toEqual([
      {
        node: 'inventory-db',
        nodeType: 'database',
        requestCount: 2,
        errorCount: 0,
        callers: ['orders'],
        callCount: 0,
      },
    ]);
    const { body } = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/dependencies?window=1h',
    );
    expect(body.nodes.map((n: any) => n.id)).toContain('trace:inventory-db');
    expect(body.drift.unowned).toEqual([{ node: 'inventory-db', count: 2 }]);
  });

  it('ages out edges not seen for relationMaxAgeHours', async () => {
    const server = await startBackend(catalog, { relationMaxAgeHours: 1 });
    // Seen three hours ago only: still in a 24-hour graph, but too old for the relations.
    await ingestCheckouts(server, 3 * 3_600_000);
    const { body } = await getAsUser(
      server,
      '/api/ownership/v1/dependencies/snapshot',
    );
    expect(body).toMatchObject({ maxAgeSeconds: 3600, relations: [] });
    const graph = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/dependencies?window=24h',
    );
    expect(graph.body.edges.length).toBe(3);
  });
});
