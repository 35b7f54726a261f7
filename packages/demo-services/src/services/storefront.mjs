// The storefront service (service.name "storefront"): the shop's web front. GET / renders a page with
// recommendations (GET /recommendations; the page still renders when they fail), POST /checkout places the cart's
// order (POST /orders on orders) and passes declines (402) and stock problems (409) on to the customer.
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import { loadConfig } from '../config.mjs';
import {
  announceReady,
  closeServer,
  exitOnSignals,
  requestJson,
  startHttpServer,
} from '../runtime.mjs';
import { startTelemetry } from '../telemetry.mjs';

const NAME = 'storefront';
const config = loadConfig();
const telemetry = startTelemetry(NAME, { config });

const server = await startHttpServer({
  name: NAME,
  port: config.ports.storefront,
  routes: [
    {
      method: 'GET',
      path: '/',
      handler: async ({ url }) => {
        const customer = url.searchParams.get('customer') ?? 'guest';
        /** @type {string[]} */
        let products = [];
        try {
          const answer = await requestJson(
            `${
              config.urls.recommendations
            }/recommendations?customer=${encodeURIComponent(customer)}`,
            { timeoutMs: 1000 },
          );
          if (answer.status === 200) products = answer.body?.products ?? [];
        } catch {
          // Degrade gracefully: the page renders without recommendations.
        }
        const items = products.map(product => `<li>${product}</li>`).join('');
        return {
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: `<!doctype html><title>Shop</title><h1>Welcome, ${customer}</h1><ul>${items}</ul>`,
        };
      },
    },
    {
      method: 'POST',
      path: '/checkout',
      handler: async ({ body }) => {
        const cart = body ?? {};
        try {
          const answer = await requestJson(`${config.urls.orders}/orders`, {
            method: 'POST',
            body: {
              customerId: cart.customerId ?? 'guest',
              items: cart.items ?? [],
            },
            timeoutMs: 5000,
          });
          if (answer.status === 201) return { status: 201, body: answer.body };
          if (answer.status === 402 || answer.status === 409) {
            return { status: answer.status, body: answer.body };
          }
          return {
            status: 502,
            body: { error: `orders answered ${answer.status}` },
          };
        } catch (error) {
          return {
            status: 502,
            body: {
              error: `orders unreachable: ${
                /** @type {Error} */ (error).message
              }`,
            },
          };
        }
      },
    },
  ],
});
announceReady(NAME, config.ports.storefront, `OTLP ${telemetry.protocol}`);

exitOnSignals(NAME, async () => {
  await closeServer(server);
  await telemetry.shutdown();
});
