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
  AttributeValue,
  emitSpan,
  MAX_VALUE_DEPTH,
  quoteForReason,
  ResourceInfo,
  SpanDraft,
  spanLocation,
  truncateString,
} from './spanDraft';
import { OtlpDecodeError, OtlpDecodeResult } from './types';

type JsonObject = { [key: string]: unknown };

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** In proto3 JSON, an absent field and `null` both mean "not set". */
function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

function describeJson(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

// Classes of ASCII codes in hex ids, as bits: 1 the digit 0, 2 any other hex digit, 4 an upper-case one.
const HEX_CLASS = new Uint8Array(128);
for (let code = 48; code <= 57; code++) {
  HEX_CLASS[code] = code === 48 ? 1 : 2;
}
for (let code = 97; code <= 102; code++) {
  HEX_CLASS[code] = 2;
  HEX_CLASS[code - 32] = 2 | 4;
}

/** The id in lower case, or undefined when it is not `length` hex characters or is all zeros. */
function normalizeHexId(value: string, length: number): string | undefined {
  if (value.length !== length) {
    return undefined;
  }
  let seen = 0;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    const hexClass = code < 128 ? HEX_CLASS[code] : 0;
    if (hexClass === 0) {
      return undefined;
    }
    seen |= hexClass;
  }
  if (seen === 1) {
    return undefined; // all zeros
  }
  return seen & 4 ? value.toLowerCase() : value;
}

function badIdReason(field: string, value: unknown, length: number): string {
  if (typeof value !== 'string') {
    return `${field} is ${describeJson(value)}, expected a hex string`;
  }
  if (value.length === length && value.split('0').length === length + 1) {
    return `${field} ${quoteForReason(value)} is all zeros`;
  }
  return `${field} ${quoteForReason(value)} is not ${length} hex characters`;
}

function spanKindFromName(name: string): number {
  switch (name) {
    case 'SPAN_KIND_INTERNAL':
      return 1;
    case 'SPAN_KIND_SERVER':
      return 2;
    case 'SPAN_KIND_CLIENT':
      return 3;
    case 'SPAN_KIND_PRODUCER':
      return 4;
    case 'SPAN_KIND_CONSUMER':
      return 5;
    default:
      return 0;
  }
}

function statusCodeFromName(name: string): number {
  switch (name) {
    case 'STATUS_CODE_OK':
      return 1;
    case 'STATUS_CODE_ERROR':
      return 2;
    default:
      return 0;
  }
}

/** An int64 sent as a decimal string or a JSON number: a number when exact, else its decimal text. */
function int64Of(value: unknown): number | string | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      return undefined;
    }
    if (Number.isSafeInteger(value)) {
      return value === 0 ? 0 : value; // no -0
    }
    return BigInt(value).toString();
  }
  if (typeof value !== 'string' || value.length === 0) {
    return undefined;
  }
  for (let i = value.charCodeAt(0) === 45 ? 1 : 0; i < value.length; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      return undefined;
    }
  }
  if (value === '-') {
    return undefined;
  }
  const number = Number(value);
  if (Number.isSafeInteger(number)) {
    return number === 0 ? 0 : number;
  }
  return BigInt(value).toString();
}

/** A double sent as a JSON number or, in proto3 JSON, as a string (including `NaN` and `Infinity`). */
function doubleOf(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value !== 'string' || value.trim().length === 0) {
    return undefined;
  }
  const number = Number(value);
  return Number.isNaN(number) && value !== 'NaN' ? undefined : number;
}

const MAX_UINT64 = '18446744073709551615';

/**
 * Decodes one OTLP/JSON request, keeping track of where it is for error messages. One instance per request.
 */
class JsonTraceDecoder {
  readonly result: OtlpDecodeResult = { spans: [], rejected: [] };

  // Where the decoder is in the request: -1 when not inside that level.
  private resourceIndex = -1;
  private scopeIndex = -1;
  private spanIndex = -1;
  private attributeList = 'attributes';
  private attributeIndex = -1;

  // Output of parseUnixNano(), so that no tuple is allocated per timestamp.
  private parsedMs = 0;
  private parsedSubMs = 0;

  decodeRequest(body: unknown): void {
    if (!isJsonObject(body)) {
      throw new OtlpDecodeError(
        `Invalid OTLP/JSON: the request is ${describeJson(
          body,
        )}, expected an object`,
      );
    }
    const resourceSpansList = this.arrayField(body, 'resourceSpans');
    for (let r = 0; r < resourceSpansList.length; r++) {
      this.resourceIndex = r;
      this.scopeIndex = -1;
      this.spanIndex = -1;
      const resourceSpans = resourceSpansList[r];
      if (!isJsonObject(resourceSpans)) {
        this.fail('', `is ${describeJson(resourceSpans)}, expected an object`);
      }
      const resource = this.decodeResource(resourceSpans.resource);
      const scopeSpansList = this.arrayField(resourceSpans, 'scopeSpans');
      for (let s = 0; s < scopeSpansList.length; s++) {
        this.scopeIndex = s;
        this.spanIndex = -1;
        const scopeSpans = scopeSpansList[s];
        if (!isJsonObject(scopeSpans)) {
          this.fail('', `is ${describeJson(scopeSpans)}, expected an object`);
        }
        const spans = this.arrayField(scopeSpans, 'spans');
        for (let p = 0; p < spans.length; p++) {
          this.spanIndex = p;
          const span = spans[p];
          if (!isJsonObject(span)) {
            this.fail('', `is ${describeJson(span)}, expected an object`);
          }
          emitSpan(this.decodeSpan(span), resource, this.result, r, s, p);
        }
      }
    }
  }

  private decodeResource(resource: unknown): ResourceInfo {
    const info: ResourceInfo = {
      serviceName: undefined,
      serviceNamespace: undefined,
    };
    if (isAbsent(resource)) {
      return info;
    }
    if (!isJsonObject(resource)) {
      this.fail('resource', `is ${describeJson(resource)}, expected an object`);
    }
    const attributes = this.arrayField(resource, 'attributes', 'resource.');
    this.attributeList = 'resource.attributes';
    for (let a = 0; a < attributes.length; a++) {
      this.attributeIndex = a;
      const attribute = this.attributeAt(attributes, a);
      const key = this.attributeKey(attribute);
      // Only the service identity is kept; other resource attributes are not read.
      if (key === 'service.name' || key === 'service.namespace') {
        const value = this.attributeValue(attribute.value);
        if (typeof value === 'string' && value.length > 0) {
          if (key === 'service.name') {
            info.serviceName = truncateString(value);
          } else {
            info.serviceNamespace = truncateString(value);
          }
        }
      }
    }
    this.attributeIndex = -1;
    return info;
  }

  private decodeSpan(span: JsonObject): SpanDraft {
    const draft = new SpanDraft();
    draft.traceId = this.hexId(draft, span.traceId, 'traceId', 32);
    draft.spanId = this.hexId(draft, span.spanId, 'spanId', 16);
    draft.parentSpanId = this.hexId(
      draft,
      span.parentSpanId,
      'parentSpanId',
      16,
    );

    const name = span.name;
    if (typeof name === 'string') {
      draft.name = name;
    } else if (!isAbsent(name)) {
      this.fail('name', `is ${describeJson(name)}, expected a string`);
    }

    const kind = span.kind;
    if (typeof kind === 'number') {
      draft.kind = kind;
    } else if (typeof kind === 'string') {
      draft.kind = spanKindFromName(kind);
    } else if (!isAbsent(kind)) {
      this.fail('kind', `is ${describeJson(kind)}, expected a number`);
    }

    if (
      this.parseUnixNano(draft, span.startTimeUnixNano, 'startTimeUnixNano')
    ) {
      draft.setStart(
        this.parsedMs,
        this.parsedSubMs,
        BigInt(span.startTimeUnixNano as string | number),
      );
    }
    if (this.parseUnixNano(draft, span.endTimeUnixNano, 'endTimeUnixNano')) {
      draft.setEnd(this.parsedMs, this.parsedSubMs);
    }

    const attributes = this.arrayField(span, 'attributes');
    this.attributeList = 'attributes';
    for (let a = 0; a < attributes.length; a++) {
      this.attributeIndex = a;
      const attribute = this.attributeAt(attributes, a);
      const key = this.attributeKey(attribute);
      const value = this.attributeValue(attribute.value);
      if (value !== undefined) {
        draft.addAttribute(key, value);
      }
    }
    this.attributeIndex = -1;

    const status = span.status;
    if (!isAbsent(status)) {
      if (!isJsonObject(status)) {
        this.fail('status', `is ${describeJson(status)}, expected an object`);
      }
      const code = status.code;
      if (typeof code === 'number') {
        draft.statusCode = code;
      } else if (typeof code === 'string') {
        draft.statusCode = statusCodeFromName(code);
      } else if (!isAbsent(code)) {
        this.fail('status.code', `is ${describeJson(code)}, expected a number`);
      }
      const message = status.message;
      if (typeof message === 'string') {
        draft.statusMessage = message;
      } else if (!isAbsent(message)) {
        this.fail(
          'status.message',
          `is ${describeJson(message)}, expected a string`,
        );
      }
    }
    return draft;
  }

  /** A span or parent span id; an absent or empty one is undefined, an invalid one rejects the span. */
  private hexId(
    draft: SpanDraft,
    value: unknown,
    field: string,
    length: number,
  ): string | undefined {
    if (isAbsent(value) || value === '') {
      return undefined;
    }
    // Some converters write an all-zero parent for root spans: read it as "no parent" rather than lose
    // the span. All-zero trace and span ids are invalid.
    if (
      field === 'parentSpanId' &&
      typeof value === 'string' &&
      value.length === length &&
      /^0+$/.test(value)
    ) {
      return undefined;
    }
    const id =
      typeof value === 'string' ? normalizeHexId(value, length) : undefined;
    if (id === undefined) {
      draft.reject(badIdReason(field, value, length));
    }
    return id;
  }

  /**
   * Reads a nanosecond time sent as a decimal string or a JSON number into parsedMs and parsedSubMs.
   * False when it is absent (the span then misses it) or invalid (the span is rejected).
   */
  private parseUnixNano(
    draft: SpanDraft,
    value: unknown,
    field: string,
  ): boolean {
    if (isAbsent(value)) {
      return false;
    }
    if (typeof value === 'string') {
      if (this.parseDecimal(value)) {
        return true;
      }
    } else if (typeof value === 'number') {
      if (Number.isSafeInteger(value) && value >= 0) {
        this.parsedSubMs = value % 1_000_000;
        this.parsedMs = (value - this.parsedSubMs) / 1_000_000;
        return true;
      }
      // A JSON number beyond 2^53 has already been rounded by JSON.parse; take the integer it became.
      if (
        Number.isInteger(value) &&
        value > 0 &&
        this.parseDecimal(BigInt(value).toString())
      ) {
        return true;
      }
    }
    draft.reject(
      `${field} ${
        typeof value === 'string' ? quoteForReason(value) : String(value)
      } is not an unsigned 64-bit decimal integer`,
    );
    return false;
  }

  private parseDecimal(text: string): boolean {
    const length = text.length;
    if (
      length === 0 ||
      length > MAX_UINT64.length ||
      (length === MAX_UINT64.length && text > MAX_UINT64)
    ) {
      return false;
    }
    // The last 6 digits are the nanoseconds within the millisecond; both parts stay exact numbers.
    const msDigits = length - 6;
    let ms = 0;
    let subMs = 0;
    for (let i = 0; i < length; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) {
        return false;
      }
      if (i < msDigits) {
        ms = ms * 10 + digit;
      } else {
        subMs = subMs * 10 + digit;
      }
    }
    this.parsedMs = ms;
    this.parsedSubMs = subMs;
    return true;
  }

  private attributeAt(attributes: unknown[], index: number): JsonObject {
    const attribute = attributes[index];
    if (!isJsonObject(attribute)) {
      this.failAttribute(
        '',
        `is ${describeJson(attribute)}, expected an object`,
      );
    }
    return attribute;
  }

  /** The key of a KeyValue; an absent key is the proto3 default, "" (such attributes are dropped). */
  private attributeKey(attribute: JsonObject): string {
    const key = attribute.key;
    if (typeof key === 'string') {
      return key;
    }
    if (!isAbsent(key)) {
      this.failAttribute('.key', `is ${describeJson(key)}, expected a string`);
    }
    return '';
  }

  /** An attribute's value: scalars as they are, arrays and maps as JSON text, undefined when unset. */
  private attributeValue(value: unknown): AttributeValue | undefined {
    // Most attributes are strings: read them without the general conversion.
    if (isJsonObject(value) && typeof value.stringValue === 'string') {
      return value.stringValue;
    }
    const converted = this.anyValue(value, 0);
    if (typeof converted === 'object' && converted !== null) {
      return JSON.stringify(converted);
    }
    return converted as AttributeValue | undefined;
  }

  /** An AnyValue as a plain JavaScript value (arrays and maps nested), undefined when unset. */
  private anyValue(value: unknown, depth: number): unknown {
    if (isAbsent(value)) {
      return undefined;
    }
    if (!isJsonObject(value)) {
      this.failAttribute(
        '.value',
        `contains ${describeJson(value)} where an AnyValue was expected`,
      );
    }
    const stringValue = value.stringValue;
    if (!isAbsent(stringValue)) {
      if (typeof stringValue !== 'string') {
        this.failAttribute(
          '.value',
          `has a stringValue that is ${describeJson(stringValue)}`,
        );
      }
      return stringValue;
    }
    const boolValue = value.boolValue;
    if (!isAbsent(boolValue)) {
      if (typeof boolValue !== 'boolean') {
        this.failAttribute(
          '.value',
          `has a boolValue that is ${describeJson(boolValue)}`,
        );
      }
      return boolValue;
    }
    const intValue = value.intValue;
    if (!isAbsent(intValue)) {
      const int = int64Of(intValue);
      if (int === undefined) {
        this.failAttribute(
          '.value',
          `has an intValue that is not an integer: ${JSON.stringify(intValue)}`,
        );
      }
      return int;
    }
    const doubleValue = value.doubleValue;
    if (!isAbsent(doubleValue)) {
      const double = doubleOf(doubleValue);
      if (double === undefined) {
        this.failAttribute(
          '.value',
          `has a doubleValue that is not a number: ${JSON.stringify(
            doubleValue,
          )}`,
        );
      }
      return double;
    }
    const arrayValue = value.arrayValue;
    if (!isAbsent(arrayValue)) {
      const values = this.valuesOf(arrayValue, 'arrayValue');
      if (depth >= MAX_VALUE_DEPTH) {
        return null;
      }
      const array = new Array<unknown>(values.length);
      for (let i = 0; i < values.length; i++) {
        array[i] = this.anyValue(values[i], depth + 1) ?? null;
      }
      return array;
    }
    const kvlistValue = value.kvlistValue;
    if (!isAbsent(kvlistValue)) {
      const values = this.valuesOf(kvlistValue, 'kvlistValue');
      if (depth >= MAX_VALUE_DEPTH) {
        return null;
      }
      // No prototype, so that a key such as __proto__ is kept as data.
      const map: JsonObject = Object.create(null);
      for (let i = 0; i < values.length; i++) {
        const entry = values[i];
        if (!isJsonObject(entry)) {
          this.failAttribute(
            '.value',
            `has a kvlistValue entry that is ${describeJson(entry)}`,
          );
        }
        const key = entry.key;
        if (typeof key !== 'string' && !isAbsent(key)) {
          this.failAttribute(
            '.value',
            `has a kvlistValue key that is ${describeJson(key)}`,
          );
        }
        map[key ?? ''] = this.anyValue(entry.value, depth + 1) ?? null;
      }
      return map;
    }
    const bytesValue = value.bytesValue;
    if (!isAbsent(bytesValue)) {
      if (typeof bytesValue !== 'string') {
        this.failAttribute(
          '.value',
          `has a bytesValue that is ${describeJson(bytesValue)}`,
        );
      }
      return bytesValue; // base64, as sent
    }
    return undefined;
  }

  private valuesOf(list: unknown, variant: string): unknown[] {
    if (!isJsonObject(list)) {
      this.failAttribute(
        '.value',
        `has a ${variant} that is ${describeJson(list)}`,
      );
    }
    const values = list.values;
    if (isAbsent(values)) {
      return [];
    }
    if (!Array.isArray(values)) {
      this.failAttribute(
        '.value',
        `has ${variant}.values that is ${describeJson(
          values,
        )}, expected an array`,
      );
    }
    return values;
  }

  /** An array field of a message; absent or null is empty. */
  private arrayField(
    message: JsonObject,
    field: string,
    prefix = '',
  ): unknown[] {
    const value = message[field];
    if (isAbsent(value)) {
      return [];
    }
    if (!Array.isArray(value)) {
      this.fail(
        `${prefix}${field}`,
        `is ${describeJson(value)}, expected an array`,
      );
    }
    return value;
  }

  private failAttribute(path: string, problem: string): never {
    return this.fail(
      `${this.attributeList}[${this.attributeIndex}]${path}`,
      problem,
    );
  }

  /** Throws for a body that cannot be decoded, saying where: `path` is relative to the current message. */
  private fail(path: string, problem: string): never {
    let where: string;
    if (this.resourceIndex < 0) {
      where = '';
    } else if (this.scopeIndex < 0) {
      where = `resourceSpans[${this.resourceIndex}]`;
    } else if (this.spanIndex < 0) {
      where = `resourceSpans[${this.resourceIndex}].scopeSpans[${this.scopeIndex}]`;
    } else {
      where = spanLocation(this.resourceIndex, this.scopeIndex, this.spanIndex);
    }
    const full = where && path ? `${where}.${path}` : where || path;
    throw new OtlpDecodeError(`Invalid OTLP/JSON: ${full} ${problem}`);
  }
}

/**
 * Decodes an OTLP/JSON trace export request (`ExportTraceServiceRequest`, already `JSON.parse`d) into the
 * suite's span model, following the OTLP JSON mapping: ids as hex (any case; lower-cased), enums as integers
 * (enum names such as `SPAN_KIND_SERVER` are accepted too), 64-bit integers as decimal strings or JSON numbers,
 * unknown fields ignored.
 *
 * Spans with a missing or invalid trace, span or parent span id, missing or invalid times, an end before the
 * start, or a resource without a non-empty `service.name` are rejected with their location and a reason; the
 * other spans of the request are kept. Only the first 128 attributes of a span are kept, strings longer than
 * 4096 characters are truncated, and array or map values nested deeper than 8 levels are cut off (`null`), so
 * that a hostile request cannot blow memory.
 *
 * @param body - the parsed request body; `{}` is a valid request without spans.
 * @throws {@link OtlpDecodeError} when the body does not have the shape of a request (not an object,
 *   `resourceSpans` not an array, a value of the wrong JSON type, …).
 * @public
 */
export function decodeOtlpJson(body: unknown): OtlpDecodeResult {
  const decoder = new JsonTraceDecoder();
  decoder.decodeRequest(body);
  return decoder.result;
}
