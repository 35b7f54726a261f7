// Live traces end to end: the demo shop (real Node services on the OpenTelemetry SDK, exporting OTLP
// protobuf and JSON with the demo's externalAccess token) sends to the running portal, and within a minute
// the read API shows its services, the call graph with virtual nodes, and place_order's numbers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createApi, eventually, startDemo } from '../lib/demo.mjs';
import { backendUrl } from '../lib/portal.mjs';

let stopDemo;
let api;
let token;

before(async () => {
  ({ get: api, token } = await createApi());
  stopDemo = startDemo();
});

after(async () => {
  await stopDemo?.();
});

test('an OpenTelemetry SDK pointed at the portal shows up in the read API within a minute', async () => {
  const started = Date.now();
  const services = await eventually(
    'the six demo services',
    () => api('/v1/services?window=15m'),
    body => body.services.length >= 6,
  );
  console.log(
    `services visible after ${Math.round((Date.now() - started) / 1000)} s`,
  );
  assert.deepEqual(services.services.map(s => s.name).sort(), [
    'inventory',
    'orders',
    'payments',
    'recommendations',
    'shipping',
    'storefront',
  ]);
  // recommendations exports OTLP/JSON, the others protobuf: both receiver paths carry live data.
  for (const service of services.services) {
    assert.ok(service.count > 0, `${service.name} has spans`);
  }
});

test('the call graph has RPC, messaging, database and virtual-node edges', async () => {
  const expected = [
    ['user', 'storefront', 'virtual_node'],
    ['storefront', 'orders', ''],
    ['storefront', 'recommendations', ''],
    ['orders', 'payments', ''],
    ['orders', 'inventory', ''],
    ['orders', 'shipping', 'messaging_system'],
    ['payments', 'psp.example.net', 'virtual_node'],
    ['inventory', 'inventory-db', 'database'],
  ];
  const key = e => `${e[0]} -> ${e[1]} (${e[2] || 'rpc'})`;
  const body = await eventually(
    'every edge of the demo shop',
    () => api('/v1/edges?window=15m'),
    b => {
      const seen = new Set(
        b.edges.map(e => key([e.client, e.server, e.connectionType])),
      );
      return expected.every(e => seen.has(key(e)));
    },
  );
  const placeOrders = body.edges.find(
    e => e.client === 'storefront' && e.server === 'orders',
  );
  assert.ok(placeOrders.ratePerSecond > 0);
  assert.ok(placeOrders.latencyMs.p99 >= placeOrders.latencyMs.p50);
});

test('place_order has counts, errors and percentiles per minute', async () => {
  const series = await eventually(
    'a minute of place_order',
    () =>
      api(
        '/v1/series?service=orders&operation=place_order&kind=server&window=15m&step=60',
      ),
    body => body.points.reduce((n, p) => n + p.count, 0) >= 50,
  );
  const busy = series.points.filter(p => p.count > 0);
  assert.ok(busy.length >= 1);
  for (const point of busy) {
    assert.ok(point.errorCount <= point.count);
    assert.ok(
      point.latencyMs.p50 > 0 && point.latencyMs.p50 <= point.latencyMs.p99,
    );
  }
  // The demo declines ~5 % of payments and runs out of stock ~4 % of the time: some place_order fail.
  assert.ok(
    busy.some(p => p.errorCount > 0),
    'some place_order requests failed',
  );

  const exemplars = await api(
    '/v1/exemplars?service=orders&operation=place_order&window=15m',
  );
  const failed = exemplars.exemplars.find(e => e.error);
  assert.ok(failed, 'a failed place_order exemplar');
  const trace = await eventually(
    `the failed trace ${failed.traceId}`,
    async () => {
      const response = await fetch(
        `${backendUrl}/api/ownership/v1/traces/${failed.traceId}`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      return response.ok ? response.json() : undefined;
    },
    body => body !== undefined,
    40_000,
  );
  assert.ok(trace.spans.some(s => s.name === 'place_order' && s.error));
});
