// SLOs from traces on live demo traffic, in a real browser: orders' SLOs on place_order (examples/shop.yaml)
// attain what the demo injects at its default failure rates; pushing the payment provider's timeouts up while
// the demo runs moves the burn-rate state within the short windows' time; the SLOs tab draws the latency
// chart with one dot per exemplar request, each opening its trace.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  resetDemoFailures,
  setDemoFailures,
} from '../../packages/demo-services/src/failures.mjs';
import { openSignedInPage, screenshot } from '../lib/browser.mjs';
import { createApi, eventually, startDemo } from '../lib/demo.mjs';
import { appUrl } from '../lib/portal.mjs';

/**
 * place_order's failure ratio at the demo's default rates (packages/demo-services/README.md, "What the SLOs
 * see"): psp timeouts 0.02, declines 0.049, DB hangs 0.0186, slow queries past the DB timeout 0.0029, out of
 * stock 0.0335.
 */
const EXPECTED_FAILURE_RATIO = 0.124;

let page;
let close;
let stopDemo;
let api;

const slosOf = async () => api('/v1/entities/component/default/orders/slos');
const byName = (body, name) => body.slos.find(s => s.definition.name === name);

before(async () => {
  ({ get: api } = await createApi());
  stopDemo = startDemo();
  ({ page, close } = await openSignedInPage());
});

after(async () => {
  await resetDemoFailures().catch(() => undefined);
  await close?.();
  await stopDemo?.();
});

test('orders attains what the demo injects, and its budget matches', async () => {
  const body = await eventually(
    '400 place_order requests in the SLO window',
    slosOf,
    b => (byName(b, 'place-order-availability')?.total ?? 0) >= 400,
    120_000,
  );
  assert.deepEqual(body.problems, []);
  const availability = byName(body, 'place-order-availability');
  const failureRatio = 1 - availability.attainment;
  // Four standard deviations of a binomial ratio over this many requests (and at least 3 points).
  const tolerance = Math.max(
    0.03,
    4 *
      Math.sqrt(
        (EXPECTED_FAILURE_RATIO * (1 - EXPECTED_FAILURE_RATIO)) /
          availability.total,
      ),
  );
  assert.ok(
    Math.abs(failureRatio - EXPECTED_FAILURE_RATIO) <= tolerance,
    `place_order failed ${(failureRatio * 100).toFixed(1)} % of ${
      availability.total
    } requests; the demo injects ${EXPECTED_FAILURE_RATIO * 100} % (± ${(
      tolerance * 100
    ).toFixed(1)})`,
  );
  // The budget is the same counts against the 80 % objective.
  const bad = availability.total - availability.good;
  assert.equal(availability.budget.bad, bad);
  assert.ok(
    Math.abs(
      availability.budget.remaining - (1 - bad / (0.2 * availability.total)),
    ) < 1e-9,
  );
  assert.equal(availability.state, 'ok');
  assert.ok(availability.rowsRead <= 160, `${availability.rowsRead} rows`);
});

test('pushing the payment provider timeouts up moves the burn-rate state', async () => {
  await setDemoFailures({ DEMO_PSP_TIMEOUT_RATE: 1 });
  // Every order now waits 1.5 s for the provider and fails: the 5-minute window burns the latency budget (4 %)
  // 25×, above the page factor; the long windows still hold the healthy traffic before, so the state moves to
  // ticket (1× over 3 days and 6 hours) first, and to page once the 1-hour window burns above 14.4×.
  const body = await eventually(
    'a burning latency SLO',
    slosOf,
    b => {
      const latency = byName(b, 'place-order-latency');
      const availability = byName(b, 'place-order-availability');
      return (
        latency.burnWindows[0].burnRate > 14.4 &&
        ['ticket', 'page'].includes(latency.state) &&
        ['ticket', 'page'].includes(availability.state)
      );
    },
    180_000,
  );
  const latency = byName(body, 'place-order-latency');
  assert.equal(latency.firing.severity, latency.state);
  await resetDemoFailures();
});

test('the SLOs tab draws the latency chart with exemplar dots that open their trace', async () => {
  await page.goto(`${appUrl}/catalog/default/component/orders/slos`);
  const section = page
    .locator('[data-testid="slo-section"]')
    .filter({ hasText: 'place-order-latency' });
  await section.waitFor({ timeout: 60_000 });
  const chart = section.locator('[data-testid="slo-latency-chart"]');
  await chart.waitFor();
  const dots = chart.locator('[data-testid="slo-exemplar"]');
  await eventually(
    'exemplar dots',
    () => dots.count(),
    n => n > 0,
    60_000,
  );
  await section.getByLabel('Window', { exact: true }).selectOption('24h');
  await eventually(
    'dots over 24 hours',
    () => dots.count(),
    n => n > 0,
    60_000,
  );
  assert.ok(
    await section.locator('[data-testid="slo-budget-chart"]').isVisible(),
  );
  assert.ok(
    await section.locator('[data-testid="slo-error-chart"]').isVisible(),
  );
  await screenshot(page, 'slos-orders');
  // A failed request's dot: traces with errors are always kept whole (others are sampled).
  const dot = dots
    .filter({
      has: page.locator('xpath=self::*[contains(@aria-label, "(error)")]'),
    })
    .first();
  const failed = (await dot.count()) > 0 ? dot : dots.first();
  const href = await failed.getAttribute('data-href');
  const traceId = /([0-9a-f]{32})/.exec(href ?? '')?.[1];
  assert.ok(traceId, `the dot links to a trace: ${href}`);
  // Dots overlap where requests are close in time: open it from the keyboard, as a link.
  await failed.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(traceId));
  await page.getByText(traceId).first().waitFor({ timeout: 30_000 });
  await page.getByText('place_order').first().waitFor({ timeout: 30_000 });
  await screenshot(page, 'slos-trace');
});
