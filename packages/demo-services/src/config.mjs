// Configuration of the demo shop: ports, OTLP export, load and failure-injection rates, all read from environment
// variables (documented in ENV_OPTIONS, printed by `node src/start.mjs --help`, and listed in the README).
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
 * @property {{
 *   paymentDeclineRate: number, pspTimeoutRate: number, pspTimeoutMs: number,
 *   slowQueryRate: number, dbHangRate: number, dbTimeoutMs: number, outOfStockRate: number,
 *   shippingFailureRate: number, recommendationsErrorRate: number
 * }} failures
 */

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
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name}=${raw} is not a non-negative number`);
  }
  if (option.type === 'rate' && value > 1) {
    throw new Error(`${name}=${raw} is not a rate between 0 and 1`);
  }
  return value;
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
  const scale = number('DEMO_FAILURE_SCALE');
  const rate = (/** @type {string} */ name) =>
    Math.min(1, number(name) * scale);

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
    failures: {
      paymentDeclineRate: rate('DEMO_PAYMENT_DECLINE_RATE'),
      pspTimeoutRate: rate('DEMO_PSP_TIMEOUT_RATE'),
      pspTimeoutMs: number('DEMO_PSP_TIMEOUT_MS'),
      slowQueryRate: rate('DEMO_SLOW_QUERY_RATE'),
      dbHangRate: rate('DEMO_DB_HANG_RATE'),
      dbTimeoutMs: number('DEMO_DB_TIMEOUT_MS'),
      outOfStockRate: rate('DEMO_OUT_OF_STOCK_RATE'),
      shippingFailureRate: rate('DEMO_SHIPPING_FAILURE_RATE'),
      recommendationsErrorRate: rate('DEMO_RECOMMENDATIONS_ERROR_RATE'),
    },
  };
}
