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
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { ownershipPlugin } from '../plugin';
import { buildCheckoutTrace, toOtlpJson } from '../__testUtils__/demoTrace';
import { expectToMatchSpec } from '../__testUtils__/openapi';
import { eventually, getAsUser, postOtlpJson } from '../__testUtils__/requests';

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

/**
 * A hundred checkouts: ten rounds of place_order 100 ms ×6, 300 ms ×2, 500 ms ×2; three of each ten fail, one
 * of them because payments failed.
 */
const ROUND = [
  { placeOrderMs: 100 },
  { placeOrderMs: 100, placeOrderFails: true },
  { placeOrderMs: 100 },
  { placeOrderMs: 100 },
  { placeOrderMs: 100, placeOrderFails: true },
  { placeOrderMs: 100 },
  { placeOrderMs: 300 },
  { placeOrderMs: 300 },
  { placeOrderMs: 500, placeOrderFails: true, paymentFails: true },
  { placeOrderMs: 500 },
];
const CHECKOUTS = Array.from({ length: 10 }, () => ROUND).flat();

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
  await postOtlpJson(
    server,
    toOtlpJson(
      CHECKOUTS.flatMap((checkout, i) =>
        buildCheckoutTrace({ startMs: start + i * 150, ...checkout }),
      ),
    ),
  );
  await eventually(
    async () =>
      (
        await getAsUser(
          server,
          '/api/ownership/v1/services/orders/operations?window=1h',
        )
      ).body,
    body =>
      (body.operations ?? []).find((o: any) => o.name === 'place_order')
        ?.count === CHECKOUTS.length,
  );
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
    // 30 of 100 failed against 80 %: 20 bad allowed, 30 spent, so −50 % left; 1.5× burn in every window: above
    // 1× over 3 days and 6 hours (ticket), below 3× (ticket over 1 day) and 6× or 14.4× (page).
    expect(availability).toMatchObject({
      service: 'orders',
      total: 100,
      good: 70,
      attainment: 0.7,
      budget: { bad: 30, remaining: expect.closeTo(-0.5, 9) },
      state: 'ticket',
      firing: { severity: 'ticket', factor: 1 },
    });
    expect(availability.budget.allowedBad).toBeCloseTo(20, 9);
    expect(availability.window.days).toBe(30);
    expect(availability.burnWindows).toHaveLength(7);
    expect(availability.burnWindows[0]).toMatchObject({
      minutes: 5,
      precisionMinutes: 1,
      total: 100,
      good: 70,
    });
    expect(availability.burnWindows[0].burnRate).toBeCloseTo(1.5, 9);
    expect(availability.rowsRead).toBeGreaterThan(50);
    expect(availability.trend.at(-1)).toMatchObject({ total: 100, good: 70 });
    // Latency ≤ 250 ms: the sixty 100 ms orders are good; 40 bad of 50 allowed.
    expect(latency).toMatchObject({
      total: 100,
      good: 60,
      attainment: 0.6,
      budget: { bad: 40, allowedBad: 50 },
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
    expect([total, good]).toEqual([100, 60]);
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
    ).toBe(30);
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

  it('suggests what orders can promise today, as ready-to-paste YAML', async () => {
    const response = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/slos/suggestions',
    );
    expect(response.status).toBe(200);
    expectToMatchSpec(
      '/v1/entities/{kind}/{namespace}/{name}/slos/suggestions',
      200,
      response.body,
    );
    const body = response.body;
    expect(body.service).toBe('orders');
    // 30 % errors: no error-rate objective spends at most half its budget, so none is suggested. Latency:
    // p99 500 ms → threshold 750 ms (p99 × 1.2, rounded up), which every request met.
    const latency = body.suggestions.filter(
      (s: any) => s.basisDays === 30 && s.definition.sli === 'latency',
    );
    expect(latency).toEqual([
      expect.objectContaining({
        total: 100,
        good: 100,
        definition: expect.objectContaining({
          operation: 'place_order',
          thresholdMs: 750,
        }),
      }),
    ]);
    expect(latency[0].achieved).toBeGreaterThan(495);
    // The last 7 days hold the same requests as the last 30: not suggested twice.
    expect(body.suggestions.filter((s: any) => s.basisDays === 7)).toEqual([]);
    expect(
      body.suggestions.filter((s: any) => s.definition.sli !== 'latency'),
    ).toEqual([]);
    expect(body.yaml).toContain('threshold: 750ms');
    expect(body.yaml).toContain('operation: place_order');
  });

  it('derives dependency SLOs from the failing and slowest traces', async () => {
    const response = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/slos/place-order-availability/dependencies',
    );
    expect(response.status).toBe(200);
    // Recent traces are kept once they settle (1 s here): read again until they are.
    const body =
      response.body.tracesExamined > 0
        ? response.body
        : await eventually(
            async () =>
              (
                await getAsUser(
                  server,
                  '/api/ownership/v1/entities/component/default/orders/slos/place-order-availability/dependencies',
                )
              ).body,
            b => b.tracesExamined > 0,
          );
    expectToMatchSpec(
      '/v1/entities/{kind}/{namespace}/{name}/slos/{slo}/dependencies',
      200,
      body,
    );
    expect(body.tracesExamined).toBeGreaterThan(0);
    expect(body.failingTraces).toBeGreaterThan(0);
    const payments = body.dependencies.find(
      (d: any) => d.service === 'payments',
    );
    expect(payments).toMatchObject({
      entityRef: 'component:default/payments',
      owner: 'group:default/team-payments',
      callsPerRequest: 1,
      suggested: expect.objectContaining({
        operation: 'POST /payments',
        sli: 'error-rate',
      }),
    });
    // payments ends some of the failing traces (the error-path walk), so it gets a share of the budget.
    expect(payments.errorShare).toBeGreaterThan(0);
    expect(payments.errorShare).toBeLessThan(1);
    expect(payments.suggested.objective).toBeGreaterThan(0.8);
    expect(payments.suggested.objective).toBeLessThan(1);
    expect(payments.yaml).toContain('operation: POST /payments');
    // orders itself is not its own dependency.
    expect(body.dependencies.map((d: any) => d.service)).not.toContain(
      'orders',
    );
  });

  it.each([
    ['sloth', (doc: any) => doc.slos.map((s: any) => s.name)],
    [
      'prometheus',
      (doc: any) =>
        [
          ...new Set(
            doc.groups.flatMap((g: any) =>
              g.rules
                .filter((r: any) => r.labels?.sloth_slo)
                .map((r: any) => r.labels.sloth_slo),
            ),
          ),
        ].sort(),
    ],
  ])('exports the valid SLOs as %s YAML', async (format, names) => {
    const response = await getAsUser(
      server,
      `/api/ownership/v1/entities/component/default/orders/slos/export?format=${format}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/yaml');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="orders-slos.${format}.yaml"`,
    );
    const doc = parseYaml(response.text);
    expect(names(doc)).toEqual([
      'place-order-availability',
      'place-order-latency',
    ]);
  });

  it('exports OpenSLO documents, and refuses an unknown format', async () => {
    const response = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/slos/export?format=openslo',
    );
    expect(response.status).toBe(200);
    const docs = parseAllDocuments(response.text).map(d => d.toJSON());
    expect(docs.filter((d: any) => d.kind === 'SLO')).toHaveLength(2);
    expect(docs.every((d: any) => d.apiVersion === 'openslo/v1')).toBe(true);
    const unknown = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/orders/slos/export?format=xml',
    );
    expect(unknown.status).toBe(400);
    const none = await getAsUser(
      server,
      '/api/ownership/v1/entities/component/default/payments/slos/export',
    );
    expect(none.status).toBe(404);
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
