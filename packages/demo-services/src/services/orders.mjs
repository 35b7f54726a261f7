// The orders service (service.name "orders"). Its server span for POST /orders is the signal operation, renamed
// `place_order` (with http.route=/orders as a plain attribute). Placing an order charges payments
// (POST /payments), reserves stock in inventory (POST /reservations), then publishes an order event to the
// `order-events` Kafka topic: a PRODUCER span whose W3C traceparent is injected by hand into the message, which is
// delivered to shipping by an HTTP POST that is itself NOT traced (so shipping's CONSUMER span is a child of the
// PRODUCER span, not of an HTTP client span).
// place_order ends in ERROR when the order is not placed: 402 (declined), 409 (out of stock) and 502 (a dependency
// failed or timed out). A failed publish marks the PRODUCER span only (the order stays placed).
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { loadConfig, ORDER_EVENTS_TOPIC } from '../config.mjs';
import { failureControlRoutes } from '../failure-control.mjs';
import {
  announceReady,
  closeServer,
  exitOnSignals,
  randomId,
  requestJson,
  startHttpServer,
} from '../runtime.mjs';
import { startTelemetry } from '../telemetry.mjs';

const NAME = 'orders';
const config = loadConfig();
/** Path on shipping that plays the Kafka broker's delivery of `order-events` messages. */
const DELIVERY_PATH = `/events/${ORDER_EVENTS_TOPIC}`;
const telemetry = startTelemetry(NAME, {
  config,
  ignoreOutgoingPaths: ['/events/'],
});

const PARTITIONS = 3;
let nextOffset = 0;

/**
 * Publishes an order event in a PRODUCER span and delivers it to shipping with the span's traceparent.
 * @param {string} orderId
 * @param {unknown} event
 */
async function publishOrderEvent(orderId, event) {
  const partition =
    [...orderId].reduce((sum, c) => sum + c.charCodeAt(0), 0) % PARTITIONS;
  const offset = nextOffset++;
  const span = telemetry.tracer.startSpan(`${ORDER_EVENTS_TOPIC} send`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.destination.name': ORDER_EVENTS_TOPIC,
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
      'messaging.message.id': `${orderId}-placed`,
      'messaging.kafka.message.key': orderId,
      'messaging.destination.partition.id': String(partition),
      'messaging.kafka.offset': offset,
    },
  });
  /** @type {Record<string, string>} */
  const headers = {
    'x-message-key': orderId,
    'x-partition': String(partition),
    'x-offset': String(offset),
  };
  // The delivery request is ignored by the HTTP instrumentation, which therefore injects nothing: inject the
  // PRODUCER span's context ourselves.
  propagation.inject(trace.setSpan(context.active(), span), headers);
  try {
    const answer = await requestJson(
      `${config.urls.shipping}${DELIVERY_PATH}`,
      {
        method: 'POST',
        body: event,
        headers,
        timeoutMs: 2000,
      },
    );
    if (answer.status >= 300) {
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: `broker refused the message (${answer.status})`,
      });
    }
  } catch (error) {
    const err = /** @type {Error} */ (error);
    span.recordException(err);
    span.setAttribute('error.type', err.name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
  } finally {
    span.end();
  }
}

/**
 * Places an order.
 * @param {any} body
 * @returns {Promise<import('../runtime.mjs').RouteResult>}
 */
async function placeOrder(body) {
  /** @type {{ sku: string, quantity: number, price: number }[]} */
  const items = Array.isArray(body?.items) ? body.items : [];
  if (items.length === 0) {
    return { status: 400, body: { error: 'empty cart' } };
  }
  const orderId = randomId('ord');
  const amount = items.reduce(
    (sum, item) => sum + (item.price ?? 10) * (item.quantity ?? 1),
    0,
  );

  let payment;
  try {
    payment = await requestJson(`${config.urls.payments}/payments`, {
      method: 'POST',
      body: { orderId, amount },
      timeoutMs: config.failures.pspTimeoutMs + 2000,
    });
  } catch (error) {
    const message = `payments unreachable: ${
      /** @type {Error} */ (error).message
    }`;
    return { status: 502, body: { error: message }, error: message };
  }
  if (payment.status === 402) {
    return {
      status: 402,
      body: { error: 'payment declined', orderId },
      error: 'payment declined',
    };
  }
  if (payment.status !== 201) {
    const message = `payments answered ${payment.status}`;
    return { status: 502, body: { error: message }, error: message };
  }

  let reservation;
  try {
    reservation = await requestJson(`${config.urls.inventory}/reservations`, {
      method: 'POST',
      body: { orderId, items },
      timeoutMs: config.failures.dbTimeoutMs + 2000,
    });
  } catch (error) {
    const message = `inventory unreachable: ${
      /** @type {Error} */ (error).message
    }`;
    return { status: 502, body: { error: message }, error: message };
  }
  if (reservation.status === 409) {
    return {
      status: 409,
      body: { error: 'out of stock', skus: reservation.body?.skus },
      error: 'out of stock',
    };
  }
  if (reservation.status !== 201) {
    const message = `inventory answered ${reservation.status}`;
    return { status: 502, body: { error: message }, error: message };
  }

  await publishOrderEvent(orderId, {
    type: 'OrderPlaced',
    orderId,
    customerId: body?.customerId ?? 'guest',
    items,
    amount,
  });
  return { status: 201, body: { orderId, amount } };
}

const server = await startHttpServer({
  name: NAME,
  port: config.ports.orders,
  routes: [
    ...failureControlRoutes(NAME, config),
    {
      method: 'POST',
      path: '/orders',
      spanName: 'place_order',
      handler: ({ body }) => placeOrder(body),
    },
  ],
});
announceReady(NAME, config.ports.orders, `OTLP ${telemetry.protocol}`);

exitOnSignals(NAME, async () => {
  await closeServer(server);
  await telemetry.shutdown();
});
