// The inventory service (service.name "inventory"): POST /reservations checks stock in the inventory database (the
// uninstrumented inventory-db process) through a hand-made CLIENT span "SELECT inventory" with the database
// semantic conventions (db.system.name=postgresql, db.namespace=inventory, server.address=inventory-db).
// When the query does not return within DEMO_DB_TIMEOUT_MS, inventory abandons it and answers 504, but ends the DB
// span WITHOUT an error status (the way many drivers report a cancelled query): error-path walking has to look at
// the children of the failing server span (the slow DB span) rather than for an erroring one.
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import net from 'node:net';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';
import { INVENTORY_DB_HOST, loadConfig } from '../config.mjs';
import { failureControlRoutes } from '../failure-control.mjs';
import {
  announceReady,
  closeServer,
  exitOnSignals,
  startHttpServer,
  TimeoutError,
} from '../runtime.mjs';
import { startTelemetry } from '../telemetry.mjs';

const NAME = 'inventory';
const config = loadConfig();
const telemetry = startTelemetry(NAME, { config });

const QUERY_TEXT =
  'SELECT sku, available FROM inventory WHERE sku = ANY($1) FOR UPDATE';

/**
 * Sends one query to the fake database over a fresh TCP connection.
 * @param {{ text: string, params: unknown[] }} query
 * @param {number} timeoutMs
 * @returns {Promise<{ command: string, rowCount: number, rows: { sku: string, available: number }[] }>}
 */
function sendQuery(query, timeoutMs) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(config.ports['inventory-db'], '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new TimeoutError(`query did not return within ${timeoutMs} ms`));
    }, timeoutMs);
    let buffered = '';
    socket.on('connect', () => socket.write(`${JSON.stringify(query)}\n`));
    socket.on('data', chunk => {
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      socket.end();
      try {
        const answer = JSON.parse(buffered.slice(0, newline));
        if (answer.error) reject(new Error(`database error: ${answer.error}`));
        else resolve(answer);
      } catch (error) {
        reject(error);
      }
    });
    socket.on('error', error => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * Reads the stock of some SKUs inside a DB CLIENT span (child of the active server span).
 * @param {string[]} skus
 */
async function readStock(skus) {
  const span = telemetry.tracer.startSpan('SELECT inventory', {
    kind: SpanKind.CLIENT,
    attributes: {
      [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
      [ATTR_DB_NAMESPACE]: 'inventory',
      [ATTR_DB_COLLECTION_NAME]: 'inventory',
      [ATTR_DB_OPERATION_NAME]: 'SELECT',
      [ATTR_DB_QUERY_TEXT]: QUERY_TEXT,
      [ATTR_SERVER_ADDRESS]: INVENTORY_DB_HOST,
      [ATTR_SERVER_PORT]: config.ports['inventory-db'],
      [ATTR_NETWORK_PEER_ADDRESS]: '127.0.0.1',
      [ATTR_NETWORK_PEER_PORT]: config.ports['inventory-db'],
    },
  });
  try {
    const result = await sendQuery(
      { text: QUERY_TEXT, params: [skus] },
      config.failures.dbTimeoutMs,
    );
    span.setAttribute('db.response.returned_rows', result.rowCount);
    return result;
  } catch (error) {
    // A timeout deliberately leaves the span's status UNSET (see the file comment); real errors mark it.
    if (!(error instanceof TimeoutError)) {
      const err = /** @type {Error & { code?: string }} */ (error);
      span.recordException(err);
      span.setAttribute(ATTR_ERROR_TYPE, err.code ?? err.name);
      span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
    }
    throw error;
  } finally {
    span.end();
  }
}

const server = await startHttpServer({
  name: NAME,
  port: config.ports.inventory,
  routes: [
    ...failureControlRoutes(NAME, config),
    {
      method: 'POST',
      path: '/reservations',
      handler: async ({ body }) => {
        /** @type {{ sku: string, quantity: number }[]} */
        const items = Array.isArray(body?.items) ? body.items : [];
        let stock;
        try {
          stock = await readStock(items.map(item => item.sku));
        } catch (error) {
          if (error instanceof TimeoutError) {
            return {
              status: 504,
              body: { error: 'inventory database timed out' },
              error: 'inventory database timed out',
            };
          }
          return {
            status: 503,
            body: { error: 'inventory database unavailable' },
            error: `inventory database unavailable: ${
              /** @type {Error} */ (error).message
            }`,
          };
        }
        const missing = items.filter(item => {
          const row = stock.rows.find(candidate => candidate.sku === item.sku);
          return !row || row.available < item.quantity;
        });
        if (missing.length > 0) {
          return {
            status: 409,
            body: {
              error: 'out of stock',
              skus: missing.map(item => item.sku),
            },
          };
        }
        return {
          status: 201,
          body: { reservationId: `res-${body?.orderId}`, items },
        };
      },
    },
  ],
});
announceReady(NAME, config.ports.inventory, `OTLP ${telemetry.protocol}`);

exitOnSignals(NAME, async () => {
  await closeServer(server);
  await telemetry.shutdown();
});
