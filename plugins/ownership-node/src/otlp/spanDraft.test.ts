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

import { decodeOtlpJson } from './decodeOtlpJson';
import { decodeOtlpProtobuf } from './decodeOtlpProtobuf';
import {
  encodeAsProtobuf,
  intAttribute,
  JsonKeyValue,
  JsonRequest,
  requestWith,
  stringAttribute,
  TRACE_ID,
  validSpan,
} from './__testUtils__/otlpTestRequests';
import { OtlpDecodeResult } from './types';

// The mapping rules are shared by both decoders, so every case runs through both wire formats.
describe.each<[string, (request: JsonRequest) => OtlpDecodeResult]>([
  ['OTLP/JSON', request => decodeOtlpJson(JSON.parse(JSON.stringify(request)))],
  ['OTLP/protobuf', request => decodeOtlpProtobuf(encodeAsProtobuf(request))],
])('%s', (_format, decode) => {
  function decodeOne(attributes: JsonKeyValue[], kind = 2, status = {}) {
    const { spans, rejected } = decode(
      requestWith([validSpan({ kind, attributes, status })]),
    );
    expect(rejected).toEqual([]);
    expect(spans).toHaveLength(1);
    return spans[0];
  }

  it('maps a span to the model with its service, kind, exact times and attributes', () => {
    const request = requestWith([
      validSpan({
        parentSpanId: '53995c3f42cd8ad8',
        startTimeUnixNano: '1763726400123456789',
        endTimeUnixNano: '1763726400987654321',
        attributes: [stringAttribute('http.route', '/cart')],
      }),
    ]);
    request.resourceSpans![0].resource!.attributes!.push(
      stringAttribute('service.namespace', 'shop'),
      stringAttribute('host.name', 'node-1'),
    );

    expect(decode(request)).toEqual({
      spans: [
        {
          traceId: TRACE_ID,
          spanId: '00f067aa0ba902b7',
          parentSpanId: '53995c3f42cd8ad8',
          serviceName: 'checkout',
          serviceNamespace: 'shop',
          name: 'GET /cart',
          kind: 'server',
          startTimeUnixNano: 1763726400123456789n,
          startTimeUnixMs: 1763726400123,
          durationNano: 864197532,
          error: false,
          statusCode: 'unset',
          peer: {},
          attributes: { 'http.route': '/cart' },
        },
      ],
      rejected: [],
    });
  });

  it('decodes an empty request to no spans', () => {
    expect(decode({})).toEqual({ spans: [], rejected: [] });
  });

  it('maps every span kind', () => {
    const kinds = [0, 1, 2, 3, 4, 5, 9].map(kind => decodeOne([], kind).kind);
    expect(kinds).toEqual([
      'unspecified',
      'internal',
      'server',
      'client',
      'producer',
      'consumer',
      'unspecified',
    ]);
  });

  describe('rejections', () => {
    const good = validSpan({ spanId: '1111111111111111' });

    it.each<[string, Parameters<typeof validSpan>[0], string]>([
      ['no trace id', { traceId: undefined }, 'traceId is missing'],
      ['no span id', { spanId: undefined }, 'spanId is missing'],
      [
        'no start time',
        { startTimeUnixNano: undefined },
        'startTimeUnixNano is missing',
      ],
      [
        'no end time',
        { endTimeUnixNano: undefined },
        'endTimeUnixNano is missing',
      ],
      ['a zero start time', { startTimeUnixNano: 0 }, 'startTimeUnixNano is 0'],
      [
        'an end before the start',
        { endTimeUnixNano: '1763726399999999999' },
        'endTimeUnixNano 1763726399999999999 is before startTimeUnixNano 1763726400000000000',
      ],
    ])(
      'rejects a span with %s, keeping the others',
      (_case, overrides, reason) => {
        const { spans, rejected } = decode(
          requestWith([good, validSpan(overrides), good]),
        );
        expect(rejected).toEqual([
          { location: 'resourceSpans[0].scopeSpans[0].spans[1]', reason },
        ]);
        expect(spans.map(span => span.spanId)).toEqual([
          '1111111111111111',
          '1111111111111111',
        ]);
      },
    );

    it('keeps a span that ends when it starts', () => {
      const span = decodeOne([]);
      expect(
        decode(
          requestWith([validSpan({ endTimeUnixNano: '1763726400000000000' })]),
        ).spans[0].durationNano,
      ).toBe(0);
      expect(span.durationNano).toBe(250_000_000);
    });

    it.each([
      ['without service.name', null],
      ['with an empty service.name', ''],
    ])(
      'rejects every span of a resource %s and keeps the other resources',
      (_case, serviceName) => {
        const request: JsonRequest = {
          resourceSpans: [
            requestWith([good], 'cart').resourceSpans![0],
            requestWith([good, good], serviceName).resourceSpans![0],
          ],
        };
        const { spans, rejected } = decode(request);
        expect(spans.map(span => span.serviceName)).toEqual(['cart']);
        expect(rejected).toEqual([
          {
            location: 'resourceSpans[1].scopeSpans[0].spans[0]',
            reason: 'the resource has no non-empty service.name attribute',
          },
          {
            location: 'resourceSpans[1].scopeSpans[0].spans[1]',
            reason: 'the resource has no non-empty service.name attribute',
          },
        ]);
      },
    );

    it('locates rejected spans across resources and scopes', () => {
      const request: JsonRequest = {
        resourceSpans: [
          {
            resource: { attributes: [stringAttribute('service.name', 'a')] },
            scopeSpans: [
              { spans: [good] },
              { spans: [good, good, validSpan({ traceId: undefined })] },
            ],
          },
        ],
      };
      expect(decode(request).rejected).toEqual([
        {
          location: 'resourceSpans[0].scopeSpans[1].spans[2]',
          reason: 'traceId is missing',
        },
      ]);
    });
  });

  describe('error', () => {
    it('follows status ERROR and keeps its message', () => {
      const span = decodeOne([], 2, { code: 2, message: 'out of stock' });
      expect(span).toMatchObject({
        error: true,
        statusCode: 'error',
        statusMessage: 'out of stock',
      });
    });

    it('does not count a span with status OK as failed, whatever its attributes say', () => {
      const span = decodeOne(
        [intAttribute('http.response.status_code', 500)],
        2,
        { code: 1, message: 'fine' },
      );
      expect(span).toMatchObject({ error: false, statusCode: 'ok' });
      expect(span.statusMessage).toBeUndefined();
    });

    it('does not count a 404 answered by a server as its failure (old http.status_code)', () => {
      const span = decodeOne([intAttribute('http.status_code', 404)], 2);
      expect(span).toMatchObject({ error: false, httpStatusCode: 404 });
    });

    it('counts a 404 received by a client as a failure of the client', () => {
      const span = decodeOne([intAttribute('http.status_code', 404)], 3);
      expect(span).toMatchObject({ error: true, httpStatusCode: 404 });
    });

    it.each([0, 1, 2, 5])('counts a 5xx as a failure (kind %d)', kind => {
      const span = decodeOne(
        [intAttribute('http.response.status_code', 503)],
        kind,
      );
      expect(span).toMatchObject({ error: true, httpStatusCode: 503 });
    });

    it('prefers the new HTTP status attribute over the old one', () => {
      const span = decodeOne(
        [
          intAttribute('http.status_code', 500),
          intAttribute('http.response.status_code', 200),
        ],
        2,
      );
      expect(span).toMatchObject({ error: false, httpStatusCode: 200 });
    });

    it('reads an HTTP status code sent as a string', () => {
      const span = decodeOne([stringAttribute('http.status_code', '502')], 2);
      expect(span).toMatchObject({ error: true, httpStatusCode: 502 });
    });

    it.each<[string, JsonKeyValue]>([
      ['error: true', { key: 'error', value: { boolValue: true } }],
      ['error: "true"', stringAttribute('error', 'true')],
      ['otel.status_code: ERROR', stringAttribute('otel.status_code', 'ERROR')],
    ])('counts %s without a status as a failure', (_case, attribute) => {
      expect(decodeOne([attribute], 1).error).toBe(true);
    });

    it.each<[string, JsonKeyValue]>([
      ['error: false', { key: 'error', value: { boolValue: false } }],
      ['otel.status_code: OK', stringAttribute('otel.status_code', 'OK')],
    ])('does not count %s as a failure', (_case, attribute) => {
      expect(decodeOne([attribute], 1).error).toBe(false);
    });
  });

  describe('peer', () => {
    it('reads the new semantic-convention names', () => {
      const span = decodeOne(
        [
          stringAttribute('peer.service', 'orders'),
          stringAttribute('server.address', 'orders.internal'),
          intAttribute('server.port', 8080),
          stringAttribute('db.system.name', 'postgresql'),
          stringAttribute('db.namespace', 'inventory'),
          stringAttribute('messaging.system', 'kafka'),
          stringAttribute('messaging.destination.name', 'order-events'),
        ],
        3,
      );
      expect(span.peer).toEqual({
        service: 'orders',
        serverAddress: 'orders.internal',
        serverPort: 8080,
        dbSystem: 'postgresql',
        dbNamespace: 'inventory',
        messagingSystem: 'kafka',
        messagingDestination: 'order-events',
      });
    });

    it('reads the old names', () => {
      const span = decodeOne(
        [
          stringAttribute('net.peer.name', 'orders.internal'),
          stringAttribute('net.peer.port', '8080'),
          stringAttribute('db.system', 'mysql'),
          stringAttribute('db.name', 'inventory'),
          stringAttribute('messaging.destination', 'order-events'),
        ],
        3,
      );
      expect(span.peer).toEqual({
        serverAddress: 'orders.internal',
        serverPort: 8080,
        dbSystem: 'mysql',
        dbNamespace: 'inventory',
        messagingDestination: 'order-events',
      });
    });

    it('prefers the new names when a span has both', () => {
      const span = decodeOne(
        [
          stringAttribute('server.address', 'new'),
          stringAttribute('net.peer.name', 'old'),
          stringAttribute('db.system', 'old'),
          stringAttribute('db.system.name', 'new'),
        ],
        3,
      );
      expect(span.peer).toEqual({ serverAddress: 'new', dbSystem: 'new' });
    });
  });

  describe('attributes', () => {
    it('keeps scalars as sent and arrays, maps and bytes as text', () => {
      const span = decodeOne([
        stringAttribute('string', 'text'),
        { key: 'bool', value: { boolValue: true } },
        { key: 'int', value: { intValue: '42' } },
        { key: 'negative', value: { intValue: -7 } },
        { key: 'double', value: { doubleValue: 0.25 } },
        { key: 'bytes', value: { bytesValue: 'AAAwOQ==' } },
        {
          key: 'array',
          value: {
            arrayValue: {
              values: [{ stringValue: 'a' }, { intValue: 1 }, {}],
            },
          },
        },
        {
          key: 'map',
          value: {
            kvlistValue: {
              values: [
                stringAttribute('k', 'v'),
                {
                  key: 'nested',
                  value: { arrayValue: { values: [{ boolValue: false }] } },
                },
              ],
            },
          },
        },
        { key: 'unset', value: {} },
      ]);
      expect(span.attributes).toEqual({
        string: 'text',
        bool: true,
        int: 42,
        negative: -7,
        double: 0.25,
        bytes: 'AAAwOQ==',
        array: '["a",1,null]',
        map: '{"k":"v","nested":[false]}',
      });
    });

    it('keeps 64-bit integers beyond 2^53 exactly, as decimal text', () => {
      const span = decodeOne([
        { key: 'max', value: { intValue: '9223372036854775807' } },
        { key: 'min', value: { intValue: '-9223372036854775808' } },
        { key: 'safe', value: { intValue: '9007199254740991' } },
        { key: 'unsafe', value: { intValue: '9007199254740993' } },
        { key: 'safeNegative', value: { intValue: '-9007199254740991' } },
      ]);
      expect(span.attributes).toEqual({
        max: '9223372036854775807',
        min: '-9223372036854775808',
        safe: 9007199254740991,
        unsafe: '9007199254740993',
        safeNegative: -9007199254740991,
      });
    });

    it('keeps at most 128 attributes per span but still reads later well-known ones', () => {
      const attributes = Array.from({ length: 200 }, (_, i) =>
        intAttribute(`custom.${i}`, i),
      );
      attributes.push(intAttribute('http.response.status_code', 503));
      const span = decodeOne(attributes);
      expect(Object.keys(span.attributes)).toHaveLength(128);
      expect(span.attributes['custom.127']).toBe(127);
      expect(span.attributes['custom.128']).toBeUndefined();
      expect(span).toMatchObject({ httpStatusCode: 503, error: true });
    });

    it('truncates strings longer than 4 KiB', () => {
      const span = decodeOne([stringAttribute('sql', 'x'.repeat(100_000))]);
      expect(span.attributes.sql).toBe('x'.repeat(4096));
    });

    it('does not split a surrogate pair when truncating', () => {
      const span = decodeOne([
        stringAttribute('emoji', `${'x'.repeat(4095)}😀😀`),
      ]);
      expect(span.attributes.emoji).toBe('x'.repeat(4095));
    });

    it('cuts off values nested too deep', () => {
      let value = { stringValue: 'deep' } as JsonKeyValue['value'];
      for (let i = 0; i < 20; i++) {
        value = { arrayValue: { values: [value] } };
      }
      const span = decodeOne([{ key: 'deep', value }]);
      expect(span.attributes.deep).toBe(`${'['.repeat(8)}null${']'.repeat(8)}`);
    });

    it('drops attributes with an empty key', () => {
      expect(decodeOne([stringAttribute('', 'x')]).attributes).toEqual({});
    });
  });
});
