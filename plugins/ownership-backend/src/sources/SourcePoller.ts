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
import {
  serviceGraphRollups,
  spanMetricsRollups,
  SpanMetricsSource,
  TraceSource,
} from '@service-ownership/plugin-ownership-node';
import { OwnershipStore } from '../database/OwnershipStore';
import { SourcePollFigures, SourceStateStore } from './SourceStateStore';

const MINUTE_MS = 60_000;
/** Services read in parallel per poll. */
const CONCURRENCY = 4;
/** Trace ids remembered across polls, so a trace found again in the next window is not counted twice. */
const REMEMBERED_TRACES = 100_000;

/** How one source is polled. */
export interface PollSettings {
  pollIntervalSeconds: number;
  /** How far behind now each window ends, so late spans are in, in seconds. */
  lagSeconds: number;
  maxTracesPerPoll: number;
  /** Longest window one poll reads; a source that fell behind catches up in windows of this size. */
  maxWindowMinutes: number;
  services?: string[];
}

export const DEFAULT_POLL_SETTINGS: PollSettings = {
  pollIntervalSeconds: 60,
  lagSeconds: 30,
  maxTracesPerPoll: 200,
  maxWindowMinutes: 15,
};

/** Where traces read from a trace store go: the same ingest path OTLP spans take. */
export interface SpanSink {
  ingest(
    spans: import('@service-ownership/plugin-ownership-common').Span[],
  ): void;
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    },
  );
  await Promise.all(workers);
  return results;
}

/**
 * Polls one upstream source, one window at a time, into the suite's own store: a trace store's traces go
 * through the ingest pipeline (span rollups, edge pairing, recent traces) exactly like OTLP spans; a metrics
 * store's RED and service-graph series become the same minute rollups. The cursor is stored, so each window is
 * read once (a failed poll leaves it, and the next poll reads the window again) and a restart resumes. Run by a
 * global-scope scheduled task: one replica polls.
 */
export class SourcePoller {
  private readonly seen = new Set<string>();

  constructor(
    private readonly options: {
      source:
        | { kind: 'traces'; source: TraceSource }
        | { kind: 'metrics'; source: SpanMetricsSource };
      settings: PollSettings;
      sink: SpanSink;
      store: OwnershipStore;
      state: SourceStateStore;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  get id(): string {
    return this.options.source.source.id;
  }

  get type(): string {
    return this.options.source.source.type;
  }

  /** Reads the next window; records the outcome (never throws, so one failing source stops nothing else). */
  async poll(): Promise<SourcePollFigures | undefined> {
    const { settings, state, logger } = this.options;
    const now = (this.options.now ?? Date.now)();
    await state.attempt(this.id, this.type, now);
    const stored = await state.get(this.id);
    // Windows end on whole minutes (metrics are read in minute steps, and rollups are per minute).
    const endMs =
      Math.floor((now - settings.lagSeconds * 1000) / MINUTE_MS) * MINUTE_MS;
    const fromMs = Math.max(
      stored?.cursorMs ?? endMs - settings.pollIntervalSeconds * 1000,
      endMs - 24 * 60 * MINUTE_MS,
    );
    const toMs = Math.min(
      endMs,
      fromMs + settings.maxWindowMinutes * MINUTE_MS,
    );
    if (toMs <= fromMs) {
      // Nothing new to read yet (between minutes): the source is up to date.
      await state.caughtUp(this.id, this.type, now);
      return undefined;
    }
    const started = Date.now();
    try {
      const figures =
        this.options.source.kind === 'traces'
          ? await this.pollTraces(this.options.source.source, fromMs, toMs)
          : await this.pollMetrics(this.options.source.source, fromMs, toMs);
      const result = { ...figures, durationMs: Date.now() - started };
      await state.success(this.id, this.type, now, result);
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn(
        `Trace source ${this.id} (${this.type}): polling ${new Date(
          fromMs,
        ).toISOString()}–${new Date(toMs).toISOString()} failed: ${message}`,
      );
      await state.failure(this.id, this.type, now, message);
      return undefined;
    }
  }

  private async pollTraces(
    source: TraceSource,
    fromMs: number,
    toMs: number,
  ): Promise<Omit<SourcePollFigures, 'durationMs'>> {
    const { settings, sink } = this.options;
    const window = { from: new Date(fromMs), to: new Date(toMs) };
    const services =
      settings.services ?? (await source.getServices({ window }));
    const answers = await mapLimited(services, CONCURRENCY, serviceName =>
      source.findTraces({
        window,
        serviceName,
        limit: settings.maxTracesPerPoll,
      }),
    );
    let spans = 0;
    let traces = 0;
    const rates: number[] = [];
    for (const answer of answers) {
      rates.push(answer.samplingRate);
      for (const trace of answer.traces) {
        if (this.seen.has(trace.traceId)) continue;
        this.remember(trace.traceId);
        traces += 1;
        spans += trace.spans.length;
        sink.ingest(trace.spans);
      }
    }
    const edges = source.getDependencies
      ? (await source.getDependencies({ window })).length
      : 0;
    return {
      fromMs,
      toMs,
      spans,
      traces,
      edges,
      ...(rates.length ? { samplingRate: Math.min(...rates) } : {}),
    };
  }

  private async pollMetrics(
    source: SpanMetricsSource,
    fromMs: number,
    toMs: number,
  ): Promise<Omit<SourcePollFigures, 'durationMs'>> {
    const { store } = this.options;
    const window = { from: new Date(fromMs), to: new Date(toMs) };
    const [red, graph] = await Promise.all([
      source.getSpanMetrics({ window, stepSeconds: 60 }),
      source.getServiceGraph({ window, stepSeconds: 60 }),
    ]);
    const spanRows = spanMetricsRollups(red);
    const edgeRows = serviceGraphRollups(graph);
    // Spans and edges are the requests the rows count.
    await store.addSpanRollups(spanRows);
    await store.addEdgeRollups(edgeRows);
    return {
      fromMs,
      toMs,
      spans: spanRows.reduce((sum, row) => sum + row.aggregate.count, 0),
      traces: 0,
      edges: graph.length,
      rows: spanRows.length + edgeRows.length,
      samplingRate: 1,
    };
  }

  private remember(traceId: string) {
    if (this.seen.size >= REMEMBERED_TRACES) {
      // Sets iterate in insertion order: forget the oldest tenth.
      let drop = REMEMBERED_TRACES / 10;
      for (const id of this.seen) {
        this.seen.delete(id);
        if (--drop <= 0) break;
      }
    }
    this.seen.add(traceId);
  }
}
