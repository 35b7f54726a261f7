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
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import type {
  AlertDryRunResponse,
  AlertIntakeResponse,
  AlertRoutingList,
  AlertRoutingRecord,
} from '@service-ownership/plugin-ownership-common';
import http from 'http';
import { http as mswHttp, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { ownershipPlugin } from '../plugin';
import { buildCheckoutTrace, toOtlpJson } from '../__testUtils__/demoTrace';
import { expectToMatchSpec } from '../__testUtils__/openapi';
import { eventually, getAsUser, postOtlpJson } from '../__testUtils__/requests';

jest.setTimeout(60_000);

const PD_EVENTS = 'https://events.pagerduty.test/v2/enqueue';
const WEBHOOK = 'https://hooks.example.test/alerts';

const pagerDutyEvents: any[] = [];
const webhookCalls: Array<{ body: any; auth: string | null }> = [];
let webhookStatus = 200;
const msw = setupServer(
  mswHttp.post(PD_EVENTS, async ({ request: req }) => {
    pagerDutyEvents.push(await req.json());
    return HttpResponse.json(
      { status: 'success', message: 'Event processed', dedup_key: 'x' },
      { status: 202 },
    );
  }),
  mswHttp.post(WEBHOOK, async ({ request: req }) => {
    webhookCalls.push({
      body: await req.json(),
      auth: req.headers.get('authorization'),
    });
    return new HttpResponse(webhookStatus === 200 ? 'ok' : 'boom', {
      status: webhookStatus,
    });
  }),
);
// Requests to the test backend itself (supertest) go through unhandled.
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());

function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner, type: 'service', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

function group(name: string, annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'team', children: [] },
  };
}

const catalog: Entity[] = [
  group('team-checkout'),
  group('team-payments', {
    'service-ownership.io/on-call': `timeZone: America/New_York
handoff: "09:00"
rotation: 1d
start: 2026-01-05
members: [carol, dan]
`,
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'carol', namespace: 'default' },
    spec: {
      profile: { displayName: 'Carol Díaz' },
      memberOf: ['team-payments'],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'dan', namespace: 'default' },
    spec: { profile: { displayName: 'Dan Iyer' }, memberOf: ['team-payments'] },
  },
  component('orders', 'team-checkout', {
    'service-ownership.io/signal-operations': 'place_order',
    'service-ownership.io/slos': `- name: place-order-availability
  operation: place_order
  sli: error-rate
  objective: 80%
  window: 30d
`,
  }),
  component('payments', 'team-payments', {
    'pagerduty.com/integration-key': 'payments-routing-key-0123456789ab',
  }),
  component('storefront', 'team-checkout'),
];

const sent: NotificationSendOptions[] = [];

async function startBackend(alerts: JsonObject = {}) {
  const backend = await startTestBackend({
    features: [
      ownershipPlugin,
      catalogServiceMock.factory({ entities: catalog }),
      schedulerServiceFactory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (options: NotificationSendOptions) => {
            sent.push(options);
          },
        }),
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'https://backstage.example.test' },
          ownership: {
            ingest: { flushIntervalSeconds: 1 },
            recentTraces: { settleSeconds: 1, sampleRate: 1 },
            pairing: { waitSeconds: 1 },
            alerts,
          },
        },
      }),
    ],
  });
  return backend.server;
}

/** Ten checkouts a second apart, ending now: the given number fail in payments, the rest succeed. */
async function ingest(server: http.Server, failing: number) {
  const start = Date.now() - 15_000;
  await postOtlpJson(
    server,
    toOtlpJson(
      Array.from({ length: 10 }, (_, i) =>
        buildCheckoutTrace({
          startMs: start + i * 1000,
          placeOrderMs: 100,
          ...(i < failing ? { paymentFails: true, placeOrderFails: true } : {}),
        }),
      ).flat(),
    ),
  );
}

function alertmanager(
  overrides: {
    status?: string;
    labels?: Record<string, string>;
    startsAt?: string;
  } = {},
) {
  const status = overrides.status ?? 'firing';
  return {
    version: '4',
    groupKey: '{}:{alertname="PlaceOrderErrors"}',
    truncatedAlerts: 0,
    status,
    receiver: 'service-ownership',
    groupLabels: { alertname: 'PlaceOrderErrors' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: [
      {
        status,
        labels: {
          alertname: 'PlaceOrderErrors',
          service_name: 'orders',
          span_name: 'place_order',
          ...overrides.labels,
        },
        annotations: { summary: 'place_order is failing' },
        startsAt:
          overrides.startsAt ?? new Date(Date.now() - 60_000).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: 'f00dfeed00000001',
      },
    ],
  };
}

function postAlert(
  server: http.Server,
  body: unknown,
  header = mockCredentials.service.header(),
) {
  return request(server)
    .post('/api/ownership/v1/alerts')
    .set('Authorization', header)
    .set('Content-Type', 'application/json')
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

async function routed(
  server: http.Server,
  id: string,
): Promise<AlertRoutingRecord> {
  const response = await eventually(
    () => getAsUser(server, `/api/ownership/v1/alerts/${id}`),
    r => r.status === 200 && r.body.state !== 'pending',
  );
  return response.body;
}

describe('alert routing', () => {
  beforeEach(() => {
    sent.length = 0;
    pagerDutyEvents.length = 0;
    webhookCalls.length = 0;
    webhookStatus = 200;
  });

  it('routes an Alertmanager alert on place_order to the owner of payments, where the traces fail, and notifies them with the explanation', async () => {
    const server = await startBackend();
    await ingest(server, 6);
    // Wait until the failing traces are stored (they settle for a second before being kept).
    await eventually(
      () =>
        request(server)
          .post('/api/ownership/v1/alerts/dry-run')
          .set('Authorization', mockCredentials.user.header())
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(alertmanager())),
      r => r.body.results?.[0]?.decision?.failingTraces === 6,
    );

    const response = await postAlert(server, alertmanager());
    expect(response.status).toBe(202);
    const intake: AlertIntakeResponse = response.body;
    expect(intake).toMatchObject({ received: 1, accepted: 1, duplicates: 0 });
    expectToMatchSpec('/v1/alerts', 202, response.body, 'post');

    const record = await routed(server, intake.ids[0]);
    expect(record.state).toBe('routed');
    expect(record.decision).toMatchObject({
      method: 'traces',
      signal: {
        service: 'orders',
        operation: 'place_order',
        entityRef: 'component:default/orders',
      },
      tracesExamined: 10,
      failingTraces: 6,
      confidence: 1,
      confidenceLevel: 'medium',
      target: {
        entityRef: 'component:default/payments',
        ownerRef: 'group:default/team-payments',
      },
    });
    expect(
      record.decision?.examplePath?.steps.map(
        s => `${s.service} ${s.operation}`,
      ),
    ).toEqual(['orders place_order', 'orders POST', 'payments POST /payments']);
    expect(record.onCall?.groupRef).toBe('group:default/team-payments');
    expect(record.onCall?.people[0].name).toMatch(/^(Carol Díaz|Dan Iyer)$/);
    expect(record.deliveries).toEqual([
      expect.objectContaining({
        channel: 'notifications',
        status: 'sent',
        detail: 'Notified the members of group:default/team-payments',
      }),
    ]);

    expect(sent).toHaveLength(1);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/team-payments',
    });
    expect(sent[0].payload.title).toBe(
      'PlaceOrderErrors: orders place_order fails in payments',
    );
    expect(sent[0].payload.description).toContain(
      '6 of 6 failing traces of orders place_order (100 %) end in payments; routed to group:default/team-payments, owner of component:default/payments.',
    );
    expect(sent[0].payload.description).toContain(
      'Path: orders place_order → payments POST /payments.',
    );
    expect(sent[0].payload.description).toMatch(
      /On call: (Carol Díaz|Dan Iyer)/,
    );
    expect(sent[0].payload.link).toBe(
      `/service-ownership/alerts/${intake.ids[0]}`,
    );

    // Alertmanager repeats the notification: ignored.
    const repeat = await postAlert(
      server,
      alertmanager({ startsAt: alertmanager().alerts[0].startsAt }),
    );
    expect(repeat.status).toBe(202);

    const list = await getAsUser(
      server,
      '/api/ownership/v1/alerts?entity=component:default/payments',
    );
    expect(list.status).toBe(200);
    expectToMatchSpec('/v1/alerts', 200, list.body);
    expect((list.body as AlertRoutingList).items.map(i => i.id)).toContain(
      intake.ids[0],
    );
    const byGroup = await getAsUser(
      server,
      '/api/ownership/v1/alerts?group=team-payments',
    );
    expect(byGroup.body.items).toHaveLength(
      (list.body as AlertRoutingList).items.length,
    );
    const one = await getAsUser(
      server,
      `/api/ownership/v1/alerts/${intake.ids[0]}`,
    );
    expectToMatchSpec('/v1/alerts/{id}', 200, one.body);
  });

  it('ignores duplicates: the same group key, fingerprint, status and start', async () => {
    const server = await startBackend();
    const body = alertmanager({ startsAt: '2026-11-21T10:00:00Z' });
    const first = await postAlert(server, body);
    const second = await postAlert(server, body);
    expect(first.body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(second.body).toMatchObject({
      accepted: 0,
      duplicates: 1,
      ids: first.body.ids,
    });
    await routed(server, first.body.ids[0]);
    // Give a wrongly queued second copy the chance to be delivered too.
    await new Promise(resolve => setTimeout(resolve, 500));
    expect(sent).toHaveLength(1);
  });

  it('falls back to the owner of the alerting service without failing traces, and says so', async () => {
    const server = await startBackend();
    const response = await postAlert(server, alertmanager());
    const record = await routed(server, response.body.ids[0]);
    expect(record.decision).toMatchObject({
      method: 'fallback',
      reason:
        'No trace of orders place_order in the window; routed to the owner of component:default/orders, the alerting entity.',
      target: { ownerRef: 'group:default/team-checkout' },
    });
    expect(record.onCall?.reason).toMatch(
      /^No on-call schedule covers group:default\/team-checkout/,
    );
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/team-checkout',
    });
  });

  it('finds the operation from an SLO named by the alert (the rules the SLO export writes)', async () => {
    const server = await startBackend();
    const response = await postAlert(server, {
      ...alertmanager(),
      alerts: [
        {
          ...alertmanager().alerts[0],
          labels: {
            alertname: 'PlaceOrderAvailabilityBurn',
            sloth_slo: 'place-order-availability',
            entity: 'component:default/orders',
          },
        },
      ],
    });
    const record = await routed(server, response.body.ids[0]);
    expect(record.decision?.signal).toEqual({
      service: 'orders',
      operation: 'place_order',
      entityRef: 'component:default/orders',
    });
  });

  it('records an alert whose signal cannot be found as failed, with what to set', async () => {
    const server = await startBackend();
    const response = await postAlert(server, {
      ...alertmanager(),
      alerts: [
        { ...alertmanager().alerts[0], labels: { alertname: 'DiskFull' } },
      ],
    });
    const record = await routed(server, response.body.ids[0]);
    expect(record.state).toBe('failed');
    expect(record.error).toBe(
      'The alert does not say which trace service it is about: set a label service, service_name or sloth_service, or entity (a catalog entity claiming a service)',
    );
    expect(sent).toHaveLength(0);
  });

  it('delivers to PagerDuty (the culprit’s integration key) and a webhook per route, and resolves where it fired', async () => {
    const server = await startBackend({
      routes: [
        {
          name: 'paging',
          match: { severity: 'page' },
          notifications: true,
          pagerDuty: true,
          webhook: {
            url: WEBHOOK,
            headers: { Authorization: 'Bearer hook-secret' },
          },
        },
      ],
      pagerDutyEventsUrl: PD_EVENTS,
    });
    await ingest(server, 5);
    await eventually(
      () =>
        request(server)
          .post('/api/ownership/v1/alerts/dry-run')
          .set('Authorization', mockCredentials.user.header())
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(alertmanager())),
      r => r.body.results?.[0]?.decision?.failingTraces === 5,
    );
    webhookStatus = 500;
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const firing = await postAlert(
      server,
      alertmanager({ labels: { severity: 'page' }, startsAt }),
    );
    const record = await routed(server, firing.body.ids[0]);
    expect(record.deliveries.map(d => [d.channel, d.status])).toEqual([
      ['notifications', 'sent'],
      ['pagerduty', 'sent'],
      ['webhook', 'failed'],
    ]);
    expect(record.deliveries[2].detail).toMatch(/HTTP 500/);
    expect(pagerDutyEvents[0]).toMatchObject({
      routing_key: 'payments-routing-key-0123456789ab',
      event_action: 'trigger',
      dedup_key: '{}:{alertname="PlaceOrderErrors"}|f00dfeed00000001',
      payload: {
        summary: 'PlaceOrderErrors: orders place_order fails in payments',
        source: 'payments',
        severity: 'critical',
        component: 'component:default/payments',
        group: 'group:default/team-payments',
      },
      links: [
        {
          href: `https://backstage.example.test/service-ownership/alerts/${firing.body.ids[0]}`,
          text: 'Routing decision in Backstage',
        },
      ],
    });
    expect(webhookCalls[0].auth).toBe('Bearer hook-secret');
    expect(webhookCalls[0].body.record.decision.target.entityRef).toBe(
      'component:default/payments',
    );

    webhookStatus = 200;
    const resolved = await postAlert(
      server,
      alertmanager({
        status: 'resolved',
        labels: { severity: 'page' },
        startsAt,
      }),
    );
    const resolution = await routed(server, resolved.body.ids[0]);
    expect(resolution.decision?.reason).toMatch(
      new RegExp(`^Resolves alert ${firing.body.ids[0]}, routed then: `),
    );
    expect(pagerDutyEvents[1]).toMatchObject({
      event_action: 'resolve',
      dedup_key: pagerDutyEvents[0].dedup_key,
    });
    expect(sent[1].payload.title).toBe(
      'Resolved: PlaceOrderErrors: orders place_order fails in payments',
    );
    expect(sent[1].payload.scope).toBe(sent[0].payload.scope);
  });

  it('runs the routing without paging anyone in a dry run, also on a past window', async () => {
    const server = await startBackend();
    await ingest(server, 4);
    const dryRun = () =>
      request(server)
        .post('/api/ownership/v1/alerts/dry-run')
        .set('Authorization', mockCredentials.user.header())
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ operation: 'place_order', service: 'orders' }));
    const response = await eventually(
      dryRun,
      r => r.body.results?.[0]?.decision?.failingTraces === 4,
    );
    expectToMatchSpec('/v1/alerts/dry-run', 200, response.body, 'post');
    const body: AlertDryRunResponse = response.body;
    expect(body.results[0].decision?.target?.entityRef).toBe(
      'component:default/payments',
    );
    expect(body.wouldDeliver).toEqual({ 'dry-run-1': ['notifications'] });

    const past = await request(server)
      .post(
        '/api/ownership/v1/alerts/dry-run?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z',
      )
      .set('Authorization', mockCredentials.user.header())
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ operation: 'place_order', service: 'orders' }));
    expect(past.body.results[0].window).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-01T01:00:00.000Z',
    });
    expect(past.body.results[0].decision.method).toBe('fallback');

    expect(sent).toHaveLength(0);
    const list = await getAsUser(server, '/api/ownership/v1/alerts');
    expect(list.body.items).toEqual([]);
  });

  it('refuses bad requests with the reason, and unauthenticated or user callers of the intake', async () => {
    const server = await startBackend();
    const malformed = await postAlert(server, '{"version": "4", ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(
      /^The body is not valid JSON: /,
    );

    const invalid = await postAlert(server, {
      ...alertmanager(),
      alerts: [{ status: 'firing', labels: { a: 1 } }],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toBe(
      'Invalid alert payload at payload.alerts[0].labels.a: must be a string, got a number',
    );

    const empty = await postAlert(server, '');
    expect(empty.status).toBe(400);

    const anonymous = await request(server)
      .post('/api/ownership/v1/alerts')
      .set('Authorization', mockCredentials.none.header())
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(alertmanager()));
    expect(anonymous.status).toBe(401);

    const asUser = await postAlert(
      server,
      alertmanager(),
      mockCredentials.user.header(),
    );
    expect(asUser.status).toBe(403);

    const window = await request(server)
      .post('/api/ownership/v1/alerts/dry-run?from=2026-01-01T00:00:00Z')
      .set('Authorization', mockCredentials.user.header())
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ operation: 'place_order', service: 'orders' }));
    expect(window.status).toBe(400);
    expect(window.body.error.message).toBe(
      'Give both "from" and "to" to replay a past window, or neither',
    );

    const missing = await getAsUser(server, '/api/ownership/v1/alerts/424242');
    expect(missing.status).toBe(404);
    const list = await getAsUser(server, '/api/ownership/v1/alerts?limit=0');
    expect(list.status).toBe(400);
  });
});
