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
import { getAsUser } from '../__testUtils__/requests';

jest.setTimeout(60_000);

const ORDERS_SLOS = `- name: place-order-availability
  operation: place_order
  sli: error-rate
  objective: 80%
  window: 30d
- name: place-order-latency
  operation: place_order
  sli: latency
  threshold: 250ms
  objective: 50%
  window: 7d
- name: broken
  operation: place_order
  sli: throughput
  objective: 99%
  window: 30d
`;

function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/edit-url': `https://git.example.com/shop/edit/main/${name}.yaml`,
        ...annotations,
      },
    },
    spec: { owner, type: 'service', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const catalog: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  component('orders', 'team-checkout', {
    'service-ownership.io/slos': ORDERS_SLOS,
  }),
  component('payments', 'team-payments'),
  // Claims no trace service (the name matches none it could claim? it claims its name) but its SLO names none.
  component('ghost', 'team-checkout', {
    'service-ownership.io/service-name': 'ghost',
    'service-ownership.io/slos': `- name: ghost-errors
  operation: haunt
  sli: error-rate
  objective: 99%
  window: 30d
`,
  }),
];

/** Ten checkouts: place_order 100 ms ×6, 300 ms ×2, 500 ms ×2; three of them fail. */
const CHECKOUTS = [
  { placeOrderMs: 100 },
  { placeOrderMs: 100, placeOrderFails: true },
  { placeOrderMs: 100 },
  { placeOrderMs: 100 },
  { placeOrderMs: 100, placeOrderFails: true },
  { placeOrderMs: 100 },
  { placeOrderMs: 300 },
  { placeOrderMs: 300 },
  { placeOrderMs: 500, placeOrderFails: true },
  { placeOrderMs: 500 },
];

async function startBackend(slos: Record<string, string> = {}) {
  const backend = await startTestBackend({
    features: [
      ownershipPlugin,
      catalogServiceMock.factory({ entities: catalog }),
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          ownership: {
            ingest: { flushIntervalSeconds: 1 },
            recentTraces: { settleSeconds: 1, sampleRate: 1 },
            pairing: { waitSeconds: 1 },
            slos,
          },
        },
      }),
    ],
  });
  return backend.server;
}

async function ingest(server: http.Server) {
  const start = Date.now() - 20_000;
  const spans = CHECKOUTS.flatMap((checkout, i) =>
    buildCheckoutTrace({ startMs: start + i * 1000, ...checkout }),
  );
  const response = await request(server)
    .post('/api/ownership/v1/traces')
    .set('Authorization', mockCredentials.service.header())
    .set('Content-Type', 'application/json')
    .serialize((raw: unknown) => raw as string)
    .send(toOtlpJson(spans));
  expect(response.status).toBe(200);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { body } = await getAsUser(
      server,
      '/api/ownership/v1/services/orders/operations?window=1h',
    );
    const placeOrder = (body.operations ?? []).find(
      (o: any) => o.name === 'place_order',
    );
    if (placeOrder?.count === CHECKOUTS.length) return;
    if (Date.now() > deadline) throw new Error('rollups never arrived');
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

describe('SLO routes', () => {
  let server: http.Server;
  beforeAll(async () => {
    server = await startBackend({
      traceUrlTemplate: 'https://jaeger.example.com/trace/{traceId}',
    });
    await ingest(server);
  });

  it.each([
    '/api/ownership/v1/entities/component/default/orders/slos',
    '/api/ownership/v1/entities/component/default/orders/slos/place-order-latency/series',
    '/api/ownership/v1/groups/default/team-checkout/slos',
  ])('refuses %s without credentials', async route => {
    const response = await request(server)
      .get(route)
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(401);
  });

  it('evaluates each SLO from the rollups, and locates the invalid one', async () => {
    const response = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/slos',
    );
    expect(response.status).toBe(200);
    expectToMatchSpec(
      '/v1/entities/{kind}/{namespace}/{name}/slos',
      200,
      response.body,
    );
    const body = response.body;
    expect(body).toMatchObject({
      entityRef: 'component:default/orders',
      service: 'orders',
      editUrl: 'https://git.example.com/shop/edit/main/orders.yaml',
    });
    expect(body.problems).toEqual([
      expect.objectContaining({
        path: 'metadata.annotations["service-ownership.io/slos"][2].sli (line 12)',
        value: 'throughput',
      }),
    ]);
    const [availability, latency] = body.slos;
    // 3 of 10 failed against 80 %: 2 bad allowed, 3 spent, so −50 % left; 1.5× burn in every window: above
    // 1× over 3 days and 6 hours (ticket), below 3× (ticket over 1 day) and 6× or 14.4× (page).
    expect(availability).toMatchObject({
      service: 'orders',
      total: 10,
      good: 7,
      attainment: 0.7,
      budget: { bad: 3, remaining: expect.closeTo(-0.5, 9) },
      state: 'ticket',
      firing: { severity: 'ticket', factor: 1 },
    });
    expect(availability.budget.allowedBad).toBeCloseTo(2, 9);
    expect(availability.window.days).toBe(30);
    expect(availability.burnWindows).toHaveLength(7);
    expect(availability.burnWindows[0]).toMatchObject({
      minutes: 5,
      precisionMinutes: 1,
      total: 10,
      good: 7,
    });
    expect(availability.burnWindows[0].burnRate).toBeCloseTo(1.5, 9);
    expect(availability.rowsRead).toBeGreaterThan(50);
    expect(availability.trend.at(-1)).toMatchObject({ total: 10, good: 7 });
    // Latency ≤ 250 ms: the six 100 ms orders are good; 4 bad of 5 allowed.
    expect(latency).toMatchObject({
      total: 10,
      good: 6,
      attainment: 0.6,
      budget: { bad: 4, allowedBad: 5 },
      state: 'ok',
    });
    expect(latency.budget.remaining).toBeCloseTo(0.2, 9);
  });

  it('names SLOs that have no trace service to measure', async () => {
    const response = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/ghost/slos',
    );
    expect(response.status).toBe(200);
    // The ghost claims a service nobody sends: evaluated, with no data.
    expect(response.body.slos[0]).toMatchObject({
      service: 'ghost',
      total: 0,
      state: 'no-data',
    });
    const payments = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/payments/slos',
    );
    expect(payments.body).toMatchObject({ slos: [], problems: [] });
  });

  it('serves the chart series: 5-minute steps, exemplars as dots, and the trace link template', async () => {
    const route = '/v1/entities/{kind}/{namespace}/{name}/slos/{slo}/series';
    const response = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/slos/place-order-latency/series?window=1h',
    );
    expect(response.status).toBe(200);
    expectToMatchSpec(route, 200, response.body);
    const body = response.body;
    expect(body).toMatchObject({
      slo: 'place-order-latency',
      service: 'orders',
      sli: 'latency',
      thresholdMs: 250,
      objective: 0.5,
      window: { stepSeconds: 300 },
      traceUrlTemplate: 'https://jaeger.example.com/trace/{traceId}',
    });
    // 5-minute steps over the hour, aligned: 12, or 13 when the hour does not start on a step.
    expect(body.points.length).toBeGreaterThanOrEqual(12);
    expect(body.points.length).toBeLessThanOrEqual(13);
    const total = body.points.reduce((s: number, p: any) => s + p.total, 0);
    const good = body.points.reduce((s: number, p: any) => s + p.good, 0);
    expect([total, good]).toEqual([10, 6]);
    const withTraffic = body.points.filter((p: any) => p.total > 0);
    expect(withTraffic.every((p: any) => p.p99Ms >= p.p50Ms)).toBe(true);
    expect(body.exemplars.length).toBeGreaterThan(0);
    for (const exemplar of body.exemplars) {
      expect(exemplar.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(exemplar.good).toBe(exemplar.durationMs <= 250);
    }
    // The slowest orders (500 ms) are among the dots.
    expect(body.exemplars.some((e: any) => e.durationMs >= 499)).toBe(true);

    const week = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/slos/place-order-availability/series?window=7d',
    );
    expect(week.body.window.stepSeconds).toBe(3600);
    expect(
      week.body.points.reduce((s: number, p: any) => s + p.errorCount, 0),
    ).toBe(3);
  });

  it('answers 404 for an unknown or invalid SLO and 400 for an unknown window', async () => {
    const unknown = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/slos/nope/series',
    );
    expect(unknown.status).toBe(404);
    const invalid = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/slos/broken/series',
    );
    expect(invalid.status).toBe(404);
    expect(invalid.body.error.message).toContain('has problems');
    const window = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/slos/place-order-latency/series?window=2h',
    );
    expect(window.status).toBe(400);
    expect(window.body.error.message).toContain('1h, 24h, 7d');
    const entity = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/nobody/slos',
    );
    expect(entity.status).toBe(404);
  });

  it("rolls up a group's SLOs, least budget first", async () => {
    const route = '/v1/groups/{namespace}/{name}/slos';
    const response = await getAsUser(
      server,
      '/api/ownership/v1/groups/default/team-checkout/slos',
    );
    expect(response.status).toBe(200);
    expectToMatchSpec(route, 200, response.body);
    expect(
      response.body.slos.map((s: any) => [
        s.entityRef,
        s.evaluation.definition.name,
      ]),
    ).toEqual([
      ['component:default/orders', 'place-order-availability'],
      ['component:default/orders', 'place-order-latency'],
      ['component:default/ghost', 'ghost-errors'],
    ]);
    expect(response.body.problems).toEqual([
      { entityRef: 'component:default/orders', count: 1 },
    ]);
  });
});
