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
  Context,
  HrTime,
  ROOT_CONTEXT,
  Span as SdkSpan,
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
import { Span } from '@service-ownership/plugin-ownership-common';
import { decodeOtlpJson } from './decodeOtlpJson';
import { decodeOtlpProtobuf } from './decodeOtlpProtobuf';

// Requests produced by the official OpenTelemetry JS SDK and its OTLP serializers, so that the decoders are
// checked against what exporters really send (field numbers, wire types, JSON mapping), not against our
// own reading of the spec.

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const EPOCH_SECONDS = 1763726400;

/** `ms` milliseconds (plus `nanos` nanoseconds) after the trace's epoch second. */
function at(ms: number, nanos = 0): HrTime {
  return [EPOCH_SECONDS + Math.floor(ms / 1000), (ms % 1000) * 1e6 + nanos];
}

function childOf(parent: SdkSpan): Context {
  return trace.setSpan(ROOT_CONTEXT, parent);
}

/**
 * A checkout trace across three services: a server root with a client call to another service, a database
 * call, a producer/consumer pair and a failed span carrying attributes of every AnyValue type.
 */
async function recordCheckoutTrace(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  let nextSpanId = 1;
  const idGenerator = {
    generateTraceId: () => TRACE_ID,
    generateSpanId: () => (nextSpanId++).toString(16).padStart(16, '0'),
  };
  const providers = ['frontend', 'orders', 'shipping'].map(
    service =>
      new TracerProvider({
        resource: resourceFromAttributes({
          'service.name': service,
          'service.namespace': 'shop',
        }),
        idGenerator,
        spanProcessors: [new SimpleSpanProcessor({ exporter })],
      }),
  );
  const [frontend, orders, shipping] = providers.map(provider =>
    provider.getTracer('checkout-test', '1.0.0'),
  );

  const root = frontend.startSpan(
    'GET /checkout',
    {
      kind: SpanKind.SERVER,
      startTime: at(0, 123_456),
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/checkout',
        'http.response.status_code': 200,
      },
    },
    ROOT_CONTEXT,
  );
  const call = frontend.startSpan(
    'POST /orders',
    {
      kind: SpanKind.CLIENT,
      startTime: at(1),
      attributes: {
        'peer.service': 'orders',
        'server.address': 'orders.internal',
        'server.port': 8080,
        'http.response.status_code': 201,
      },
    },
    childOf(root),
  );
  const handler = orders.startSpan(
    'POST /orders',
    {
      kind: SpanKind.SERVER,
      startTime: at(2),
      attributes: { 'http.response.status_code': 201 },
    },
    childOf(call),
  );
  const query = orders.startSpan(
    'SELECT inventory.stock',
    {
      kind: SpanKind.CLIENT,
      startTime: at(3),
      attributes: {
        'db.system.name': 'postgresql',
        'db.namespace': 'inventory',
        'server.address': 'db.internal',
      },
    },
    childOf(handler),
  );
  query.end(at(5, 999_999));
  const publish = orders.startSpan(
    'order-events publish',
    {
      kind: SpanKind.PRODUCER,
      startTime: at(6),
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': 'order-events',
      },
    },
    childOf(handler),
  );
  publish.end(at(7));
  handler.end(at(8));
  call.end(at(9));
  root.end(at(20, 5));

  const consume = shipping.startSpan(
    'order-events process',
    {
      kind: SpanKind.CONSUMER,
      startTime: at(30),
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': 'order-events',
      },
    },
    childOf(publish),
  );
  const reserve = shipping.startSpan(
    'reserve stock',
    {
      kind: SpanKind.INTERNAL,
      startTime: at(31),
      attributes: {
        sku: 'sku-1',
        reserved: false,
        quantity: 42,
        delta: -5,
        huge: 2 ** 60,
        ratio: 0.5,
        tags: ['a', 'b'],
        bins: [1, 2],
        checksum: new Uint8Array([0, 0, 48, 57]),
        location: { warehouse: 'berlin', aisles: [3, 4] },
      },
    },
    childOf(consume),
  );
  reserve.setStatus({ code: SpanStatusCode.ERROR, message: 'out of stock' });
  reserve.end(at(32));
  consume.end(at(33));

  await Promise.all(providers.map(provider => provider.forceFlush()));
  return exporter.getFinishedSpans();
}

describe('requests from the official OpenTelemetry encoders', () => {
  let fromJson: ReturnType<typeof decodeOtlpJson>;
  let fromProtobuf: ReturnType<typeof decodeOtlpProtobuf>;

  beforeAll(async () => {
    const recorded = await recordCheckoutTrace();
    const json = JsonTraceSerializer.serializeRequest(recorded)!;
    const protobuf = ProtobufTraceSerializer.serializeRequest(recorded)!;
    fromJson = decodeOtlpJson(JSON.parse(new TextDecoder().decode(json)));
    fromProtobuf = decodeOtlpProtobuf(protobuf);
  });

  function spanNamed(name: string, kind?: string): Span {
    const span = fromProtobuf.spans.find(
      s => s.name === name && (kind === undefined || s.kind === kind),
    );
    expect(span).toBeDefined();
    return span!;
  }

  it('decodes the JSON and the protobuf encoding of a trace to the same spans', () => {
    expect(fromProtobuf.rejected).toEqual([]);
    expect(fromProtobuf.spans).toHaveLength(7);
    expect(fromProtobuf).toStrictEqual(fromJson);
  });

  it('keeps services, kinds and parents', () => {
    expect(
      fromProtobuf.spans
        .map(span => [
          span.spanId.replace(/^0+/, ''),
          span.parentSpanId?.replace(/^0+/, ''),
          span.serviceName,
          span.kind,
          span.name,
        ])
        .sort(),
    ).toEqual([
      ['1', undefined, 'frontend', 'server', 'GET /checkout'],
      ['2', '1', 'frontend', 'client', 'POST /orders'],
      ['3', '2', 'orders', 'server', 'POST /orders'],
      ['4', '3', 'orders', 'client', 'SELECT inventory.stock'],
      ['5', '3', 'orders', 'producer', 'order-events publish'],
      ['6', '5', 'shipping', 'consumer', 'order-events process'],
      ['7', '6', 'shipping', 'internal', 'reserve stock'],
    ]);
    expect(
      fromProtobuf.spans.every(
        span => span.traceId === TRACE_ID && span.serviceNamespace === 'shop',
      ),
    ).toBe(true);
  });

  it('keeps nanosecond start times and durations exact', () => {
    const root = spanNamed('GET /checkout');
    expect(root.startTimeUnixNano).toBe(1763726400000123456n);
    expect(root.startTimeUnixNano > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(root.startTimeUnixMs).toBe(1763726400000);
    expect(root.durationNano).toBe(20_000_005 - 123_456);
    expect(spanNamed('SELECT inventory.stock').durationNano).toBe(2_999_999);
  });

  it('reads the peer of calls to another service, a database and a queue', () => {
    expect(spanNamed('POST /orders', 'client')).toMatchObject({
      peer: {
        service: 'orders',
        serverAddress: 'orders.internal',
        serverPort: 8080,
      },
      httpStatusCode: 201,
      error: false,
    });
    expect(spanNamed('SELECT inventory.stock').peer).toEqual({
      serverAddress: 'db.internal',
      dbSystem: 'postgresql',
      dbNamespace: 'inventory',
    });
    const queue = {
      messagingSystem: 'kafka',
      messagingDestination: 'order-events',
    };
    expect(spanNamed('order-events publish').peer).toEqual(queue);
    expect(spanNamed('order-events process').peer).toEqual(queue);
  });

  it('marks the failed span with its status message', () => {
    expect(fromProtobuf.spans.filter(span => span.error)).toEqual([
      expect.objectContaining({
        name: 'reserve stock',
        statusCode: 'error',
        statusMessage: 'out of stock',
      }),
    ]);
  });

  it('keeps attributes of every AnyValue type', () => {
    expect(spanNamed('reserve stock').attributes).toEqual({
      sku: 'sku-1',
      reserved: false,
      quantity: 42,
      delta: -5,
      huge: '1152921504606846976',
      ratio: 0.5,
      tags: '["a","b"]',
      bins: '[1,2]',
      checksum: 'AAAwOQ==',
      location: '{"warehouse":"berlin","aisles":[3,4]}',
    });
  });
});
