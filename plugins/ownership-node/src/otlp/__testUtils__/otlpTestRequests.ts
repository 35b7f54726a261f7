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

// Test helpers: OTLP requests written in the JSON shape, and a protobuf encoder for them, so that the same
// cases can run through both decoders. The official encoder (@opentelemetry/otlp-transformer) is used
// separately to check the field numbers; this one only exists to reach cases that encoder never produces.

/** An OTLP/JSON `AnyValue`. */
export interface JsonAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values: JsonAnyValue[] };
  kvlistValue?: { values: JsonKeyValue[] };
  bytesValue?: string;
}

/** An OTLP/JSON `KeyValue`. */
export interface JsonKeyValue {
  key: string;
  value: JsonAnyValue;
}

/** An OTLP/JSON `Span`, limited to the fields the decoders read. */
export interface JsonSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: JsonKeyValue[];
  status?: { code?: number; message?: string };
}

/** An OTLP/JSON `ExportTraceServiceRequest`. */
export interface JsonRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: JsonKeyValue[] };
    scopeSpans?: Array<{ scope?: { name?: string }; spans?: JsonSpan[] }>;
  }>;
}

export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A span that both decoders keep, with the given fields replaced. */
export function validSpan(overrides: Partial<JsonSpan> = {}): JsonSpan {
  return {
    traceId: TRACE_ID,
    spanId: '00f067aa0ba902b7',
    name: 'GET /cart',
    kind: 2,
    startTimeUnixNano: '1763726400000000000',
    endTimeUnixNano: '1763726400250000000',
    ...overrides,
  };
}

/** A string attribute. */
export function stringAttribute(key: string, value: string): JsonKeyValue {
  return { key, value: { stringValue: value } };
}

/** An integer attribute. */
export function intAttribute(key: string, value: number): JsonKeyValue {
  return { key, value: { intValue: value } };
}

/** A request with the spans in one resource of the given service (no service.name when null). */
export function requestWith(
  spans: JsonSpan[],
  serviceName: string | null = 'checkout',
): JsonRequest {
  return {
    resourceSpans: [
      {
        resource: {
          attributes:
            serviceName === null
              ? []
              : [stringAttribute('service.name', serviceName)],
        },
        scopeSpans: [{ scope: { name: 'test' }, spans }],
      },
    ],
  };
}

const VARINT = 0;
const I64 = 1;
const LEN = 2;

/** A protobuf field tag. */
export function tag(field: number, wireType: number): number {
  return (field << 3) | wireType;
}

function writeFixed64(writer: Writer, field: number, value: string | number) {
  const nanos = BigInt(value);
  writer
    .uint32(tag(field, I64))
    .fixed32(Number(nanos & 0xffffffffn))
    .fixed32(Number(nanos >> 32n));
}

function writeAnyValue(writer: Writer, value: JsonAnyValue): void {
  if (value.stringValue !== undefined) {
    writer.uint32(tag(1, LEN)).string(value.stringValue);
  }
  if (value.boolValue !== undefined) {
    writer.uint32(tag(2, VARINT)).bool(value.boolValue);
  }
  if (value.intValue !== undefined) {
    writer.uint32(tag(3, VARINT)).int64(String(value.intValue));
  }
  if (value.doubleValue !== undefined) {
    writer.uint32(tag(4, I64)).double(value.doubleValue);
  }
  if (value.arrayValue !== undefined) {
    writer.uint32(tag(5, LEN)).fork();
    for (const item of value.arrayValue.values) {
      writer.uint32(tag(1, LEN)).fork();
      writeAnyValue(writer, item);
      writer.ldelim();
    }
    writer.ldelim();
  }
  if (value.kvlistValue !== undefined) {
    writer.uint32(tag(6, LEN)).fork();
    writeAttributes(writer, 1, value.kvlistValue.values);
    writer.ldelim();
  }
  if (value.bytesValue !== undefined) {
    writer.uint32(tag(7, LEN)).bytes(Buffer.from(value.bytesValue, 'base64'));
  }
}

function writeAttributes(
  writer: Writer,
  field: number,
  attributes: JsonKeyValue[] | undefined,
): void {
  for (const attribute of attributes ?? []) {
    writer.uint32(tag(field, LEN)).fork();
    writer.uint32(tag(1, LEN)).string(attribute.key);
    writer.uint32(tag(2, LEN)).fork();
    writeAnyValue(writer, attribute.value);
    writer.ldelim();
    writer.ldelim();
  }
}

function writeId(writer: Writer, field: number, hex: string | undefined) {
  if (hex) {
    writer.uint32(tag(field, LEN)).bytes(Buffer.from(hex, 'hex'));
  }
}

function writeSpan(writer: Writer, span: JsonSpan): void {
  writeId(writer, 1, span.traceId);
  writeId(writer, 2, span.spanId);
  writeId(writer, 4, span.parentSpanId);
  if (span.name !== undefined) {
    writer.uint32(tag(5, LEN)).string(span.name);
  }
  if (span.kind !== undefined) {
    writer.uint32(tag(6, VARINT)).int32(span.kind);
  }
  if (span.startTimeUnixNano !== undefined) {
    writeFixed64(writer, 7, span.startTimeUnixNano);
  }
  if (span.endTimeUnixNano !== undefined) {
    writeFixed64(writer, 8, span.endTimeUnixNano);
  }
  writeAttributes(writer, 9, span.attributes);
  if (span.status !== undefined) {
    writer.uint32(tag(15, LEN)).fork();
    if (span.status.message !== undefined) {
      writer.uint32(tag(2, LEN)).string(span.status.message);
    }
    if (span.status.code !== undefined) {
      writer.uint32(tag(3, VARINT)).int32(span.status.code);
    }
    writer.ldelim();
  }
}

/**
 * Encodes a JSON-shaped request as OTLP/protobuf: hex ids become bytes, decimal times fixed64, base64
 * bytes values raw bytes.
 */
export function encodeAsProtobuf(request: JsonRequest): Uint8Array {
  const writer = Writer.create();
  for (const resourceSpans of request.resourceSpans ?? []) {
    writer.uint32(tag(1, LEN)).fork();
    if (resourceSpans.resource) {
      writer.uint32(tag(1, LEN)).fork();
      writeAttributes(writer, 1, resourceSpans.resource.attributes);
      writer.ldelim();
    }
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      writer.uint32(tag(2, LEN)).fork();
      if (scopeSpans.scope?.name !== undefined) {
        writer.uint32(tag(1, LEN)).fork();
        writer.uint32(tag(1, LEN)).string(scopeSpans.scope.name);
        writer.ldelim();
      }
      for (const span of scopeSpans.spans ?? []) {
        writer.uint32(tag(2, LEN)).fork();
        writeSpan(writer, span);
        writer.ldelim();
      }
      writer.ldelim();
    }
    writer.ldelim();
  }
  return writer.finish();
}

/** Encodes the fields of one span, to be embedded (possibly with more fields appended) in a request. */
export function encodeSpan(span: JsonSpan): Uint8Array {
  const writer = Writer.create();
  writeSpan(writer, span);
  return writer.finish();
}

/** A request of one resource (`service.name` = checkout) whose span messages are the given bytes. */
export function encodeRequestWithSpanMessages(spans: Uint8Array[]): Uint8Array {
  const writer = Writer.create();
  writer.uint32(tag(1, LEN)).fork();
  writer.uint32(tag(1, LEN)).fork();
  writeAttributes(writer, 1, [stringAttribute('service.name', 'checkout')]);
  writer.ldelim();
  writer.uint32(tag(2, LEN)).fork();
  for (const span of spans) {
    writer.uint32(tag(2, LEN)).bytes(span);
  }
  writer.ldelim();
  writer.ldelim();
  return writer.finish();
}
