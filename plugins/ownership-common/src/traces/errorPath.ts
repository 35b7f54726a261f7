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

import type { DependencyContribution } from '../slo/dependencySlos';
import type { Span } from '../spans/types';

/**
 * Why the walk stopped where it did:
 *
 * - `error-status`: the culprit failed with an error status of its own and none of its children failed;
 * - `timeout`: the culprit has no error status, but its parent failed while it was still running (it ended at
 *   or after the parent's end): the parent gave up waiting on it;
 * - `no-failing-child`: the start span did not fail and none of its children did.
 *
 * @public
 */
export type ErrorPathReason = 'error-status' | 'timeout' | 'no-failing-child';

/**
 * The path from a failing span down to the span its failure most likely comes from.
 *
 * @public
 */
export interface ErrorPath {
  /** From the start span to the culprit, both included. */
  path: Span[];
  /** The deepest span reached. */
  culprit: Span;
  reason: ErrorPathReason;
  /**
   * When the culprit is a client or producer span without any child (nothing on the other side reported a
   * span), the peer it called — `peer.service`, else `server.address`, else `db.system`: that uninstrumented
   * peer is the real culprit, the culprit's service only saw it fail.
   */
  peer?: string;
}

const NANOS_PER_MS = 1_000_000;

function endNano(span: Span): bigint {
  return (
    span.startTimeUnixNano + BigInt(Math.max(0, Math.round(span.durationNano)))
  );
}

/** How close to its parent's end a child must end to count as the one the parent timed out on. */
function timeoutToleranceNano(parent: Span): bigint {
  return BigInt(Math.max(NANOS_PER_MS, Math.round(parent.durationNano / 100)));
}

function compareBigint(a: bigint, b: bigint): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * The child whose end most likely explains the parent's failure: the one that ended last; on a tie the one
 * that started first (then the lowest span id, so the walk is deterministic).
 */
function lastEnded(candidates: Span[]): Span {
  return [...candidates].sort(
    (a, b) =>
      compareBigint(endNano(b), endNano(a)) ||
      compareBigint(a.startTimeUnixNano, b.startTimeUnixNano) ||
      a.spanId.localeCompare(b.spanId),
  )[0];
}

interface SpanIndex {
  byId: Map<string, Span>;
  children: Map<string, Span[]>;
}

function indexSpans(spans: readonly Span[]): SpanIndex {
  const byId = new Map<string, Span>();
  const children = new Map<string, Span[]>();
  for (const span of spans) {
    if (!byId.has(span.spanId)) byId.set(span.spanId, span);
    // A span naming itself as parent would loop forever; it is kept as a span, not as its own child.
    if (span.parentSpanId !== undefined && span.parentSpanId !== span.spanId) {
      const siblings = children.get(span.parentSpanId);
      if (siblings) siblings.push(span);
      else children.set(span.parentSpanId, [span]);
    }
  }
  return { byId, children };
}

function peerOf(span: Span, index: SpanIndex): string | undefined {
  if (span.kind !== 'client' && span.kind !== 'producer') return undefined;
  if ((index.children.get(span.spanId) ?? []).length > 0) return undefined;
  return span.peer.service ?? span.peer.serverAddress ?? span.peer.dbSystem;
}

function walk(index: SpanIndex, start: Span): ErrorPath {
  const path = [start];
  const visited = new Set([start.spanId]);
  let current = start;
  let failed = start.error;
  let reachedByTimeout = false;
  for (;;) {
    // Spans already on the path are skipped: parent links that loop cannot trap the walk.
    const children = (index.children.get(current.spanId) ?? []).filter(
      child => !visited.has(child.spanId),
    );
    const failing = children.filter(child => child.error);
    let next: Span | undefined;
    let timeout = false;
    if (failing.length > 0) {
      next = lastEnded(failing);
    } else if (failed) {
      // The trap: the parent failed because it gave up on a child that never reported an error of its own.
      const deadline = endNano(current) - timeoutToleranceNano(current);
      const late = children.filter(child => endNano(child) >= deadline);
      if (late.length > 0) {
        next = lastEnded(late);
        timeout = true;
      }
    }
    if (next === undefined) break;
    path.push(next);
    visited.add(next.spanId);
    current = next;
    failed = true;
    reachedByTimeout = timeout;
  }

  let reason: ErrorPathReason = 'no-failing-child';
  if (current.error) reason = 'error-status';
  else if (reachedByTimeout) reason = 'timeout';
  const peer = peerOf(current, index);
  return {
    path,
    culprit: current,
    reason,
    ...(peer !== undefined ? { peer } : {}),
  };
}

/**
 * The error-path walk (as in Zalando's adaptive paging): from the span that signalled a failure, follow the
 * failing child (error status) down the trace until no child fails; the deepest span reached is the culprit.
 *
 * - Several failing children: the one that ended last is followed (its failure most likely explains the
 *   parent's), on a tie the one that started first.
 * - A failed span without failing children but with a child still running at its end (ending at or after it,
 *   within max(1 ms, 1 % of its duration)) failed because it timed out on that child: the walk follows it
 *   (reason `timeout`).
 * - A start span that did not fail still leads to its failing children, if any.
 *
 * Spans missing from the trace simply end the walk; parent links that loop are not followed twice. Undefined
 * when the start span is not in `spans`.
 *
 * @public
 */
export function walkErrorPath(
  spans: readonly Span[],
  startSpanId: string,
): ErrorPath | undefined {
  const index = indexSpans(spans);
  const start = index.byId.get(startSpanId);
  return start ? walk(index, start) : undefined;
}

/**
 * Where the failures of a signal operation end, over many traces.
 *
 * @public
 */
export interface CulpritService {
  /** Trace service of the culprit span. */
  service: string;
  /** Failing signal requests whose error path ends in this service. */
  count: number;
  /** count / walks (the failing signal requests). */
  share: number;
  /** Of `count`, those ending in a call to an uninstrumented peer, by peer (see `ErrorPath.peer`). */
  peers: Record<string, number>;
}

/**
 * Result of {@link culpritServices}.
 *
 * @public
 */
export interface CulpritServices {
  /** Traces holding a span of the signal operation. */
  tracesExamined: number;
  /** Of those, traces whose signal span failed (and were walked). */
  failingTraces: number;
  /** Culprit services, most failures first (then by name). */
  culprits: CulpritService[];
}

/** The outermost span of the operation: no ancestor is one (the earliest such, when several). */
function outermostSignalSpan(
  index: SpanIndex,
  spans: readonly Span[],
  signal: { service: string; operation: string },
): Span | undefined {
  const isSignal = (span: Span) =>
    span.serviceName === signal.service && span.name === signal.operation;
  const hasSignalAncestor = (span: Span) => {
    const seen = new Set([span.spanId]);
    let parentId = span.parentSpanId;
    while (parentId !== undefined && !seen.has(parentId)) {
      seen.add(parentId);
      const parent = index.byId.get(parentId);
      if (!parent) return false;
      if (isSignal(parent)) return true;
      parentId = parent.parentSpanId;
    }
    return false;
  };
  const outermost = spans.filter(s => isSignal(s) && !hasSignalAncestor(s));
  return outermost.sort(
    (a, b) =>
      compareBigint(a.startTimeUnixNano, b.startTimeUnixNano) ||
      a.spanId.localeCompare(b.spanId),
  )[0];
}

/**
 * Which services the failures of a signal operation end in: for each trace, the outermost span of the
 * operation (`serviceName` and span name match) is found; if it failed, {@link walkErrorPath} runs from it and
 * its culprit's service is counted. Traces without the operation, or where it did not fail, count no culprit.
 *
 * @public
 */
export function culpritServices(
  traces: ReadonlyArray<readonly Span[]>,
  signal: { service: string; operation: string },
): CulpritServices {
  const { tracesExamined, paths } = signalErrorPaths(traces, signal);
  const counts = new Map<string, CulpritService>();
  for (const { culprit, peer } of paths) {
    const entry = counts.get(culprit.serviceName) ?? {
      service: culprit.serviceName,
      count: 0,
      share: 0,
      peers: {},
    };
    entry.count++;
    if (peer !== undefined) entry.peers[peer] = (entry.peers[peer] ?? 0) + 1;
    counts.set(culprit.serviceName, entry);
  }
  const failingTraces = paths.length;
  const culprits = [...counts.values()]
    .map(entry => ({ ...entry, share: entry.count / failingTraces }))
    .sort((a, b) => b.count - a.count || a.service.localeCompare(b.service));
  return { tracesExamined, failingTraces, culprits };
}

/**
 * The error path of every trace whose signal span failed, walked from the outermost span of the signal
 * operation (see {@link walkErrorPath}), in the order of the traces given.
 *
 * @public
 */
export function signalErrorPaths(
  traces: ReadonlyArray<readonly Span[]>,
  signal: { service: string; operation: string },
): { tracesExamined: number; paths: ErrorPath[] } {
  let tracesExamined = 0;
  const paths: ErrorPath[] = [];
  for (const spans of traces) {
    const index = indexSpans(spans);
    const signalSpan = outermostSignalSpan(index, spans, signal);
    if (!signalSpan) continue;
    tracesExamined++;
    if (signalSpan.error) paths.push(walk(index, signalSpan));
  }
  return { tracesExamined, paths };
}

/**
 * Self time of one service under a span.
 *
 * @public
 */
export interface ServiceSelfTime {
  service: string;
  /** Time its spans spent themselves (not waiting on a child span), in nanoseconds. */
  selfTimeNano: number;
  /** selfTimeNano / the start span's duration (0 when that is 0). */
  share: number;
}

/**
 * Result of {@link selfTimeByService}.
 *
 * @public
 */
export interface SelfTimeBreakdown {
  /**
   * Duration of the start span, in nanoseconds. Sequential work adds up to it; spans running concurrently
   * each count their own time, so with parallel calls the self times add up to more.
   */
  totalDurationNano: number;
  /** Most self time first (then by name). */
  services: ServiceSelfTime[];
}

/** Length of the union of intervals. */
function unionLength(intervals: Array<[number, number]>): number {
  const sorted = intervals
    .filter(([lo, hi]) => hi > lo)
    .sort((a, b) => a[0] - b[0]);
  let length = 0;
  let currentLo = 0;
  let currentHi = -Infinity;
  for (const [lo, hi] of sorted) {
    if (lo > currentHi) {
      if (currentHi > currentLo) length += currentHi - currentLo;
      currentLo = lo;
      currentHi = hi;
    } else if (hi > currentHi) {
      currentHi = hi;
    }
  }
  if (currentHi > currentLo) length += currentHi - currentLo;
  return length;
}

/**
 * Where the time of a request goes, per service: for the subtree under the start span, each span's self time
 * is its duration minus the union of its children's intervals (clipped to it), summed per service
 * (`serviceName`; a client span's own time — network, or an uninstrumented peer — counts for the caller).
 *
 * Every span is first clipped to its parent's (clipped) interval, so work a child does after its parent ended
 * (fire-and-forget, clock skew) does not count toward the request: without concurrent children the self times
 * add up to the start span's duration exactly. Parent links that loop are followed once. Undefined when the
 * start span is not in `spans`.
 *
 * @public
 */
export function selfTimeByService(
  spans: readonly Span[],
  startSpanId: string,
): SelfTimeBreakdown | undefined {
  const index = indexSpans(spans);
  const start = index.byId.get(startSpanId);
  if (!start) return undefined;
  const origin = start.startTimeUnixNano;
  const interval = (span: Span): [number, number] => {
    const lo = Number(span.startTimeUnixNano - origin);
    return [lo, lo + Math.max(0, span.durationNano)];
  };

  const selfTimes = new Map<string, number>();
  const visited = new Set([start.spanId]);
  const stack: Array<{ span: Span; lo: number; hi: number }> = [
    { span: start, lo: 0, hi: Math.max(0, start.durationNano) },
  ];
  while (stack.length > 0) {
    const { span, lo, hi } = stack.pop()!;
    const clipped: Array<[number, number]> = [];
    for (const child of index.children.get(span.spanId) ?? []) {
      if (visited.has(child.spanId)) continue;
      visited.add(child.spanId);
      const [childLo, childHi] = interval(child);
      const clippedLo = Math.min(Math.max(childLo, lo), hi);
      const clippedHi = Math.max(Math.min(childHi, hi), clippedLo);
      clipped.push([clippedLo, clippedHi]);
      stack.push({ span: child, lo: clippedLo, hi: clippedHi });
    }
    const self = Math.max(0, hi - lo - unionLength(clipped));
    selfTimes.set(
      span.serviceName,
      (selfTimes.get(span.serviceName) ?? 0) + self,
    );
  }

  const total = Math.max(0, start.durationNano);
  const services = [...selfTimes.entries()]
    .map(([service, selfTimeNano]) => ({
      service,
      selfTimeNano,
      share: total > 0 ? selfTimeNano / total : 0,
    }))
    .sort(
      (a, b) =>
        b.selfTimeNano - a.selfTimeNano || a.service.localeCompare(b.service),
    );
  return { totalDurationNano: total, services };
}

/**
 * What each downstream service contributes to a signal operation over some traces: its calls per request (its
 * server and consumer spans under the operation's outermost span, found as {@link culpritServices} finds it),
 * its share of the failures (from `culprits`, the error-path walk over the same traces), and its share of the
 * time (self time under the operation, see {@link selfTimeByService}, summed over the traces). The operation
 * measured for a service is its most frequent served span name. The signal's own service is listed too, with
 * one call per request, so it keeps its share of the budget when the budget is split.
 *
 * @public
 */
export function dependencyContributions(
  traces: ReadonlyArray<readonly Span[]>,
  signal: { service: string; operation: string },
  culprits: CulpritServices,
): DependencyContribution[] {
  const services = new Map<
    string,
    { calls: number; selfNano: number; operations: Map<string, number> }
  >();
  const serviceEntry = (name: string) => {
    const entry = services.get(name) ?? {
      calls: 0,
      selfNano: 0,
      operations: new Map<string, number>(),
    };
    services.set(name, entry);
    return entry;
  };
  let requests = 0;
  let totalNano = 0;
  for (const spans of traces) {
    const index = indexSpans(spans);
    const root = outermostSignalSpan(index, spans, signal);
    if (!root) continue;
    const breakdown = selfTimeByService(spans, root.spanId);
    if (!breakdown) continue;
    requests += 1;
    totalNano += breakdown.totalDurationNano;
    for (const entry of breakdown.services) {
      serviceEntry(entry.service).selfNano += entry.selfTimeNano;
    }
    // Served spans under the signal span, per service and operation; parent links that loop are followed once.
    const queue = [...(index.children.get(root.spanId) ?? [])];
    const seen = new Set<string>([root.spanId]);
    while (queue.length > 0) {
      const span = queue.shift()!;
      if (seen.has(span.spanId)) continue;
      seen.add(span.spanId);
      queue.push(...(index.children.get(span.spanId) ?? []));
      if (span.serviceName === signal.service) continue;
      if (span.kind !== 'server' && span.kind !== 'consumer') continue;
      const entry = serviceEntry(span.serviceName);
      entry.calls += 1;
      entry.operations.set(
        span.name,
        (entry.operations.get(span.name) ?? 0) + 1,
      );
    }
  }
  const shareOf = new Map(culprits.culprits.map(c => [c.service, c.share]));
  const own = services.get(signal.service);
  if (own) own.calls = Math.max(own.calls, requests);
  return [...services.entries()]
    .filter(([name, entry]) => name === signal.service || entry.calls > 0)
    .map(([name, entry]) => ({
      service: name,
      operation:
        name === signal.service
          ? signal.operation
          : [...entry.operations.entries()].sort((a, b) => b[1] - a[1])[0][0],
      callsPerRequest: requests > 0 ? entry.calls / requests : 0,
      errorShare: shareOf.get(name) ?? 0,
      latencyShare: totalNano > 0 ? entry.selfNano / totalNano : 0,
    }))
    .sort(
      (a, b) => b.errorShare - a.errorShare || b.latencyShare - a.latencyShare,
    );
}
