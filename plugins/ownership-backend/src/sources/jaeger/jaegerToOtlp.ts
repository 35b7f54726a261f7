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
import { OTLP_SPAN_KIND_NUMBERS, OTLP_STATUS_CODE_NUMBERS } from '../otlpEnums';

/*
 * Jaeger answers → OTLP/JSON (`{resourceSpans:[…]}`: hex ids, integer enums, ns times as strings), which
 * `decodeOtlpJson` then maps into the span model: the one mapping every source goes through.
 *
 * Decisions (docs: tracing-apis.md §0 and §1):
 *
 * - api_v3 (`/api/v3/traces…`) from Jaeger ≥ v1.54 is OTLP/JSON already and is passed on untouched.
 * - api_v3 from Jaeger ≤ v1.53 is gogo-jsonpb: ids in base64, `kind` and `status.code` as enum names. Which
 *   encoding an answer uses is decided once per answer, never per id: the legacy encoder writes default values
 *   (`"parentSpanId": ""`, `SPAN_KIND_UNSPECIFIED`), so every legacy span carries an enum name, and the current
 *   encoder never writes one. A hex id is also valid base64 text, so looking at the ids alone cannot tell.
 *   Legacy ids that do not decode to 16 (trace) or 8 (span) bytes are passed on as they are, and the decoder
 *   rejects their spans with the reason.
 * - v1 trace objects (`/api/traces/{id}`): `processes[processID]` (or an inline `process`) → resource, with
 *   `serviceName` as `service.name` and the process tags as resource attributes; one resource per process.
 *   Ids are lower-cased and left-padded (Jaeger drops leading zeros: 16 hex when the high half of a trace id is
 *   zero, fewer in some UI data). `startTime`/`duration` are µs → ns with BigInt (ns exceed 2^53).
 *   The parent is the first CHILD_OF reference *within the same trace* (Jaeger's own `Span.ParentSpanID()`);
 *   the other references become links. Tags Jaeger derives from OTLP fields are turned back into them and not
 *   kept as attributes: `span.kind` → kind; `otel.status_code` (`OK`/`ERROR`) and a boolean `error` tag → status
 *   (ERROR when `error` is true or "true" or `otel.status_code` is ERROR), `otel.status_description` → status
 *   message; `otel.scope.*`/`otel.library.*` → scope; `w3c.tracestate` → trace state. Other tags → attributes
 *   by their `type` (int64 above 2^53 arrives as a decimal string and stays exact; binary stays base64).
 *   An `error` tag that is not a boolean (some tracers put a message there) is kept as an attribute.
 *   Logs (span events) are not converted: the span model does not read events.
 */

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** A Jaeger answer that does not have the shape of a trace; the message says where. */
export class JaegerShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JaegerShapeError';
  }
}

/** Values of the `span.kind` tag (OpenTracing and Jaeger's OTLP translation) → OTLP kinds. */
const KIND_TAG_NUMBERS: Record<string, number> = {
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
};

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** A base64 id as lower-case hex when it decodes to exactly `bytes` bytes; otherwise the value unchanged. */
function base64IdToHex(value: unknown, bytes: number): unknown {
  if (typeof value !== 'string' || value === '') return value;
  if (!BASE64.test(value) || value.length % 4 !== 0) return value;
  const decoded = Buffer.from(value, 'base64');
  return decoded.length === bytes ? decoded.toString('hex') : value;
}

/** A hex id lower-cased and left-padded to `length`; anything else unchanged (the decoder then rejects it). */
export function padHexId(value: unknown, length: number): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim().toLowerCase();
  if (text.length === 0 || text.length > length || !/^[0-9a-f]+$/.test(text)) {
    return value;
  }
  return text.padStart(length, '0');
}

function enumNumber(value: unknown, names: Record<string, number>): unknown {
  return typeof value === 'string' ? names[value] ?? 0 : value;
}

/** The spans of an OTLP/JSON body, for walks that must not throw: malformed levels are skipped. */
function* spansOf(body: JsonObject): Generator<JsonObject> {
  const resourceSpans = body.resourceSpans;
  if (!Array.isArray(resourceSpans)) return;
  for (const resource of resourceSpans) {
    if (!isJsonObject(resource) || !Array.isArray(resource.scopeSpans)) {
      continue;
    }
    for (const scope of resource.scopeSpans) {
      if (!isJsonObject(scope) || !Array.isArray(scope.spans)) continue;
      for (const span of scope.spans) {
        if (isJsonObject(span)) yield span;
      }
    }
  }
}

function isLegacyEncoding(body: JsonObject): boolean {
  for (const span of spansOf(body)) {
    if (typeof span.kind === 'string') return true;
    if (isJsonObject(span.status) && typeof span.status.code === 'string') {
      return true;
    }
  }
  return false;
}

function legacySpanToOtlp(span: JsonObject): JsonObject {
  const converted: JsonObject = {
    ...span,
    traceId: base64IdToHex(span.traceId, 16),
    spanId: base64IdToHex(span.spanId, 8),
    parentSpanId: base64IdToHex(span.parentSpanId, 8),
    kind: enumNumber(span.kind, OTLP_SPAN_KIND_NUMBERS),
  };
  if (isJsonObject(span.status)) {
    converted.status = {
      ...span.status,
      code: enumNumber(span.status.code, OTLP_STATUS_CODE_NUMBERS),
    };
  }
  if (Array.isArray(span.links)) {
    converted.links = span.links.map(link =>
      isJsonObject(link)
        ? {
            ...link,
            traceId: base64IdToHex(link.traceId, 16),
            spanId: base64IdToHex(link.spanId, 8),
          }
        : link,
    );
  }
  return converted;
}

/** Copies the body with every span converted; levels that are not as expected are copied as they are. */
function mapSpans(
  body: JsonObject,
  convert: (span: JsonObject) => JsonObject,
): JsonObject {
  if (!Array.isArray(body.resourceSpans)) return body;
  return {
    ...body,
    resourceSpans: body.resourceSpans.map(resource => {
      if (!isJsonObject(resource) || !Array.isArray(resource.scopeSpans)) {
        return resource;
      }
      return {
        ...resource,
        scopeSpans: resource.scopeSpans.map(scope => {
          if (!isJsonObject(scope) || !Array.isArray(scope.spans)) return scope;
          return {
            ...scope,
            spans: scope.spans.map(span =>
              isJsonObject(span) ? convert(span) : span,
            ),
          };
        }),
      };
    }),
  };
}

/** What {@link apiV3ToOtlp} gives: the OTLP/JSON body and what it found on the way. */
export interface ApiV3Conversion {
  /** OTLP/JSON for `decodeOtlpJson`; the input itself when no conversion was needed (never mutated). */
  body: unknown;
  /** Whether the answer used the ≤ v1.53 encoding (base64 ids, enum names). */
  legacy: boolean;
  /** Distinct trace ids of the spans, hex, in order of first appearance (rejected spans included). */
  traceIds: string[];
}

/**
 * Turns the `result` of an api_v3 answer (`GetTrace`, `FindTraces`) into OTLP/JSON, converting the ≤ v1.53
 * encoding. A `result` that is not an object is returned as is, for `decodeOtlpJson` to refuse with a reason.
 */
export function apiV3ToOtlp(result: unknown): ApiV3Conversion {
  if (!isJsonObject(result)) {
    return { body: result, legacy: false, traceIds: [] };
  }
  const legacy = isLegacyEncoding(result);
  const body = legacy ? mapSpans(result, legacySpanToOtlp) : result;
  const traceIds = new Set<string>();
  for (const span of spansOf(body)) {
    if (typeof span.traceId === 'string' && span.traceId !== '') {
      traceIds.add(span.traceId.toLowerCase());
    }
  }
  return { body, legacy, traceIds: [...traceIds] };
}

// ---------------------------------------------------------------------------------------------------------
// v1 trace objects

/** Tags that Jaeger derives from OTLP span fields; they go back into those fields. */
const STRUCTURAL_TAGS = new Set([
  'span.kind',
  'otel.status_code',
  'otel.status_description',
  'otel.scope.name',
  'otel.scope.version',
  'otel.library.name',
  'otel.library.version',
  'w3c.tracestate',
]);

interface Tag {
  key: string;
  type: unknown;
  value: unknown;
}

function readTags(value: unknown, where: string): Tag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new JaegerShapeError(
      `${where} is ${describeJson(value)}, expected an array`,
    );
  }
  return value.map((tag, index) => {
    if (!isJsonObject(tag) || typeof tag.key !== 'string') {
      throw new JaegerShapeError(
        `${where}[${index}] is ${describeJson(
          tag,
        )} without a string key, expected {key, type, value}`,
      );
    }
    return { key: tag.key, type: tag.type, value: tag.value };
  });
}

const INTEGER_TEXT = /^-?\d+$/;

/** A tag value as an OTLP AnyValue that `decodeOtlpJson` accepts; undefined when there is no value. */
function anyValueOf(tag: Tag): JsonObject | undefined {
  const { value } = tag;
  if (value === undefined || value === null) return undefined;
  const type = typeof tag.type === 'string' ? tag.type.toLowerCase() : '';
  switch (type) {
    case 'bool':
      if (typeof value === 'boolean') return { boolValue: value };
      if (value === 'true' || value === 'false') {
        return { boolValue: value === 'true' };
      }
      break;
    case 'int64':
      // Beyond 2^53 Jaeger sends the number as a decimal string; it stays a string, exact.
      if (typeof value === 'number' && Number.isInteger(value)) {
        return { intValue: value };
      }
      if (typeof value === 'string' && INTEGER_TEXT.test(value)) {
        return { intValue: value };
      }
      break;
    case 'float64':
      if (typeof value === 'number') return { doubleValue: value };
      break;
    case 'binary':
      if (typeof value === 'string') return { bytesValue: value };
      break;
    case 'string':
      if (typeof value === 'string') return { stringValue: value };
      break;
    default:
      break;
  }
  // An unknown type, or a value that does not fit its type: keep what the value itself is.
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? { intValue: value }
      : { doubleValue: value };
  }
  return { stringValue: JSON.stringify(value) };
}

function keyValuesOf(tags: Tag[]): JsonObject[] {
  const attributes: JsonObject[] = [];
  for (const tag of tags) {
    const value = anyValueOf(tag);
    if (value !== undefined) attributes.push({ key: tag.key, value });
  }
  return attributes;
}

function isMicros(value: unknown): value is number | string {
  return (
    (typeof value === 'number' && Number.isInteger(value) && value >= 0) ||
    (typeof value === 'string' && /^\d+$/.test(value))
  );
}

/** µs since the epoch as ns text; other values are passed on for the decoder to reject with a reason. */
function microsToNanos(value: unknown): unknown {
  return isMicros(value) ? (BigInt(value) * 1000n).toString() : value;
}

/** The end of a span in ns text, when its start and duration are µs counts. */
function endNanos(start: unknown, duration: unknown): string | undefined {
  if (!isMicros(start) || !isMicros(duration)) return undefined;
  return ((BigInt(start) + BigInt(duration)) * 1000n).toString();
}

function stringTag(tags: Tag[], key: string): string | undefined {
  const tag = tags.find(candidate => candidate.key === key);
  return typeof tag?.value === 'string' ? tag.value : undefined;
}

interface ResourceGroup {
  resource: JsonObject;
  scopes: Map<string, { scope: JsonObject; spans: JsonObject[] }>;
}

/**
 * Turns v1 trace objects (the `data` of `GET /api/traces/{id}`) into one OTLP/JSON body.
 *
 * @throws {@link JaegerShapeError} when a trace, span, process, reference or tag is not the JSON type Jaeger
 *   sends; the message says where (`data[0].spans[3].tags[1] …`).
 */
export function v1TracesToOtlp(traces: unknown[]): JsonObject {
  const resources = new Map<string, ResourceGroup>();
  traces.forEach((trace, traceIndex) => {
    const where = `data[${traceIndex}]`;
    if (!isJsonObject(trace)) {
      throw new JaegerShapeError(
        `${where} is ${describeJson(trace)}, expected a trace object`,
      );
    }
    const processes = trace.processes ?? {};
    if (!isJsonObject(processes)) {
      throw new JaegerShapeError(
        `${where}.processes is ${describeJson(processes)}, expected an object`,
      );
    }
    const spans = trace.spans ?? [];
    if (!Array.isArray(spans)) {
      throw new JaegerShapeError(
        `${where}.spans is ${describeJson(spans)}, expected an array`,
      );
    }
    spans.forEach((span, spanIndex) => {
      const spanWhere = `${where}.spans[${spanIndex}]`;
      if (!isJsonObject(span)) {
        throw new JaegerShapeError(
          `${spanWhere} is ${describeJson(span)}, expected a span object`,
        );
      }
      const processId =
        typeof span.processID === 'string' ? span.processID : '';
      const known =
        Object.prototype.hasOwnProperty.call(processes, processId) &&
        isJsonObject(processes[processId]);
      const process = known ? processes[processId] : span.process;
      const resourceKey = known
        ? `process:${processId}`
        : `inline:${traceIndex}:${spanIndex}`;
      let group = resources.get(resourceKey);
      if (!group) {
        group = {
          resource: resourceOf(process, `${spanWhere}.process`),
          scopes: new Map(),
        };
        resources.set(resourceKey, group);
      }
      const tags = readTags(span.tags, `${spanWhere}.tags`);
      const scopeName =
        stringTag(tags, 'otel.scope.name') ??
        stringTag(tags, 'otel.library.name');
      const scopeVersion =
        stringTag(tags, 'otel.scope.version') ??
        stringTag(tags, 'otel.library.version');
      const scopeKey = `${scopeName ?? ''}\u0000${scopeVersion ?? ''}`;
      let scope = group.scopes.get(scopeKey);
      if (!scope) {
        scope = {
          scope: {
            ...(scopeName !== undefined ? { name: scopeName } : {}),
            ...(scopeVersion !== undefined ? { version: scopeVersion } : {}),
          },
          spans: [],
        };
        group.scopes.set(scopeKey, scope);
      }
      scope.spans.push(v1SpanToOtlp(span, tags, trace.traceID, spanWhere));
    });
  });
  return {
    resourceSpans: [...resources.values()].map(group => ({
      resource: group.resource,
      scopeSpans: [...group.scopes.values()],
    })),
  };
}

function resourceOf(process: unknown, where: string): JsonObject {
  if (process === undefined || process === null) {
    // No process: no service.name, so the decoder rejects the span with that reason.
    return { attributes: [] };
  }
  if (!isJsonObject(process)) {
    throw new JaegerShapeError(
      `${where} is ${describeJson(process)}, expected an object`,
    );
  }
  const attributes = keyValuesOf(readTags(process.tags, `${where}.tags`));
  if (typeof process.serviceName === 'string' && process.serviceName !== '') {
    // Last, so that it wins over a stray `service.name` process tag.
    attributes.push({
      key: 'service.name',
      value: { stringValue: process.serviceName },
    });
  }
  return { attributes };
}

function v1SpanToOtlp(
  span: JsonObject,
  tags: Tag[],
  traceIdOfTrace: unknown,
  where: string,
): JsonObject {
  const traceId = padHexId(span.traceID ?? traceIdOfTrace, 32);

  const references = span.references ?? [];
  if (!Array.isArray(references)) {
    throw new JaegerShapeError(
      `${where}.references is ${describeJson(references)}, expected an array`,
    );
  }
  let parentSpanId: unknown = undefined;
  const links: JsonObject[] = [];
  references.forEach((reference, index) => {
    if (!isJsonObject(reference)) {
      throw new JaegerShapeError(
        `${where}.references[${index}] is ${describeJson(
          reference,
        )}, expected an object`,
      );
    }
    const referenceTraceId =
      reference.traceID === undefined || reference.traceID === null
        ? traceId
        : padHexId(reference.traceID, 32);
    const referenceSpanId = padHexId(reference.spanID, 16);
    if (
      parentSpanId === undefined &&
      reference.refType === 'CHILD_OF' &&
      referenceTraceId === traceId
    ) {
      parentSpanId = referenceSpanId;
    } else {
      links.push({ traceId: referenceTraceId, spanId: referenceSpanId });
    }
  });
  if (
    parentSpanId === undefined &&
    typeof span.parentSpanID === 'string' &&
    !/^0*$/.test(span.parentSpanID)
  ) {
    // Deprecated field of old Jaeger versions, used only when there are no references.
    parentSpanId = padHexId(span.parentSpanID, 16);
  }

  let kind = 0;
  let statusCode = 0;
  let errorTag = false;
  const attributes: Tag[] = [];
  for (const tag of tags) {
    if (tag.key === 'span.kind') {
      kind =
        typeof tag.value === 'string'
          ? KIND_TAG_NUMBERS[tag.value.toLowerCase()] ?? 0
          : 0;
    } else if (tag.key === 'otel.status_code') {
      const code = typeof tag.value === 'string' ? tag.value.toUpperCase() : '';
      if (code === 'ERROR') statusCode = 2;
      else if (code === 'OK' && statusCode === 0) statusCode = 1;
    } else if (tag.key === 'error' && isBooleanLike(tag.value)) {
      errorTag = errorTag || tag.value === true || isTrueText(tag.value);
    } else if (!STRUCTURAL_TAGS.has(tag.key)) {
      attributes.push(tag);
    }
  }
  if (errorTag) statusCode = 2;
  const statusMessage = stringTag(tags, 'otel.status_description');
  const traceState = stringTag(tags, 'w3c.tracestate');
  const endTimeUnixNano = endNanos(span.startTime, span.duration);

  return {
    traceId,
    spanId: padHexId(span.spanID, 16),
    ...(parentSpanId !== undefined ? { parentSpanId } : {}),
    ...(traceState !== undefined ? { traceState } : {}),
    name: typeof span.operationName === 'string' ? span.operationName : '',
    kind,
    ...(span.startTime !== undefined && span.startTime !== null
      ? { startTimeUnixNano: microsToNanos(span.startTime) }
      : {}),
    ...(endTimeUnixNano !== undefined ? { endTimeUnixNano } : {}),
    attributes: keyValuesOf(attributes),
    ...(links.length > 0 ? { links } : {}),
    status: {
      code: statusCode,
      ...(statusCode === 2 && statusMessage ? { message: statusMessage } : {}),
    },
  };
}

function isTrueText(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase() === 'true';
}

function isBooleanLike(value: unknown): boolean {
  return (
    typeof value === 'boolean' ||
    (typeof value === 'string' && /^(true|false)$/i.test(value))
  );
}
