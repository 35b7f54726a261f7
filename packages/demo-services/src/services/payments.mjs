// The payments service (service.name "payments"): POST /payments charges the external payment provider (the
// uninstrumented psp process, POST /v1/charges). Its CLIENT spans to the provider carry
// peer.service=psp.example.net, the name the catalog's payment-provider Component claims.
// psp 402 → payments 402 (decline); no answer within DEMO_PSP_TIMEOUT_MS → 504; other failures → 502/503.
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import { loadConfig, PSP_PEER_SERVICE } from '../config.mjs';
import { failureControlRoutes } from '../failure-control.mjs';
import {
  announceReady,
  closeServer,
  exitOnSignals,
  requestJson,
  startHttpServer,
  TimeoutError,
} from '../runtime.mjs';
import { startTelemetry } from '../telemetry.mjs';

const NAME = 'payments';
const config = loadConfig();
const telemetry = startTelemetry(NAME, {
  config,
  peerServices: { [config.ports.psp]: PSP_PEER_SERVICE },
});

const server = await startHttpServer({
  name: NAME,
  port: config.ports.payments,
  routes: [
    ...failureControlRoutes(NAME, config),
    {
      method: 'POST',
      path: '/payments',
      handler: async ({ body }) => {
        const amount = Number(body?.amount ?? 0);
        try {
          const answer = await requestJson(`${config.urls.psp}/v1/charges`, {
            method: 'POST',
            body: { amount, currency: 'EUR', reference: body?.orderId },
            timeoutMs: config.failures.pspTimeoutMs,
          });
          if (answer.status === 201 || answer.status === 200) {
            return {
              status: 201,
              body: { paymentId: answer.body?.id, amount },
            };
          }
          if (answer.status === 402) {
            return { status: 402, body: { error: 'payment declined' } };
          }
          return {
            status: 502,
            body: { error: `payment provider answered ${answer.status}` },
          };
        } catch (error) {
          if (error instanceof TimeoutError) {
            return {
              status: 504,
              body: { error: 'payment provider timed out' },
              error: 'payment provider timed out',
            };
          }
          return {
            status: 503,
            body: { error: 'payment provider unreachable' },
            error: `payment provider unreachable: ${
              /** @type {Error} */ (error).message
            }`,
          };
        }
      },
    },
  ],
});
announceReady(NAME, config.ports.payments, `OTLP ${telemetry.protocol}`);

exitOnSignals(NAME, async () => {
  await closeServer(server);
  await telemetry.shutdown();
});
