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

import type {
  Span,
  SpanKind,
} from '@service-ownership/plugin-ownership-common';
import type { OtlpDecodeResult } from './types';

// The mapping from OTLP to the span model, shared by the JSON and the protobuf decoder: each decoder reads
// its wire format into a SpanDraft, and emitSpan() turns the draft into a Span or a RejectedSpan.

/** Attributes kept per span; further ones are dropped so that a hostile request cannot blow memory. */
export const MAX_ATTRIBUTES_PER_SPAN = 128;

/** Longest string kept, in UTF-16 code units (4 KiB of ASCII text); longer strings are truncated. */
export const MAX_STRING_LENGTH = 4096;

/** Deepest nesting of array and map values kept inside an attribute; anything deeper becomes `null`. */
export const MAX_VALUE_DEPTH = 8;

/** An attribute value as the span model keeps it. */
export type AttributeValue = string | number | boolean;

/** What the spans of one `ResourceSpans` share. */
export interface ResourceInfo {
  serviceName: string | undefined;
  serviceNamespace: string | undefined;
}

const SPAN_KINDS: readonly SpanKind[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

const STATUS_UNSET = 0;
const STATUS_OK = 1;
const STATUS_ERROR = 2;
const STATUS_CODES: readonly Span['statusCode'][] = ['unset', 'ok', 'error'];

/**
 * Returns the string, cut to {@link MAX_STRING_LENGTH} without splitting a surrogate pair.
 */
export function truncateString(value: string): string {
  if (value.length <= MAX_STRING_LENGTH) {
    return value;
  }
  let end = MAX_STRING_LENGTH;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    end -= 1;
  }
  // A slice would keep the whole original string alive; the JSON round trip copies the kept part.
  return JSON.parse(JSON.stringify(value.slice(0, end)));
}

/** Quotes a value for a rejection reason, shortened so that a huge value cannot make a huge reason. */
export function quoteForReason(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

/** `resourceSpans[r].scopeSpans[s].spans[p]`: where a span was in the request. */
export function spanLocation(
  resourceIndex: number,
  scopeIndex: number,
  spanIndex: number,
): string {
  return `resourceSpans[${resourceIndex}].scopeSpans[${scopeIndex}].spans[${spanIndex}]`;
}

function integerOf(value: AttributeValue): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? value : undefined;
  }
  // Old instrumentation sometimes sends ports and status codes as strings.
  if (typeof value !== 'string' || value.length === 0 || value.length > 15) {
    return undefined;
  }
  let result = 0;
  for (let i = 0; i < value.length; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      return undefined;
    }
    result = result * 10 + digit;
  }
  return result;
}

function stringOf(value: AttributeValue): string {
  return typeof value === 'string' ? value : String(value);
}

function isTrue(value: AttributeValue): boolean {
  return (
    value === true ||
    (typeof value === 'string' && value.toLowerCase() === 'true')
  );
}

/**
 * One span as read from the wire, before it is checked and turned into a {@link Span}.
 *
 * Times are kept as whole milliseconds since the epoch plus the nanoseconds within that millisecond: both
 * parts are exact JavaScript numbers, so the duration can be computed exactly without BigInt arithmetic.
 */
export class SpanDraft {
  traceId: string | undefined = undefined;
  spanId: string | undefined = undefined;
  parentSpanId: string | undefined = undefined;
  /** Why the span must be rejected; the first problem found wins. */
  problem: string | undefined = undefined;
  name = '';
  /** OTLP `SpanKind` number; values outside 0..5 map to `unspecified`. */
  kind = 0;
  hasStart = false;
  startMs = 0;
  startSubMs = 0;
  startNano = 0n;
  hasEnd = false;
  endMs = 0;
  endSubMs = 0;
  /** OTLP `StatusCode` number; values outside 0..2 count as unset. */
  statusCode = STATUS_UNSET;
  statusMessage = '';
  attributes: Record<string, AttributeValue> = {};
  attributeCount = 0;

  // Attributes the model reads, under their new and old semantic-convention names.
  private httpResponseStatusCode: number | undefined = undefined;
  private httpStatusCode: number | undefined = undefined;
  private peerService: string | undefined = undefined;
  private serverAddress: string | undefined = undefined;
  private netPeerName: string | undefined = undefined;
  private serverPort: number | undefined = undefined;
  private netPeerPort: number | undefined = undefined;
  private dbSystemName: string | undefined = undefined;
  private dbSystem: string | undefined = undefined;
  private dbNamespace: string | undefined = undefined;
  private dbName: string | undefined = undefined;
  private messagingSystem: string | undefined = undefined;
  private messagingDestinationName: string | undefined = undefined;
  private messagingDestination: string | undefined = undefined;
  private errorAttribute = false;
  private otelStatusError = false;

  /** Marks the span as rejected, unless an earlier problem already did. */
  reject(reason: string): void {
    if (this.problem === undefined) {
      this.problem = reason;
    }
  }

  setStart(ms: number, subMs: number, nano: bigint): void {
    this.hasStart = true;
    this.startMs = ms;
    this.startSubMs = subMs;
    this.startNano = nano;
  }

  setEnd(ms: number, subMs: number): void {
    this.hasEnd = true;
    this.endMs = ms;
    this.endSubMs = subMs;
  }

  /**
   * Adds a span attribute (array and map values already flattened to JSON), keeping at most
   * {@link MAX_ATTRIBUTES_PER_SPAN} of them and truncating long strings, and notes the ones the model reads.
   */
  addAttribute(rawKey: string, rawValue: AttributeValue): void {
    if (rawKey.length === 0) {
      return;
    }
    const key = truncateString(rawKey);
    const value =
      typeof rawValue === 'string' ? truncateString(rawValue) : rawValue;
    switch (key) {
      case 'http.response.status_code':
        this.httpResponseStatusCode = integerOf(value);
        break;
      case 'http.status_code':
        this.httpStatusCode = integerOf(value);
        break;
      case 'peer.service':
        this.peerService = stringOf(value);
        break;
      case 'server.address':
        this.serverAddress = stringOf(value);
        break;
      case 'net.peer.name':
        this.netPeerName = stringOf(value);
        break;
      case 'server.port':
        this.serverPort = integerOf(value);
        break;
      case 'net.peer.port':
        this.netPeerPort = integerOf(value);
        break;
      case 'db.system.name':
        this.dbSystemName = stringOf(value);
        break;
      case 'db.system':
        this.dbSystem = stringOf(value);
        break;
      case 'db.namespace':
        this.dbNamespace = stringOf(value);
        break;
      case 'db.name':
        this.dbName = stringOf(value);
        break;
      case 'messaging.system':
        this.messagingSystem = stringOf(value);
        break;
      case 'messaging.destination.name':
        this.messagingDestinationName = stringOf(value);
        break;
      case 'messaging.destination':
        this.messagingDestination = stringOf(value);
        break;
      case 'error':
        this.errorAttribute = isTrue(value);
        break;
      case 'otel.status_code':
        this.otelStatusError =
          typeof value === 'string' && value.toUpperCase() === 'ERROR';
        break;
      default:
        break;
    }
    if (this.attributeCount < MAX_ATTRIBUTES_PER_SPAN) {
      this.attributes[key] = value;
      this.attributeCount++;
    }
  }

  /** Whether the span failed: its status, or for instrumentation that sets no status, older conventions. */
  isError(kind: SpanKind, httpStatusCode: number | undefined): boolean {
    if (this.statusCode === STATUS_ERROR) {
      return true;
    }
    if (this.statusCode === STATUS_OK) {
      return false;
    }
    if (this.errorAttribute || this.otelStatusError) {
      return true;
    }
    if (httpStatusCode === undefined) {
      return false;
    }
    // The calling side fails on any 4xx; a server answering 404 did its job.
    const callsOut = kind === 'client' || kind === 'producer';
    return httpStatusCode >= (callsOut ? 400 : 500);
  }

  /** Builds the span, or the reason it must be rejected. */
  toSpan(resource: ResourceInfo): Span | string {
    if (this.problem !== undefined) {
      return this.problem;
    }
    if (this.traceId === undefined) {
      return 'traceId is missing';
    }
    if (this.spanId === undefined) {
      return 'spanId is missing';
    }
    if (!this.hasStart) {
      return 'startTimeUnixNano is missing';
    }
    if (this.startMs === 0 && this.startSubMs === 0) {
      return 'startTimeUnixNano is 0';
    }
    if (!this.hasEnd) {
      return 'endTimeUnixNano is missing';
    }
    if (this.endMs === 0 && this.endSubMs === 0) {
      return 'endTimeUnixNano is 0';
    }
    const durationNano =
      (this.endMs - this.startMs) * 1_000_000 +
      (this.endSubMs - this.startSubMs);
    if (durationNano < 0) {
      return `endTimeUnixNano ${formatNano(
        this.endMs,
        this.endSubMs,
      )} is before startTimeUnixNano ${formatNano(
        this.startMs,
        this.startSubMs,
      )}`;
    }
    if (resource.serviceName === undefined) {
      return 'the resource has no non-empty service.name attribute';
    }
    const kind = SPAN_KINDS[this.kind] ?? 'unspecified';
    const statusCode = STATUS_CODES[this.statusCode] ?? 'unset';
    const httpStatusCode = this.httpResponseStatusCode ?? this.httpStatusCode;
    const error = this.isError(kind, httpStatusCode);
    return {
      traceId: this.traceId,
      spanId: this.spanId,
      parentSpanId: this.parentSpanId,
      serviceName: resource.serviceName,
      serviceNamespace: resource.serviceNamespace,
      name: truncateString(this.name),
      kind,
      startTimeUnixNano: this.startNano,
      startTimeUnixMs: this.startMs,
      durationNano,
      error,
      statusCode,
      statusMessage:
        error && this.statusMessage.length > 0
          ? truncateString(this.statusMessage)
          : undefined,
      httpStatusCode,
      peer: {
        service: this.peerService,
        serverAddress: this.serverAddress ?? this.netPeerName,
        serverPort: this.serverPort ?? this.netPeerPort,
        dbSystem: this.dbSystemName ?? this.dbSystem,
        dbNamespace: this.dbNamespace ?? this.dbName,
        messagingSystem: this.messagingSystem,
        messagingDestination:
          this.messagingDestinationName ?? this.messagingDestination,
      },
      attributes: this.attributes,
    };
  }
}

function formatNano(ms: number, subMs: number): string {
  const sub = String(subMs);
  return ms === 0 ? sub : `${ms}${'000000'.slice(sub.length)}${sub}`;
}

/** Adds the draft to the result as a span, or as a rejection located in the request. */
export function emitSpan(
  draft: SpanDraft,
  resource: ResourceInfo,
  result: OtlpDecodeResult,
  resourceIndex: number,
  scopeIndex: number,
  spanIndex: number,
): void {
  const span = draft.toSpan(resource);
  if (typeof span === 'string') {
    result.rejected.push({
      location: spanLocation(resourceIndex, scopeIndex, spanIndex),
      reason: span,
    });
  } else {
    result.spans.push(span);
  }
}
