// Small runtime shared by the demo services and peers: a JSON-over-HTTP server with named routes, a JSON HTTP client
// with timeouts, random latency/failure helpers and graceful shutdown. `node:http` is loaded lazily with `require`
// so that, in instrumented services, it is loaded after the OpenTelemetry SDK has registered its HTTP
// instrumentation (a static ESM import would get unpatched functions: no spans at all).
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import { createRequire } from 'node:module';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';

const require = createRequire(import.meta.url);

/**
 * The `node:http` module, loaded on first use (after the SDK started, in instrumented processes).
 * @returns {typeof import('node:http')}
 */
export function http() {
  return require('node:http');
}

/**
 * Property of a ServerResponse holding the status its server span must end with. Applied by the HTTP
 * instrumentation's `applyCustomAttributesOnSpan` hook (see telemetry.mjs), i.e. after the instrumentation set its
 * own status from the HTTP status code, so an explicit message or an ERROR on a 4xx answer survives.
 */
export const SPAN_STATUS = Symbol.for('demo-services.span-status');

/**
 * Prints one line prefixed with the process name.
 * @param {string} name
 * @param {string} message
 */
export function log(name, message) {
  console.log(`[${name}] ${message}`);
}

/**
 * @param {number} ms
 * @returns {Promise<void>}
 */
export function sleep(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * True with probability `rate`.
 * @param {number} rate
 */
export function chance(rate) {
  return rate > 0 && Math.random() < rate;
}

/**
 * A log-normally distributed latency: most values near `medianMs`, a moderate right tail.
 * @param {number} medianMs
 * @param {number} [sigma]
 */
export function lognormalMs(medianMs, sigma = 0.5) {
  const u = 1 - Math.random();
  const v = Math.random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return medianMs * Math.exp(sigma * normal);
}

/**
 * A Pareto-distributed latency (heavy tail): at least `minimumMs`, P(X > x) = (minimumMs / x) ^ alpha.
 * @param {number} minimumMs
 * @param {number} alpha
 */
export function paretoMs(minimumMs, alpha) {
  return minimumMs / Math.pow(1 - Math.random(), 1 / alpha);
}

/**
 * A random id.
 * @param {string} prefix
 */
export function randomId(prefix) {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * @typedef {object} RouteContext
 * @property {import('node:http').IncomingMessage} req
 * @property {any} body the request body parsed as JSON (undefined when empty or not JSON)
 * @property {URL} url
 *
 * @typedef {object} RouteResult
 * @property {number} status
 * @property {unknown} [body] sent as JSON, or as is when a string
 * @property {string} [contentType]
 * @property {string} [error] ends the server span with status ERROR and this message, whatever the HTTP status
 *
 * @typedef {object} Route
 * @property {string} method
 * @property {string} path
 * @property {string} [spanName] name of the server span (default `<METHOD> <path>`)
 * @property {(context: RouteContext) => Promise<RouteResult> | RouteResult} handler
 */

/**
 * Reads a request body and parses it as JSON when possible.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<any>}
 */
export async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Sends a response.
 * @param {import('node:http').ServerResponse} res
 * @param {RouteResult} result
 */
export function respond(res, result) {
  if (result.error) {
    /** @type {any} */ (res)[SPAN_STATUS] = {
      code: SpanStatusCode.ERROR,
      message: result.error,
    };
  }
  if (res.headersSent || res.destroyed) return;
  const isText = typeof result.body === 'string';
  let payload = '';
  if (isText) payload = /** @type {string} */ (result.body);
  else if (result.body !== undefined) payload = JSON.stringify(result.body);
  res.writeHead(result.status, {
    'content-type':
      result.contentType ??
      (isText ? 'text/plain; charset=utf-8' : 'application/json'),
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/**
 * The request listener serving a set of routes (404 for anything else). In instrumented processes the route's server
 * span is renamed (`spanName`, or `<METHOD> <path>`) and gets `http.route` as a plain attribute: setting the route
 * through the instrumentation's RPC metadata instead would make it rename the span to `<METHOD> <route>` when the
 * response closes, overwriting custom names such as `place_order`.
 * @param {string} name the process name (for logs)
 * @param {Route[]} routes
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>}
 */
export function routeRequests(name, routes) {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes.find(
      candidate =>
        candidate.method === req.method && candidate.path === url.pathname,
    );
    if (!route) {
      req.resume();
      respond(res, { status: 404, body: { error: 'not found' } });
      return;
    }
    const span = trace.getActiveSpan();
    if (span) {
      span.setAttribute(ATTR_HTTP_ROUTE, route.path);
      span.updateName(route.spanName ?? `${route.method} ${route.path}`);
    }
    try {
      const body = await readJson(req);
      respond(res, await route.handler({ req, body, url }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(name, `${route.method} ${route.path} failed: ${message}`);
      respond(res, { status: 500, body: { error: message }, error: message });
    }
  };
}

/**
 * Starts an HTTP server for a set of routes (see routeRequests).
 * @param {{ name: string, port: number, routes: Route[] }} options
 * @returns {Promise<import('node:http').Server>}
 */
export async function startHttpServer({ name, port, routes }) {
  const server = http().createServer(routeRequests(name, routes));
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  return server;
}

/** An error raised when a dependency does not answer in time. */
export class TimeoutError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'TimeoutError';
  }
}

/**
 * Sends a JSON request (through the instrumented `node:http` when the SDK is running, so it gets a CLIENT span and
 * a `traceparent` header) and resolves with the status and parsed body of any answer; rejects on network errors
 * and when no complete answer arrives within `timeoutMs` (the request is then destroyed with a TimeoutError).
 * @param {string} url
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string>, timeoutMs?: number }} [options]
 * @returns {Promise<{ status: number, body: any }>}
 */
export function requestJson(url, options = {}) {
  const { method = 'GET', body, headers = {}, timeoutMs = 5000 } = options;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    /** @type {NodeJS.Timeout | undefined} */
    let timer = undefined;
    const req = http().request(
      url,
      {
        method,
        headers: {
          accept: 'application/json',
          ...(payload === undefined
            ? {}
            : {
                'content-type': 'application/json',
                'content-length': String(Buffer.byteLength(payload)),
              }),
          ...headers,
        },
      },
      res => {
        const chunks = /** @type {Buffer[]} */ ([]);
        res.on('data', chunk => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    timer = setTimeout(() => {
      req.destroy(
        new TimeoutError(
          `${method} ${url} did not answer within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    req.on('error', error => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(payload);
  });
}

/**
 * Stops the process cleanly on SIGTERM, on SIGINT when run alone, and when the launcher that started it (over an
 * IPC channel) goes away, so that no service outlives the demo. Under the launcher, SIGINT (Ctrl-C reaches the
 * whole process group) is ignored: the launcher drains the load and stops services before peers.
 * `stop` runs once; the process exits at the latest 5 s later.
 * @param {string} name
 * @param {() => Promise<void>} stop
 */
export function exitOnSignals(name, stop) {
  let stopping = false;
  const shutdown = (/** @type {string} */ reason) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      log(name, 'shutdown took too long, exiting');
      process.exit(0);
    }, 5000).unref();
    stop()
      .catch(error => log(name, `error while stopping: ${error}`))
      .finally(() => process.exit(0));
    if (reason === 'disconnect') log(name, 'launcher went away, stopping');
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (process.send) {
    process.on('SIGINT', () => {});
    process.on('disconnect', () => shutdown('disconnect'));
  } else {
    process.on('SIGINT', () => shutdown('SIGINT'));
  }
}

/**
 * Closes an HTTP server, dropping idle keep-alive connections and, after a grace period, busy ones.
 * @param {import('node:http').Server} server
 * @returns {Promise<void>}
 */
export function closeServer(server) {
  return new Promise(resolve => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}

/**
 * Announces that the process listens: to the launcher over its IPC channel when there is one (the launcher prints
 * one line per process), else on stdout.
 * @param {string} name
 * @param {number} port
 * @param {string} description
 */
export function announceReady(name, port, description) {
  if (process.send) process.send({ type: 'ready', port, description });
  else log(name, `${description}, listening on :${port}`);
}
