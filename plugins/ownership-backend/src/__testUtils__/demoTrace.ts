/*
 * Copyright 2026 The Service Ownership for Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
import {
  ROOT_CONTEXT,
  Span as ApiSpan,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

/** What one generated checkout trace is made of, so tests can predict the rollups and edges. */
export interface CheckoutOptions {
  /** Start of the root span, ms since the epoch. */
  startMs: number;
  /** Duration of orders' place_order server span, in ms. */
  placeOrderMs: number;
  /** Whether payments fails (its server span and orders' client span get status ERROR). */
  paymentFails?: boolean;
  /** Whether orders' place_order server span gets status ERROR (the order was not placed). */
  placeOrderFails?: boolean;
}

function providerFor(service: string) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  return { tracer: provider.getTracer('test'), exporter };
}

/**
 * Builds real SDK spans of one checkout: storefront (server, root) → orders `place_order` (server) →
 * payments (server), and a database client span from orders to PostgreSQL `inventory`.
 */
export function buildCheckoutTrace(options: CheckoutOptions): ReadableSpan[] {
  const storefront = providerFor('storefront');
  const orders = providerFor('orders');
  const payments = providerFor('payments');
  const t = options.startMs;
  const child = (parent: ApiSpan) => trace.setSpan(ROOT_CONTEXT, parent);

  const root = storefront.tracer.startSpan(
    'POST /checkout',
    { kind: SpanKind.SERVER, startTime: t },
    ROOT_CONTEXT,
  );
  const callOrders = storefront.tracer.startSpan(
    'POST',
    { kind: SpanKind.CLIENT, startTime: t + 1 },
    child(root),
  );
  const placeOrder = orders.tracer.startSpan(
    'place_order',
    {
      kind: SpanKind.SERVER,
      startTime: t + 2,
      attributes: { 'http.route': '/orders', 'http.request.method': 'POST' },
    },
    child(callOrders),
  );
  const callPayments = orders.tracer.startSpan(
    'POST',
    { kind: SpanKind.CLIENT, startTime: t + 3 },
    child(placeOrder),
  );
  const charge = payments.tracer.startSpan(
    'POST /payments',
    { kind: SpanKind.SERVER, startTime: t + 4 },
    child(callPayments),
  );
  const query = orders.tracer.startSpan(
    'SELECT inventory',
    {
      kind: SpanKind.CLIENT,
      startTime: t + 5,
      attributes: {
        'db.system.name': 'postgresql',
        'db.namespace': 'inventory',
        'server.address': 'inventory-db',
      },
    },
    child(placeOrder),
  );
  query.end(t + 6);
  if (options.paymentFails) {
    charge.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
    callPayments.setStatus({ code: SpanStatusCode.ERROR });
  }
  if (options.placeOrderFails) {
    placeOrder.setStatus({ code: SpanStatusCode.ERROR, message: 'not placed' });
  }
  charge.end(t + 7);
  callPayments.end(t + 8);
  placeOrder.end(t + 2 + options.placeOrderMs);
  callOrders.end(t + 3 + options.placeOrderMs);
  root.end(t + 4 + options.placeOrderMs);

  return [storefront, orders, payments].flatMap(p =>
    p.exporter.getFinishedSpans(),
  );
}

/** OTLP/JSON bytes of spans, as the SDK's http/json exporter sends them. */
export function toOtlpJson(spans: ReadableSpan[]): Buffer {
  return Buffer.from(JsonTraceSerializer.serializeRequest(spans)!);
}

/** OTLP/protobuf bytes of spans, as the SDK's http/protobuf exporter sends them. */
export function toOtlpProtobuf(spans: ReadableSpan[]): Buffer {
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
}
