// Dynamic alert delivery on live demo traffic, in a real browser: with the payment provider timing out, an
// Alertmanager alert on orders' place_order is routed by walking its failing traces (through payments' call
// that gives up at its deadline) to the owner of the payment provider, team-payments, and shows
// up in the notifications of its members (the guest is one) with the explanation; the notification opens the
// routing decision. A replay of the window where inventory's database hangs routes to team-fulfilment.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  resetDemoFailures,
  setDemoFailures,
} from '../../packages/demo-services/src/failures.mjs';
import { openSignedInPage, screenshot } from '../lib/browser.mjs';
import { createApi, eventually, startDemo } from '../lib/demo.mjs';
import { appUrl, backendUrl } from '../lib/portal.mjs';

/** The demo's static token for the alert intake (app-config.yaml, backend.auth.externalAccess). */
const ALERT_TOKEN = 'demo-alert-intake-token-change-me';

let page;
let close;
let stopDemo;
let api;
let token;

async function post(route, body, bearer) {
  const response = await fetch(`${backendUrl}/api/ownership${route}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${bearer}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const dryRun = async (query = '') => {
  const { status, body } = await post(
    `/v1/alerts/dry-run${query}`,
    { operation: 'place_order', service: 'orders' },
    token,
  );
  assert.equal(status, 200, JSON.stringify(body));
  return body.results[0];
};

/** An Alertmanager v4 webhook as Alertmanager sends it for a rule on spanmetrics of place_order. */
function alertmanagerPayload(startsAt, fingerprint) {
  return {
    version: '4',
    groupKey: `{}:{alertname="PlaceOrderErrors"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'service-ownership',
    groupLabels: { alertname: 'PlaceOrderErrors' },
    commonLabels: { alertname: 'PlaceOrderErrors', severity: 'page' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    notification_reason: 'first notification',
    alerts: [
      {
        status: 'firing',
        labels: {
          alertname: 'PlaceOrderErrors',
          severity: 'page',
          service_name: 'orders',
          span_name: 'place_order',
        },
        annotations: { summary: 'place_order error ratio above 20 %' },
        startsAt,
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example:9090/graph',
        fingerprint,
      },
    ],
  };
}

before(async () => {
  ({ get: api, token } = await createApi());
  stopDemo = startDemo();
  ({ page, close } = await openSignedInPage());
});

after(async () => {
  await resetDemoFailures().catch(() => undefined);
  await close?.();
  await stopDemo?.();
});

test('an Alertmanager alert on place_order reaches the owner of payments, with the explanation', async () => {
  await eventually(
    'place_order traces in the store',
    () => dryRun(),
    result => result.decision?.tracesExamined > 0,
    120_000,
  );
  const forcedAt = new Date();
  await setDemoFailures({ DEMO_PSP_TIMEOUT_RATE: 1 });
  // Payments gives up on the provider after 1.5 s; wait until the newest failing traces (the ones walked) are
  // mostly those, rather than earlier failures of other kinds.
  const preview = await eventually(
    'failing place_order traces ending at the payment provider',
    () => dryRun(),
    result =>
      result.decision?.method === 'traces' &&
      result.decision.target?.ownerRef === 'group:default/team-payments' &&
      result.decision.confidence >= 0.8 &&
      result.decision.failingTraces >= 20,
    120_000,
  );
  assert.equal(preview.decision.culprit.service, 'payments');

  const fingerprint = `e2e${Date.now().toString(16)}`;
  const payload = alertmanagerPayload(forcedAt.toISOString(), fingerprint);
  const intake = await post('/v1/alerts', payload, ALERT_TOKEN);
  assert.equal(intake.status, 202, JSON.stringify(intake.body));
  assert.deepEqual(
    { accepted: intake.body.accepted, duplicates: intake.body.duplicates },
    { accepted: 1, duplicates: 0 },
  );
  // Alertmanager's repeat of the same notification is ignored.
  const repeat = await post('/v1/alerts', payload, ALERT_TOKEN);
  assert.equal(repeat.body.duplicates, 1);
  // A user token cannot page anyone.
  assert.equal((await post('/v1/alerts', payload, token)).status, 403);

  const [id] = intake.body.ids;
  const record = await eventually(
    'the alert routed',
    () => api(`/v1/alerts/${id}`),
    r => r.state !== 'pending',
  );
  assert.equal(record.state, 'routed', JSON.stringify(record));
  const { decision } = record;
  assert.equal(decision.method, 'traces');
  assert.equal(decision.target.ownerRef, 'group:default/team-payments');
  assert.equal(decision.culprit.service, 'payments');
  assert.equal(decision.culprit.peer, 'psp.example.net');
  assert.ok(decision.confidence >= 0.8, `confidence ${decision.confidence}`);
  // The walk went orders → payments and ended on payments' call to the provider (aborted at its deadline).
  const steps = decision.examplePath.steps;
  assert.equal(steps[0].service, 'orders');
  assert.equal(steps.at(-1).service, 'payments');
  assert.equal(steps.at(-1).kind, 'client');
  assert.equal(record.onCall.groupRef, 'group:default/team-payments');
  assert.ok(record.onCall.people.length > 0, JSON.stringify(record.onCall));
  assert.deepEqual(
    record.deliveries.map(d => [d.channel, d.status]),
    [['notifications', 'sent']],
  );

  // The guest is a member of team-payments: the notification is in their inbox, with the explanation.
  await page.goto(`${appUrl}/notifications`);
  const title =
    'PlaceOrderErrors: orders place_order fails in payments → psp.example.net';
  const notification = page.getByText(title).first();
  await notification.waitFor();
  const row = page.locator('tr', { has: page.getByText(title) }).first();
  // The inbox shortens long descriptions behind "Show more".
  const more = row.getByText('Show more');
  if ((await more.count()) > 0) await more.first().click();
  const text = await row.innerText();
  assert.match(text, /routed to group:default\/team-payments/);
  assert.match(text, /Path: orders place_order → .*payments/);
  assert.match(text, /On call: /);
  await screenshot(page, 'alert-routing-notification');

  // The notification opens the routing decision.
  await notification.click();
  await page.waitForURL(`**/service-ownership/alerts/${id}`);
  const routedTo = page.getByTestId('alert-routed-to');
  await routedTo.waitFor();
  assert.match(await routedTo.innerText(), /Payments|team-payments/);
  assert.ok((await page.getByTestId('alert-path-step').count()) >= 2);
  await screenshot(page, 'alert-routing-decision');
});

test('replaying the window where inventory’s database hangs routes to its owner', async () => {
  await resetDemoFailures();
  const from = new Date();
  await setDemoFailures({ DEMO_DB_HANG_RATE: 1 });
  const result = await eventually(
    'failing place_order traces ending at inventory’s database',
    () =>
      dryRun(
        `?from=${from.toISOString()}&to=${new Date(
          Date.now() + 1000,
        ).toISOString()}`,
      ),
    r =>
      r.decision?.method === 'traces' &&
      r.decision.target?.ownerRef === 'group:default/team-fulfilment' &&
      r.decision.failingTraces >= 10,
    120_000,
  );
  assert.equal(result.decision.culprit.service, 'inventory');
  assert.equal(result.window.from, from.toISOString());
  await resetDemoFailures();
});
