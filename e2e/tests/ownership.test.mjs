// The Ownership tab in a real browser: the summary of `orders`, the located error of `shipping`'s
// malformed annotation (also in the catalog's own processing-errors panel), the empty state of
// `recommendations`, and a team's owned entities.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openSignedInPage, screenshot } from '../lib/browser.mjs';
import { appUrl } from '../lib/portal.mjs';

let page;
let close;

before(async () => {
  ({ page, close } = await openSignedInPage());
});

after(async () => {
  await close?.();
});

test('the home page is a customizable grid', async () => {
  await page.goto(appUrl);
  await page.getByText('Starred Entities').first().waitFor();
  await page.getByRole('button', { name: 'Edit' }).waitFor();
  await screenshot(page, 'home');
});

test('the Ownership tab of orders shows its owner and annotations', async () => {
  await page.goto(`${appUrl}/catalog`);
  const link = page.getByRole('link', { name: 'Orders', exact: true }).first();
  await link.click();
  await page.waitForURL(/\/catalog\/default\/component\/orders/);
  await page.getByRole('tab', { name: 'Ownership' }).click();
  await page.waitForURL(/\/catalog\/default\/component\/orders\/ownership/);

  const main = page.locator('main');
  await main.getByText('Trace services', { exact: true }).waitFor();
  await screenshot(page, 'orders-ownership');

  // The owner, linked and shown by its title (team-checkout is titled "Checkout").
  await main
    .locator('dd')
    .getByRole('link', { name: 'Checkout' })
    .first()
    .waitFor();
  await main.getByText('place_order', { exact: true }).first().waitFor();
  await main.getByText('Every 90 days').waitFor();
  await main
    .locator('dd')
    .getByText(/^2026-09-30 \(/)
    .waitFor();
  const annotationsTable = main.locator('table').first();
  for (const key of [
    'service-ownership.io/service-name',
    'service-ownership.io/signal-operations',
    'service-ownership.io/last-audited',
    'service-ownership.io/audit-interval',
  ]) {
    await annotationsTable.getByText(key, { exact: true }).waitFor();
  }
  assert.equal(await main.getByText('Valid', { exact: true }).count(), 4);
  assert.equal(await main.getByText(/Malformed annotation/).count(), 0);
});

test('a malformed annotation shows a located error on the Ownership tab and in the catalog processing errors', async () => {
  await page.goto(`${appUrl}/catalog/default/component/shipping/ownership`);
  const main = page.locator('main');
  await main
    .getByText('Error: Malformed annotation service-ownership.io/last-audited')
    .waitFor();
  await main
    .getByText('metadata.annotations["service-ownership.io/last-audited"]', {
      exact: true,
    })
    .waitFor();
  await main
    .getByText(/"2026-31-10" is not a valid date/)
    .first()
    .waitFor();
  await main.getByText('Invalid', { exact: true }).waitFor();
  await screenshot(page, 'shipping-ownership');

  // The same problem, through the catalog's own error reporting, on the Overview tab.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await main
    .getByText(
      /metadata\.annotations\["service-ownership\.io\/last-audited"\]: "2026-31-10" is not a valid date.*\(at file:.*examples\/shop\.yaml\)/,
    )
    .filter({ visible: true })
    .first()
    .waitFor();
  await screenshot(page, 'shipping-overview');
});

test('an entity without our annotations shows the missing-annotation empty state', async () => {
  await page.goto(
    `${appUrl}/catalog/default/component/recommendations/ownership`,
  );
  const main = page.locator('main');
  await main.getByText('Missing Annotation').waitFor();
  await main
    .getByText(/service-ownership\.io\/service-name/)
    .first()
    .waitFor();
});

test('a team lists what it owns with the state of its annotations', async () => {
  await page.goto(`${appUrl}/catalog/default/group/team-fulfilment/ownership`);
  const main = page.locator('main');
  await main.getByText(/^Owned entities \(\d+\)$/).waitFor();
  await main
    .getByRole('link', { name: /shipping/i })
    .first()
    .waitFor();
  await main.getByText('1 malformed annotation').waitFor();
  await screenshot(page, 'team-fulfilment-ownership');
});
