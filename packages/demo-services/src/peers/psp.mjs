// The external payment service provider (psp.example.net) as a plain, UNINSTRUMENTED HTTP server: no OpenTelemetry
// SDK runs here, so it appears in traces only as the peer of the payments service's CLIENT spans. It declines
// (402) a share of the charges and never answers another share (payments times out), per the DEMO_* rates.
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import { loadConfig } from '../config.mjs';
import { failureControlRoutes } from '../failure-control.mjs';
import {
  announceReady,
  chance,
  closeServer,
  exitOnSignals,
  lognormalMs,
  randomId,
  sleep,
  startHttpServer,
} from '../runtime.mjs';

const NAME = 'psp';
const config = loadConfig();
const { failures } = config;

/** Charges held without an answer (psp "timeouts"), released when the caller gives up or at shutdown. */
const hanging = new Set();

const server = await startHttpServer({
  name: NAME,
  port: config.ports.psp,
  routes: [
    ...failureControlRoutes(NAME, config),
    {
      method: 'POST',
      path: '/v1/charges',
      handler: async ({ req, body }) => {
        if (chance(failures.pspTimeoutRate)) {
          // Hold the request until the caller gives up (or 60 s pass): a timeout as seen by payments.
          await new Promise(resolve => {
            const timer = setTimeout(resolve, 60_000);
            const entry = { resolve, timer };
            hanging.add(entry);
            req.socket.once('close', () => {
              clearTimeout(timer);
              hanging.delete(entry);
              resolve(undefined);
            });
          });
          return { status: 504, body: { error: 'gateway timeout' } };
        }
        await sleep(lognormalMs(40, 0.4));
        if (chance(failures.paymentDeclineRate)) {
          return {
            status: 402,
            body: { error: 'card_declined', amount: body?.amount },
          };
        }
        return {
          status: 201,
          body: {
            id: randomId('ch'),
            status: 'succeeded',
            amount: body?.amount,
          },
        };
      },
    },
  ],
});
announceReady(
  NAME,
  config.ports.psp,
  'payment provider psp.example.net (not instrumented)',
);

exitOnSignals(NAME, async () => {
  for (const entry of hanging) {
    clearTimeout(entry.timer);
    entry.resolve(undefined);
  }
  await closeServer(server);
});
