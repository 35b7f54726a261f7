// Smoke test of the demo shop: starts a fake OTLP collector (which answers 503, then 401, for the first seconds to
// exercise the exporters' failure handling, then checks the bearer token), runs the launcher against it for ~15 s at
// a high rate with raised failure rates, stops it with SIGTERM, and checks what arrived: the six service names, the
// place_order SERVER span, the PRODUCER → CONSUMER link, peer.service=psp.example.net, the DB CLIENT span, error
// spans, the DB timeout that leaves its own span without an error status, both encodings, and that no process or
// port is left behind. While it runs, it also drives the failure control (/demo/failures, failures.mjs): raises
// DEMO_RECOMMENDATIONS_ERROR_RATE to 1 for a few seconds (every recommendations call must fail), checks the
// validation and DEMO_FAILURE_SCALE, resets, and checks that the startup values are back and that the control
// requests left no spans. Exits 0 when everything holds, 1 with the list of failed checks otherwise.
//
// Usage: node packages/demo-services/src/smoke.mjs    (SMOKE_SECONDS and SMOKE_PORT_BASE override the defaults;
// SMOKE_DUMP=<file> writes the decoded spans there as JSON)
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FAILURE_CONTROL_PATH,
  FAILURE_CONTROL_PROCESSES,
  loadConfig,
  PEERS,
  PSP_PEER_SERVICE,
  SERVICES,
} from './config.mjs';
import {
  SPAN_KIND,
  STATUS_CODE,
  startFakeCollector,
} from './fake-collector.mjs';
import { resetDemoFailures, setDemoFailures } from './failures.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RUN_SECONDS = Number(process.env.SMOKE_SECONDS || 15);
const PORT_BASE = Number(process.env.SMOKE_PORT_BASE || 7111);
const TOKEN = 'smoke-test-token';
const JSON_SERVICES = ['recommendations', 'orders', 'shipping'];

/** @param {string} message */
const say = message => console.log(`smoke: ${message}`);
/** @param {number} ms */
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function portInUse(port) {
  return new Promise(resolve => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * True while some process of the group exists.
 * @param {number} pgid
 */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Run

const collector = await startFakeCollector({
  token: TOKEN,
  unavailableMs: 2000,
  unauthorizedMs: 2000,
});
say(
  `fake collector on http://127.0.0.1:${collector.port} (503 for 2 s, then 401 for 2 s, then token checked)`,
);

/** @type {NodeJS.ProcessEnv} */
const launcherEnv = {
  ...process.env,
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}/api/ownership`,
  OWNERSHIP_OTLP_TOKEN: TOKEN,
  DEMO_SERVICES_PORT_BASE: String(PORT_BASE),
  DEMO_OTLP_JSON_SERVICES: JSON_SERVICES.join(','),
  DEMO_RATE: '25',
  DEMO_PAGE_VIEW_RATE: '25',
  DEMO_SUMMARY_INTERVAL_S: '5',
  DEMO_DURATION_S: '0',
  // The fake collector answers 503, then 401 on purpose: traffic must start at once.
  DEMO_WAIT_FOR_HEALTH: 'off',
  DEMO_DOCS_STORY: 'off',
  DEMO_FAILURE_SCALE: '1',
  DEMO_PAYMENT_DECLINE_RATE: '0.08',
  DEMO_PSP_TIMEOUT_RATE: '0.05',
  DEMO_PSP_TIMEOUT_MS: '1500',
  DEMO_SLOW_QUERY_RATE: '0.1',
  DEMO_DB_HANG_RATE: '0.08',
  DEMO_DB_TIMEOUT_MS: '800',
  DEMO_OUT_OF_STOCK_RATE: '0.05',
  DEMO_SHIPPING_FAILURE_RATE: '0.1',
  DEMO_RECOMMENDATIONS_ERROR_RATE: '0.05',
};
const launcher = spawn(process.execPath, [path.join(here, 'start.mjs')], {
  detached: true, // its own process group, so that everything it started can be found (and killed) afterwards
  stdio: ['ignore', 'pipe', 'pipe'],
  env: launcherEnv,
});
let output = '';
/**
 * Echoes a stream of the launcher line by line (indented) and keeps it in `output`.
 * @param {import('node:stream').Readable} stream
 */
function echo(stream) {
  let partial = '';
  stream.on('data', chunk => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      output += `${line}\n`;
      console.log(`  | ${line}`);
    }
  });
}
echo(launcher.stdout);
echo(launcher.stderr);
/** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
const launcherExit = new Promise(resolve =>
  launcher.once('exit', (code, signal) => resolve({ code, signal })),
);

// ---------------------------------------------------------------------------------------------------------------
// Failure control, while the demo runs

/** How long every recommendations call must fail (DEMO_RECOMMENDATIONS_ERROR_RATE=1). */
const FAILING_MS = 2500;
/** Traffic kept after the reset, to see the startup rate at work again. */
const AFTER_RESET_MS = 2000;
/** Margin around the failing window: a recommendations call draws its failure ~15 ms after its span starts. */
const MARGIN_MS = 400;

let launcherRunning = true;
launcherExit.then(() => {
  launcherRunning = false;
});

/**
 * @typedef {object} ControlOutcome
 * @property {[boolean, string][]} checks checked while the demo ran
 * @property {number} [failingFrom] when DEMO_RECOMMENDATIONS_ERROR_RATE=1 was in force everywhere (ms since epoch)
 * @property {number} [failingUntil] when the reset was sent
 * @property {number} [resetAt] when every process had answered the reset
 */
/** @type {ControlOutcome} */
const control = { checks: [] };
/**
 * @param {boolean} ok
 * @param {string} description
 */
const controlCheck = (ok, description) =>
  control.checks.push([ok, description]);

/**
 * Calls a URL and returns its status and parsed JSON body (status 0 when it did not answer).
 * @param {string} url
 * @param {RequestInit} [init]
 * @returns {Promise<{ status: number, body: any }>}
 */
async function call(url, init = {}) {
  try {
    const response = await fetch(url, {
      ...init,
      signal: AbortSignal.timeout(3000),
    });
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: response.status, body };
  } catch {
    return { status: 0, body: undefined };
  }
}

/**
 * Runs the command line of failures.mjs against the demo's ports.
 * @param {string[]} args
 * @returns {Promise<{ code: number | null, output: string }>}
 */
function runFailuresCli(args) {
  return new Promise(resolve => {
    const child = spawn(
      process.execPath,
      [path.join(here, 'failures.mjs'), ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DEMO_SERVICES_PORT_BASE: String(PORT_BASE) },
      },
    );
    let text = '';
    child.stdout.on('data', chunk => (text += chunk));
    child.stderr.on('data', chunk => (text += chunk));
    child.once('exit', code => resolve({ code, output: text }));
  });
}

/**
 * Raises DEMO_RECOMMENDATIONS_ERROR_RATE to 1 once spans are accepted by the collector (so that the failing
 * window's spans arrive), checks the control routes, resets after FAILING_MS. Never rejects.
 */
async function driveFailureControl() {
  const deadline = Date.now() + 40_000;
  while (
    launcherRunning &&
    Date.now() < deadline &&
    collector.stats.protobufRequests + collector.stats.jsonRequests === 0
  ) {
    await sleep(100);
  }
  if (!launcherRunning || Date.now() >= deadline) {
    controlCheck(false, 'failure control: the demo was not running');
    return;
  }
  const portEnv = { DEMO_SERVICES_PORT_BASE: String(PORT_BASE) };
  const urls = loadConfig(launcherEnv).urls;
  const recommendationsUrl = `${urls.recommendations}/recommendations`;
  const startup = loadConfig(launcherEnv).failureOptions;
  try {
    const raised = await setDemoFailures(
      { DEMO_RECOMMENDATIONS_ERROR_RATE: 1 },
      portEnv,
    );
    control.failingFrom = Date.now();
    controlCheck(
      raised.length === FAILURE_CONTROL_PROCESSES.length &&
        raised.every(
          answer =>
            answer.state?.effective.DEMO_RECOMMENDATIONS_ERROR_RATE === 1,
        ),
      `failure control: PUT ${FAILURE_CONTROL_PATH} {"DEMO_RECOMMENDATIONS_ERROR_RATE": 1} applied in ${
        raised.length
      } processes (${raised.map(answer => answer.process).join(', ')})`,
    );
    const direct = await Promise.all(
      Array.from({ length: 10 }, () => call(recommendationsUrl)),
    );
    controlCheck(
      direct.every(answer => answer.status === 500),
      `failure control: 10 direct GET /recommendations all answered 500 (${direct
        .map(answer => answer.status)
        .join(' ')})`,
    );

    const pspControl = `${urls.psp}${FAILURE_CONTROL_PATH}`;
    const put = (/** @type {string} */ url, /** @type {unknown} */ body) =>
      call(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const unknown = await put(pspControl, { DEMO_NO_SUCH_RATE: 1 });
    controlCheck(
      unknown.status === 400 &&
        /unknown failure option DEMO_NO_SUCH_RATE/.test(unknown.body?.error),
      `failure control: an unknown option is refused with 400 (${
        unknown.status
      } ${JSON.stringify(unknown.body?.error)?.slice(0, 60)}…)`,
    );
    const outOfRange = await put(pspControl, {
      DEMO_PAYMENT_DECLINE_RATE: 0.5,
      DEMO_PSP_TIMEOUT_RATE: 1.5,
    });
    const afterRefusal = await call(pspControl);
    controlCheck(
      outOfRange.status === 400 &&
        /DEMO_PSP_TIMEOUT_RATE=1.5 is not a rate between 0 and 1/.test(
          outOfRange.body?.error,
        ) &&
        afterRefusal.body?.effective?.DEMO_PAYMENT_DECLINE_RATE ===
          startup.DEMO_PAYMENT_DECLINE_RATE,
      `failure control: a rate above 1 is refused with 400 and nothing of the change applied (${
        outOfRange.status
      } ${JSON.stringify(outOfRange.body?.error)})`,
    );
    // Scaling on inventory, which applies no rate itself: the traffic is not affected.
    const scaled = await put(`${urls.inventory}${FAILURE_CONTROL_PATH}`, {
      DEMO_FAILURE_SCALE: 4,
    });
    const effective = scaled.body?.effective ?? {};
    controlCheck(
      scaled.status === 200 &&
        effective.DEMO_SHIPPING_FAILURE_RATE === 0.4 &&
        effective.DEMO_RECOMMENDATIONS_ERROR_RATE === 1 &&
        effective.DEMO_PSP_TIMEOUT_MS === 1500,
      `failure control: DEMO_FAILURE_SCALE=4 multiplies the configured rates, capped at 1, not the timeouts (${JSON.stringify(
        effective,
      )})`,
    );
    const shown = await runFailuresCli(['--show']);
    controlCheck(
      shown.code === 0 &&
        /recommendations .*DEMO_RECOMMENDATIONS_ERROR_RATE=1 \(was 0\.05\)/.test(
          shown.output,
        ),
      `failure control: failures.mjs --show exits 0 and prints the raised rate (exit ${shown.code})`,
    );

    await sleep(Math.max(0, control.failingFrom + FAILING_MS - Date.now()));
    control.failingUntil = Date.now();
    const reset = await resetDemoFailures(portEnv);
    control.resetAt = Date.now();
    controlCheck(
      reset.length === FAILURE_CONTROL_PROCESSES.length &&
        reset.every(
          answer =>
            JSON.stringify(answer.state?.configured) ===
              JSON.stringify(startup) &&
            answer.state?.effective.DEMO_RECOMMENDATIONS_ERROR_RATE === 0.05 &&
            answer.state?.effective.DEMO_SHIPPING_FAILURE_RATE === 0.1,
        ),
      `failure control: DELETE ${FAILURE_CONTROL_PATH} restores the startup values in every process`,
    );
    const afterReset = await Promise.all(
      Array.from({ length: 20 }, () => call(recommendationsUrl)),
    );
    controlCheck(
      afterReset.some(answer => answer.status === 200),
      `failure control: after the reset, direct GET /recommendations succeed again (${
        afterReset.filter(answer => answer.status === 200).length
      }/20 answered 200)`,
    );
  } catch (error) {
    controlCheck(
      false,
      `failure control: ${/** @type {Error} */ (error).message}`,
    );
  }
  await sleep(AFTER_RESET_MS);
}

say(`launcher started (pid ${launcher.pid}); running for ${RUN_SECONDS} s`);
const early = await Promise.race([
  launcherExit,
  Promise.all([sleep(RUN_SECONDS * 1000), driveFailureControl()]).then(
    () => undefined,
  ),
]);
if (!early) launcher.kill('SIGTERM');
const exit = await Promise.race([
  launcherExit,
  sleep(20_000).then(() => undefined),
]);
await sleep(500);
const leftovers = launcher.pid !== undefined && groupAlive(launcher.pid);
if (launcher.pid !== undefined && leftovers) {
  process.kill(-launcher.pid, 'SIGKILL');
}
const busyPorts = [];
for (
  let port = PORT_BASE;
  port < PORT_BASE + SERVICES.length + PEERS.length;
  port++
) {
  if (await portInUse(port)) busyPorts.push(port);
}
await collector.close();
// With the demo gone, the command line must name every process that does not answer.
const unanswered = await runFailuresCli(['--show']);

// ---------------------------------------------------------------------------------------------------------------
// Checks

const { spans, stats } = collector;
if (process.env.SMOKE_DUMP) {
  fs.writeFileSync(process.env.SMOKE_DUMP, JSON.stringify(spans, null, 1));
  say(`spans written to ${process.env.SMOKE_DUMP}`);
}
/** @type {string[]} */
const failures = [];
/**
 * @param {boolean} ok
 * @param {string} description
 */
const check = (ok, description) => {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${description}`);
  if (!ok) failures.push(description);
};
const byId = new Map(spans.map(span => [span.spanId, span]));
const seen = new Set(spans.map(span => span.service));
const count = (/** @type {(span: any) => boolean} */ predicate) =>
  spans.filter(predicate).length;

say(
  `collector: ${stats.requests} requests (${stats.protobufRequests} protobuf + ${stats.jsonRequests} JSON accepted, ` +
    `${stats.rejected503} answered 503, ${stats.rejected401} answered 401, ${stats.undecodable} undecodable), ` +
    `${spans.length} spans`,
);
for (const service of SERVICES) {
  const own = spans.filter(span => span.service === service);
  const errors = own.filter(span => span.status.code === STATUS_CODE.ERROR);
  const encodings = [...new Set(own.map(span => span.encoding))].join('+');
  say(
    `  ${service.padEnd(16)} ${String(own.length).padStart(5)} spans, ${String(
      errors.length,
    ).padStart(4)} errors (${encodings || 'none'})`,
  );
}
console.log('');

check(
  early === undefined && exit !== undefined && exit.code === 0,
  `launcher ran until stopped and exited 0 on SIGTERM (${
    early
      ? `exited early: ${JSON.stringify(early)}`
      : `exit ${JSON.stringify(exit)}`
  })`,
);
check(!leftovers, 'no process of the launcher’s group left after it exited');
check(
  busyPorts.length === 0,
  `all ports ${PORT_BASE}–${PORT_BASE + 7} released${
    busyPorts.length ? ` (busy: ${busyPorts.join(', ')})` : ''
  }`,
);
const startedLines = output.match(/^demo: started /gm)?.length ?? 0;
check(
  startedLines === 8,
  `launcher printed one line per started process (${startedLines}/8)`,
);
check(
  /^demo: last 5s: /m.test(output),
  'launcher printed periodic summary lines',
);
check(
  stats.rejected503 > 0 && stats.rejected401 > 0,
  'exporters met 503 and 401 answers (and nothing crashed, see the launcher exit)',
);
check(
  /OTLP export to .* failed/.test(output) && /works again/.test(output),
  'export failures were logged, then the recovery',
);
check(
  stats.badToken === 0,
  `every export carried "Authorization: Bearer ${TOKEN}"`,
);
check(
  [...stats.paths].every(p => p === '/api/ownership/v1/traces'),
  `exports went to /api/ownership/v1/traces (${[...stats.paths].join(', ')})`,
);
check(
  stats.protobufRequests > 0,
  `http/protobuf requests received (${stats.protobufRequests})`,
);
check(
  stats.jsonRequests > 0,
  `http/json requests received (${stats.jsonRequests})`,
);
check(stats.undecodable === 0, 'every accepted request decoded');
check(
  SERVICES.every(service => seen.has(service)),
  `all six service names seen (${[...seen].sort().join(', ')})`,
);
check(
  spans.every(span => span.resource['service.namespace'] === undefined),
  'service.namespace is unset everywhere',
);
check(
  SERVICES.every(service =>
    spans
      .filter(span => span.service === service)
      .every(
        span =>
          span.encoding ===
          (JSON_SERVICES.includes(service) ? 'json' : 'protobuf'),
      ),
  ),
  `${JSON_SERVICES.join(', ')} exported http/json, the others http/protobuf`,
);

const placeOrders = spans.filter(
  span =>
    span.service === 'orders' &&
    span.name === 'place_order' &&
    span.kind === SPAN_KIND.SERVER,
);
check(
  placeOrders.length > 0,
  `place_order SERVER spans in orders (${placeOrders.length})`,
);
check(
  placeOrders.length > 0 &&
    placeOrders.every(span => span.attributes['http.route'] === '/orders'),
  'place_order spans carry http.route=/orders',
);
check(
  placeOrders.some(span => span.status.code === STATUS_CODE.ERROR),
  `some place_order spans in error (${
    placeOrders.filter(span => span.status.code === STATUS_CODE.ERROR).length
  })`,
);

const producers = spans.filter(
  span =>
    span.service === 'orders' &&
    span.kind === SPAN_KIND.PRODUCER &&
    span.attributes['messaging.system'] === 'kafka' &&
    span.attributes['messaging.destination.name'] === 'order-events' &&
    span.attributes['messaging.operation.type'] === 'send',
);
const consumers = spans.filter(
  span =>
    span.service === 'shipping' &&
    span.kind === SPAN_KIND.CONSUMER &&
    span.name === 'order-events process',
);
// Spans rejected during the simulated outage are lost, so only pairs whose PRODUCER arrived can be checked.
const producerByTrace = new Map(producers.map(span => [span.traceId, span]));
const checkable = consumers.filter(span => producerByTrace.has(span.traceId));
const linked = checkable.filter(
  consumer =>
    consumer.parentSpanId === producerByTrace.get(consumer.traceId)?.spanId,
);
check(
  producers.length > 0,
  `PRODUCER spans in orders with messaging.* (${producers.length})`,
);
check(
  consumers.length > 0,
  `CONSUMER spans "order-events process" in shipping (${consumers.length})`,
);
check(
  linked.length > 0 && linked.length === checkable.length,
  `CONSUMER spans whose parentSpanId is the spanId of the PRODUCER span of their trace (${linked.length}/${checkable.length})`,
);
check(
  consumers.some(span => span.status.code === STATUS_CODE.ERROR),
  'some shipping CONSUMER spans in error',
);
check(
  producers.every(
    producer => byId.get(producer.parentSpanId)?.name === 'place_order',
  ) &&
    !spans.some(
      span =>
        span.kind === SPAN_KIND.CLIENT &&
        byId.get(span.parentSpanId)?.kind === SPAN_KIND.PRODUCER,
    ),
  'PRODUCER spans are children of place_order, and the delivery hop to shipping is not traced',
);

const pspClients = spans.filter(
  span =>
    span.service === 'payments' &&
    span.kind === SPAN_KIND.CLIENT &&
    span.attributes['peer.service'] === PSP_PEER_SERVICE,
);
check(
  pspClients.length > 0,
  `payments CLIENT spans with peer.service=${PSP_PEER_SERVICE} (${pspClients.length})`,
);
check(
  pspClients.some(
    span =>
      span.status.code === STATUS_CODE.ERROR &&
      span.attributes['http.response.status_code'] === 402,
  ),
  'declines: psp 402 makes the payments CLIENT span an error',
);
check(
  placeOrders.some(
    span =>
      span.status.code === STATUS_CODE.ERROR &&
      span.status.message === 'payment declined',
  ),
  'declines: place_order in error with message "payment declined" (HTTP 402)',
);
check(
  pspClients.some(
    span =>
      span.status.code === STATUS_CODE.ERROR &&
      span.attributes['error.type'] === 'TimeoutError',
  ),
  'psp timeouts: payments CLIENT span in error with error.type=TimeoutError',
);

const dbSpans = spans.filter(
  span =>
    span.service === 'inventory' &&
    span.kind === SPAN_KIND.CLIENT &&
    span.name === 'SELECT inventory' &&
    span.attributes['db.system.name'] === 'postgresql' &&
    span.attributes['db.namespace'] === 'inventory' &&
    span.attributes['server.address'] === 'inventory-db' &&
    typeof span.attributes['db.query.text'] === 'string',
);
check(
  dbSpans.length > 0,
  `DB CLIENT spans "SELECT inventory" with db.system.name etc. (${dbSpans.length})`,
);
const silentTimeouts = dbSpans.filter(span => {
  const parent = byId.get(span.parentSpanId);
  return (
    span.status.code === STATUS_CODE.UNSET &&
    parent?.kind === SPAN_KIND.SERVER &&
    parent.status.code === STATUS_CODE.ERROR &&
    parent.attributes['http.response.status_code'] === 504
  );
});
check(
  silentTimeouts.length > 0,
  `DB timeouts: DB span without error status under an inventory 504 server span in error (${silentTimeouts.length})`,
);
check(
  dbSpans.every(span => span.status.code !== STATUS_CODE.ERROR),
  'no DB span in error (timeouts leave the status unset)',
);
const errorSpans = count(span => span.status.code === STATUS_CODE.ERROR);
check(errorSpans > 0, `error spans present (${errorSpans})`);

for (const [ok, description] of control.checks) check(ok, description);
const recommendationSpans = spans.filter(
  span =>
    span.service === 'recommendations' &&
    span.kind === SPAN_KIND.SERVER &&
    span.name === 'GET /recommendations',
);
const { failingFrom, failingUntil, resetAt } = control;
if (
  failingFrom !== undefined &&
  failingUntil !== undefined &&
  resetAt !== undefined
) {
  const whileFailing = recommendationSpans.filter(
    span =>
      span.startTimeMs >= failingFrom + MARGIN_MS &&
      span.startTimeMs <= failingUntil - MARGIN_MS,
  );
  check(
    whileFailing.length >= 10 &&
      whileFailing.every(span => span.status.code === STATUS_CODE.ERROR),
    `failure control: every recommendations SERVER span while the rate was 1 is in error (${
      whileFailing.filter(span => span.status.code === STATUS_CODE.ERROR).length
    }/${whileFailing.length})`,
  );
  const afterReset = recommendationSpans.filter(
    span => span.startTimeMs >= resetAt + MARGIN_MS,
  );
  check(
    afterReset.some(span => span.status.code !== STATUS_CODE.ERROR),
    `failure control: after the reset, recommendations SERVER spans succeed again (${
      afterReset.filter(span => span.status.code !== STATUS_CODE.ERROR).length
    }/${afterReset.length})`,
  );
}
const controlSpans = spans.filter(span =>
  [span.name, span.attributes['url.path'], span.attributes['http.route']].some(
    value => String(value ?? '').includes(FAILURE_CONTROL_PATH),
  ),
);
check(
  controlSpans.length === 0,
  `failure control requests left no spans (${controlSpans.length})`,
);
const named =
  /did not answer or refused: (.*)/.exec(unanswered.output)?.[1].split(', ') ??
  [];
check(
  unanswered.code === 1 &&
    FAILURE_CONTROL_PROCESSES.every(name => named.includes(name)),
  `failures.mjs --show exits 1 and names every process when the demo is down (exit ${
    unanswered.code
  }; named: ${named.join(', ')})`,
);

console.log('');
if (failures.length > 0) {
  say(
    `FAILED: ${failures.length} check(s) failed:\n  - ${failures.join(
      '\n  - ',
    )}`,
  );
  process.exit(1);
}
say(`passed (${spans.length} spans checked)`);
process.exit(0);
