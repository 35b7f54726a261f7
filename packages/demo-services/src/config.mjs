// Configuration of the demo shop: ports, OTLP export, load and failure-injection rates, all read from environment
// variables (documented in ENV_OPTIONS, printed by `node src/start.mjs --help`, and listed in the README). The
// failure options (FAILURE_OPTIONS) can also change while the demo runs: see failure-control.mjs and failures.mjs.
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0

/**
 * @typedef {'storefront' | 'orders' | 'payments' | 'inventory' | 'shipping' | 'recommendations'} ServiceName
 * @typedef {'psp' | 'inventory-db'} PeerName
 */

/**
 * The instrumented services, in port order (port = DEMO_SERVICES_PORT_BASE + index). Each name is the
 * `service.name` of its process and the name of a Component in examples/shop.yaml.
 * @type {readonly ServiceName[]}
 */
export const SERVICES = Object.freeze([
  'storefront',
  'orders',
  'payments',
  'inventory',
  'shipping',
  'recommendations',
]);

/**
 * The uninstrumented peers, whose ports follow the services'.
 * @type {readonly PeerName[]}
 */
export const PEERS = Object.freeze(['psp', 'inventory-db']);

/** The name the external payment provider is known by (`peer.service`; Component payment-provider). */
export const PSP_PEER_SERVICE = 'psp.example.net';

/** The host name the inventory database is known by (`server.address` of the DB client spans). */
export const INVENTORY_DB_HOST = 'inventory-db';

/** The Kafka topic orders publishes to and shipping consumes. */
export const ORDER_EVENTS_TOPIC = 'order-events';

/**
 * @typedef {object} EnvOption
 * @property {string} name environment variable
 * @property {string | number} default value used when the variable is unset or empty
 * @property {'number' | 'rate' | 'string'} type `rate` is a probability between 0 and 1
 * @property {string} description what it does
 */

/** @type {readonly EnvOption[]} */
export const ENV_OPTIONS = Object.freeze([
  {
    name: 'DEMO_SERVICES_PORT_BASE',
    default: 7101,
    type: 'number',
    description:
      'First of 8 consecutive ports: storefront, orders, payments, inventory, shipping, recommendations, psp, inventory-db.',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    default: 'http://localhost:7007/api/ownership',
    type: 'string',
    description:
      'OTLP/HTTP base URL; spans are POSTed to <endpoint>/v1/traces.',
  },
  {
    name: 'OWNERSHIP_OTLP_TOKEN',
    default: '',
    type: 'string',
    description:
      'Sent as "Authorization: Bearer <token>" with every export (no header when empty).',
  },
  {
    name: 'DEMO_OTLP_JSON_SERVICES',
    default: 'recommendations',
    type: 'string',
    description:
      'Comma-separated services that export http/json ("all" or "none" also work); the others export http/protobuf.',
  },
  {
    name: 'DEMO_RATE',
    default: 5,
    type: 'number',
    description: 'Checkouts per second (POST /checkout on the storefront).',
  },
  {
    name: 'DEMO_PAGE_VIEW_RATE',
    default: 5,
    type: 'number',
    description: 'Page views per second (GET / on the storefront).',
  },
  {
    name: 'DEMO_SUMMARY_INTERVAL_S',
    default: 30,
    type: 'number',
    description: 'Seconds between two summary lines of the load generator.',
  },
  {
    name: 'DEMO_DURATION_S',
    default: 0,
    type: 'number',
    description:
      'Stop everything after this many seconds (0: run until SIGINT/SIGTERM).',
  },
  {
    name: 'DEMO_WAIT_FOR_HEALTH',
    default: 'on',
    type: 'string',
    description:
      'Wait for <endpoint>/health (the ownership backend) before sending traffic, so no trace is cut in half while the backend starts; "off" starts at once.',
  },
  {
    name: 'DEMO_DOCS_STORY',
    default: 'on',
    type: 'string',
    description:
      'Before sending traffic, record a docs review of orders as the guest user (once), so its dependencies show as changes since the review; "off" skips it.',
  },
  {
    name: 'DEMO_FAILURE_SCALE',
    default: 1,
    type: 'number',
    description:
      'Multiplies every *_RATE below (0 turns failure injection off; results are capped at 1).',
  },
  {
    name: 'DEMO_PAYMENT_DECLINE_RATE',
    default: 0.05,
    type: 'rate',
    description:
      'psp declines the charge (402); payments and orders answer 402.',
  },
  {
    name: 'DEMO_PSP_TIMEOUT_RATE',
    default: 0.02,
    type: 'rate',
    description:
      'psp never answers; payments gives up after DEMO_PSP_TIMEOUT_MS and answers 504.',
  },
  {
    name: 'DEMO_PSP_TIMEOUT_MS',
    default: 1500,
    type: 'number',
    description: 'How long payments waits for the payment provider.',
  },
  {
    name: 'DEMO_SLOW_QUERY_RATE',
    default: 0.1,
    type: 'rate',
    description:
      'Inventory DB query gets heavy-tailed extra latency (Pareto, 80 ms minimum; a few exceed the DB timeout).',
  },
  {
    name: 'DEMO_DB_HANG_RATE',
    default: 0.02,
    type: 'rate',
    description:
      'Inventory DB query never returns; inventory abandons it after DEMO_DB_TIMEOUT_MS and answers 504.',
  },
  {
    name: 'DEMO_DB_TIMEOUT_MS',
    default: 800,
    type: 'number',
    description: 'How long inventory waits for a database query.',
  },
  {
    name: 'DEMO_OUT_OF_STOCK_RATE',
    default: 0.04,
    type: 'rate',
    description:
      'An ordered item has no stock: inventory and orders answer 409.',
  },
  {
    name: 'DEMO_SHIPPING_FAILURE_RATE',
    default: 0.03,
    type: 'rate',
    description:
      'shipping fails to process an order event (CONSUMER span in error).',
  },
  {
    name: 'DEMO_RECOMMENDATIONS_ERROR_RATE',
    default: 0.02,
    type: 'rate',
    description:
      'recommendations answers 500; the storefront still renders the page without them.',
  },
]);

/**
 * @typedef {object} DemoConfig
 * @property {number} portBase
 * @property {Record<ServiceName | PeerName, number>} ports
 * @property {Record<ServiceName | PeerName, string>} urls base URLs (`http://localhost:<port>`)
 * @property {{ endpoint: string, tracesUrl: string, token: string, jsonServices: ReadonlySet<string> }} otlp
 * @property {{ checkoutRate: number, pageViewRate: number, summaryIntervalS: number, durationS: number }} load
 * @property {Failures} failures the failure-injection values in force: rates scaled by DEMO_FAILURE_SCALE and capped
 *   at 1. Changed in place by the failure control routes (failure-control.mjs), so read them per request.
 * @property {Readonly<FailureOptions>} failureOptions the failure options as read at startup (rates unscaled), what
 *   `DELETE /demo/failures` goes back to
 */

/**
 * Validates the value of a numeric option (`number`: finite and non-negative; `rate`: also at most 1), the same way
 * for an environment variable and for a runtime change (a JSON number or numeric string); throws a readable error.
 * @param {EnvOption} option
 * @param {unknown} raw
 * @returns {number}
 */
function parseNumericValue(option, raw) {
  const value =
    typeof raw === 'number' || (typeof raw === 'string' && raw.trim() !== '')
      ? Number(raw)
      : Number.NaN;
  const shown = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${option.name}=${shown} is not a non-negative number`);
  }
  if (option.type === 'rate' && value > 1) {
    throw new Error(`${option.name}=${shown} is not a rate between 0 and 1`);
  }
  return value;
}

/**
 * Reads one option, falling back to its default; throws a readable error for malformed numbers.
 * @param {NodeJS.ProcessEnv} env
 * @param {string} name
 * @returns {string | number}
 */
function readOption(env, name) {
  const option = ENV_OPTIONS.find(candidate => candidate.name === name);
  if (!option) throw new Error(`unknown option ${name}`);
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return option.default;
  if (option.type === 'string') return raw;
  return parseNumericValue(option, raw);
}

// ---------------------------------------------------------------------------------------------------------------
// Failure options: read at startup, and changeable while the demo runs (failure-control.mjs, failures.mjs)

/**
 * @typedef {'DEMO_FAILURE_SCALE' | 'DEMO_PAYMENT_DECLINE_RATE' | 'DEMO_PSP_TIMEOUT_RATE' | 'DEMO_PSP_TIMEOUT_MS'
 *   | 'DEMO_SLOW_QUERY_RATE' | 'DEMO_DB_HANG_RATE' | 'DEMO_DB_TIMEOUT_MS' | 'DEMO_OUT_OF_STOCK_RATE'
 *   | 'DEMO_SHIPPING_FAILURE_RATE' | 'DEMO_RECOMMENDATIONS_ERROR_RATE'} FailureOptionName
 * @typedef {Record<FailureOptionName, number>} FailureOptions the failure options by environment variable name,
 *   rates as configured (before DEMO_FAILURE_SCALE)
 * @typedef {{
 *   paymentDeclineRate: number, pspTimeoutRate: number, pspTimeoutMs: number,
 *   slowQueryRate: number, dbHangRate: number, dbTimeoutMs: number, outOfStockRate: number,
 *   shippingFailureRate: number, recommendationsErrorRate: number
 * }} Failures
 *
 * @typedef {object} FailureOption
 * @property {FailureOptionName} name the environment variable (and the name used by `PUT /demo/failures`)
 * @property {keyof Failures} [key] the value of DemoConfig.failures it sets (none for DEMO_FAILURE_SCALE)
 * @property {readonly (ServiceName | PeerName)[]} appliedBy the processes whose behaviour it changes
 */

/**
 * The options of ENV_OPTIONS that drive failure injection: the only ones that can change while the demo runs.
 * A rate is applied where its failure originates; orders derives its own call timeouts from both timeouts.
 * @type {readonly FailureOption[]}
 */
export const FAILURE_OPTIONS = Object.freeze([
  {
    name: 'DEMO_FAILURE_SCALE',
    appliedBy: ['shipping', 'recommendations', 'psp', 'inventory-db'],
  },
  {
    name: 'DEMO_PAYMENT_DECLINE_RATE',
    key: 'paymentDeclineRate',
    appliedBy: ['psp'],
  },
  { name: 'DEMO_PSP_TIMEOUT_RATE', key: 'pspTimeoutRate', appliedBy: ['psp'] },
  {
    name: 'DEMO_PSP_TIMEOUT_MS',
    key: 'pspTimeoutMs',
    appliedBy: ['orders', 'payments'],
  },
  {
    name: 'DEMO_SLOW_QUERY_RATE',
    key: 'slowQueryRate',
    appliedBy: ['inventory-db'],
  },
  { name: 'DEMO_DB_HANG_RATE', key: 'dbHangRate', appliedBy: ['inventory-db'] },
  {
    name: 'DEMO_DB_TIMEOUT_MS',
    key: 'dbTimeoutMs',
    appliedBy: ['orders', 'inventory'],
  },
  {
    name: 'DEMO_OUT_OF_STOCK_RATE',
    key: 'outOfStockRate',
    appliedBy: ['inventory-db'],
  },
  {
    name: 'DEMO_SHIPPING_FAILURE_RATE',
    key: 'shippingFailureRate',
    appliedBy: ['shipping'],
  },
  {
    name: 'DEMO_RECOMMENDATIONS_ERROR_RATE',
    key: 'recommendationsErrorRate',
    appliedBy: ['recommendations'],
  },
]);

/**
 * The processes that apply some failure option, in port order: those serving `/demo/failures` (all but storefront).
 * @type {readonly (ServiceName | PeerName)[]}
 */
export const FAILURE_CONTROL_PROCESSES = Object.freeze(
  [...SERVICES, ...PEERS].filter(name =>
    FAILURE_OPTIONS.some(option => option.appliedBy.includes(name)),
  ),
);

/** Path of the failure control routes (GET, PUT, DELETE); never traced (see telemetry.mjs). */
export const FAILURE_CONTROL_PATH = '/demo/failures';

/**
 * Reads the failure options from the environment (defaults for unset ones).
 * @param {NodeJS.ProcessEnv} env
 * @returns {FailureOptions}
 */
function readFailureOptions(env) {
  const options = /** @type {FailureOptions} */ ({});
  for (const { name } of FAILURE_OPTIONS) {
    options[name] = /** @type {number} */ (readOption(env, name));
  }
  return options;
}

/**
 * The failure-injection values in force for some options: every rate multiplied by DEMO_FAILURE_SCALE and capped
 * at 1 (rounded to 12 significant digits, so that 0.08 × 3 reads 0.24), the timeouts as they are.
 * @param {FailureOptions} options
 * @returns {Failures}
 */
export function effectiveFailures(options) {
  const scale = options.DEMO_FAILURE_SCALE;
  const failures = /** @type {Failures} */ ({});
  for (const { name, key } of FAILURE_OPTIONS) {
    if (!key) continue;
    const type = ENV_OPTIONS.find(option => option.name === name)?.type;
    failures[key] =
      type === 'rate'
        ? Number(Math.min(1, options[name] * scale).toPrecision(12))
        : options[name];
  }
  return failures;
}

/**
 * Validates a change of failure options (a JSON object by environment variable name, e.g.
 * `{"DEMO_PSP_TIMEOUT_RATE": 0.8}`) with the rules of the environment variables: known failure option, non-negative
 * number, rates at most 1. Values may be numbers or numeric strings.
 * @param {unknown} input
 * @returns {{ options: Partial<FailureOptions>, problems: string[] }} the valid options, and one message per problem
 */
export function parseFailureOptions(input) {
  /** @type {Partial<FailureOptions>} */
  const options = {};
  /** @type {string[]} */
  const problems = [];
  const known = FAILURE_OPTIONS.map(option => option.name);
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    problems.push(
      'expected a JSON object of failure options by environment variable name, e.g. {"DEMO_PSP_TIMEOUT_RATE": 0.8}',
    );
    return { options, problems };
  }
  const entries = Object.entries(input);
  if (entries.length === 0) {
    problems.push(
      `no failure option given; expected some of ${known.join(', ')}`,
    );
  }
  for (const [name, raw] of entries) {
    const option = ENV_OPTIONS.find(candidate => candidate.name === name);
    if (!option || !known.includes(/** @type {FailureOptionName} */ (name))) {
      problems.push(
        `${
          option
            ? `${name} is read once at startup and cannot change while the demo runs`
            : `unknown failure option ${name}`
        }; expected one of ${known.join(', ')}`,
      );
      continue;
    }
    try {
      options[/** @type {FailureOptionName} */ (name)] = parseNumericValue(
        option,
        raw,
      );
    } catch (error) {
      problems.push(/** @type {Error} */ (error).message);
    }
  }
  return { options, problems };
}

/**
 * Reads the whole configuration from the environment.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {DemoConfig}
 */
export function loadConfig(env = process.env) {
  const number = (/** @type {string} */ name) =>
    /** @type {number} */ (readOption(env, name));
  const string = (/** @type {string} */ name) =>
    /** @type {string} */ (readOption(env, name));
  const portBase = number('DEMO_SERVICES_PORT_BASE');
  if (!Number.isInteger(portBase) || portBase < 1 || portBase > 65527) {
    throw new Error(`DEMO_SERVICES_PORT_BASE=${portBase} is not a usable port`);
  }
  const ports = /** @type {Record<ServiceName | PeerName, number>} */ ({});
  const urls = /** @type {Record<ServiceName | PeerName, string>} */ ({});
  [...SERVICES, ...PEERS].forEach((name, index) => {
    ports[name] = portBase + index;
    urls[name] = `http://localhost:${portBase + index}`;
  });

  const endpoint = string('OTEL_EXPORTER_OTLP_ENDPOINT').replace(/\/+$/, '');
  const jsonList = string('DEMO_OTLP_JSON_SERVICES')
    .split(',')
    .map(name => name.trim())
    .filter(Boolean);
  let jsonServices = new Set(jsonList);
  if (jsonList.includes('all')) jsonServices = new Set(SERVICES);
  if (jsonList.includes('none')) jsonServices = new Set();
  const unknown = [...jsonServices].filter(
    name => !SERVICES.includes(/** @type {ServiceName} */ (name)),
  );
  if (unknown.length > 0) {
    throw new Error(
      `DEMO_OTLP_JSON_SERVICES names unknown services: ${unknown.join(', ')}`,
    );
  }

  const failureOptions = Object.freeze(readFailureOptions(env));

  return {
    portBase,
    ports,
    urls,
    otlp: {
      endpoint,
      tracesUrl: `${endpoint}/v1/traces`,
      token: string('OWNERSHIP_OTLP_TOKEN'),
      jsonServices,
    },
    load: {
      checkoutRate: number('DEMO_RATE'),
      pageViewRate: number('DEMO_PAGE_VIEW_RATE'),
      summaryIntervalS: number('DEMO_SUMMARY_INTERVAL_S'),
      durationS: number('DEMO_DURATION_S'),
    },
    failures: effectiveFailures(failureOptions),
    failureOptions,
  };
}
