// Runs after e2e/run.mjs restarted the portal on the same database: the review the guest recorded in
// tests/docs-health.test.mjs is still there, and payments' badge still says fresh.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openSignedInPage, screenshot } from '../lib/browser.mjs';
import { createApi } from '../lib/demo.mjs';
import { appUrl } from '../lib/portal.mjs';

let page;
let close;
let api;

before(async () => {
  ({ get: api } = await createApi());
  ({ page, close } = await openSignedInPage());
});

after(async () => {
  await close?.();
});

test("payments' review survived the restart", async () => {
  const payments = await api(
    '/v1/entities/component/default/payments/docs-health',
  );
  assert.equal(payments.state, 'fresh', JSON.stringify(payments));
  assert.equal(payments.lastAudited.source, 'review');
  assert.equal(payments.lastAudited.by, 'user:default/guest');

  await page.goto(`${appUrl}/catalog/default/component/payments`);
  // The badge shows "Docs health…" while it loads, then the state.
  const badge = page
    .locator('[data-testid="docs-health-badge"]:not([data-state="loading"])')
    .first();
  await badge.waitFor({ timeout: 90_000 });
  assert.equal((await badge.innerText()).trim(), 'Fresh');
  assert.equal(await badge.getAttribute('data-state'), 'fresh');
  await screenshot(page, 'payments-docs-fresh-after-restart');
});
