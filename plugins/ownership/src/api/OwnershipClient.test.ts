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
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  placeOrderDryRun,
  recentAlerts,
  routedToPayments,
} from '../__fixtures__/alerts';
import {
  myStaleDocs,
  ordersFreshDocs,
  ordersStaleDocs,
  teamCheckoutDocs,
} from '../__fixtures__/docs';
import { guestMyOnCall, ordersOnCall } from '../__fixtures__/onCall';
import {
  ordersDependencies,
  teamCheckoutDependencies,
  unownedTraffic,
} from '../__fixtures__/shop';
import {
  ordersSlos,
  ordersSuggestions,
  placeOrderDependencySlos,
  placeOrderLatencySeries,
  teamCheckoutSlos,
} from '../__fixtures__/slos';
import { allSourceStates } from '../__fixtures__/sources';
import { failedPlaceOrder } from '../__fixtures__/trace';
import { OwnershipClient } from './OwnershipClient';

const baseUrl = 'http://localhost:7007/api/ownership';
const orders = { kind: 'component', namespace: 'default', name: 'orders' };
const server = setupServer();
registerMswTestHooks(server);

function createClient() {
  return new OwnershipClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: { fetch: (input, init) => global.fetch(input, init) },
  });
}

describe('OwnershipClient', () => {
  it('reads the dependencies of an entity for a window and depth', async () => {
    let query: URLSearchParams | undefined;
    server.use(
      http.get(
        `${baseUrl}/v1/entities/component/default/orders/dependencies`,
        ({ request }) => {
          query = new URL(request.url).searchParams;
          return HttpResponse.json(ordersDependencies);
        },
      ),
    );
    const result = await createClient().getEntityDependencies(
      { kind: 'component', namespace: 'default', name: 'orders' },
      { window: '7d', depth: 2 },
    );
    expect(result).toEqual(ordersDependencies);
    expect(query?.get('window')).toBe('7d');
    expect(query?.get('depth')).toBe('2');
  });

  it('encodes each part of the entity path', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${baseUrl}/v1/entities/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(ordersDependencies);
      }),
    );
    await createClient().getEntityDependencies(
      { kind: 'component', namespace: 'shop/eu', name: 'orders#1' },
      { window: '24h', depth: 1 },
    );
    expect(path).toBe(
      '/api/ownership/v1/entities/component/shop%2Feu/orders%231/dependencies',
    );
  });

  it("reads a group's dependencies on other teams", async () => {
    let window: string | null = null;
    server.use(
      http.get(
        `${baseUrl}/v1/groups/default/team-checkout/dependencies`,
        ({ request }) => {
          window = new URL(request.url).searchParams.get('window');
          return HttpResponse.json(teamCheckoutDependencies);
        },
      ),
    );
    const result = await createClient().getGroupDependencies(
      { kind: 'group', namespace: 'default', name: 'team-checkout' },
      { window: '30d' },
    );
    expect(result.dependsOn.map(d => d.team)).toEqual([
      'group:default/team-fulfilment',
      'group:default/team-payments',
      undefined,
    ]);
    expect(window).toBe('30d');
  });

  it('reads the traffic no entity claims', async () => {
    let window: string | null = null;
    server.use(
      http.get(`${baseUrl}/v1/unowned`, ({ request }) => {
        window = new URL(request.url).searchParams.get('window');
        return HttpResponse.json(unownedTraffic);
      }),
    );
    const result = await createClient().getUnownedTraffic({ window: '1h' });
    expect(result.nodes.map(n => n.node)).toEqual([
      'mail.example.net',
      'legacy-pricing',
      'pricing-cache',
    ]);
    expect(window).toBe('1h');
  });

  it('reads the SLOs of an entity', async () => {
    server.use(
      http.get(`${baseUrl}/v1/entities/component/default/orders/slos`, () =>
        HttpResponse.json(ordersSlos),
      ),
    );
    const result = await createClient().getEntitySlos(orders);
    expect(result.slos.map(slo => slo.definition.name)).toEqual([
      'place-order-latency',
      'place-order-errors',
      'refund-availability',
    ]);
  });

  it('reads the series of one SLO for a chart window', async () => {
    let query: URLSearchParams | undefined;
    server.use(
      http.get(
        `${baseUrl}/v1/entities/component/default/orders/slos/place-order-latency/series`,
        ({ request }) => {
          query = new URL(request.url).searchParams;
          return HttpResponse.json(placeOrderLatencySeries('24h'));
        },
      ),
    );
    const result = await createClient().getSloSeries(
      orders,
      'place-order-latency',
      { window: '24h' },
    );
    expect(result.window.stepSeconds).toBe(300);
    expect(query?.toString()).toBe('window=24h');
  });

  it('reads the SLO suggestions and dependency SLOs of an entity', async () => {
    server.use(
      http.get(
        `${baseUrl}/v1/entities/component/default/orders/slos/suggestions`,
        () => HttpResponse.json(ordersSuggestions),
      ),
      http.get(
        `${baseUrl}/v1/entities/component/default/orders/slos/place-order-latency/dependencies`,
        () => HttpResponse.json(placeOrderDependencySlos),
      ),
    );
    const client = createClient();
    expect((await client.getSloSuggestions(orders)).yaml).toBe(
      ordersSuggestions.yaml,
    );
    expect(
      (
        await client.getDependencySlos(orders, 'place-order-latency')
      ).dependencies.map(d => d.service),
    ).toEqual(['payments', 'inventory', 'psp.example.net']);
  });

  it("reads the SLOs of a group's entities", async () => {
    server.use(
      http.get(`${baseUrl}/v1/groups/default/team-checkout/slos`, () =>
        HttpResponse.json(teamCheckoutSlos),
      ),
    );
    const result = await createClient().getGroupSlos({
      kind: 'group',
      namespace: 'default',
      name: 'team-checkout',
    });
    expect(result.slos.map(entry => entry.evaluation.budget.remaining)).toEqual(
      [-0.5, 0.68, 0.874, 1],
    );
  });

  it('exports the SLOs as YAML text in the asked format', async () => {
    let format: string | null = null;
    server.use(
      http.get(
        `${baseUrl}/v1/entities/component/default/orders/slos/export`,
        ({ request }) => {
          format = new URL(request.url).searchParams.get('format');
          return new HttpResponse('version: prometheus/v1\nservice: orders\n', {
            headers: { 'Content-Type': 'text/yaml' },
          });
        },
      ),
    );
    const text = await createClient().exportSlos(orders, 'sloth');
    expect(text).toBe('version: prometheus/v1\nservice: orders\n');
    expect(format).toBe('sloth');
  });

  it('encodes the SLO name in its path', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${baseUrl}/v1/entities/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(placeOrderDependencySlos);
      }),
    );
    await createClient().getDependencySlos(
      { kind: 'component', namespace: 'shop/eu', name: 'orders' },
      'a/b',
    );
    expect(path).toBe(
      '/api/ownership/v1/entities/component/shop%2Feu/orders/slos/a%2Fb/dependencies',
    );
  });

  it('reads who is on call for an entity', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${baseUrl}/v1/entities/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(ordersOnCall);
      }),
    );
    const result = await createClient().getEntityOnCall(orders);
    expect(path).toBe(
      '/api/ownership/v1/entities/component/default/orders/on-call',
    );
    expect(result).toEqual(ordersOnCall);
    await createClient().getEntityOnCall({
      kind: 'group',
      namespace: 'shop/eu',
      name: 'team checkout',
    });
    expect(path).toBe(
      '/api/ownership/v1/entities/group/shop%2Feu/team%20checkout/on-call',
    );
  });

  it("reads the signed-in user's on-call", async () => {
    let path: string | undefined;
    server.use(
      http.get(`${baseUrl}/v1/on-call/me`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(guestMyOnCall);
      }),
    );
    await expect(createClient().getMyOnCall()).resolves.toEqual(guestMyOnCall);
    expect(path).toBe('/api/ownership/v1/on-call/me');
  });

  it('reads a trace of the embedded trace store', async () => {
    server.use(
      http.get(`${baseUrl}/v1/traces/${failedPlaceOrder.traceId}`, () =>
        HttpResponse.json(failedPlaceOrder),
      ),
    );
    const trace = await createClient().getTrace(failedPlaceOrder.traceId);
    expect(trace.spans).toHaveLength(5);
  });

  it('lists the recent alerts, all of them or those of an entity or a group', async () => {
    const queries: string[] = [];
    server.use(
      http.get(`${baseUrl}/v1/alerts`, ({ request }) => {
        queries.push(new URL(request.url).search);
        return HttpResponse.json({ items: recentAlerts });
      }),
    );
    const client = createClient();
    const result = await client.listAlerts({ limit: 50 });
    expect(result.items.map(item => item.id)).toEqual([
      '44',
      '43',
      '42',
      '41',
      '40',
    ]);
    await client.listAlerts({ entityRef: 'component:default/orders' });
    await client.listAlerts({ groupRef: 'group:default/team-payments' });
    await client.listAlerts({});
    expect(queries).toEqual([
      '?limit=50',
      '?entity=component%3Adefault%2Forders',
      '?group=group%3Adefault%2Fteam-payments',
      '',
    ]);
  });

  it('reads one alert, its id encoded', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${baseUrl}/v1/alerts/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(routedToPayments);
      }),
    );
    const client = createClient();
    await expect(client.getAlert('42')).resolves.toEqual(routedToPayments);
    expect(path).toBe('/api/ownership/v1/alerts/42');
    await client.getAlert('a/b c');
    expect(path).toBe('/api/ownership/v1/alerts/a%2Fb%20c');
  });

  it('posts a dry run as JSON, with the window to replay when given', async () => {
    const requests: Array<{
      search: string;
      contentType: string | null;
      body: unknown;
    }> = [];
    server.use(
      http.post(`${baseUrl}/v1/alerts/dry-run`, async ({ request }) => {
        requests.push({
          search: new URL(request.url).search,
          contentType: request.headers.get('content-type'),
          body: await request.json(),
        });
        return HttpResponse.json(placeOrderDryRun);
      }),
    );
    const client = createClient();
    const payload = { operation: 'place_order', service: 'orders' };
    await expect(client.dryRunAlert(payload)).resolves.toEqual(
      placeOrderDryRun,
    );
    await client.dryRunAlert(payload, {
      from: '2026-11-20T10:00:00.000Z',
      to: '2026-11-20T11:00:00.000Z',
    });
    expect(requests).toEqual([
      { search: '', contentType: 'application/json', body: payload },
      {
        search:
          '?from=2026-11-20T10%3A00%3A00.000Z&to=2026-11-20T11%3A00%3A00.000Z',
        contentType: 'application/json',
        body: payload,
      },
    ]);
  });

  it('throws a ResponseError when a dry run is refused', async () => {
    server.use(
      http.post(`${baseUrl}/v1/alerts/dry-run`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: '"from" must be before "to"',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const request = createClient().dryRunAlert(
      { operation: 'place_order' },
      { from: '2026-11-20T11:00:00.000Z', to: '2026-11-20T10:00:00.000Z' },
    );
    await expect(request).rejects.toBeInstanceOf(ResponseError);
    await expect(request).rejects.toMatchObject({
      statusCode: 400,
      body: { error: { message: '"from" must be before "to"' } },
    });
  });

  it('throws a ResponseError when an export fails', async () => {
    server.use(
      http.get(
        `${baseUrl}/v1/entities/component/default/orders/slos/export`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'InputError',
                message: 'format must be one of sloth, prometheus, openslo',
              },
              response: { statusCode: 400 },
            },
            { status: 400 },
          ),
      ),
    );
    await expect(
      createClient().exportSlos(orders, 'openslo'),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      body: {
        error: { message: 'format must be one of sloth, prometheus, openslo' },
      },
    });
  });

  it("throws a ResponseError with the backend's message", async () => {
    server.use(
      http.get(
        `${baseUrl}/v1/entities/component/default/orders/dependencies`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'ServiceUnavailableError',
                message: 'Trace store http://tempo:3200 is unreachable',
              },
              response: { statusCode: 503 },
            },
            { status: 503 },
          ),
      ),
    );
    const request = createClient().getEntityDependencies(
      { kind: 'component', namespace: 'default', name: 'orders' },
      { window: '24h', depth: 1 },
    );
    await expect(request).rejects.toBeInstanceOf(ResponseError);
    await expect(request).rejects.toMatchObject({
      statusCode: 503,
      body: {
        error: { message: 'Trace store http://tempo:3200 is unreachable' },
      },
    });
  });
  it('reads the docs health of an entity', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${baseUrl}/v1/entities/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(ordersStaleDocs);
      }),
    );
    await expect(createClient().getDocsHealth(orders)).resolves.toEqual(
      ordersStaleDocs,
    );
    expect(path).toBe(
      '/api/ownership/v1/entities/component/default/orders/docs-health',
    );
  });

  it('posts a review as JSON and answers the updated health', async () => {
    const bodies: unknown[] = [];
    let contentType: string | null = null;
    server.use(
      http.post(
        `${baseUrl}/v1/entities/component/default/orders/docs-health/reviews`,
        async ({ request }) => {
          contentType = request.headers.get('content-type');
          bodies.push(await request.json());
          return HttpResponse.json(ordersFreshDocs);
        },
      ),
    );
    const client = createClient();
    await expect(
      client.markDocsReviewed(orders, { comment: 'runbook checked' }),
    ).resolves.toEqual(ordersFreshDocs);
    await client.markDocsReviewed(orders, {});
    expect(contentType).toBe('application/json');
    expect(bodies).toEqual([{ comment: 'runbook checked' }, {}]);
  });

  it("surfaces the backend's message when a review is refused", async () => {
    server.use(
      http.post(
        `${baseUrl}/v1/entities/component/default/payments/docs-health/reviews`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotAllowedError',
                message:
                  'user:development/guest is not a member of group:default/team-payments, which owns component:default/payments',
              },
              response: { statusCode: 403 },
            },
            { status: 403 },
          ),
      ),
    );
    const request = createClient().markDocsReviewed(
      { kind: 'component', namespace: 'default', name: 'payments' },
      {},
    );
    await expect(request).rejects.toBeInstanceOf(ResponseError);
    await expect(request).rejects.toMatchObject({
      statusCode: 403,
      cause: {
        name: 'NotAllowedError',
        message:
          'user:development/guest is not a member of group:default/team-payments, which owns component:default/payments',
      },
    });
  });

  it('posts a snooze of the nudges with its days', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(
        `${baseUrl}/v1/entities/component/default/orders/docs-health/snooze`,
        async ({ request }) => {
          bodies.push(await request.json());
          return HttpResponse.json(ordersStaleDocs);
        },
      ),
    );
    const client = createClient();
    await client.snoozeDocsNudges(orders, { days: 7 });
    await client.snoozeDocsNudges(orders, { days: 0 });
    expect(bodies).toEqual([{ days: 7 }, { days: 0 }]);
  });

  it("lists the docs health of the user's teams or of given groups", async () => {
    const queries: string[] = [];
    server.use(
      http.get(`${baseUrl}/v1/docs-health`, ({ request }) => {
        queries.push(new URL(request.url).search);
        return HttpResponse.json(
          queries.length === 1 ? myStaleDocs : teamCheckoutDocs,
        );
      }),
    );
    const client = createClient();
    const mine = await client.listDocsHealth({ attention: true });
    expect(mine.items.map(item => item.entityRef)).toEqual([
      'component:default/shipping',
      'component:default/orders',
      'component:default/inventory',
    ]);
    await client.listDocsHealth({
      owners: ['group:default/team-checkout', 'group:default/team-payments'],
    });
    await client.listDocsHealth();
    expect(queries).toEqual([
      '?owner=me&attention=true',
      '?owner=group%3Adefault%2Fteam-checkout&owner=group%3Adefault%2Fteam-payments',
      '?owner=me',
    ]);
  });

  it('reads the ops doc and the alert-routing map as text in the asked format', async () => {
    const requests: string[] = [];
    server.use(
      http.get(
        `${baseUrl}/v1/entities/component/default/orders/ops-doc`,
        ({ request }) => {
          const format = new URL(request.url).searchParams.get('format');
          requests.push(`ops-doc ${format}`);
          return format === 'yaml'
            ? new HttpResponse('entityRef: component:default/orders\n', {
                headers: { 'Content-Type': 'text/yaml' },
              })
            : HttpResponse.json({ entityRef: 'component:default/orders' });
        },
      ),
      http.get(`${baseUrl}/v1/docs/alert-routing-map`, ({ request }) => {
        const format = new URL(request.url).searchParams.get('format');
        requests.push(`alert-routing-map ${format}`);
        return format === 'yaml'
          ? new HttpResponse('entries: []\n', {
              headers: { 'Content-Type': 'text/yaml' },
            })
          : HttpResponse.json({ generatedAt: 'x', entries: [], conflicts: [] });
      }),
    );
    const client = createClient();
    expect(await client.getOpsDocExport(orders, 'yaml')).toBe(
      'entityRef: component:default/orders\n',
    );
    expect(JSON.parse(await client.getOpsDocExport(orders, 'json'))).toEqual({
      entityRef: 'component:default/orders',
    });
    expect(await client.getAlertRoutingMap('yaml')).toBe('entries: []\n');
    expect(JSON.parse(await client.getAlertRoutingMap('json'))).toEqual({
      generatedAt: 'x',
      entries: [],
      conflicts: [],
    });
    expect(requests).toEqual([
      'ops-doc yaml',
      'ops-doc json',
      'alert-routing-map yaml',
      'alert-routing-map json',
    ]);
  });

  it('reads the trace sources and their health', async () => {
    const sources = allSourceStates(Date.parse('2026-11-21T22:00:00Z'));
    const searches: string[] = [];
    server.use(
      http.get(`${baseUrl}/v1/sources`, ({ request }) => {
        searches.push(new URL(request.url).search);
        return HttpResponse.json(sources);
      }),
    );
    const result = await createClient().getSources();
    expect(result).toEqual(sources);
    expect(result.traceSources.map(source => source.status)).toEqual([
      'ok',
      'failing',
      'stale',
      'pending',
    ]);
    expect(searches).toEqual(['']);
  });

  it('throws a ResponseError when the sources cannot be read', async () => {
    server.use(
      http.get(`${baseUrl}/v1/sources`, () =>
        HttpResponse.json(
          {
            error: { name: 'AuthenticationError', message: 'No token' },
            response: { statusCode: 401 },
          },
          { status: 401 },
        ),
      ),
    );
    const request = createClient().getSources();
    await expect(request).rejects.toBeInstanceOf(ResponseError);
    await expect(request).rejects.toMatchObject({
      statusCode: 401,
      body: { error: { message: 'No token' } },
    });
  });
});
