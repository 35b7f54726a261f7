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

/*
 * Zipkin v2 spans → OTLP/JSON (`{resourceSpans:[…]}`: hex ids, integer enums, ns times as strings), which
 * `decodeOtlpJson` then maps into the span model: the one mapping every source goes through.
 *
 * Decisions (docs: tracing-apis.md §0 and §2):
 *
 * - Ids: trace ids left-padded to 32 hex (Zipkin sends 16 when the high half is zero), span ids to 16,
 *   lower-cased.
 * - Times: `timestamp`/`duration` are µs; × 1000 with BigInt (ns exceed 2^53). A span without `timestamp`
 *   starts at its first annotation, else it has no start and the decoder rejects it. A span without `duration`
 *   (incomplete in Zipkin's words) is kept with length 0 and the attribute `zipkin.duration_missing`: the call
 *   still counts for edges and errors, and the flag tells latency readers to skip it.
 * - Kind: CLIENT/SERVER/PRODUCER/CONSUMER map to the OTLP kinds. An absent kind means a local span in Zipkin, so
 *   INTERNAL, except when the span names a remote service other than its own: Zipkin's DependencyLinker then
 *   counts it as a CLIENT, and so do we (v1 data converted without `cs`/`sr` annotations looks like this). An
 *   OTel-style `span.kind` tag is read when `kind` is absent, as the OTel Collector's Zipkin receiver does.
 * - `localEndpoint.serviceName` → resource `service.name` (spans without one are rejected by the decoder);
 *   `remoteEndpoint.serviceName` → `peer.service` on every kind, so uninstrumented peers (databases, caches)
 *   become virtual nodes; `remoteEndpoint.ipv4|ipv6` and `port` → `server.address`/`server.port` on CLIENT and
 *   PRODUCER spans, `client.address`/`client.port` on SERVER and CONSUMER spans. Tags → string attributes (they
 *   win over the endpoint-derived ones). A present `error` tag (any value, even "") → status ERROR with the tag
 *   as message.
 * - Duplicate fragments of one span (same id, same shared flag, same local service, compatible kinds), which
 *   some collectors report separately, are merged as Zipkin's own `Trace.merge` does.
 * - Shared spans: with B3 "join", the server half of an RPC reuses the client's span id (`shared: true`; old
 *   v1 data omits the flag, so a SERVER span with the id of a CLIENT span counts as shared too). The suite keys
 *   spans by id and pairs a server with the client named by its `parentSpanId`, so the shared server span gets
 *   a derived id (the first 16 hex of SHA-256 of trace id, span id and service: stable across reads) and the
 *   client span as parent. When the client half is missing from the trace, the parent stays the one Zipkin
 *   gave. Spans whose parent is the shared id and whose service is the server's are its children (Zipkin's
 *   SpanNode rule) and are re-parented to the derived id. The original id is kept in `zipkin.span_id`.
 * - Brokers: Zipkin puts the broker of a PRODUCER or CONSUMER span in `remoteEndpoint.serviceName` and links
 *   `app → broker → app` (DependencyLinker never pairs producer with consumer directly). To give the same
 *   edges through the suite's pairing, each PRODUCER with a broker gets a synthetic CONSUMER span of the
 *   broker as its child, and each CONSUMER with a broker a synthetic PRODUCER span of the broker as its parent
 *   (itself the child of the producer side's synthetic span when the consumer's parent is that producer).
 *   Synthetic spans copy the times of the span they stand beside (the broker's latency is not known; as for
 *   databases, the caller's latency is used), never fail, and carry `zipkin.synthetic = "broker"`. A consumer
 *   without a remote name takes the broker of its parent producer and vice versa.
 */

import { createHash } from 'crypto';
import { z } from 'zod';

const endpointSchema = z.object({
  serviceName: z.string().nullish(),
  ipv4: z.string().nullish(),
  ipv6: z.string().nullish(),
  port: z.number().nullish(),
});

/** One span of the Zipkin v2 JSON model; fields the suite does not read are dropped. */
export const zipkinSpanSchema = z.object({
  traceId: z.string().min(1),
  id: z.string().min(1),
  parentId: z.string().nullish(),
  kind: z.string().nullish(),
  name: z.string().nullish(),
  timestamp: z.number().nullish(),
  duration: z.number().nullish(),
  localEndpoint: endpointSchema.nullish(),
  remoteEndpoint: endpointSchema.nullish(),
  annotations: z
    .array(z.object({ timestamp: z.number(), value: z.string().nullish() }))
    .nullish(),
  tags: z
    .record(z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .nullish(),
  shared: z.boolean().nullish(),
});

/** A span of the Zipkin v2 JSON model. */
export type ZipkinSpan = z.infer<typeof zipkinSpanSchema>;

/** Attribute marking spans this mapping made up (brokers). */
export const SYNTHETIC_ATTRIBUTE = 'zipkin.synthetic';

const OTLP_KIND = {
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
type ZipkinKind = 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER' | undefined;

type OtlpAttribute = {
  key: string;
  value: { stringValue: string } | { intValue: number } | { boolValue: true };
};

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes: OtlpAttribute[];
  status?: { code: number; message?: string };
}

/** OTLP/JSON trace data, as `decodeOtlpJson` reads it. */
export interface OtlpTraceData {
  resourceSpans: Array<{
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: Array<{ scope: { name: string }; spans: OtlpSpan[] }>;
  }>;
}

/** A span after normalisation: ids padded, kind decided, fragments merged. */
interface Working {
  traceId: string;
  id: string;
  parentId: string | undefined;
  kind: ZipkinKind;
  service: string | undefined;
  remoteService: string | undefined;
  shared: boolean;
  span: ZipkinSpan;
  tags: Record<string, string>;
  /** Set when the span is given another id than Zipkin's. */
  newId?: string;
  newParentId?: string;
  broker?: string;
}

const KINDS = new Set(['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER']);

function normalizeId(id: string, length: number): string {
  const lower = id.trim().toLowerCase();
  return lower.length < length ? lower.padStart(length, '0') : lower;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value && value.length > 0 ? value : undefined;
}

function tagsOf(span: ZipkinSpan): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(span.tags ?? {})) {
    if (value !== null && value !== undefined) tags[key] = String(value);
  }
  return tags;
}

function kindOf(
  span: ZipkinSpan,
  tags: Record<string, string>,
  service: string | undefined,
  remoteService: string | undefined,
): ZipkinKind {
  const kind = span.kind?.toUpperCase();
  if (kind && KINDS.has(kind)) return kind as ZipkinKind;
  const tagKind = tags['span.kind']?.toUpperCase();
  if (tagKind && KINDS.has(tagKind)) return tagKind as ZipkinKind;
  if (remoteService && service && remoteService !== service) return 'CLIENT';
  return undefined;
}

/** A stable made-up span id: 16 hex of SHA-256 over the parts. */
function deriveSpanId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const id = hex.slice(0, 16);
  return /^0+$/.test(id) ? hex.slice(16, 32) : id;
}

function microsToNanos(micros: number): string {
  return (BigInt(Math.round(micros)) * 1000n).toString();
}

function mergeInto(target: Working, other: Working): void {
  const a = target.span;
  const b = other.span;
  target.span = {
    ...a,
    parentId: a.parentId ?? b.parentId,
    name: nonEmpty(a.name) ?? b.name,
    timestamp:
      a.timestamp !== undefined &&
      a.timestamp !== null &&
      b.timestamp !== undefined &&
      b.timestamp !== null
        ? Math.min(a.timestamp, b.timestamp)
        : a.timestamp ?? b.timestamp,
    duration: a.duration ?? b.duration,
    remoteEndpoint: a.remoteEndpoint ?? b.remoteEndpoint,
    annotations: [...(a.annotations ?? []), ...(b.annotations ?? [])],
  };
  target.parentId = target.parentId ?? other.parentId;
  target.kind = target.kind ?? other.kind;
  target.remoteService = target.remoteService ?? other.remoteService;
  target.tags = { ...other.tags, ...target.tags };
}

/** Normalises ids and kinds and merges fragments of the same span. */
function normalize(spans: readonly ZipkinSpan[]): Working[] {
  const result: Working[] = [];
  const byKey = new Map<string, Working[]>();
  for (const span of spans) {
    const tags = tagsOf(span);
    const service = nonEmpty(span.localEndpoint?.serviceName);
    const remoteService = nonEmpty(span.remoteEndpoint?.serviceName);
    const working: Working = {
      traceId: normalizeId(span.traceId, 32),
      id: normalizeId(span.id, 16),
      parentId: span.parentId ? normalizeId(span.parentId, 16) : undefined,
      kind: kindOf(span, tags, service, remoteService),
      service,
      remoteService,
      shared: span.shared === true,
      span,
      tags,
    };
    const key = `${working.traceId}|${working.id}|${working.shared}|${
      service ?? ''
    }`;
    const candidates = byKey.get(key) ?? [];
    const same = candidates.find(
      candidate =>
        candidate.kind === undefined ||
        working.kind === undefined ||
        candidate.kind === working.kind,
    );
    if (same) {
      mergeInto(same, working);
    } else {
      candidates.push(working);
      byKey.set(key, candidates);
      result.push(working);
    }
  }
  return result;
}

/** Gives shared server spans their own id under their client, and re-parents their children. */
function separateSharedSpans(spans: Working[]): void {
  const idKey = (span: Working, id: string) => `${span.traceId}|${id}`;
  const clientIds = new Set<string>();
  for (const span of spans) {
    if (span.kind === 'CLIENT') clientIds.add(idKey(span, span.id));
  }
  for (const span of spans) {
    if (
      !span.shared &&
      span.kind === 'SERVER' &&
      clientIds.has(idKey(span, span.id))
    ) {
      span.shared = true; // v1 data: a server reusing its client's id
    }
  }
  const unsharedIds = new Set<string>();
  for (const span of spans) {
    if (!span.shared) unsharedIds.add(idKey(span, span.id));
  }
  // trace|id|service of each shared span → its derived id.
  const sharedByService = new Map<string, string>();
  for (const span of spans) {
    if (!span.shared) continue;
    span.newId = deriveSpanId(
      span.traceId,
      span.id,
      span.service ?? '',
      'shared',
    );
    span.newParentId = unsharedIds.has(idKey(span, span.id))
      ? span.id
      : span.parentId;
    sharedByService.set(
      `${idKey(span, span.id)}|${span.service ?? ''}`,
      span.newId,
    );
  }
  for (const span of spans) {
    if (span.shared || span.parentId === undefined) continue;
    const sharedParent = sharedByService.get(
      `${idKey(span, span.parentId)}|${span.service ?? ''}`,
    );
    if (sharedParent !== undefined) span.newParentId = sharedParent;
  }
}

/** Decides the broker of each producer and consumer span (see the top of this file). */
function assignBrokers(spans: Working[]): void {
  const producers = new Map<string, Working>();
  for (const span of spans) {
    if (span.kind === 'PRODUCER') {
      span.broker = span.remoteService;
      producers.set(`${span.traceId}|${span.id}`, span);
    }
  }
  for (const span of spans) {
    if (span.kind !== 'CONSUMER') continue;
    span.broker = span.remoteService;
    const producer =
      span.parentId !== undefined
        ? producers.get(`${span.traceId}|${span.parentId}`)
        : undefined;
    if (!producer) continue;
    if (span.broker === undefined) span.broker = producer.broker;
    else if (producer.broker === undefined) producer.broker = span.broker;
  }
  for (const span of spans) {
    if (span.broker !== undefined && span.broker === span.service) {
      span.broker = undefined; // a service is not its own broker
    }
  }
}

function stringAttribute(key: string, value: string): OtlpAttribute {
  return { key, value: { stringValue: value } };
}

function times(span: ZipkinSpan): {
  start?: string;
  end?: string;
  durationMissing: boolean;
} {
  let startMicros = span.timestamp ?? undefined;
  if (startMicros === undefined && span.annotations?.length) {
    startMicros = Math.min(...span.annotations.map(a => a.timestamp));
  }
  if (startMicros === undefined) {
    return { durationMissing: (span.duration ?? undefined) === undefined };
  }
  const duration = span.duration ?? undefined;
  return {
    start: microsToNanos(startMicros),
    end: microsToNanos(startMicros + (duration ?? 0)),
    durationMissing: duration === undefined,
  };
}

function toOtlpSpan(span: Working): OtlpSpan {
  const attributes: OtlpAttribute[] = [];
  const remote = span.span.remoteEndpoint;
  if (span.remoteService) {
    attributes.push(stringAttribute('peer.service', span.remoteService));
  }
  const address = nonEmpty(remote?.ipv4) ?? nonEmpty(remote?.ipv6);
  const callsOut = span.kind === 'CLIENT' || span.kind === 'PRODUCER';
  const callsIn = span.kind === 'SERVER' || span.kind === 'CONSUMER';
  if (callsOut || callsIn) {
    const prefix = callsOut ? 'server' : 'client';
    if (address) attributes.push(stringAttribute(`${prefix}.address`, address));
    if (typeof remote?.port === 'number' && remote.port > 0) {
      attributes.push({
        key: `${prefix}.port`,
        value: { intValue: remote.port },
      });
    }
  }
  const { start, end, durationMissing } = times(span.span);
  if (durationMissing) {
    attributes.push({
      key: 'zipkin.duration_missing',
      value: { boolValue: true },
    });
  }
  if (span.newId !== undefined) {
    attributes.push(stringAttribute('zipkin.span_id', span.id));
  }
  for (const [key, value] of Object.entries(span.tags)) {
    attributes.push(stringAttribute(key, value));
  }
  const error = span.tags.error;
  const parentSpanId = span.newParentId ?? span.parentId;
  return {
    traceId: span.traceId,
    spanId: span.newId ?? span.id,
    ...(parentSpanId !== undefined ? { parentSpanId } : {}),
    name: span.span.name ?? '',
    kind: span.kind ? OTLP_KIND[span.kind] : OTLP_KIND.INTERNAL,
    ...(start !== undefined ? { startTimeUnixNano: start } : {}),
    ...(end !== undefined ? { endTimeUnixNano: end } : {}),
    attributes,
    ...(error !== undefined ? { status: { code: 2, message: error } } : {}),
  };
}

function brokerSpan(
  beside: OtlpSpan,
  fields: { spanId: string; parentSpanId?: string; kind: number },
): OtlpSpan {
  return {
    traceId: beside.traceId,
    spanId: fields.spanId,
    ...(fields.parentSpanId !== undefined
      ? { parentSpanId: fields.parentSpanId }
      : {}),
    name: beside.name,
    kind: fields.kind,
    ...(beside.startTimeUnixNano !== undefined
      ? { startTimeUnixNano: beside.startTimeUnixNano }
      : {}),
    ...(beside.endTimeUnixNano !== undefined
      ? { endTimeUnixNano: beside.endTimeUnixNano }
      : {}),
    attributes: [stringAttribute(SYNTHETIC_ATTRIBUTE, 'broker')],
  };
}

/**
 * Maps the spans of one or more Zipkin traces to OTLP/JSON, one `resourceSpans` per span (so the order of
 * the spans is kept), synthetic broker spans next to the span they stand beside (after a producer, before a
 * consumer). See the top of this file for the decisions.
 */
export function zipkinSpansToOtlp(
  spans: readonly ZipkinSpan[],
  options: { brokerSpans?: boolean } = {},
): OtlpTraceData {
  const working = normalize(spans);
  separateSharedSpans(working);
  if (options.brokerSpans !== false) assignBrokers(working);

  // Ids of the synthetic broker span under each producer, by trace|producer id.
  const brokerInIds = new Map<string, { id: string; broker: string }>();
  for (const span of working) {
    if (span.kind === 'PRODUCER' && span.broker !== undefined) {
      brokerInIds.set(`${span.traceId}|${span.id}`, {
        id: deriveSpanId(span.traceId, span.id, span.broker, 'broker-in'),
        broker: span.broker,
      });
    }
  }

  const resourceSpans: OtlpTraceData['resourceSpans'] = [];
  const push = (service: string | undefined, otlpSpan: OtlpSpan) =>
    resourceSpans.push({
      resource: {
        attributes: service ? [stringAttribute('service.name', service)] : [],
      },
      scopeSpans: [{ scope: { name: 'zipkin' }, spans: [otlpSpan] }],
    });

  for (const span of working) {
    if (span.kind === 'CONSUMER' && span.broker !== undefined) {
      const out = deriveSpanId(
        span.traceId,
        span.id,
        span.broker,
        'broker-out',
      );
      const producerSide =
        span.parentId !== undefined
          ? brokerInIds.get(`${span.traceId}|${span.parentId}`)
          : undefined;
      const consumer = toOtlpSpan(span);
      const parentOfBroker =
        producerSide && producerSide.broker === span.broker
          ? producerSide.id
          : consumer.parentSpanId;
      push(
        span.broker,
        brokerSpan(consumer, {
          spanId: out,
          parentSpanId: parentOfBroker,
          kind: OTLP_KIND.PRODUCER,
        }),
      );
      push(span.service, { ...consumer, parentSpanId: out });
      continue;
    }
    const otlpSpan = toOtlpSpan(span);
    push(span.service, otlpSpan);
    const brokerIn = brokerInIds.get(`${span.traceId}|${span.id}`);
    if (span.kind === 'PRODUCER' && brokerIn) {
      push(
        brokerIn.broker,
        brokerSpan(otlpSpan, {
          spanId: brokerIn.id,
          parentSpanId: otlpSpan.spanId,
          kind: OTLP_KIND.CONSUMER,
        }),
      );
    }
  }
  return { resourceSpans };
}
