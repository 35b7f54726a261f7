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

import { Writer } from 'protobufjs/minimal';
import { decodeOtlpProtobuf } from './decodeOtlpProtobuf';
import {
  encodeAsProtobuf,
  encodeRequestWithSpanMessages,
  encodeSpan,
  requestWith,
  stringAttribute,
  tag,
  validSpan,
} from './__testUtils__/otlpTestRequests';
import { OtlpDecodeError } from './types';

const VARINT = 0;
const I64 = 1;
const LEN = 2;
const I32 = 5;

/** Protobuf bytes written by `build`. */
function bytesOf(build: (writer: Writer) => void): Uint8Array {
  const writer = Writer.create();
  build(writer);
  return writer.finish();
}

/** A valid span message with more fields appended (a later field replaces an earlier one). */
function spanWith(build: (writer: Writer) => void, span = validSpan()) {
  return Buffer.concat([encodeSpan(span), bytesOf(build)]);
}

/** Every kind of field a newer opentelemetry-proto could add, numbered 99. */
function unknownFields(writer: Writer) {
  writer.uint32(tag(99, VARINT)).uint32(7);
  writer.uint32(tag(99, I64)).fixed64(1);
  writer.uint32(tag(99, LEN)).string('new');
  writer.uint32(tag(99, I32)).fixed32(1);
  writer.uint32(tag(99, 3)).uint32(tag(1, VARINT)).uint32(1).uint32(tag(99, 4));
}

/** A small deterministic pseudo-random generator, so that fuzz cases are reproducible. */
function pseudoRandom(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

describe('decodeOtlpProtobuf', () => {
  it('decodes zero bytes to no spans', () => {
    expect(decodeOtlpProtobuf(new Uint8Array(0))).toEqual({
      spans: [],
      rejected: [],
    });
  });

  it('decodes a plain Uint8Array like a Buffer', () => {
    const bytes = encodeAsProtobuf(requestWith([validSpan()]));
    const copy = new Uint8Array(bytes.length + 3).subarray(3);
    copy.set(bytes);
    expect(Buffer.isBuffer(copy)).toBe(false);
    expect(decodeOtlpProtobuf(copy)).toEqual(decodeOtlpProtobuf(bytes));
    expect(decodeOtlpProtobuf(copy).spans).toHaveLength(1);
  });

  it('keeps nanosecond times exact up to the largest 64-bit value', () => {
    const { spans } = decodeOtlpProtobuf(
      encodeAsProtobuf(
        requestWith([
          validSpan({
            startTimeUnixNano: '18446744073709551614',
            endTimeUnixNano: '18446744073709551615',
          }),
          validSpan({
            startTimeUnixNano: '9007199254740993',
            endTimeUnixNano: '9007199254740995',
          }),
          validSpan({
            startTimeUnixNano: '1763726400999999999',
            endTimeUnixNano: '1763726401000000001',
          }),
        ]),
      ),
    );
    expect(
      spans.map(span => [
        span.startTimeUnixNano,
        span.startTimeUnixMs,
        span.durationNano,
      ]),
    ).toEqual([
      [18446744073709551614n, 18446744073709, 1],
      [9007199254740993n, 9007199254, 2],
      [1763726400999999999n, 1763726400999, 2],
    ]);
  });

  it('reads the resource even when it comes after the spans', () => {
    const scopeSpans = bytesOf(w =>
      w.uint32(tag(2, LEN)).bytes(encodeSpan(validSpan())),
    );
    const resource = bytesOf(w =>
      w
        .uint32(tag(1, LEN))
        .fork()
        .uint32(tag(1, LEN))
        .string('service.name')
        .uint32(tag(2, LEN))
        .fork()
        .uint32(tag(1, LEN))
        .string('late')
        .ldelim()
        .ldelim(),
    );
    const request = bytesOf(w =>
      w
        .uint32(tag(1, LEN))
        .fork()
        .uint32(tag(2, LEN))
        .bytes(scopeSpans)
        .uint32(tag(1, LEN))
        .bytes(resource)
        .ldelim(),
    );
    expect(decodeOtlpProtobuf(request).spans[0].serviceName).toBe('late');
  });

  it('skips unknown fields and the known fields the model does not use', () => {
    const span = spanWith(w => {
      unknownFields(w);
      w.uint32(tag(3, LEN)).string('vendor=1'); // trace_state
      w.uint32(tag(10, VARINT)).uint32(2); // dropped_attributes_count
      w.uint32(tag(11, LEN)).bytes(
        bytesOf(e => e.uint32(tag(2, LEN)).string('event')),
      );
      w.uint32(tag(12, VARINT)).uint32(0);
      w.uint32(tag(13, LEN)).bytes(
        bytesOf(l => l.uint32(tag(1, LEN)).bytes(new Uint8Array(16))),
      );
      w.uint32(tag(14, VARINT)).uint32(0);
      w.uint32(tag(16, I32)).fixed32(0x101); // flags
      w.uint32(tag(9, LEN)).bytes(
        bytesOf(kv => {
          kv.uint32(tag(1, LEN)).string('k');
          kv.uint32(tag(2, LEN)).bytes(
            bytesOf(value => {
              unknownFields(value);
              value.uint32(tag(1, LEN)).string('v');
            }),
          );
          unknownFields(kv);
        }),
      );
      w.uint32(tag(15, LEN)).bytes(
        bytesOf(status => {
          unknownFields(status);
          status.uint32(tag(3, VARINT)).uint32(2);
        }),
      );
    });
    const request = Buffer.concat([
      encodeRequestWithSpanMessages([span]),
      bytesOf(unknownFields),
    ]);
    const { spans, rejected } = decodeOtlpProtobuf(request);
    expect(rejected).toEqual([]);
    expect(spans[0]).toMatchObject({
      name: 'GET /cart',
      error: true,
      attributes: { k: 'v' },
    });
  });

  it('reads an all-zero parent span id as a root span instead of rejecting it', () => {
    const span = encodeSpan(validSpan({ parentSpanId: '0000000000000000' }));
    const { spans, rejected } = decodeOtlpProtobuf(
      encodeRequestWithSpanMessages([span]),
    );
    expect(rejected).toEqual([]);
    expect(spans).toHaveLength(1);
    expect(spans[0].parentSpanId).toBeUndefined();
  });

  describe('rejected ids', () => {
    const good = encodeSpan(validSpan({ spanId: '1111111111111111' }));

    it.each<[string, (writer: Writer) => void, string]>([
      [
        'a 5-byte trace id',
        w => w.uint32(tag(1, LEN)).bytes(new Uint8Array(5).fill(1)),
        'traceId is 5 bytes, expected 16',
      ],
      [
        'an all-zero trace id',
        w => w.uint32(tag(1, LEN)).bytes(new Uint8Array(16)),
        'traceId is all zeros',
      ],
      [
        'a 16-byte span id',
        w => w.uint32(tag(2, LEN)).bytes(new Uint8Array(16).fill(1)),
        'spanId is 16 bytes, expected 8',
      ],
      [
        'an all-zero span id',
        w => w.uint32(tag(2, LEN)).bytes(new Uint8Array(8)),
        'spanId is all zeros',
      ],
      [
        'a 4-byte parent span id',
        w => w.uint32(tag(4, LEN)).bytes(new Uint8Array(4).fill(1)),
        'parentSpanId is 4 bytes, expected 8',
      ],
    ])('rejects a span with %s, keeping the others', (_case, build, reason) => {
      const { spans, rejected } = decodeOtlpProtobuf(
        encodeRequestWithSpanMessages([good, spanWith(build), good]),
      );
      expect(rejected).toEqual([
        { location: 'resourceSpans[0].scopeSpans[0].spans[1]', reason },
      ]);
      expect(spans).toHaveLength(2);
    });

    it('treats an empty parent span id as a root span', () => {
      const { spans } = decodeOtlpProtobuf(
        encodeRequestWithSpanMessages([
          spanWith(w => w.uint32(tag(4, LEN)).bytes(new Uint8Array(0))),
        ]),
      );
      expect(spans[0].parentSpanId).toBeUndefined();
    });

    it('writes ids as lower-case hex', () => {
      const { spans } = decodeOtlpProtobuf(
        encodeAsProtobuf(
          requestWith([
            validSpan({
              traceId: 'ABCDEF0123456789ABCDEF0123456789',
              spanId: 'FEDCBA9876543210',
            }),
          ]),
        ),
      );
      expect(spans[0]).toMatchObject({
        traceId: 'abcdef0123456789abcdef0123456789',
        spanId: 'fedcba9876543210',
      });
    });
  });

  describe('malformed requests', () => {
    const valid = encodeAsProtobuf(
      requestWith([
        validSpan({
          attributes: [
            stringAttribute('http.route', '/cart'),
            { key: 'n', value: { intValue: '-5' } },
          ],
          status: { code: 2, message: 'boom' },
        }),
      ]),
    );

    it('throws OtlpDecodeError for a request cut short by one byte', () => {
      expect(() => decodeOtlpProtobuf(valid.subarray(0, -1))).toThrow(
        OtlpDecodeError,
      );
      expect(() => decodeOtlpProtobuf(valid.subarray(0, -1))).toThrow(
        /^Invalid OTLP protobuf at byte 3: a message of \d+ bytes runs past the end of the data$/,
      );
    });

    it('throws OtlpDecodeError, and nothing else, for every truncation', () => {
      for (let length = 1; length < valid.length; length++) {
        expect(() => decodeOtlpProtobuf(valid.subarray(0, length))).toThrow(
          OtlpDecodeError,
        );
      }
    });

    it('throws OtlpDecodeError for garbage', () => {
      expect(() =>
        decodeOtlpProtobuf(Buffer.from('{"resourceSpans":[]}')),
      ).toThrow(OtlpDecodeError);
      expect(() =>
        decodeOtlpProtobuf(
          new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        ),
      ).toThrow(OtlpDecodeError);
    });

    it('either decodes or throws OtlpDecodeError for corrupted requests', () => {
      const random = pseudoRandom(42);
      const otherErrors: unknown[] = [];
      const keptIds: string[] = [];
      let decoded = 0;
      for (let i = 0; i < 2000; i++) {
        const corrupted = Buffer.from(valid);
        const flips = 1 + Math.floor(random() * 3);
        for (let f = 0; f < flips; f++) {
          corrupted[Math.floor(random() * corrupted.length)] = Math.floor(
            random() * 256,
          );
        }
        try {
          for (const span of decodeOtlpProtobuf(corrupted).spans) {
            keptIds.push(span.traceId, span.spanId);
          }
          decoded++;
        } catch (error) {
          if (!(error instanceof OtlpDecodeError)) {
            otherErrors.push(error);
          }
        }
      }
      expect(otherErrors).toEqual([]);
      expect(decoded).toBeGreaterThan(0);
      // Whatever survives still has well-formed ids.
      expect(keptIds.filter(id => !/^([0-9a-f]{16}){1,2}$/.test(id))).toEqual(
        [],
      );
    });

    it('throws OtlpDecodeError naming the field for a known field with the wrong wire type', () => {
      const request = encodeRequestWithSpanMessages([
        spanWith(w => w.uint32(tag(7, VARINT)).uint32(1)),
      ]);
      expect(() => decodeOtlpProtobuf(request)).toThrow(
        /in resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]: Span field 7 has wire type 0, expected 1$/,
      );
    });

    it('throws OtlpDecodeError for a field numbered 0', () => {
      expect(() => decodeOtlpProtobuf(new Uint8Array([0x00, 0x00]))).toThrow(
        'Invalid OTLP protobuf at byte 1: ExportTraceServiceRequest has a field numbered 0',
      );
    });

    it('throws OtlpDecodeError for a field running past the end of its message', () => {
      // A span whose name claims 3 bytes while the span message ends after 1.
      const span = new Uint8Array([tag(5, LEN), 3, 0x61]);
      const request = bytesOf(w =>
        w
          .uint32(tag(1, LEN))
          .fork()
          .uint32(tag(2, LEN))
          .fork()
          .uint32(tag(2, LEN))
          .bytes(span)
          .uint32(tag(99, LEN))
          .bytes(new Uint8Array(4))
          .ldelim()
          .ldelim(),
      );
      expect(() => decodeOtlpProtobuf(request)).toThrow(
        /spans\[0\]: a field runs past the end of its Span$/,
      );
    });

    it('throws OtlpDecodeError for an unterminated group', () => {
      expect(() =>
        decodeOtlpProtobuf(new Uint8Array([tag(5, 3), tag(1, VARINT), 1])),
      ).toThrow(OtlpDecodeError);
    });
  });
});
