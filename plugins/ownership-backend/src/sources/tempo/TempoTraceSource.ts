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
import type { Span } from '@service-ownership/plugin-ownership-common';
import {
  decodeOtlpJson,
  TimeWindow,
  TraceQuery,
  TraceSearchResult,
  TraceSource,
} from '@service-ownership/plugin-ownership-node';
import { z } from 'zod';
import { VendorFetch, VendorRequestError } from '../../onCall/vendorFetch';
import { tempoResourceSpansToOtlp } from './tempoToOtlp';

/** Options of {@link TempoTraceSource}. */
export interface TempoTraceSourceOptions {
  /** Id of this configured source, e.g. `tempo-prod`. */
  id: string;
  /**
   * Client of Tempo's query-frontend (paths start with `/api`); a multi-tenant Tempo needs `X-Scope-OrgID`
   * among its headers.
   */
  http: VendorFetch;
  logger: LoggerService;
  /** Traces fetched at once after a search. Default 4. */
  concurrency?: number;
}

/** Default of {@link TempoTraceSourceOptions.concurrency}. */
const DEFAULT_CONCURRENCY = 4;

/** Tempo writes uint32 as JSON numbers and int64 as strings; either is read. */
const count = z
  .union([z.number(), z.string().regex(/^\d+$/)])
  .transform(value => Number(value));

const searchSchema = z.object({
  traces: z
    .array(
      z.object({
        traceID: z.string().regex(/^[0-9a-fA-F]{1,32}$/, 'not a hex trace id'),
      }),
    )
    .nullish(),
  metrics: z
    .object({
      inspectedTraces: count.nullish(),
      completedJobs: count.nullish(),
      totalJobs: count.nullish(),
    })
    .nullish(),
});

const tagValuesSchema = z.object({
  tagValues: z
    .array(z.object({ type: z.string().nullish(), value: z.string() }))
    .nullish(),
});

const traceV1Schema = z.object({ batches: z.array(z.unknown()) });
const traceV2Schema = z.object({
  trace: z.object({ resourceSpans: z.unknown() }).nullish(),
  status: z.string().nullish(),
  message: z.string().nullish(),
});

/** A hex trace id of 1 to 32 characters (Tempo strips leading zeros in search results). */
const TRACE_ID = /^[0-9a-f]{1,32}$/i;

/**
 * A TraceQL string literal: the value in double quotes with `\` and `"` escaped, and control characters as
 * `\uXXXX` (TraceQL reads Go string literals, of which JSON strings are a subset).
 */
export function traceQlString(value: string): string {
  return JSON.stringify(value);
}

/** The TraceQL spanset filter of a trace query; `{}` (any span) without conditions. */
export function traceQlFor(query: TraceQuery): string {
  const conditions: string[] = [];
  if (query.serviceName) {
    conditions.push(
      `resource.service.name = ${traceQlString(query.serviceName)}`,
    );
  }
  if (query.operationName) {
    conditions.push(`name = ${traceQlString(query.operationName)}`);
  }
  if (query.errorsOnly) conditions.push('status = error');
  return conditions.length === 0 ? '{}' : `{ ${conditions.join(' && ')} }`;
}

/**
 * Tempo's window in unix seconds, always sent: without it Tempo searches only recent (ingester) data. The
 * start is rounded down and the end up, so the window read covers the one asked for.
 */
function windowParams(window: TimeWindow): { start: number; end: number } {
  const start = Math.floor(window.from.getTime() / 1000);
  const end = Math.max(start + 1, Math.ceil(window.to.getTime() / 1000));
  return { start, end };
}

/** Runs `task` over `items` with at most `limit` at once; results in the order of `items`. */
async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

function isNotFound(error: unknown): boolean {
  return error instanceof VendorRequestError && error.status === 404;
}

/**
 * Reads traces from Grafana Tempo's HTTP API: service names from the tag-values API, trace search with
 * TraceQL (`/api/search`), then each trace by id (`/api/v2/traces/{id}`, falling back to `/api/traces/{id}`
 * on Tempo before 2.6). Tempo has no dependency API: its service graphs come from Prometheus.
 *
 * Sampling rate: one trace more than the limit is searched for (only the limit is read). Fewer back → 1.
 * Otherwise more traces match than were read: when Tempo's search metrics show jobs it never ran
 * (`completedJobs < totalJobs`, it stops once it has enough), the share of jobs completed estimates the share
 * of the store searched (matches assumed spread evenly over the blocks) and is reported, capped by
 * `n / (n + 1)` for the `n` traces returned; without such metrics `n / (n + 1)` is reported, the largest
 * share consistent with "at least one match was not read" (as the Jaeger source does). `inspectedTraces`
 * counts traces looked at, not traces that matched, so it cannot give the share.
 */
export class TempoTraceSource implements TraceSource {
  readonly type = 'tempo';
  readonly id: string;
  private readonly http: VendorFetch;
  private readonly logger: LoggerService;
  private readonly concurrency: number;
  /** Set once `/api/v2/traces/{id}` proved missing (Tempo before 2.6); then only the v1 route is asked. */
  private v2TraceRouteMissing = false;

  constructor(options: TempoTraceSourceOptions) {
    this.id = options.id;
    this.http = options.http;
    this.logger = options.logger;
    this.concurrency = Math.max(
      1,
      Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY),
    );
  }

  async getServices(request: {
    window: TimeWindow;
    signal?: AbortSignal;
  }): Promise<string[]> {
    const answer = await this.http.getJson(
      '/api/v2/search/tag/resource.service.name/values',
      tagValuesSchema,
      { signal: request.signal, query: windowParams(request.window) },
    );
    return [...new Set((answer.tagValues ?? []).map(tag => tag.value))];
  }

  async findTraces(query: TraceQuery): Promise<TraceSearchResult> {
    const limit = limitOf(query.limit);
    const answer = await this.http.getJson('/api/search', searchSchema, {
      signal: query.signal,
      query: {
        q: traceQlFor(query),
        ...windowParams(query.window),
        limit: limit + 1,
        // Only the trace ids are used: each trace is then read whole.
        spss: 1,
      },
    });
    const ids = [
      ...new Set(
        (answer.traces ?? []).map(trace =>
          trace.traceID.toLowerCase().padStart(32, '0'),
        ),
      ),
    ];
    const read = await mapWithConcurrency(
      ids.slice(0, limit),
      this.concurrency,
      async traceId => ({
        traceId,
        spans: await this.getTrace({ traceId, signal: query.signal }),
      }),
    );
    const traces: TraceSearchResult['traces'] = [];
    for (const { traceId, spans } of read) {
      if (spans) {
        traces.push({ traceId, spans });
      } else {
        // Found by the search but gone when read (e.g. compacted away in between).
        this.logger.debug(
          `Tempo source ${this.id}: trace ${traceId} from the search could not be read`,
        );
      }
    }
    return {
      traces,
      samplingRate:
        ids.length > limit ? samplingRateBelowOne(traces.length, answer) : 1,
    };
  }

  async getTrace(request: {
    traceId: string;
    signal?: AbortSignal;
  }): Promise<Span[] | undefined> {
    const raw = request.traceId.trim().toLowerCase();
    if (!TRACE_ID.test(raw)) return undefined;
    const traceId = raw.padStart(32, '0');
    const { signal } = request;

    if (!this.v2TraceRouteMissing) {
      const v2Path = `/api/v2/traces/${traceId}`;
      try {
        const v2Answer = await this.http.getJson(v2Path, traceV2Schema, {
          signal,
        });
        if (v2Answer.status && v2Answer.status !== 'COMPLETE') {
          this.logger.warn(
            `Tempo source ${this.id}: trace ${traceId} is ${v2Answer.status}${
              v2Answer.message ? `: ${v2Answer.message}` : ''
            }`,
          );
        }
        return this.decode(
          v2Answer.trace?.resourceSpans,
          v2Path,
          'trace.resourceSpans',
        );
      } catch (error) {
        if (!isNotFound(error)) throw error;
        // Either the trace is absent or the route is (Tempo before 2.6): the v1 route tells.
      }
    }

    const v1Path = `/api/traces/${traceId}`;
    let answer;
    try {
      answer = await this.http.getJson(v1Path, traceV1Schema, { signal });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    if (!this.v2TraceRouteMissing) {
      // v1 has the trace that v2 did not find: v2 is not there.
      this.v2TraceRouteMissing = true;
      this.logger.info(
        `Tempo source ${this.id}: /api/v2/traces is not available, reading traces from /api/traces`,
      );
    }
    return this.decode(answer.batches, v1Path, 'batches');
  }

  private decode(
    resourceSpans: unknown,
    path: string,
    field: string,
  ): Span[] | undefined {
    let result;
    try {
      result = decodeOtlpJson(tempoResourceSpansToOtlp(resourceSpans, field));
    } catch (error) {
      throw new VendorRequestError(
        `Tempo (${this.id}) GET ${path} answered a trace that cannot be read`,
        { cause: error },
      );
    }
    if (result.rejected.length > 0) {
      this.logger.warn(
        `Tempo source ${this.id}: left out ${result.rejected.length} of ${
          result.rejected.length + result.spans.length
        } spans of GET ${path} that cannot be read, e.g. ${
          result.rejected[0].reason
        }`,
      );
    }
    return result.spans.length > 0 ? result.spans : undefined;
  }
}

/** The share read when more traces matched than were read (see the class comment). */
function samplingRateBelowOne(
  returned: number,
  answer: z.infer<typeof searchSchema>,
): number {
  const bound = returned / (returned + 1);
  const completed = answer.metrics?.completedJobs;
  const total = answer.metrics?.totalJobs;
  if (
    typeof completed === 'number' &&
    typeof total === 'number' &&
    total > 0 &&
    completed < total
  ) {
    return Math.min(bound, completed / total);
  }
  return bound;
}

/** Traces asked for when the query's limit is not a finite number. */
const FALLBACK_LIMIT = 100;

function limitOf(limit: number): number {
  return Number.isFinite(limit)
    ? Math.max(1, Math.floor(limit))
    : FALLBACK_LIMIT;
}
