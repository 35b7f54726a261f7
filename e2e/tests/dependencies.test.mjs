// The Dependencies tab in a real browser on live demo traffic: orders' callers and callees match the demo
// topology (the database and the external payment provider as virtual nodes, the Kafka edge to shipping),
// drift shows a declared-but-unseen dependency, and the catalog's own Relations card of orders shows the
// relations the catalog module wrote from traces.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openSignedInPage, screenshot } from '../lib/browser.mjs';
import { createApi, eventually, startDemo } from '../lib/demo.mjs';
import { appUrl } from '../lib/portal.mjs';

/** orders at depth 2, as the demo shop is wired (packages/demo-services and examples/shop.yaml). */
const ORDERS_GRAPH = {
  'component:default/orders': 'root',
  'component:default/storefront': 'upstream',
  'trace:user': 'upstream',
  'component:default/payments': 'downstream',
  'component:default/inventory': 'downstream',
  'component:default/shipping': 'downstream',
  'component:default/payment-provider': 'downstream',
  'resource:default/inventory-db': 'downstream',
};
const ORDERS_EDGES = [
  'trace:user -> component:default/storefront (virtual_node)',
  'component:default/storefront -> component:default/orders ()',
  'component:default/orders -> component:default/payments ()',
  'component:default/orders -> component:default/inventory ()',
  'component:default/orders -> component:default/shipping (messaging_system)',
  'component:default/payments -> component:default/payment-provider (virtual_node)',
  'component:default/inventory -> resource:default/inventory-db (database)',
].sort();

let page;
let close;
let stopDemo;
let api;

before(async () => {
  ({ get: api } = await createApi());
  stopDemo = startDemo();
  ({ page, close } = await openSignedInPage());
});

after(async () => {
  await close?.();
  await stopDemo?.();
});

const edgeKey = e => `${e.from} -> ${e.to} (${e.connectionType})`;

test('the API draws orders exactly as the demo topology is wired', async () => {
  const body = await eventually(
    'every edge around orders',
    () =>
      api(
        '/v1/entities/component/default/orders/dependencies?window=1h&depth=2',
      ),
    b => ORDERS_EDGES.every(key => b.edges.map(edgeKey).includes(key)),
    90_000,
  );
  assert.deepEqual(
    Object.fromEntries(body.nodes.map(n => [n.id, n.direction])),
    ORDERS_GRAPH,
  );
  assert.deepEqual(body.edges.map(edgeKey).sort(), ORDERS_EDGES);
  const byId = new Map(body.nodes.map(n => [n.id, n]));
  assert.equal(byId.get('resource:default/inventory-db').nodeType, 'database');
  assert.equal(byId.get('component:default/payment-provider').nodeType, 'peer');
  assert.deepEqual(byId.get('component:default/payment-provider').traceNodes, [
    'psp.example.net',
  ]);
});

test('the Dependencies tab of orders shows the graph, its table and the drift', async () => {
  await page.goto(`${appUrl}/catalog/default/component/orders`);
  await page.getByRole('tab', { name: 'Dependencies' }).click();
  await page.waitForURL(/\/catalog\/default\/component\/orders\/dependencies/);
  await page.getByLabel('Depth').selectOption('2');
  const nodes = page.locator('[data-testid="dependency-node"]');
  await eventually(
    'eight graph nodes',
    () => nodes.count(),
    n => n === Object.keys(ORDERS_GRAPH).length,
    30_000,
  );
  const ids = await nodes.evaluateAll(elements =>
    elements.map(e => e.getAttribute('data-node-id')).sort(),
  );
  assert.deepEqual(ids, Object.keys(ORDERS_GRAPH).sort());
  const main = page.locator('main');
  // Nodes are labelled with the entity and its owner (SVG text; the <title> tooltips hold the same words).
  const labels = await nodes.evaluateAll(elements =>
    elements.map(e =>
      [...e.querySelectorAll('text')].map(t => t.textContent).join(' / '),
    ),
  );
  for (const expected of [
    'Orders / team-checkout',
    'Inventory / team-fulfilment',
    'Shipping / team-fulfilment',
    'Payment service provider / team-payments',
  ]) {
    assert.ok(
      labels.includes(expected),
      `a node labelled "${expected}" in ${JSON.stringify(labels)}`,
    );
  }
  await screenshot(page, 'orders-dependencies');

  // orders publishes to shipping without declaring it: the drift panel gives the line to add.
  await main.getByText('Observed but not declared').first().waitFor();
  await main.getByText('- component:shipping').first().waitFor();
});

test('drift shows a declared dependency that traffic never uses', async () => {
  await page.goto(
    `${appUrl}/catalog/default/component/storefront/dependencies`,
  );
  const main = page.locator('main');
  // storefront declares shipping but never calls it (the graph and table hold no shipping, so the only
  // link to it is in the drift panel).
  await main
    .getByText(/Declared but not observed in the last 30 days \(1\)/)
    .waitFor();
  await main.getByRole('link', { name: 'Shipping' }).waitFor();
  assert.equal(await main.getByRole('link', { name: 'Shipping' }).count(), 1);
  // Its graph: storefront, its callees orders and recommendations, and the outside users calling it.
  const nodes = main.locator('[data-testid="dependency-node"]');
  await nodes.first().waitFor({ state: 'visible' });
  assert.deepEqual(
    (
      await nodes.evaluateAll(elements =>
        elements.map(e => e.getAttribute('data-node-id')),
      )
    ).sort(),
    [
      'component:default/orders',
      'component:default/recommendations',
      'component:default/storefront',
      'trace:user',
    ],
  );
  await screenshot(page, 'storefront-drift');
});

test("the catalog's Relations card of orders shows the observed relations", async () => {
  const orders = await eventually(
    'observedDependsOn relations on orders in the catalog',
    () => api('/entities/by-name/component/default/orders', 'catalog'),
    entity =>
      (entity.relations ?? []).some(
        r =>
          r.type === 'observedDependsOn' &&
          r.targetRef === 'component:default/shipping',
      ),
    120_000,
  );
  const observed = orders.relations
    .filter(r => r.type === 'observedDependsOn')
    .map(r => r.targetRef)
    .sort();
  assert.deepEqual(observed, [
    'component:default/inventory',
    'component:default/payments',
    'component:default/shipping',
  ]);
  assert.ok(
    orders.relations.some(
      r =>
        r.type === 'observedDependencyOf' &&
        r.targetRef === 'component:default/storefront',
    ),
  );

  // Shipping is related to orders only through the observed relation (orders does not declare it).
  await page.goto(`${appUrl}/catalog/default/component/orders`);
  // The Relations card (catalog-graph's EntityCatalogGraphCard) is the only graph on the overview.
  const relationNodes = page.locator(
    'main svg#dependency-graph [data-testid="node"]',
  );
  const texts = await eventually(
    'shipping in the Relations card',
    () => relationNodes.evaluateAll(ns => ns.map(n => n.textContent)),
    found => found.some(t => t.includes('component:default/shipping')),
    30_000,
  );
  assert.ok(texts.some(t => t.includes('component:default/storefront')));
  await screenshot(page, 'orders-relations');
});
