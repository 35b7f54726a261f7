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

import { Reader } from 'protobufjs/minimal';
import {
  AttributeValue,
  emitSpan,
  MAX_VALUE_DEPTH,
  ResourceInfo,
  SpanDraft,
  spanLocation,
  truncateString,
} from './spanDraft';
import { OtlpDecodeError, OtlpDecodeResult } from './types';

// Protobuf wire types, and UNCHECKED for field numbers a message does not define (or reserves).
const VARINT = 0;
const I64 = 1;
const LEN = 2;
const I32 = 5;
const UNCHECKED = -1;

// Wire type of each known field, indexed by field number, as defined by opentelemetry-proto
// (collector/trace/v1/trace_service.proto, trace/v1/trace.proto, resource/v1/resource.proto,
// common/v1/common.proto). A known field with another wire type makes the request undecodable; unknown
// fields are skipped.
/** ExportTraceServiceRequest (and TracesData): 1 resource_spans. */
const REQUEST_FIELDS = [UNCHECKED, LEN];
/** ResourceSpans: 1 resource, 2 scope_spans, 3 schema_url. */
const RESOURCE_SPANS_FIELDS = [UNCHECKED, LEN, LEN, LEN];
/** Resource: 1 attributes, 2 dropped_attributes_count. */
const RESOURCE_FIELDS = [UNCHECKED, LEN, VARINT];
/** ScopeSpans: 1 scope, 2 spans, 3 schema_url. */
const SCOPE_SPANS_FIELDS = [UNCHECKED, LEN, LEN, LEN];
/**
 * Span: 1 trace_id, 2 span_id, 3 trace_state, 4 parent_span_id, 5 name, 6 kind, 7 start_time_unix_nano,
 * 8 end_time_unix_nano, 9 attributes, 10 dropped_attributes_count, 11 events, 12 dropped_events_count,
 * 13 links, 14 dropped_links_count, 15 status, 16 flags.
 */
const SPAN_FIELDS = [
  UNCHECKED,
  LEN,
  LEN,
  LEN,
  LEN,
  LEN,
  VARINT,
  I64,
  I64,
  LEN,
  VARINT,
  LEN,
  VARINT,
  LEN,
  VARINT,
  LEN,
  I32,
];
/** Status: 1 reserved, 2 message, 3 code. */
const STATUS_FIELDS = [UNCHECKED, UNCHECKED, LEN, VARINT];
/** KeyValue: 1 key, 2 value. */
const KEY_VALUE_FIELDS = [UNCHECKED, LEN, LEN];
/**
 * AnyValue: 1 string_value, 2 bool_value, 3 int_value, 4 double_value, 5 array_value, 6 kvlist_value,
 * 7 bytes_value.
 */
const ANY_VALUE_FIELDS = [UNCHECKED, LEN, VARINT, VARINT, I64, LEN, LEN, LEN];
/** ArrayValue and KeyValueList: 1 values. */
const VALUE_LIST_FIELDS = [UNCHECKED, LEN];

// Where the decoder is, for error messages.
const IN_REQUEST = 0;
const IN_RESOURCE_SPANS = 1;
const IN_SCOPE_SPANS = 2;
const IN_SPAN = 3;

const STRING_CACHE_SIZE = 1024;
const MAX_CACHED_STRING_BYTES = 48;

/** Two lower-case hex digits for each byte value. */
const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, byte) =>
  byte.toString(16).padStart(2, '0'),
);

/**
 * Decodes one protobuf request over a protobufjs Reader, keeping track of where it is for error messages.
 * One instance per request.
 */
class ProtobufTraceDecoder {
  readonly result: OtlpDecodeResult = { spans: [], rejected: [] };
  private readonly reader: Reader;
  /** Over the same bytes as the reader, to read start times straight into a bigint. */
  private readonly view: DataView;

  private level = IN_REQUEST;
  private resourceIndex = -1;
  private scopeIndex = -1;
  private spanIndex = -1;

  // Output of readUnixNano(), so that no tuple is allocated per timestamp.
  private parsedMs = 0;
  private parsedSubMs = 0;

  // Attribute keys, span names and many values repeat in every span of a request: short strings are decoded
  // once and found again by hashing their bytes (a hit is checked against the bytes of the first occurrence).
  private readonly cachedStrings: string[] = new Array(STRING_CACHE_SIZE);
  private readonly cachedStarts = new Int32Array(STRING_CACHE_SIZE);
  private readonly cachedLengths = new Int32Array(STRING_CACHE_SIZE).fill(-1);

  constructor(bytes: Uint8Array) {
    // A Buffer over the same memory (no copy), so that strings can be decoded natively.
    const buffer = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.reader = Reader.create(buffer);
    this.view = new DataView(
      buffer.buffer,
      buffer.byteOffset,
      buffer.byteLength,
    );
  }

  decodeRequest(): void {
    const reader = this.reader;
    while (reader.pos < reader.len) {
      const tag = this.readTag(REQUEST_FIELDS, 'ExportTraceServiceRequest');
      if (tag >>> 3 === 1) {
        this.resourceIndex++;
        this.decodeResourceSpans(this.messageEnd());
        this.level = IN_REQUEST;
      } else {
        reader.skipType(tag & 7);
      }
    }
  }

  private decodeResourceSpans(end: number): void {
    const reader = this.reader;
    this.level = IN_RESOURCE_SPANS;
    this.scopeIndex = -1;
    const start = reader.pos;

    // First the resource, wherever it is in the message, because every span needs its service name.
    const resource: ResourceInfo = {
      serviceName: undefined,
      serviceNamespace: undefined,
    };
    while (reader.pos < end) {
      const tag = this.readTag(RESOURCE_SPANS_FIELDS, 'ResourceSpans');
      if (tag >>> 3 === 1) {
        this.decodeResource(this.messageEnd(), resource);
      } else {
        reader.skipType(tag & 7);
      }
    }
    this.checkEnd(end, 'ResourceSpans');

    reader.pos = start;
    while (reader.pos < end) {
      const tag = this.readTag(RESOURCE_SPANS_FIELDS, 'ResourceSpans');
      if (tag >>> 3 === 2) {
        this.scopeIndex++;
        this.decodeScopeSpans(this.messageEnd(), resource);
        this.level = IN_RESOURCE_SPANS;
      } else {
        reader.skipType(tag & 7);
      }
    }
  }

  /** Reads the service identity; other resource attributes are not kept. */
  private decodeResource(end: number, resource: ResourceInfo): void {
    const reader = this.reader;
    while (reader.pos < end) {
      const tag = this.readTag(RESOURCE_FIELDS, 'Resource');
      if (tag >>> 3 === 1) {
        this.decodeResourceAttribute(this.messageEnd(), resource);
      } else {
        reader.skipType(tag & 7);
      }
    }
    this.checkEnd(end, 'Resource');
  }

  private decodeResourceAttribute(end: number, resource: ResourceInfo): void {
    const reader = this.reader;
    let key = '';
    let value: string | undefined = undefined;
    while (reader.pos < end) {
      const tag = this.readTag(KEY_VALUE_FIELDS, 'KeyValue');
      switch (tag >>> 3) {
        case 1:
          key = this.readString();
          break;
        case 2:
          value = this.readStringValue(this.messageEnd());
          break;
        default:
          reader.skipType(tag & 7);
      }
    }
    this.checkEnd(end, 'KeyValue');
    if (value === undefined || value.length === 0) {
      return;
    }
    if (key === 'service.name') {
      resource.serviceName = truncateString(value);
    } else if (key === 'service.namespace') {
      resource.serviceNamespace = truncateString(value);
    }
  }

  /** The string_value of an AnyValue; undefined when it holds something else. */
  private readStringValue(end: number): string | undefined {
    const reader = this.reader;
    let value: string | undefined = undefined;
    while (reader.pos < end) {
      const tag = this.readTag(ANY_VALUE_FIELDS, 'AnyValue');
      if (tag >>> 3 === 1) {
        value = this.readString();
      } else {
        value = undefined; // another member of the oneof, set later, wins
        reader.skipType(tag & 7);
      }
    }
    this.checkEnd(end, 'AnyValue');
    return value;
  }

  private decodeScopeSpans(end: number, resource: ResourceInfo): void {
    const reader = this.reader;
    this.level = IN_SCOPE_SPANS;
    this.spanIndex = -1;
    while (reader.pos < end) {
      const tag = this.readTag(SCOPE_SPANS_FIELDS, 'ScopeSpans');
      if (tag >>> 3 === 2) {
        this.spanIndex++;
        const draft = this.decodeSpan(this.messageEnd());
        emitSpan(
          draft,
          resource,
          this.result,
          this.resourceIndex,
          this.scopeIndex,
          this.spanIndex,
        );
        this.level = IN_SCOPE_SPANS;
      } else {
        reader.skipType(tag & 7);
      }
    }
    this.checkEnd(end, 'ScopeSpans');
  }

  private decodeSpan(end: number): SpanDraft {
    const reader = this.reader;
    this.level = IN_SPAN;
    const draft = new SpanDraft();
    while (reader.pos < end) {
      const tag = this.readTag(SPAN_FIELDS, 'Span');
      switch (tag >>> 3) {
        case 1:
          draft.traceId = this.readId(draft, 'traceId', 16);
          break;
        case 2:
          draft.spanId = this.readId(draft, 'spanId', 8);
          break;
        case 4:
          draft.parentSpanId = this.readId(draft, 'parentSpanId', 8);
          break;
        case 5:
          draft.name = this.readString();
          break;
        case 6:
          draft.kind = reader.int32();
          break;
        case 7:
          this.readUnixNano();
          draft.setStart(
            this.parsedMs,
            this.parsedSubMs,
            this.view.getBigUint64(reader.pos - 8, true),
          );
          break;
        case 8:
          this.readUnixNano();
          draft.setEnd(this.parsedMs, this.parsedSubMs);
          break;
        case 9:
          this.decodeSpanAttribute(draft, this.messageEnd());
          break;
        case 15:
          this.decodeStatus(draft, this.messageEnd());
          break;
        default:
          reader.skipType(tag & 7);
      }
    }
    this.checkEnd(end, 'Span');
    return draft;
  }

  /** A string field, decoded once per request when it is short. */
  private readString(): string {
    const reader = this.reader;
    const length = reader.uint32();
    const start = reader.pos;
    const end = start + length;
    if (end > reader.len) {
      this.fail(`a string of ${length} bytes runs past the end of the data`);
    }
    reader.pos = end;
    const buf = reader.buf as Buffer;
    if (length > MAX_CACHED_STRING_BYTES) {
      return buf.toString('utf8', start, end);
    }
    let hash = length;
    for (let i = start; i < end; i++) {
      hash = (Math.imul(hash, 31) + buf[i]) | 0;
    }
    const slot = hash & (STRING_CACHE_SIZE - 1);
    if (this.cachedLengths[slot] === length) {
      const cachedStart = this.cachedStarts[slot];
      let same = true;
      for (let i = 0; i < length; i++) {
        if (buf[start + i] !== buf[cachedStart + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        return this.cachedStrings[slot];
      }
    }
    const value = buf.toString('utf8', start, end);
    this.cachedStrings[slot] = value;
    this.cachedStarts[slot] = start;
    this.cachedLengths[slot] = length;
    return value;
  }

  /** A trace or span id as lower-case hex; empty is undefined (missing, or a root span's parent). */
  private readId(
    draft: SpanDraft,
    field: string,
    expectedLength: number,
  ): string | undefined {
    const reader = this.reader;
    const length = reader.uint32();
    const start = reader.pos;
    const end = start + length;
    if (end > reader.len) {
      this.fail(`${field} of ${length} bytes runs past the end of the data`);
    }
    reader.pos = end;
    if (length === 0) {
      return undefined;
    }
    if (length !== expectedLength) {
      draft.reject(`${field} is ${length} bytes, expected ${expectedLength}`);
      return undefined;
    }
    const buf = reader.buf;
    let hex = '';
    let anyBits = 0;
    for (let i = start; i < end; i++) {
      const byte = buf[i];
      anyBits |= byte;
      hex += HEX_BYTES[byte];
    }
    if (anyBits === 0) {
      // Some converters write an all-zero parent for root spans: read it as "no parent" rather than lose
      // the span. All-zero trace and span ids are invalid.
      if (field !== 'parentSpanId') {
        draft.reject(`${field} is all zeros`);
      }
      return undefined;
    }
    return hex;
  }

  /**
   * Reads a fixed64 nanosecond time into parsedMs and parsedSubMs, exactly: as two 32-bit halves,
   * ns = hi * 2^32 + lo = hi * 4294 * 10^6 + (hi * 967296 + lo), and the last term stays below 2^53.
   */
  private readUnixNano(): void {
    const lo = this.reader.fixed32();
    const hi = this.reader.fixed32();
    const rest = hi * 967_296 + lo;
    this.parsedSubMs = rest % 1_000_000;
    this.parsedMs = hi * 4294 + (rest - this.parsedSubMs) / 1_000_000;
  }

  private decodeStatus(draft: SpanDraft, end: number): void {
    const reader = this.reader;
    while (reader.pos < end) {
      const tag = this.readTag(STATUS_FIELDS, 'Status');
      switch (tag >>> 3) {
        case 2:
          draft.statusMessage = this.readString();
          break;
        case 3:
          draft.statusCode = reader.int32();
          break;
        default:
          reader.skipType(tag & 7);
      }
    }
    this.checkEnd(end, 'Status');
  }

  private decodeSpanAttribute(draft: SpanDraft, end: number): void {
    const reader = this.reader;
    let key = '';
    let value: unknown = undefined;
    while (reader.pos < end) {
      const tag = this.readTag(KEY_VALUE_FIELDS, 'KeyValue');
      switch (tag >>> 3) {
        case 1:
          key = this.readString();
          break;
        case 2:
          value = this.readAnyValue(this.messageEnd(), 0);
          break;
        default:
          reader.skipType(tag & 7);
      }
    }
    this.checkEnd(end, 'KeyValue');
    if (typeof value === 'object' && value !== null) {
      draft.addAttribute(key, JSON.stringify(value));
    } else if (value !== undefined) {
      draft.addAttribute(key, value as AttributeValue);
    }
  }

  /** An AnyValue as a plain JavaScript value (arrays and maps nested), undefined when unset. */
  private readAnyValue(end: number, depth: number): unknown {
    const reader = this.reader;
    let value: unknown = undefined;
    while (reader.pos < end) {
      const tag = this.readTag(ANY_VALUE_FIELDS, 'AnyValue');
      switch (tag >>> 3) {
        case 1:
          value = this.readString();
          break;
        case 2:
          value = reader.bool();
          break;
        case 3:
          value = this.readInt64();
          break;
        case 4:
          value = reader.double();
          break;
        case 5:
          value = this.readArrayValue(this.messageEnd(), depth);
          break;
        case 6:
          value = this.readKeyValueList(this.messageEnd(), depth);
          break;
        case 7:
          value = this.readBytesAsBase64();
          break;
        default:
          reader.skipType(tag & 7);
      }
    }
    this.checkEnd(end, 'AnyValue');
    return value;
  }

  private readArrayValue(end: number, depth: number): unknown[] | null {
    const reader = this.reader;
    if (depth >= MAX_VALUE_DEPTH) {
      reader.pos = end;
      return null;
    }
    const values: unknown[] = [];
    while (reader.pos < end) {
      const tag = this.readTag(VALUE_LIST_FIELDS, 'ArrayValue');
      if (tag >>> 3 === 1) {
        values.push(this.readAnyValue(this.messageEnd(), depth + 1) ?? null);
      } else {
        reader.skipType(tag & 7);
      }
    }
    this.checkEnd(end, 'ArrayValue');
    return values;
  }

  private readKeyValueList(
    end: number,
    depth: number,
  ): Record<string, unknown> | null {
    const reader = this.reader;
    if (depth >= MAX_VALUE_DEPTH) {
      reader.pos = end;
      return null;
    }
    // No prototype, so that a key such as __proto__ is kept as data.
    const map: Record<string, unknown> = Object.create(null);
    while (reader.pos < end) {
      const tag = this.readTag(VALUE_LIST_FIELDS, 'KeyValueList');
      if (tag >>> 3 !== 1) {
        reader.skipType(tag & 7);
        continue;
      }
      const entryEnd = this.messageEnd();
      let key = '';
      let value: unknown = undefined;
      while (reader.pos < entryEnd) {
        const entryTag = this.readTag(KEY_VALUE_FIELDS, 'KeyValue');
        switch (entryTag >>> 3) {
          case 1:
            key = this.readString();
            break;
          case 2:
            value = this.readAnyValue(this.messageEnd(), depth + 1);
            break;
          default:
            reader.skipType(entryTag & 7);
        }
      }
      this.checkEnd(entryEnd, 'KeyValue');
      map[key] = value ?? null;
    }
    this.checkEnd(end, 'KeyValueList');
    return map;
  }

  /** An int64 varint: a number when exact, else its decimal text. */
  private readInt64(): number | string {
    const reader = this.reader;
    const buf = reader.buf;
    let lo = 0;
    let hi = 0;
    for (let i = 0; ; i++) {
      if (i === 10) {
        this.fail('a varint is longer than 10 bytes');
      }
      if (reader.pos >= reader.len) {
        this.fail('a varint runs past the end of the data');
      }
      const byte = buf[reader.pos++];
      const bits = byte & 0x7f;
      if (i < 4) {
        lo |= bits << (7 * i);
      } else if (i === 4) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else {
        hi |= bits << (7 * i - 32);
      }
      if (byte < 0x80) {
        break;
      }
    }
    lo >>>= 0;
    hi >>>= 0;
    if (hi < 0x200000) {
      return hi * 0x100000000 + lo; // below 2^53
    }
    if (hi >= 0xffe00000 && (hi !== 0xffe00000 || lo !== 0)) {
      return (hi - 0x100000000) * 0x100000000 + lo; // above -2^53
    }
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  private readBytesAsBase64(): string {
    const reader = this.reader;
    const length = reader.uint32();
    const start = reader.pos;
    if (start + length > reader.len) {
      this.fail(`bytes of length ${length} run past the end of the data`);
    }
    reader.pos = start + length;
    const buf = reader.buf;
    return Buffer.from(buf.buffer, buf.byteOffset + start, length).toString(
      'base64',
    );
  }

  /** Reads a field tag, checking the wire type of the fields the message defines. */
  private readTag(fields: readonly number[], message: string): number {
    const tag = this.reader.uint32();
    const field = tag >>> 3;
    if (field === 0) {
      this.fail(`${message} has a field numbered 0`);
    }
    const wireType = tag & 7;
    if (
      field < fields.length &&
      fields[field] !== UNCHECKED &&
      fields[field] !== wireType
    ) {
      this.fail(
        `${message} field ${field} has wire type ${wireType}, expected ${fields[field]}`,
      );
    }
    return tag;
  }

  /** Reads the length of an embedded message and returns where it ends. */
  private messageEnd(): number {
    const reader = this.reader;
    const length = reader.uint32();
    const end = reader.pos + length;
    if (end > reader.len) {
      this.fail(`a message of ${length} bytes runs past the end of the data`);
    }
    return end;
  }

  private checkEnd(end: number, message: string): void {
    if (this.reader.pos !== end) {
      this.fail(`a field runs past the end of its ${message}`);
    }
  }

  /** Where the decoder is, e.g. `resourceSpans[0].scopeSpans[1].spans[4]`. */
  describePosition(): string {
    const at = `byte ${this.reader.pos}`;
    switch (this.level) {
      case IN_RESOURCE_SPANS:
        return `${at} in resourceSpans[${this.resourceIndex}]`;
      case IN_SCOPE_SPANS:
        return `${at} in resourceSpans[${this.resourceIndex}].scopeSpans[${this.scopeIndex}]`;
      case IN_SPAN:
        return `${at} in ${spanLocation(
          this.resourceIndex,
          this.scopeIndex,
          this.spanIndex,
        )}`;
      default:
        return at;
    }
  }

  private fail(problem: string): never {
    throw new OtlpDecodeError(
      `Invalid OTLP protobuf at ${this.describePosition()}: ${problem}`,
    );
  }
}

/**
 * Decodes an OTLP/protobuf trace export request (`ExportTraceServiceRequest`) into the suite's span model.
 * The decoder is hand-written over protobufjs's `Reader` and follows the opentelemetry-proto field numbers;
 * unknown fields are skipped. Nanosecond times are read as two 32-bit halves, so they stay exact.
 *
 * Spans with a missing or invalid trace, span or parent span id, missing times, an end before the start, or
 * a resource without a non-empty `service.name` are rejected with their location and a reason; the other
 * spans of the request are kept. Only the first 128 attributes of a span are kept, strings longer than 4096
 * characters are truncated, and array or map values nested deeper than 8 levels are cut off (`null`), so
 * that a hostile request cannot blow memory.
 *
 * @param bytes - the request body; zero bytes is a valid request without spans.
 * @throws {@link OtlpDecodeError} when the bytes are not a valid request (truncated or invalid wire data,
 *   or a known field with the wrong wire type).
 * @public
 */
export function decodeOtlpProtobuf(bytes: Uint8Array): OtlpDecodeResult {
  const decoder = new ProtobufTraceDecoder(bytes);
  try {
    decoder.decodeRequest();
  } catch (error) {
    // protobufjs's Reader throws RangeError and plain Error for bad wire data; anything else is a bug.
    if (
      error instanceof RangeError ||
      (error instanceof Error && error.constructor === Error)
    ) {
      throw new OtlpDecodeError(
        `Invalid OTLP protobuf at ${decoder.describePosition()}: ${
          error.message
        }`,
      );
    }
    throw error;
  }
  return decoder.result;
}
