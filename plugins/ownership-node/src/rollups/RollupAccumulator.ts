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
import type { EdgeConnectionType, ServiceGraphEdge } from '../edges/EdgePairer';
import { LatencySketch } from '../sketch/LatencySketch';
import {
  combineExemplars,
  insertRanked,
  isLaterFailure,
  isSlower,
} from './exemplars';
import {
  EdgeSeriesKey,
  ROLLUP_LEVEL_MS,
  RollupExemplar,
  RollupRow,
  SpanSeriesKey,
} from './types';

/**
 * Limits of a {@link RollupAccumulator}.
 *
 * @public
 */
export interface RollupAccumulatorOptions {
  /**
   * Most buckets (series × minute) held open at once. Beyond it, the oldest minutes are closed early: their rows
   * wait for the next {@link RollupAccumulator.drain}, in serialized form (a few hundred bytes instead of a live
   * sketch). Default 10,000.
   */
  maxOpenBuckets?: number;
  /** How many slowest and how many failed exemplars each bucket keeps. Default 3. */
  maxExemplars?: number;
}

/**
 * Rows taken out of a {@link RollupAccumulator}: minute rows of spans and of edges, oldest minute first.
 *
 * @public
 */
export interface DrainedRollups {
  spans: RollupRow<SpanSeriesKey>[];
  edges: RollupRow<EdgeSeriesKey>[];
}

/**
 * What a {@link RollupAccumulator} has done since it was created.
 *
 * @public
 */
export interface RollupAccumulatorCounters {
  /** Spans added. */
  spans: number;
  /** Edges added. */
  edges: number;
  /** Buckets open now. */
  openBuckets: number;
  /** Buckets closed before their minute was drained, because `maxOpenBuckets` were open. */
  bucketsClosedEarly: number;
  /** Rows closed (early, or restored) and waiting for the next drain. */
  rowsWaiting: number;
}

/**
 * Default of {@link RollupAccumulatorOptions.maxOpenBuckets}. An open bucket takes ~5 KB (measured with a typical
 * spread of latencies: the live sketch's bins, its exemplars, the map entries), so ~50 MB at most.
 */
const DEFAULT_MAX_OPEN_BUCKETS = 10_000;
/** Default of {@link RollupAccumulatorOptions.maxExemplars}. */
const DEFAULT_MAX_EXEMPLARS = 3;

const MINUTE_MS = ROLLUP_LEVEL_MS.minute;

/** One series in one minute. */
class Bucket<K extends SpanSeriesKey | EdgeSeriesKey> {
  count = 0;
  errorCount = 0;
  readonly sketch = new LatencySketch();
  readonly slowest: RollupExemplar[] = [];
  readonly failed: RollupExemplar[] = [];

  constructor(readonly minuteStartMs: number, readonly key: K) {}

  add(
    durationNano: number,
    error: boolean,
    traceId: string,
    spanId: string,
    startTimeUnixMs: number,
    limit: number,
  ): void {
    this.count += 1;
    if (error) {
      this.errorCount += 1;
    }
    this.sketch.record(durationNano);
    if (limit === 0) {
      return;
    }

    // Allocate an exemplar only when the request can rank among the kept ones (ties are settled inside).
    const slowest = this.slowest;
    const failed = this.failed;
    const slowEnough =
      slowest.length < limit ||
      durationNano >= slowest[slowest.length - 1].durationNano;
    const recentFailure =
      error &&
      (failed.length < limit ||
        startTimeUnixMs >= failed[failed.length - 1].startTimeUnixMs);
    if (slowEnough || recentFailure) {
      const exemplar: RollupExemplar = {
        traceId,
        spanId,
        durationNano,
        error,
        startTimeUnixMs,
      };
      if (slowEnough) {
        insertRanked(slowest, exemplar, limit, isSlower);
      }
      if (recentFailure) {
        insertRanked(failed, exemplar, limit, isLaterFailure);
      }
    }
  }

  toRow(): RollupRow<K> {
    return {
      level: 'minute',
      bucketStartMs: this.minuteStartMs,
      key: this.key,
      aggregate: {
        count: this.count,
        errorCount: this.errorCount,
        sketch: this.sketch.toProto(),
        exemplars: combineExemplars(this.slowest, this.failed),
      },
    };
  }
}

/**
 * The open buckets of one minute. Nested maps keyed by the span's own strings (service → operation → kind),
 * so the hot path does Map lookups on strings it already has instead of building a composite key per span.
 */
class OpenMinute {
  readonly spans = new Map<
    string,
    Map<string, Map<SpanKind, Bucket<SpanSeriesKey>>>
  >();
  readonly edges = new Map<
    string,
    Map<string, Map<EdgeConnectionType, Bucket<EdgeSeriesKey>>>
  >();
  readonly spanBuckets: Bucket<SpanSeriesKey>[] = [];
  readonly edgeBuckets: Bucket<EdgeSeriesKey>[] = [];

  constructor(readonly startMs: number) {}

  get bucketCount(): number {
    return this.spanBuckets.length + this.edgeBuckets.length;
  }
}

/**
 * Accumulates spans and service-graph edges into minute rollups: per (minute, service, operation, span kind)
 * and per (minute, client, server, connection type), the exact count and error count, a latency sketch and a few
 * exemplars (the slowest and the latest failed requests).
 *
 * Stateful but pure: no clock, no I/O. The ingest path calls {@link RollupAccumulator.addSpan} and
 * {@link RollupAccumulator.addEdge}; a periodic flush calls {@link RollupAccumulator.drain} and persists the rows.
 * Memory is bounded by `maxOpenBuckets`.
 *
 * Minutes come from the span's (the edge's) start time, so late spans land in the minute they belong to; if that
 * minute was drained already, a second row for it is produced, which the store merges into the first.
 *
 * @public
 */
export class RollupAccumulator {
  private readonly maxOpenBuckets: number;
  private readonly maxExemplars: number;
  private readonly minutes = new Map<number, OpenMinute>();
  /** The minute the previous span fell into: spans mostly arrive in time order. */
  private lastMinute: OpenMinute | undefined;
  private openBuckets = 0;
  private waiting: DrainedRollups = { spans: [], edges: [] };
  private spanCount = 0;
  private edgeCount = 0;
  private bucketsClosedEarly = 0;

  constructor(options: RollupAccumulatorOptions = {}) {
    this.maxOpenBuckets = options.maxOpenBuckets ?? DEFAULT_MAX_OPEN_BUCKETS;
    this.maxExemplars = options.maxExemplars ?? DEFAULT_MAX_EXEMPLARS;
    if (!(this.maxOpenBuckets >= 1)) {
      throw new RangeError(
        `maxOpenBuckets must be ≥ 1, got ${options.maxOpenBuckets}`,
      );
    }
    if (!(this.maxExemplars >= 0)) {
      throw new RangeError(
        `maxExemplars must be ≥ 0, got ${options.maxExemplars}`,
      );
    }
  }

  /** Adds one span to the bucket of its minute, service, operation (span name) and kind. */
  addSpan(span: Span): void {
    const minute = this.minuteOf(span.startTimeUnixMs);
    let byOperation = minute.spans.get(span.serviceName);
    if (byOperation === undefined) {
      byOperation = new Map();
      minute.spans.set(span.serviceName, byOperation);
    }
    let byKind = byOperation.get(span.name);
    if (byKind === undefined) {
      byKind = new Map();
      byOperation.set(span.name, byKind);
    }
    let bucket = byKind.get(span.kind);
    if (bucket === undefined) {
      bucket = new Bucket(minute.startMs, {
        service: span.serviceName,
        operation: span.name,
        kind: span.kind,
      });
      byKind.set(span.kind, bucket);
      minute.spanBuckets.push(bucket);
      this.openBuckets += 1;
    }
    bucket.add(
      span.durationNano,
      span.error,
      span.traceId,
      span.spanId,
      span.startTimeUnixMs,
      this.maxExemplars,
    );
    this.spanCount += 1;
    this.closeOldestIfOverCapacity();
  }

  /**
   * Adds one edge to the bucket of its minute, client, server and connection type. Its latency is the server's
   * when known (what the callee took), else the client's.
   */
  addEdge(edge: ServiceGraphEdge): void {
    const minute = this.minuteOf(edge.startTimeUnixMs);
    let byServer = minute.edges.get(edge.client);
    if (byServer === undefined) {
      byServer = new Map();
      minute.edges.set(edge.client, byServer);
    }
    let byType = byServer.get(edge.server);
    if (byType === undefined) {
      byType = new Map();
      byServer.set(edge.server, byType);
    }
    let bucket = byType.get(edge.connectionType);
    if (bucket === undefined) {
      bucket = new Bucket(minute.startMs, {
        client: edge.client,
        server: edge.server,
        connectionType: edge.connectionType,
      });
      byType.set(edge.connectionType, bucket);
      minute.edgeBuckets.push(bucket);
      this.openBuckets += 1;
    }
    bucket.add(
      edge.serverLatencyNano ?? edge.clientLatencyNano ?? 0,
      edge.failed,
      edge.traceId,
      edge.spanId,
      edge.startTimeUnixMs,
      this.maxExemplars,
    );
    this.edgeCount += 1;
    this.closeOldestIfOverCapacity();
  }

  /**
   * Removes and returns the rows of every minute that is complete before `beforeMs` (minute start + 60 s ≤
   * `beforeMs`), plus rows closed early or restored since the last drain. Pass `Infinity` to take everything
   * (shutdown, or a store that merges rows on write).
   */
  drain(beforeMs: number): DrainedRollups {
    const drained = this.waiting;
    this.waiting = { spans: [], edges: [] };
    const complete = [...this.minutes.values()]
      .filter(minute => minute.startMs + MINUTE_MS <= beforeMs)
      .sort((a, b) => a.startMs - b.startMs);
    for (const minute of complete) {
      this.close(minute, drained);
    }
    return drained;
  }

  /**
   * Puts drained rows back, e.g. after the store failed to write them; the next drain returns them again.
   * They stay serialized and do not count as open buckets.
   */
  restore(rows: DrainedRollups): void {
    this.waiting.spans = rows.spans.concat(this.waiting.spans);
    this.waiting.edges = rows.edges.concat(this.waiting.edges);
  }

  /** Counts since creation, and the current state. */
  counters(): RollupAccumulatorCounters {
    return {
      spans: this.spanCount,
      edges: this.edgeCount,
      openBuckets: this.openBuckets,
      bucketsClosedEarly: this.bucketsClosedEarly,
      rowsWaiting: this.waiting.spans.length + this.waiting.edges.length,
    };
  }

  private minuteOf(timeMs: number): OpenMinute {
    const last = this.lastMinute;
    if (
      last !== undefined &&
      timeMs >= last.startMs &&
      timeMs < last.startMs + MINUTE_MS
    ) {
      return last;
    }
    const startMs = Math.floor(timeMs / MINUTE_MS) * MINUTE_MS;
    let minute = this.minutes.get(startMs);
    if (minute === undefined) {
      minute = new OpenMinute(startMs);
      this.minutes.set(startMs, minute);
    }
    this.lastMinute = minute;
    return minute;
  }

  /**
   * Closes whole minutes, oldest first, until at most `maxOpenBuckets` are open. Runs after the span was added,
   * so even when the current minute has to go, nothing is lost: its rows wait for the next drain.
   */
  private closeOldestIfOverCapacity(): void {
    while (this.openBuckets > this.maxOpenBuckets) {
      let oldest: OpenMinute | undefined;
      for (const minute of this.minutes.values()) {
        if (oldest === undefined || minute.startMs < oldest.startMs) {
          oldest = minute;
        }
      }
      if (oldest === undefined) {
        return;
      }
      this.bucketsClosedEarly += oldest.bucketCount;
      this.close(oldest, this.waiting);
    }
  }

  private close(minute: OpenMinute, into: DrainedRollups): void {
    this.minutes.delete(minute.startMs);
    if (this.lastMinute === minute) {
      this.lastMinute = undefined;
    }
    this.openBuckets -= minute.bucketCount;
    for (const bucket of minute.spanBuckets) {
      into.spans.push(bucket.toRow());
    }
    for (const bucket of minute.edgeBuckets) {
      into.edges.push(bucket.toRow());
    }
  }
}
