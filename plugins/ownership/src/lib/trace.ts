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
import { OwnershipTraceSpan } from '../api';

/** One span of a trace waterfall, in tree order. */
export interface WaterfallRow {
  spanId: string;
  serviceName: string;
  name: string;
  kind: string;
  /** Nesting under the root (0 for roots and spans whose parent is not in the trace). */
  depth: number;
  /** Start relative to the trace's first span, and duration, in milliseconds. */
  offsetMs: number;
  durationMs: number;
  /** Position of the span's bar in the timeline, 0..100. */
  leftPercent: number;
  widthPercent: number;
  error: boolean;
  statusMessage?: string;
  httpStatusCode?: number;
}

/** A trace laid out as a waterfall: spans in tree order, each placed on the trace's timeline. */
export interface Waterfall {
  rows: WaterfallRow[];
  /** From the first span's start to the last span's end, in milliseconds. */
  totalMs: number;
  /** The trace's first root span (its entry point), when it has one. */
  root?: WaterfallRow;
  errorCount: number;
  services: string[];
}

function startNano(span: OwnershipTraceSpan): bigint {
  try {
    return BigInt(span.startTimeUnixNano);
  } catch {
    return BigInt(Math.round(span.startTimeUnixMs)) * 1_000_000n;
  }
}

/**
 * Lays out the spans of a trace as a waterfall: depth-first from the roots, children by start time; a span
 * whose parent is missing (not sampled, or still in flight) is shown as a root rather than dropped.
 * Offsets are computed on the nanosecond start times so sub-millisecond spans keep their order.
 */
export function toWaterfall(spans: OwnershipTraceSpan[]): Waterfall {
  if (spans.length === 0) {
    return { rows: [], totalMs: 0, errorCount: 0, services: [] };
  }
  const starts = new Map(spans.map(span => [span.spanId, startNano(span)]));
  const first = spans.reduce(
    (min, span) =>
      starts.get(span.spanId)! < min ? starts.get(span.spanId)! : min,
    starts.get(spans[0].spanId)!,
  );
  const offsetMs = (span: OwnershipTraceSpan) =>
    Number(starts.get(span.spanId)! - first) / 1_000_000;
  const totalMs = spans.reduce(
    (max, span) =>
      Math.max(max, offsetMs(span) + span.durationNano / 1_000_000),
    0,
  );

  const ids = new Set(spans.map(span => span.spanId));
  const children = new Map<string | undefined, OwnershipTraceSpan[]>();
  for (const span of spans) {
    const parent =
      span.parentSpanId &&
      ids.has(span.parentSpanId) &&
      span.parentSpanId !== span.spanId
        ? span.parentSpanId
        : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const byStart = (a: OwnershipTraceSpan, b: OwnershipTraceSpan) => {
    const difference = starts.get(a.spanId)! - starts.get(b.spanId)!;
    if (difference !== 0n) {
      return difference < 0n ? -1 : 1;
    }
    return a.spanId.localeCompare(b.spanId);
  };

  const rows: WaterfallRow[] = [];
  const visited = new Set<string>();
  const visit = (span: OwnershipTraceSpan, depth: number) => {
    if (visited.has(span.spanId)) {
      return;
    }
    visited.add(span.spanId);
    const offset = offsetMs(span);
    const durationMs = span.durationNano / 1_000_000;
    rows.push({
      spanId: span.spanId,
      serviceName: span.serviceName,
      name: span.name,
      kind: span.kind,
      depth,
      offsetMs: offset,
      durationMs,
      leftPercent: totalMs > 0 ? (offset / totalMs) * 100 : 0,
      widthPercent: totalMs > 0 ? (durationMs / totalMs) * 100 : 100,
      error: span.error,
      ...(span.statusMessage ? { statusMessage: span.statusMessage } : {}),
      ...(span.httpStatusCode !== undefined
        ? { httpStatusCode: span.httpStatusCode }
        : {}),
    });
    for (const child of [...(children.get(span.spanId) ?? [])].sort(byStart)) {
      visit(child, depth + 1);
    }
  };
  for (const root of [...(children.get(undefined) ?? [])].sort(byStart)) {
    visit(root, 0);
  }
  // Spans caught in a parent cycle have no root above them: show them rather than lose them.
  for (const span of [...spans].sort(byStart)) {
    visit(span, 0);
  }

  return {
    rows,
    totalMs,
    root: rows[0],
    errorCount: rows.filter(row => row.error).length,
    services: [...new Set(rows.map(row => row.serviceName))],
  };
}
