// A fake, UNINSTRUMENTED PostgreSQL-like database for the inventory service: a TCP server speaking one JSON object
// per line (`{"text": "SELECT …", "params": […]}` → `{"command": "SELECT", "rowCount": n, "rows": […]}`).
// It injects latency (log-normal, plus a heavy Pareto tail for "slow queries"), out-of-stock rows and queries that
// never return (the client has to give up), per the DEMO_* rates.
// The same port also speaks HTTP for the failure control routes (/demo/failures), so that every process of the demo
// is controlled alike: a connection whose first byte is not `{` is handed to an HTTP server.
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import net from 'node:net';
import { loadConfig } from '../config.mjs';
import { failureControlRoutes } from '../failure-control.mjs';
import {
  announceReady,
  chance,
  exitOnSignals,
  http,
  lognormalMs,
  paretoMs,
  routeRequests,
} from '../runtime.mjs';

const NAME = 'inventory-db';
const config = loadConfig();
const { failures } = config;

/**
 * Answers one query.
 * @param {{ text?: string, params?: unknown[] }} query
 */
function execute(query) {
  const skus = Array.isArray(query.params?.[0]) ? query.params[0] : [];
  const outOfStock = chance(failures.outOfStockRate)
    ? Math.floor(Math.random() * Math.max(1, skus.length))
    : -1;
  const rows = skus.map((sku, index) => ({
    sku,
    available: index === outOfStock ? 0 : 5 + Math.floor(Math.random() * 200),
  }));
  return { command: 'SELECT', rowCount: rows.length, rows };
}

/** Open client connections, destroyed at shutdown. */
const sockets = new Set();

/** Serves the failure control routes on the connections that speak HTTP (it never listens itself). */
const controlServer = http().createServer(
  routeRequests(NAME, failureControlRoutes(NAME, config)),
);

/**
 * Answers the queries of one database connection.
 * @param {import('node:net').Socket} socket
 */
function serveQueries(socket) {
  const timers = new Set();
  socket.on('close', () => {
    for (const timer of timers) clearTimeout(timer);
  });
  let buffered = '';
  socket.on('data', chunk => {
    buffered += chunk.toString('utf8');
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
      let query;
      try {
        query = JSON.parse(line);
      } catch {
        socket.write(`${JSON.stringify({ error: 'syntax error' })}\n`);
        continue;
      }
      // A hanging query: never answered; the connection stays open until the client gives up.
      if (chance(failures.dbHangRate)) continue;
      const latency =
        lognormalMs(4, 0.5) +
        (chance(failures.slowQueryRate) ? paretoMs(80, 1.5) : 0);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!socket.destroyed)
          socket.write(`${JSON.stringify(execute(query))}\n`);
      }, latency);
      timers.add(timer);
    }
  });
}

const server = net.createServer(socket => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => socket.destroy());
  // A query starts with `{`; anything else is an HTTP request line. The first chunk is put back before either
  // protocol reads the connection.
  socket.once('data', first => {
    socket.pause();
    socket.unshift(first);
    if (first[0] === 0x7b) serveQueries(socket);
    else controlServer.emit('connection', socket);
    socket.resume();
  });
});

await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(config.ports['inventory-db'], () => resolve(undefined));
});
announceReady(
  NAME,
  config.ports['inventory-db'],
  'fake PostgreSQL inventory-db (not instrumented)',
);

exitOnSignals(NAME, async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise(resolve => server.close(() => resolve(undefined)));
});
