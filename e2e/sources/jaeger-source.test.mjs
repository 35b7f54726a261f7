// The example portal switched to reading traces from Jaeger (e2e/sources/app-config.sources.yaml, started by
// e2e/run.mjs with a fresh database): the demo traffic goes to a local stand-in for Jaeger
// (packages/demo-services/src/fake-jaeger.mjs), not to the portal, and the backend polls Jaeger's query API
// into its own store. The same widgets show the same dependencies; the Trace sources page shows the Jaeger
// source healthy and the Zipkin source that is down failing, with its error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openSignedInPage, screenshot } from '../lib/browser.mjs';
import { createApi, eventually, startDemo } from '../lib/demo.mjs';
import { appUrl } from '../lib/portal.mjs';

let page;
let close;
let api;
let stopDemo;

before(async () => {
  ({ get: api } = await createApi());
  stopDemo = startDemo({
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:16686',
    DEMO_WAIT_FOR_HEALTH: 'off',
  });
  ({ page, close } = await openSignedInPage());
});

after(async () => {
  await close?.();
  await stopDemo?.();
});

test('the backend polls Jaeger into its own store', async () => {
  const sources = await eventually(
    'the Jaeger source to have read spans',
    () => api('/v1/sources'),
    answer =>
      answer.traceSources.some(
        s =>
          s.id === 'jaeger-local' && s.status === 'ok' && s.lastPoll?.spans > 0,
      ),
    150_000,
  );
  const jaeger = sources.traceSources.find(s => s.id === 'jaeger-local');
  assert.equal(jaeger.type, 'jaeger');
  assert.equal(jaeger.kind, 'traces');
  assert.equal(jaeger.consecutiveFailures, 0);
  assert.ok(jaeger.lastPoll.traces > 0);
  // Nothing is sent to the portal's receiver: every span in the store came through the poller.
  assert.ok(sources.embedded.acceptedSpans > 0);
});

test('the Dependencies views show what Jaeger holds, as with the embedded store', async () => {
  await eventually(
    "storefront's calls to orders and recommendations, read from Jaeger",
    () => api('/v1/entities/component/default/storefront/dependencies'),
    answer =>
      ['component:default/orders', 'component:default/recommendations'].every(
        callee =>
          answer.edges.some(
            e => e.from === 'component:default/storefront' && e.to === callee,
          ),
      ),
    120_000,
  );
  await eventually(
    "orders' calls to payments and inventory, read from Jaeger",
    () => api('/v1/entities/component/default/orders/dependencies'),
    answer =>
      ['component:default/payments', 'component:default/inventory'].every(
        callee =>
          answer.edges.some(
            e => e.from === 'component:default/orders' && e.to === callee,
          ),
      ),
    120_000,
  );

  // The same tab as with the embedded store draws the same graph.
  await page.goto(
    `${appUrl}/catalog/default/component/storefront/dependencies`,
  );
  const nodes = page.locator('main [data-testid="dependency-node"]');
  await nodes.first().waitFor({ state: 'visible', timeout: 60_000 });
  const ids = await nodes.evaluateAll(elements =>
    elements.map(e => e.getAttribute('data-node-id')),
  );
  for (const id of [
    'component:default/storefront',
    'component:default/orders',
    'component:default/recommendations',
  ]) {
    assert.ok(ids.includes(id), `${id} in ${JSON.stringify(ids)}`);
  }
  await screenshot(page, 'storefront-dependencies-from-jaeger');
});

test('a source that is down is failing, with its error, on the Trace sources page', async () => {
  const sources = await eventually(
    'the Zipkin source to fail',
    () => api('/v1/sources'),
    answer =>
      answer.traceSources.some(
        s => s.id === 'zipkin-down' && s.status === 'failing',
      ),
    60_000,
  );
  const zipkin = sources.traceSources.find(s => s.id === 'zipkin-down');
  assert.match(
    zipkin.lastError,
    /Zipkin \(zipkin-down\) GET \/api\/v2\/services/,
  );
  assert.match(zipkin.lastError, /ECONNREFUSED/);

  await page.goto(`${appUrl}/service-ownership/sources`);
  const jaegerStatus = page.locator(
    '[data-testid="trace-source-status"][data-source-id="jaeger-local"]',
  );
  await jaegerStatus.waitFor({ timeout: 60_000 });
  assert.equal(await jaegerStatus.getAttribute('data-state'), 'ok');
  const zipkinStatus = page.locator(
    '[data-testid="trace-source-status"][data-source-id="zipkin-down"]',
  );
  assert.equal(await zipkinStatus.getAttribute('data-state'), 'failing');
  const error = page.locator(
    '[data-testid="trace-source-error-row"][data-source-id="zipkin-down"] [data-testid="trace-source-error"]',
  );
  assert.match(await error.innerText(), /ECONNREFUSED/);
  await screenshot(page, 'trace-sources');

  // Where the data is shown, a warning says a source is failing (the data read before is still served).
  await page.goto(
    `${appUrl}/catalog/default/component/storefront/dependencies`,
  );
  const banner = page.getByTestId('trace-sources-banner');
  await banner.waitFor({ timeout: 60_000 });
  assert.match(await banner.innerText(), /zipkin-down/);
});
