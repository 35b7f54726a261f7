// Documentation health in the example portal (examples/shop.yaml): storefront is fresh (never reviewed, its file
// is new), payments is overdue (last audited 2025-06-02, every 180 days), recommendations is incomplete (no runbook
// or dashboard), and orders turns stale: the docs story (packages/demo-services/src/docs-story.mjs, run by e2e/run.mjs
// before any traffic) recorded a review of orders, so the dependencies the demo traffic shows afterwards are changes
// since. The nudge task has notified team-payments (the guest is a member) that payments is overdue. In a real
// browser, the guest finds payments on the home page's card, marks it reviewed, and its badge turns fresh; the
// after-restart test (e2e/after-restart) checks that this survived a restart of the backend.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openSignedInPage, screenshot } from '../lib/browser.mjs';
import { createApi, eventually, startDemo } from '../lib/demo.mjs';
import { appUrl, backendUrl } from '../lib/portal.mjs';

const health = name => `/v1/entities/component/default/${name}/docs-health`;

let page;
let close;
let api;
let token;
let stopDemo;

before(async () => {
  ({ get: api, token } = await createApi());
  stopDemo = startDemo();
  ({ page, close } = await openSignedInPage());
});

after(async () => {
  await close?.();
  await stopDemo?.();
});

test('the demo has fresh, overdue and incomplete docs, each for its reason', async () => {
  const storefront = await api(health('storefront'));
  assert.equal(storefront.state, 'fresh', JSON.stringify(storefront));
  assert.equal(storefront.lastAudited, undefined);
  assert.equal(storefront.lastModified.source, 'file');
  assert.deepEqual(storefront.missingRequired, []);

  const payments = await api(health('payments'));
  assert.equal(payments.state, 'overdue', JSON.stringify(payments));
  assert.equal(payments.lastAudited.source, 'annotation');
  assert.equal(payments.lastAudited.at, '2025-06-02T00:00:00.000Z');
  assert.equal(payments.intervalDays, 180);
  assert.equal(payments.intervalSource, 'entity');
  assert.match(
    payments.reasons[0],
    /review overdue by \d+ days \(last reviewed 2025-06-02, every 180 days\)/,
  );
  assert.deepEqual(payments.review, { allowed: true });

  const recommendations = await api(health('recommendations'));
  assert.equal(recommendations.state, 'incomplete');
  assert.deepEqual(recommendations.missingRequired, ['Runbook', 'Dashboard']);
  // The guest is not in team-discovery.
  assert.equal(recommendations.review.allowed, false);
  assert.match(recommendations.review.reason, /team-discovery/);
});

test('orders is stale once traffic shows dependencies its last review did not', async () => {
  const orders = await eventually(
    'orders to be stale',
    () => api(health('orders')),
    h => h.state === 'stale',
    120_000,
  );
  assert.equal(orders.lastAudited.source, 'review');
  assert.equal(orders.lastAudited.by, 'user:default/guest');
  const [change] = orders.changes;
  assert.equal(change.aspect, 'dependencies');
  for (const callee of [
    'component:default/payments',
    'component:default/inventory',
  ]) {
    assert.ok(change.added.includes(callee), JSON.stringify(change));
  }
  assert.match(orders.label, /^Stale: dependencies changed$/);
  assert.match(
    orders.reasons.join('\n'),
    /observed dependencies changed: \+ .*payments/,
  );
});

test('a user outside the owning group cannot mark the docs reviewed', async () => {
  const response = await fetch(
    `${backendUrl}/api/ownership${health('recommendations')}/reviews`,
    {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: '{}',
    },
  );
  assert.equal(response.status, 403);
  const body = await response.json();
  assert.match(
    body.error.message,
    /Only members of group:default\/team-discovery/,
  );
  assert.equal((await api(health('recommendations'))).state, 'incomplete');
});

test('the owners were notified that payments is overdue', async () => {
  const notifications = await eventually(
    "the nudge about payments in the guest's notifications",
    () => api('/notifications?limit=50', 'notifications'),
    answer =>
      answer.notifications.some(
        n => n.payload.title === 'The docs of Payments are overdue for review',
      ),
    120_000,
  );
  const nudge = notifications.notifications.find(
    n => n.payload.title === 'The docs of Payments are overdue for review',
  );
  assert.equal(nudge.payload.link, '/catalog/default/component/payments');
  assert.equal(nudge.payload.topic, 'docs-health');
  assert.match(nudge.payload.description, /review overdue by \d+ days/);
});

test('the guest marks payments reviewed from the home page, and its badge turns fresh', async () => {
  await page.goto(appUrl);
  await page
    .getByText('Stale documentation', { exact: true })
    .first()
    .waitFor({ timeout: 60_000 });
  const rows = page.getByTestId('home-docs-row');
  await rows.first().waitFor({ timeout: 60_000 });
  // Most overdue first: payments (overdue by months) leads the guest's teams' list.
  assert.equal(
    await rows.first().getAttribute('data-entity-ref'),
    'component:default/payments',
  );
  const row = page.locator(
    '[data-testid="home-docs-row"][data-entity-ref="component:default/payments"]',
  );
  assert.match(await row.innerText(), /Overdue \d+ days/);
  await screenshot(page, 'home-stale-docs');
  await row.getByRole('button', { name: 'Mark Payments reviewed' }).click();
  await page
    .getByText('Payments marked as reviewed.')
    .first()
    .waitFor({ timeout: 30_000 });
  await row
    .getByTestId('docs-health-badge')
    .filter({ hasText: 'Fresh' })
    .waitFor({ timeout: 10_000 });

  const payments = await api(health('payments'));
  assert.equal(payments.state, 'fresh');
  assert.equal(payments.lastAudited.source, 'review');
  assert.equal(payments.lastAudited.by, 'user:default/guest');

  await page.goto(`${appUrl}/catalog/default/component/payments`);
  // The badge shows "Docs health…" while it loads, then the state.
  const badge = page
    .locator('[data-testid="docs-health-badge"]:not([data-state="loading"])')
    .first();
  await badge.waitFor({ timeout: 60_000 });
  assert.equal((await badge.innerText()).trim(), 'Fresh');
  assert.equal(await badge.getAttribute('data-state'), 'fresh');
  await screenshot(page, 'payments-docs-fresh');
});
