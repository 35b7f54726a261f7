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

import integrationExample from '../__fixtures__/otlp/jaeger-integration-example_trace.json';
import memoryTraces from '../__fixtures__/otlp/jaeger-memory-otel_traces_01.json';
import nodeSdkExport from '../__fixtures__/otlp/jaeger-ui-otlp2jaeger-multi-in-combined.json';
import protoExample from '../__fixtures__/otlp/trace.json';
import { decodeOtlpJson } from './decodeOtlpJson';
import { decodeOtlpProtobuf } from './decodeOtlpProtobuf';
import {
  encodeAsProtobuf,
  JsonRequest,
  requestWith,
  validSpan,
} from './__testUtils__/otlpTestRequests';
import { OtlpDecodeError } from './types';

describe('decodeOtlpJson', () => {
  describe('upstream samples', () => {
    it('decodes the opentelemetry-proto example, lower-casing its upper-case ids', () => {
      const { spans, rejected } = decodeOtlpJson(protoExample);
      expect(rejected).toEqual([]);
      expect(spans).toEqual([
        {
          traceId: '5b8efff798038103d269b633813fc60c',
          spanId: 'eee19b7ec3c1b174',
          parentSpanId: 'eee19b7ec3c1b173',
          serviceName: 'my.service',
          name: "I'm a server span",
          kind: 'server',
          startTimeUnixNano: 1544712660000000000n,
          startTimeUnixMs: 1544712660000,
          durationNano: 1_000_000_000,
          error: false,
          statusCode: 'unset',
          peer: {},
          attributes: { 'my.span.attr': 'some value' },
        },
      ]);
    });

    it('decodes the Jaeger storage sample: kinds, ERROR status, peer.service, typed attributes', () => {
      const { spans, rejected } = decodeOtlpJson(memoryTraces);
      expect(rejected).toEqual([]);
      expect(
        spans.map(span => [span.spanId, span.parentSpanId, span.kind]),
      ).toEqual([
        ['0000000000000002', '0000000000000003', 'server'],
        ['0000000000000003', '0000000000000010', 'client'],
        ['0000000000000004', '0000000000000011', 'producer'],
        ['0000000000000005', '0000000000000010', 'consumer'],
      ]);
      expect(spans[1]).toMatchObject({
        traceId: '00000000000000020000000000000000',
        serviceName: 'service-x',
        name: 'test-general-conversion-3',
        durationNano: 5000,
        error: true,
        statusCode: 'error',
        peer: { service: 'service-y' },
        attributes: {
          'peer.service': 'service-y',
          'peer.ipv4': 23456,
          blob: 'AAAwOQ==',
          temperature: 72.5,
        },
      });
      expect(spans.every(span => span.error)).toBe(true);
    });

    it('decodes the Jaeger integration sample: several services, kinds and root spans', () => {
      const { spans, rejected } = decodeOtlpJson(integrationExample);
      expect(rejected).toEqual([]);
      expect(
        spans.map(span => [span.serviceName, span.spanId, span.kind]),
      ).toEqual([
        ['example-service-2', '0000000000000004', 'unspecified'],
        ['example-service-3', '0000000000000005', 'unspecified'],
        ['example-service-1', '0000000000000003', 'unspecified'],
        ['example-service-1', '0000000000000006', 'server'],
        ['example-service-1', '0000000000000007', 'client'],
      ]);
      for (const span of spans) {
        expect(span).toMatchObject({
          traceId: '00000000000000000000000000000011',
          startTimeUnixNano: 1485449191639875000n,
          startTimeUnixMs: 1485449191639,
          durationNano: 100_000,
          error: false,
        });
        expect(span.parentSpanId).toBeUndefined();
      }
    });

    it('decodes a Node.js SDK export: an empty parentSpanId is a root, durations are exact', () => {
      const { spans, rejected } = decodeOtlpJson(nodeSdkExport);
      expect(rejected).toEqual([]);
      expect(
        spans.map(span => [
          span.name,
          span.spanId,
          span.parentSpanId,
          span.durationNano,
        ]),
      ).toEqual([
        ['ohboy.do', '26f5ef9dbb885479', '49b8e9efa1e8a3b1', 46_460_625],
        ['ohboy.do', 'e76628f4e6dde174', '49b8e9efa1e8a3b1', 71_355_250],
        ['info', '49b8e9efa1e8a3b1', 'eff3153be6b1fb93', 173_150_875],
        ['main', 'eff3153be6b1fb93', undefined, 176_321_958],
      ]);
      expect(
        spans.every(
          span =>
            span.serviceName === 'example-trace' && span.kind === 'internal',
        ),
      ).toBe(true);
    });

    it.each([
      ['trace.json', protoExample],
      ['jaeger-memory-otel_traces_01.json', memoryTraces],
      ['jaeger-integration-example_trace.json', integrationExample],
      ['jaeger-ui-otlp2jaeger-multi-in-combined.json', nodeSdkExport],
    ])('decodes %s the same as its protobuf encoding', (_name, sample) => {
      expect(
        decodeOtlpProtobuf(encodeAsProtobuf(sample as JsonRequest)),
      ).toEqual(decodeOtlpJson(sample));
    });
  });

  describe('JSON mapping', () => {
    it('accepts 64-bit times as JSON numbers as well as strings', () => {
      const { spans } = decodeOtlpJson(
        requestWith([
          validSpan({
            startTimeUnixNano: 1_700_000_000_000_000_000,
            endTimeUnixNano: '1700000000000250000',
          }),
        ]),
      );
      expect(spans[0]).toMatchObject({
        startTimeUnixNano: 1700000000000000000n,
        startTimeUnixMs: 1700000000000,
        durationNano: 250_000,
      });
    });

    it('accepts small times as JSON numbers', () => {
      const { spans } = decodeOtlpJson(
        requestWith([
          validSpan({
            startTimeUnixNano: 1_500_000,
            endTimeUnixNano: 2_500_001,
          }),
        ]),
      );
      expect(spans[0]).toMatchObject({
        startTimeUnixNano: 1500000n,
        startTimeUnixMs: 1,
        durationNano: 1_000_001,
      });
    });

    it('accepts integer attributes as JSON numbers and as strings', () => {
      const { spans } = decodeOtlpJson(
        requestWith([
          validSpan({
            attributes: [
              { key: 'asNumber', value: { intValue: 8080 } },
              { key: 'asString', value: { intValue: '8080' } },
              // What the JS exporter sends for 2^60: a rounded JSON number.
              { key: 'huge', value: { intValue: 1152921504606846976 } },
            ],
          }),
        ]),
      );
      expect(spans[0].attributes).toEqual({
        asNumber: 8080,
        asString: 8080,
        huge: '1152921504606846976',
      });
    });

    it('accepts enum names as well as numbers', () => {
      const { spans } = decodeOtlpJson({
        resourceSpans: [
          {
            resource: {
              attributes: [
                { key: 'service.name', value: { stringValue: 'tempo-shaped' } },
              ],
            },
            scopeSpans: [
              {
                spans: [
                  {
                    ...validSpan(),
                    kind: 'SPAN_KIND_CLIENT',
                    status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
                  },
                  { ...validSpan(), kind: 'SPAN_KIND_CONSUMER', status: {} },
                ],
              },
            ],
          },
        ],
      });
      expect(
        spans.map(span => [span.kind, span.statusCode, span.error]),
      ).toEqual([
        ['client', 'error', true],
        ['consumer', 'unset', false],
      ]);
    });

    it('ignores unknown fields and treats null as unset', () => {
      const { spans, rejected } = decodeOtlpJson({
        resourceSpans: [
          {
            resource: {
              attributes: [
                { key: 'service.name', value: { stringValue: 'checkout' } },
              ],
              droppedAttributesCount: 0,
              entityRefs: [{ type: 'service' }],
            },
            scopeSpans: [
              {
                scope: { name: 'x', unknown: true },
                spans: [
                  {
                    ...validSpan(),
                    parentSpanId: null,
                    traceState: 'k=v',
                    flags: 257,
                    events: [{ name: 'e' }],
                    links: [],
                    somethingNew: { nested: [1, 2] },
                    attributes: null,
                  },
                ],
                schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
              },
            ],
          },
        ],
        extra: 'ignored',
      });
      expect(rejected).toEqual([]);
      expect(spans).toHaveLength(1);
      expect(spans[0].parentSpanId).toBeUndefined();
    });

    it('decodes {} and a null resourceSpans to no spans', () => {
      expect(decodeOtlpJson({})).toEqual({ spans: [], rejected: [] });
      expect(decodeOtlpJson({ resourceSpans: null })).toEqual({
        spans: [],
        rejected: [],
      });
    });
  });

  describe('rejected ids and times', () => {
    const good = validSpan({ spanId: '1111111111111111' });

    it.each<[string, Record<string, unknown>, string]>([
      [
        'a short trace id',
        { traceId: 'abc' },
        'traceId "abc" is not 32 hex characters',
      ],
      [
        'a trace id with a non-hex character',
        { traceId: '4bf92f3577b34da6a3ce929d0e0e473g' },
        'traceId "4bf92f3577b34da6a3ce929d0e0e473g" is not 32 hex characters',
      ],
      [
        'an all-zero trace id',
        { traceId: '00000000000000000000000000000000' },
        'traceId "00000000000000000000000000000000" is all zeros',
      ],
      [
        'a base64 trace id',
        { traceId: 'S/kvNXezTaajzpKdDg5HNg==' },
        'traceId "S/kvNXezTaajzpKdDg5HNg==" is not 32 hex characters',
      ],
      [
        'a numeric span id',
        { spanId: 42 },
        'spanId is a number, expected a hex string',
      ],
      [
        'an all-zero span id',
        { spanId: '0000000000000000' },
        'spanId "0000000000000000" is all zeros',
      ],
      [
        'a bad parent span id',
        { parentSpanId: 'xyz' },
        'parentSpanId "xyz" is not 16 hex characters',
      ],
      [
        'a start time that is not a number',
        { startTimeUnixNano: 'yesterday' },
        'startTimeUnixNano "yesterday" is not an unsigned 64-bit decimal integer',
      ],
      [
        'a negative end time',
        { endTimeUnixNano: -1 },
        'endTimeUnixNano -1 is not an unsigned 64-bit decimal integer',
      ],
      [
        'a time beyond 64 bits',
        { endTimeUnixNano: '18446744073709551616' },
        'endTimeUnixNano "18446744073709551616" is not an unsigned 64-bit decimal integer',
      ],
    ])(
      'rejects a span with %s, keeping the others',
      (_case, overrides, reason) => {
        const { spans, rejected } = decodeOtlpJson(
          requestWith([good, { ...validSpan(), ...overrides } as never, good]),
        );
        expect(rejected).toEqual([
          { location: 'resourceSpans[0].scopeSpans[0].spans[1]', reason },
        ]);
        expect(spans).toHaveLength(2);
      },
    );

    it('reads an all-zero parent span id as a root span instead of rejecting it', () => {
      const { spans, rejected } = decodeOtlpJson(
        requestWith([
          { ...validSpan(), parentSpanId: '0000000000000000' } as never,
        ]),
      );
      expect(rejected).toEqual([]);
      expect(spans).toHaveLength(1);
      expect(spans[0].parentSpanId).toBeUndefined();
    });

    it('shortens a huge id in the reason', () => {
      const { rejected } = decodeOtlpJson(
        requestWith([validSpan({ traceId: 'f'.repeat(100_000) })]),
      );
      expect(rejected[0].reason.length).toBeLessThan(120);
    });
  });

  describe('malformed requests', () => {
    it.each<[string, unknown, string]>([
      ['null', null, 'the request is null, expected an object'],
      ['an array', [], 'the request is an array, expected an object'],
      ['a string', '{}', 'the request is a string, expected an object'],
      [
        'resourceSpans that is not an array',
        { resourceSpans: {} },
        'resourceSpans is an object, expected an array',
      ],
      [
        'a resourceSpans entry that is not an object',
        { resourceSpans: [1] },
        'resourceSpans[0] is a number, expected an object',
      ],
      [
        'a resource that is not an object',
        { resourceSpans: [{ resource: 'checkout' }] },
        'resourceSpans[0].resource is a string, expected an object',
      ],
      [
        'scopeSpans that is not an array',
        { resourceSpans: [{ scopeSpans: 'x' }] },
        'resourceSpans[0].scopeSpans is a string, expected an array',
      ],
      [
        'spans that is not an array',
        { resourceSpans: [{ scopeSpans: [{ spans: {} }] }] },
        'resourceSpans[0].scopeSpans[0].spans is an object, expected an array',
      ],
      [
        'a span that is not an object',
        { resourceSpans: [{}, { scopeSpans: [{}, { spans: [null] }] }] },
        'resourceSpans[1].scopeSpans[1].spans[0] is null, expected an object',
      ],
      [
        'span attributes that are not an array',
        requestWith([{ ...validSpan(), attributes: {} } as never]),
        'resourceSpans[0].scopeSpans[0].spans[0].attributes is an object, expected an array',
      ],
      [
        'an attribute key that is not a string',
        requestWith([
          { ...validSpan(), attributes: [{ key: 1, value: {} }] } as never,
        ]),
        'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].key is a number, expected a string',
      ],
      [
        'a boolValue that is not a boolean',
        requestWith([
          validSpan({
            attributes: [
              { key: 'ok', value: { boolValue: true } },
              { key: 'x', value: { boolValue: 'yes' } as never },
            ],
          }),
        ]),
        'resourceSpans[0].scopeSpans[0].spans[0].attributes[1].value has a boolValue that is a string',
      ],
      [
        'an intValue that is not an integer',
        requestWith([
          validSpan({ attributes: [{ key: 'x', value: { intValue: '1.5' } }] }),
        ]),
        'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value has an intValue that is not an integer: "1.5"',
      ],
      [
        'arrayValue.values that is not an array',
        requestWith([
          validSpan({
            attributes: [
              { key: 'x', value: { arrayValue: { values: 'a' } } as never },
            ],
          }),
        ]),
        'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value has arrayValue.values that is a string, expected an array',
      ],
      [
        'a resource attribute that is not an object',
        { resourceSpans: [{ resource: { attributes: ['service.name'] } }] },
        'resourceSpans[0].resource.attributes[0] is a string, expected an object',
      ],
      [
        'a span name that is not a string',
        requestWith([{ ...validSpan(), name: 7 } as never]),
        'resourceSpans[0].scopeSpans[0].spans[0].name is a number, expected a string',
      ],
      [
        'a status that is not an object',
        requestWith([{ ...validSpan(), status: 2 } as never]),
        'resourceSpans[0].scopeSpans[0].spans[0].status is a number, expected an object',
      ],
    ])('throws OtlpDecodeError for %s', (_case, body, message) => {
      expect(() => decodeOtlpJson(body)).toThrow(OtlpDecodeError);
      expect(() => decodeOtlpJson(body)).toThrow(
        `Invalid OTLP/JSON: ${message}`,
      );
    });
  });
});
