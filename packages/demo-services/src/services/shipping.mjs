// The shipping service (service.name "shipping"): consumes the `order-events` topic. The "broker" delivers each
// message as an HTTP POST to /events/order-events carrying the producer's W3C traceparent; that request is ignored by
// the HTTP instrumentation (no server span), and because an ignored request's handler runs with tracing suppressed,
// the producer's context is extracted onto ROOT_CONTEXT. Each message is acknowledged (202) at once and processed
// shortly after in a CONSUMER span `order-events process` whose parent is orders' PRODUCER span, with an INTERNAL
// child `book shipment`. At DEMO_SHIPPING_FAILURE_RATE processing fails: both spans end in ERROR.
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { loadConfig, ORDER_EVENTS_TOPIC } from '../config.mjs';
import { failureControlRoutes } from '../failure-control.mjs';
import {
  announceReady,
  chance,
  closeServer,
  exitOnSignals,
  log,
  lognormalMs,
  sleep,
  startHttpServer,
} from '../runtime.mjs';
import { startTelemetry } from '../telemetry.mjs';

const NAME = 'shipping';
const config = loadConfig();
const telemetry = startTelemetry(NAME, {
  config,
  ignoreIncomingPaths: ['/events/'],
});

/** Messages accepted but not processed yet (waited for at shutdown). */
const pending = new Set();

/**
 * Processes one order event in a CONSUMER span.
 * @param {import('@opentelemetry/api').Context} producerContext extracted from the message headers
 * @param {Record<string, string | string[] | undefined>} headers
 * @param {any} event
 */
async function consume(producerContext, headers, event) {
  const span = telemetry.tracer.startSpan(
    `${ORDER_EVENTS_TOPIC} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': ORDER_EVENTS_TOPIC,
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.consumer.group.name': 'shipping',
        'messaging.message.id': `${event?.orderId}-placed`,
        'messaging.kafka.message.key': String(headers['x-message-key'] ?? ''),
        'messaging.destination.partition.id': String(
          headers['x-partition'] ?? '0',
        ),
        'messaging.kafka.offset': Number(headers['x-offset'] ?? 0),
      },
    },
    producerContext,
  );
  await context.with(trace.setSpan(producerContext, span), async () => {
    const booking = telemetry.tracer.startSpan('book shipment', {
      attributes: { 'shipping.order_id': String(event?.orderId) },
    });
    await sleep(lognormalMs(25, 0.5));
    if (chance(config.failures.shippingFailureRate)) {
      const error = new Error(
        `carrier rejected the shipment of ${event?.orderId}`,
      );
      booking.recordException(error);
      booking.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      booking.end();
      span.recordException(error);
      span.setAttribute('error.type', 'CarrierRejected');
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    } else {
      booking.end();
    }
  });
  span.end();
}

const server = await startHttpServer({
  name: NAME,
  port: config.ports.shipping,
  routes: [
    ...failureControlRoutes(NAME, config),
    {
      method: 'POST',
      path: `/events/${ORDER_EVENTS_TOPIC}`,
      handler: ({ req, body }) => {
        // Not context.active(): it is suppressed here, so a span parented on it would record nothing.
        const producerContext = propagation.extract(ROOT_CONTEXT, req.headers);
        const headers = { ...req.headers };
        const job = sleep(lognormalMs(8, 0.5))
          .then(() => consume(producerContext, headers, body))
          .catch(error => log(NAME, `processing failed: ${error}`))
          .finally(() => pending.delete(job));
        pending.add(job);
        return { status: 202, body: { accepted: true } };
      },
    },
  ],
});
announceReady(NAME, config.ports.shipping, `OTLP ${telemetry.protocol}`);

exitOnSignals(NAME, async () => {
  await closeServer(server);
  await Promise.allSettled([...pending]);
  await telemetry.shutdown();
});
