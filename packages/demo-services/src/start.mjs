// Launcher of the demo shop: starts the uninstrumented peers (psp, inventory-db) and the six instrumented services
// as child processes, waits until each listens, then runs the load generator against the storefront (checkouts and
// page views at the configured rates, one summary line every DEMO_SUMMARY_INTERVAL_S). Stops everything on
// SIGINT/SIGTERM (or after DEMO_DURATION_S); children also stop by themselves if the launcher dies (IPC disconnect).
//
// Usage: node packages/demo-services/src/start.mjs [--help]    (configuration: environment variables, see --help)
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV_OPTIONS, loadConfig, PEERS, SERVICES } from './config.mjs';
import { recordDocsStory } from './docs-story.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(
    'Usage: node packages/demo-services/src/start.mjs\n\n' +
      'Starts the demo shop (storefront, orders, payments, inventory, shipping, recommendations, plus the\n' +
      'uninstrumented psp and inventory-db peers) and sends traffic to it. Environment variables:\n',
  );
  for (const option of ENV_OPTIONS) {
    console.log(`  ${option.name} (default ${JSON.stringify(option.default)})`);
    console.log(`      ${option.description}`);
  }
  process.exit(0);
}

/** @param {string} message */
const say = message => console.log(`demo: ${message}`);

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(`demo: ${/** @type {Error} */ (error).message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes

/**
 * @typedef {object} Child
 * @property {string} name
 * @property {number} port
 * @property {import('node:child_process').ChildProcess} process
 * @property {Promise<void>} exited
 */

/** @type {Child[]} */
const children = [];
let stopping = false;

/** @param {Child} child */
const isRunning = child =>
  child.process.exitCode === null && child.process.signalCode === null;

/**
 * True when something accepts connections on the port.
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
 * Starts one process and resolves once it reports that it listens.
 * @param {string} name
 * @param {string} file path relative to this directory
 * @param {number} port
 * @returns {Promise<Child>}
 */
function startChild(name, file, port) {
  const childProcess = spawn(process.execPath, [path.join(here, file)], {
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  /** @type {Child} */
  const child = {
    name,
    port,
    process: childProcess,
    exited: new Promise(resolve => childProcess.once('exit', () => resolve())),
  };
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within 20 s`)),
      20_000,
    );
    childProcess.on('message', (/** @type {any} */ message) => {
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      say(
        `started ${name.padEnd(15)} http://localhost:${port}  pid ${String(
          childProcess.pid,
        ).padEnd(7)} ${message.description}`,
      );
      resolve(child);
    });
    childProcess.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${name} exited (${signal ?? `code ${code}`}) before it listened`,
        ),
      );
      if (!stopping) {
        say(
          `${name} exited unexpectedly (${signal ?? `code ${code}`}), stopping`,
        );
        stopAll(1);
      }
    });
  });
}

/** Kills whatever is still running, synchronously (last resort on exit). */
function killRemaining() {
  for (const child of children) {
    if (isRunning(child)) child.process.kill('SIGKILL');
  }
}
process.on('exit', killRemaining);

// ---------------------------------------------------------------------------------------------------------------
// Load generator

const SKUS = [
  { sku: 'espresso-machine', price: 349 },
  { sku: 'burr-grinder', price: 129 },
  { sku: 'milk-jug', price: 19 },
  { sku: 'tamper', price: 25 },
  { sku: 'scale', price: 39 },
  { sku: 'kettle', price: 59 },
];
const CUSTOMERS = ['ada', 'grace', 'linus', 'margaret', 'barbara', 'ken'];
const MAX_IN_FLIGHT = 500;

/** @param {readonly any[]} list */
const pick = list => list[Math.floor(Math.random() * list.length)];

/**
 * @typedef {{ sent: number, failed: number, statuses: Map<string, number> }} Counter
 */
const newCounter = () =>
  /** @type {Counter} */ ({ sent: 0, failed: 0, statuses: new Map() });
const totals = { checkout: newCounter(), page: newCounter(), skipped: 0 };
let interval = { checkout: newCounter(), page: newCounter(), skipped: 0 };
let inFlight = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * Records one outcome.
 * @param {'checkout' | 'page'} kind
 * @param {string} outcome HTTP status or error code
 * @param {boolean} failed
 */
function record(kind, outcome, failed) {
  for (const counters of [totals, interval]) {
    const counter = counters[kind];
    counter.sent++;
    if (failed) {
      counter.failed++;
      counter.statuses.set(outcome, (counter.statuses.get(outcome) ?? 0) + 1);
    }
  }
}

/**
 * Sends one request to the storefront (the launcher is not instrumented: storefront spans are trace roots).
 * @param {'checkout' | 'page'} kind
 */
function fire(kind) {
  if (inFlight >= MAX_IN_FLIGHT) {
    totals.skipped++;
    interval.skipped++;
    return;
  }
  const customer = pick(CUSTOMERS);
  const body =
    kind === 'checkout'
      ? JSON.stringify({
          customerId: customer,
          items: Array.from(
            { length: 1 + Math.floor(Math.random() * 3) },
            () => ({
              ...pick(SKUS),
              quantity: 1 + Math.floor(Math.random() * 2),
            }),
          ),
        })
      : undefined;
  const expected = kind === 'checkout' ? 201 : 200;
  inFlight++;
  let done = false;
  const finish = (
    /** @type {string} */ outcome,
    /** @type {boolean} */ failed,
  ) => {
    if (done) return;
    done = true;
    inFlight--;
    record(kind, outcome, failed);
  };
  const req = http.request(
    `${config.urls.storefront}${
      kind === 'checkout' ? '/checkout' : `/?customer=${customer}`
    }`,
    {
      method: kind === 'checkout' ? 'POST' : 'GET',
      agent,
      timeout: 15_000,
      headers: body
        ? {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          }
        : {},
    },
    res => {
      res.resume();
      res.on('end', () =>
        finish(String(res.statusCode), res.statusCode !== expected),
      );
      res.on('error', () => finish('aborted', true));
    },
  );
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', error =>
    finish(/** @type {any} */ (error).code ?? 'error', true),
  );
  req.end(body);
}

/**
 * Fires `kind` requests as a Poisson process of the given rate.
 * @param {'checkout' | 'page'} kind
 * @param {number} rate per second
 * @returns {() => void} stops it
 */
function schedule(kind, rate) {
  if (rate <= 0) return () => {};
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const next = () => {
    timer = setTimeout(() => {
      fire(kind);
      next();
    }, (-Math.log(1 - Math.random()) / rate) * 1000);
  };
  next();
  return () => clearTimeout(timer);
}

/**
 * Describes a counter: `12 checkouts (2 failed: 402×1 502×1)`.
 * @param {Counter} counter
 * @param {string} noun
 */
function describe(counter, noun) {
  const statuses = [...counter.statuses]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
  return `${counter.sent} ${noun} (${counter.failed} failed${
    statuses ? `: ${statuses}` : ''
  })`;
}

/** Prints the summary of the last interval and resets it. */
function printSummary() {
  const all = totals.checkout.sent + totals.page.sent;
  const failed = totals.checkout.failed + totals.page.failed;
  say(
    `last ${config.load.summaryIntervalS}s: ${describe(
      interval.checkout,
      'checkouts',
    )}, ` +
      `${describe(interval.page, 'page views')}, ${inFlight} in flight` +
      `${
        interval.skipped
          ? `, ${interval.skipped} skipped (too many in flight)`
          : ''
      }` +
      ` | total: ${all} requests sent, ${failed} failures`,
  );
  interval = { checkout: newCounter(), page: newCounter(), skipped: 0 };
}

// ---------------------------------------------------------------------------------------------------------------
// Start and stop

/** @type {(() => void)[]} */
const stoppers = [];

/**
 * Stops a group of children: SIGTERM, then SIGKILL for those still running after 6 s.
 * @param {Child[]} group
 */
async function stopChildren(group) {
  for (const child of group) {
    if (isRunning(child)) child.process.kill('SIGTERM');
  }
  const timeout = new Promise(resolve => setTimeout(resolve, 6000).unref());
  await Promise.race([Promise.all(group.map(child => child.exited)), timeout]);
  const stragglers = group.filter(isRunning);
  for (const child of stragglers) {
    say(`${child.name} did not stop in time, killing it`);
    child.process.kill('SIGKILL');
  }
  await Promise.all(stragglers.map(child => child.exited));
}

/**
 * Stops the load, lets in-flight requests finish (at most 5 s), stops the services (which flush their spans), then
 * the peers, and exits.
 * @param {number} code exit code
 */
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const stop of stoppers) stop();
  say('stopping…');
  const drainUntil = Date.now() + 5000;
  while (inFlight > 0 && Date.now() < drainUntil) {
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  await stopChildren(children.filter(child => !PEERS.includes(child.name)));
  await stopChildren(children.filter(child => PEERS.includes(child.name)));
  agent.destroy();
  say(
    `stopped: ${describe(totals.checkout, 'checkouts')}, ${describe(
      totals.page,
      'page views',
    )} in total`,
  );
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const busy = [];
for (const name of [...PEERS, ...SERVICES]) {
  if (await portInUse(config.ports[name]))
    busy.push(`${config.ports[name]} (${name})`);
}
if (busy.length > 0) {
  console.error(
    `demo: port(s) already in use: ${busy.join(
      ', ',
    )}; stop what uses them or set DEMO_SERVICES_PORT_BASE`,
  );
  process.exit(1);
}

say(`exporting spans to ${config.otlp.tracesUrl}`);
if (!config.otlp.token) {
  say('OWNERSHIP_OTLP_TOKEN is not set: exports carry no Authorization header');
}
try {
  // Peers first (the services' first requests need them), then the services.
  await Promise.all(
    PEERS.map(name =>
      startChild(name, `peers/${name}.mjs`, config.ports[name]),
    ),
  );
  await Promise.all(
    SERVICES.map(name =>
      startChild(name, `services/${name}.mjs`, config.ports[name]),
    ),
  );
} catch (error) {
  if (!stopping) {
    console.error(`demo: ${/** @type {Error} */ (error).message}`);
    await stopAll(1);
  }
}

// Traffic sent before the receiver is up would be lost half-way through traces (the exporters drop a
// batch they cannot deliver), leaving unpaired calls; so wait for the ownership backend's health route.
// Other receivers (a Collector) have none: a 404 for 15 s means "no such route". 401/403 mean it is up (the
// token is another matter). DEMO_WAIT_FOR_HEALTH=off skips the wait.
if (!stopping && process.env.DEMO_WAIT_FOR_HEALTH !== 'off') {
  const healthUrl = `${config.otlp.endpoint}/health`;
  const deadline = Date.now() + 180_000;
  let notFoundSince;
  let announced = false;
  for (;;) {
    const status = await fetch(healthUrl)
      .then(response => response.status)
      .catch(() => 0);
    if (status === 404) {
      notFoundSince ??= Date.now();
    } else {
      notFoundSince = undefined;
    }
    const up =
      (status >= 200 && status < 300) ||
      status === 401 ||
      status === 403 ||
      (notFoundSince !== undefined && Date.now() - notFoundSince > 15_000);
    if (up || stopping || Date.now() > deadline) {
      if (!up && !stopping) {
        say(`${healthUrl} did not answer; sending traffic anyway`);
      }
      break;
    }
    if (!announced) {
      say(`waiting for ${healthUrl} before sending traffic`);
      announced = true;
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

// The documentation-health story (docs-story.mjs): a review of orders recorded before its first traffic.
// Only when the traffic goes to the ownership backend (not to a Collector or a fake Jaeger).
if (
  !stopping &&
  process.env.DEMO_DOCS_STORY !== 'off' &&
  /\/api\/ownership$/.test(config.otlp.endpoint)
) {
  const backendUrl = config.otlp.endpoint.replace(/\/api\/ownership$/, '');
  const outcome = await recordDocsStory({ backendUrl, log: say });
  if (outcome !== 'recorded' && outcome !== 'already recorded') {
    say(`docs story skipped: ${outcome}`);
  }
}

if (!stopping) {
  const { checkoutRate, pageViewRate, summaryIntervalS, durationS } =
    config.load;
  say(
    `sending ${checkoutRate} checkouts/s and ${pageViewRate} page views/s to ${config.urls.storefront}` +
      ` (summary every ${summaryIntervalS}s${
        durationS ? `, stopping after ${durationS}s` : ''
      }; Ctrl-C stops)`,
  );
  stoppers.push(schedule('checkout', checkoutRate));
  stoppers.push(schedule('page', pageViewRate));
  if (summaryIntervalS > 0) {
    const timer = setInterval(printSummary, summaryIntervalS * 1000);
    stoppers.push(() => clearInterval(timer));
  }
  if (durationS > 0) {
    const timer = setTimeout(() => stopAll(0), durationS * 1000);
    stoppers.push(() => clearTimeout(timer));
  }
}
