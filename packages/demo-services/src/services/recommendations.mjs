// The recommendations service (service.name "recommendations"): a plain HTTP service answering
// GET /recommendations with a few products after a short delay; fails (500) at DEMO_RECOMMENDATIONS_ERROR_RATE.
// Exports http/json by default (DEMO_OTLP_JSON_SERVICES), so the backend's JSON receiver gets live traffic too.
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
  sleep,
  startHttpServer,
} from '../runtime.mjs';
import { startTelemetry } from '../telemetry.mjs';

const NAME = 'recommendations';
const config = loadConfig();
const telemetry = startTelemetry(NAME, { config });

const CATALOG = [
  'espresso machine',
  'burr grinder',
  'milk jug',
  'tamper',
  'scale',
  'kettle',
  'filter papers',
  'cold brew jar',
];

const server = await startHttpServer({
  name: NAME,
  port: config.ports.recommendations,
  routes: [
    ...failureControlRoutes(NAME, config),
    {
      method: 'GET',
      path: '/recommendations',
      handler: async () => {
        await sleep(lognormalMs(15, 0.6));
        if (chance(config.failures.recommendationsErrorRate)) {
          return {
            status: 500,
            body: { error: 'model not loaded' },
            error: 'recommendation model not loaded',
          };
        }
        const products = [...CATALOG]
          .sort(() => Math.random() - 0.5)
          .slice(0, 3);
        return { status: 200, body: { products } };
      },
    },
  ],
});
announceReady(NAME, config.ports.recommendations, `OTLP ${telemetry.protocol}`);

exitOnSignals(NAME, async () => {
  await closeServer(server);
  await telemetry.shutdown();
});
