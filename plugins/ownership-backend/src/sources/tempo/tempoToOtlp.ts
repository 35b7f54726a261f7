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
 * Tempo trace bodies → OTLP/JSON, which `decodeOtlpJson` then maps into the span model.
 *
 * Tempo writes traces with gogo-jsonpb, not the OTLP/JSON mapping (docs: tracing-apis.md §3.1): ids are
 * base64 (decided by the API, never by sniffing: a base64 id can look like hex), `kind` and `status.code` are
 * enum names (`SPAN_KIND_SERVER`, `STATUS_CODE_ERROR`), int64 are strings, and zero values are left out
 * (`status: {}`, no `kind` for UNSPECIFIED, no `parentSpanId` for roots). Old Tempo (before OTLP 0.15) wrote
 * `instrumentationLibrarySpans` instead of `scopeSpans`; both are read. Everything else (names, times,
 * attributes) is already OTLP-shaped and is passed through for the decoder to check.
 */

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A base64 id as lower-case hex; `undefined` for an absent or empty one. Text that is not base64 is returned
 * as it is, so that the decoder rejects the span with the id in its reason.
 */
export function base64IdToHex(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value;
  const compact = value.replace(/-/g, '+').replace(/_/g, '/');
  if (!BASE64.test(compact) || compact.length % 4 === 1) return value;
  return Buffer.from(compact, 'base64').toString('hex');
}

function enumOf(value: unknown, names: Record<string, number>): unknown {
  if (typeof value === 'string') return names[value] ?? 0;
  return value ?? 0;
}

/** Thrown for a body that is not shaped like a Tempo trace; the message says where. */
export class TempoShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TempoShapeError';
  }
}

function listOf(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new TempoShapeError(`${where} is not an array`);
  }
  return value;
}

function objectAt(list: unknown[], index: number, where: string): JsonObject {
  const item = list[index];
  if (!isObject(item)) {
    throw new TempoShapeError(`${where}[${index}] is not an object`);
  }
  return item;
}

function convertSpan(span: JsonObject): JsonObject {
  const converted: JsonObject = {
    ...span,
    traceId: base64IdToHex(span.traceId),
    spanId: base64IdToHex(span.spanId),
    parentSpanId: base64IdToHex(span.parentSpanId),
    kind: enumOf(span.kind, OTLP_SPAN_KIND_NUMBERS),
  };
  if (isObject(span.status)) {
    converted.status = {
      ...span.status,
      code: enumOf(span.status.code, OTLP_STATUS_CODE_NUMBERS),
    };
  }
  // Links and events are not read by the decoder; their base64 ids would only be misread later.
  delete converted.links;
  return converted;
}

/**
 * Converts the `ResourceSpans` of a Tempo trace body (`batches` of `/api/traces/{id}`, `trace.resourceSpans`
 * of `/api/v2/traces/{id}`) to OTLP/JSON.
 *
 * @throws TempoShapeError when the body is not a list of ResourceSpans-shaped objects.
 */
export function tempoResourceSpansToOtlp(
  resourceSpans: unknown,
  where: string,
): { resourceSpans: JsonObject[] } {
  const batches = listOf(resourceSpans, where);
  const converted: JsonObject[] = [];
  for (let r = 0; r < batches.length; r++) {
    const batch = objectAt(batches, r, where);
    const scopeField =
      batch.scopeSpans !== undefined && batch.scopeSpans !== null
        ? 'scopeSpans'
        : 'instrumentationLibrarySpans';
    const scopesWhere = `${where}[${r}].${scopeField}`;
    const scopes = listOf(batch[scopeField], scopesWhere);
    const scopeSpans: JsonObject[] = [];
    for (let s = 0; s < scopes.length; s++) {
      const scope = objectAt(scopes, s, scopesWhere);
      const spansWhere = `${scopesWhere}[${s}].spans`;
      const spans = listOf(scope.spans, spansWhere);
      const convertedSpans: JsonObject[] = [];
      for (let p = 0; p < spans.length; p++) {
        convertedSpans.push(convertSpan(objectAt(spans, p, spansWhere)));
      }
      scopeSpans.push({ spans: convertedSpans });
    }
    converted.push({ resource: batch.resource, scopeSpans });
  }
  return { resourceSpans: converted };
}
