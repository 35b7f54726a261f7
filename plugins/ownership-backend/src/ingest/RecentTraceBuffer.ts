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
import { Span } from '@service-ownership/plugin-ownership-common';

interface PendingTrace {
  spans: Span[];
  hasError: boolean;
  lastSeenMs: number;
}

/**
 * Decides which recent traces are kept whole: every trace with a failing span, and a deterministic sample
 * (by trace id, so every replica keeps the same traces) of the rest.
 *
 * Spans wait here until their trace has been quiet for `settleMs` (its halves may arrive in several
 * requests); then the trace is kept or dropped. Spans of a trace already kept go straight through. The
 * buffer holds at most `maxSpans` spans: beyond that the oldest traces are decided early.
 */
export class RecentTraceBuffer {
  private readonly pending = new Map<string, PendingTrace>();
  private readonly kept = new Set<string>();
  private pendingSpans = 0;
  private decidedKept = 0;
  private decidedDropped = 0;

  constructor(
    private readonly options: {
      settleMs: number;
      sampleRate: number;
      maxSpans: number;
      /** How many kept trace ids to remember, so late spans of kept traces are kept too. */
      rememberKept?: number;
    },
  ) {}

  /** Number of spans waiting for their trace to settle. */
  get size(): number {
    return this.pendingSpans;
  }

  counters() {
    return {
      pendingSpans: this.pendingSpans,
      pendingTraces: this.pending.size,
      tracesKept: this.decidedKept,
      tracesDropped: this.decidedDropped,
    };
  }

  /** Adds spans; returns the spans to persist now (late spans of traces already kept). */
  add(spans: Span[], nowMs: number): Span[] {
    const passThrough: Span[] = [];
    for (const span of spans) {
      if (this.kept.has(span.traceId)) {
        passThrough.push(span);
        continue;
      }
      let trace = this.pending.get(span.traceId);
      if (!trace) {
        trace = { spans: [], hasError: false, lastSeenMs: nowMs };
        this.pending.set(span.traceId, trace);
      }
      trace.spans.push(span);
      trace.hasError ||= span.error;
      trace.lastSeenMs = nowMs;
      this.pendingSpans += 1;
    }
    return passThrough;
  }

  /** Decides every settled trace (and, over budget, the oldest ones); returns the spans to persist. */
  settle(nowMs: number, options: { all?: boolean } = {}): Span[] {
    const keep: Span[] = [];
    // Map iteration follows insertion order, i.e. oldest traces first.
    for (const [traceId, trace] of this.pending) {
      const settled =
        options.all ||
        nowMs - trace.lastSeenMs >= this.options.settleMs ||
        this.pendingSpans > this.options.maxSpans;
      if (!settled) {
        continue;
      }
      this.pending.delete(traceId);
      this.pendingSpans -= trace.spans.length;
      if (trace.hasError || this.sampled(traceId)) {
        keep.push(...trace.spans);
        this.remember(traceId);
        this.decidedKept += 1;
      } else {
        this.decidedDropped += 1;
      }
    }
    return keep;
  }

  private sampled(traceId: string): boolean {
    // The low 32 bits of a random trace id are uniformly distributed.
    const low = parseInt(traceId.slice(-8), 16);
    return low / 0x1_0000_0000 < this.options.sampleRate;
  }

  private remember(traceId: string) {
    this.kept.add(traceId);
    const limit = this.options.rememberKept ?? 10_000;
    if (this.kept.size > limit) {
      const oldest = this.kept.values().next().value;
      if (oldest !== undefined) {
        this.kept.delete(oldest);
      }
    }
  }
}
