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
import { LoggerService } from '@backstage/backend-plugin-api';
import { Span } from '@service-ownership/plugin-ownership-common';
import {
  EdgePairer,
  RollupAccumulator,
} from '@service-ownership/plugin-ownership-node';
import { OwnershipStore } from '../database/OwnershipStore';
import { RecentTraceBuffer } from './RecentTraceBuffer';

/** Settings of the pipeline, from `ownership.ingest`, `ownership.pairing` and `ownership.recentTraces`. */
export interface IngestPipelineOptions {
  maxBufferedSpans: number;
  pairingWaitMs: number;
  pairingMaxPending: number;
  traceSampleRate: number;
  traceSettleMs: number;
  maxRecentSpans: number;
}

/**
 * The embedded trace store's write path. Spans decoded by the receiver go, synchronously and in memory, into
 * the minute rollups, the edge pairer and the recent-trace buffer; `flush` (run every few seconds and on
 * shutdown) writes what accumulated to the database, where rows are merged into minute, hour and day levels.
 */
export class IngestPipeline {
  private readonly accumulator: RollupAccumulator;
  private readonly pairer: EdgePairer;
  private readonly traces: RecentTraceBuffer;
  private readonly passThrough: Span[] = [];
  private acceptedSpans = 0;
  private rejectedSpans = 0;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly store: OwnershipStore,
    private readonly options: IngestPipelineOptions,
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {
    this.accumulator = new RollupAccumulator();
    this.pairer = new EdgePairer({
      waitMs: options.pairingWaitMs,
      maxItems: options.pairingMaxPending,
    });
    this.traces = new RecentTraceBuffer({
      settleMs: options.traceSettleMs,
      sampleRate: options.traceSampleRate,
      maxSpans: options.maxBufferedSpans,
    });
  }

  /** Whether buffered data exceeds the memory budget, in which case the receiver answers 503. */
  isOverloaded(): boolean {
    return (
      this.traces.size + this.passThrough.length >=
      this.options.maxBufferedSpans
    );
  }

  /** Takes decoded spans (and the number rejected in the same request, for the counters). */
  ingest(spans: Span[], rejected = 0) {
    const nowMs = this.now();
    this.acceptedSpans += spans.length;
    this.rejectedSpans += rejected;
    for (const span of spans) {
      this.accumulator.addSpan(span);
    }
    for (const edge of this.pairer.addSpans(spans, nowMs)) {
      this.accumulator.addEdge(edge);
    }
    this.passThrough.push(...this.traces.add(spans, nowMs));
  }

  /**
   * Writes everything accumulated so far. Open minute buckets are written too (rows merge on write), so
   * data is readable within one flush interval. Concurrent calls share one flush.
   */
  async flush(options: { final?: boolean } = {}): Promise<void> {
    if (this.flushing) {
      return this.flushing;
    }
    this.flushing = this.doFlush(options.final ?? false).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async doFlush(final: boolean) {
    const nowMs = this.now();
    for (const edge of this.pairer.expire(
      final ? Number.POSITIVE_INFINITY : nowMs,
    )) {
      this.accumulator.addEdge(edge);
    }
    const rows = this.accumulator.drain(Number.POSITIVE_INFINITY);
    const spans = [
      ...this.passThrough.splice(0, this.passThrough.length),
      ...this.traces.settle(nowMs, { all: final }),
    ];
    // Each write is its own unit: what failed is kept for the next flush, what was written is not written
    // again (rollup rows merge on write, so a retried row would count twice). The buffers stay bounded
    // because the receiver answers 503 while they are over budget.
    await this.write(
      'span rollups',
      () => this.store.addSpanRollups(rows.spans),
      () => this.accumulator.restore({ spans: rows.spans, edges: [] }),
    );
    await this.write(
      'edge rollups',
      () => this.store.addEdgeRollups(rows.edges),
      () => this.accumulator.restore({ spans: [], edges: rows.edges }),
    );
    if (spans.length > 0) {
      const written = await this.write(
        'recent traces',
        () => this.store.addRecentSpans(spans),
        () => this.passThrough.push(...spans),
      );
      if (written) {
        await this.write(
          'the recent-trace budget',
          () => this.store.pruneRecentSpans(this.options.maxRecentSpans),
          () => {},
        );
      }
    }
  }

  /** Runs one write; on failure logs it, calls `keep` to retry the data next flush, and returns false. */
  private async write(
    what: string,
    run: () => Promise<unknown>,
    keep: () => void,
  ): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (error) {
      keep();
      this.logger.warn(`Could not write ${what}; will retry: ${error}`);
      return false;
    }
  }

  /** Counters for the API and logs. */
  counters() {
    return {
      acceptedSpans: this.acceptedSpans,
      rejectedSpans: this.rejectedSpans,
      pairing: this.pairer.counters(),
      recentTraces: this.traces.counters(),
    };
  }
}
