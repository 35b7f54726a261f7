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
  TraceDependencyLink,
  TraceQuery,
  TraceSearchResult,
  TraceSource,
} from '@service-ownership/plugin-ownership-node';
import { z } from 'zod';
import { VendorFetch, VendorRequestError } from '../../onCall/vendorFetch';
import { zipkinSpanSchema, zipkinSpansToOtlp } from './zipkinToOtlp';

/** Options of {@link ZipkinTraceSource}. */
export interface ZipkinTraceSourceOptions {
  /** Id of this configured source, e.g. `zipkin-prod`. */
  id: string;
  /** Client of the Zipkin server; its base URL is the server's root (paths start with `/api/v2`). */
  http: VendorFetch;
  logger: LoggerService;
  /**
   * Whether producer and consumer spans naming a broker get synthetic broker spans, so that queues show up as
   * `app → broker → app` (Zipkin's own dependency links). Default true.
   */
  brokerSpans?: boolean;
}

const servicesSchema = z.array(z.string());
const traceSchema = z.array(zipkinSpanSchema);
const tracesSchema = z.array(traceSchema);
const dependenciesSchema = z.array(
  z.object({
    parent: z.string(),
    child: z.string(),
    callCount: z.number().int().nonnegative().nullish(),
    errorCount: z.number().int().nonnegative().nullish(),
  }),
);

/** A hex trace id of 1 to 32 characters, as Zipkin takes it in a path. */
const TRACE_ID = /^[0-9a-f]{1,32}$/i;

/**
 * Reads traces from a Zipkin server's v2 API (`/api/v2`): services, trace search, traces by id and Zipkin's
 * own dependency links. Spans are mapped to OTLP/JSON and decoded with `decodeOtlpJson` (see
 * `zipkinToOtlp.ts` for kinds, shared spans and brokers).
 *
 * Sampling rate: Zipkin says nothing about how many traces matched, so one trace more than the limit is asked
 * for. Fewer than that back → all matching traces were read (1). The extra one back → at least one was left
 * out and Zipkin cannot tell how many: `n / (n + 1)` is reported for the `n` traces returned, the largest
 * share consistent with that (as the Jaeger source does); the extra trace is dropped.
 */
export class ZipkinTraceSource implements TraceSource {
  readonly type = 'zipkin';
  readonly id: string;
  private readonly http: VendorFetch;
  private readonly logger: LoggerService;
  private readonly brokerSpans: boolean;

  constructor(options: ZipkinTraceSourceOptions) {
    this.id = options.id;
    this.http = options.http;
    this.logger = options.logger;
    this.brokerSpans = options.brokerSpans ?? true;
  }

  /**
   * Every service name Zipkin knows (lower-cased by Zipkin). Zipkin's `/services` takes no time range: the
   * names are those of the storage's retention, whatever the window.
   */
  async getServices(request: {
    window: TimeWindow;
    signal?: AbortSignal;
  }): Promise<string[]> {
    return await this.http.getJson('/api/v2/services', servicesSchema, {
      signal: request.signal,
    });
  }

  async findTraces(query: TraceQuery): Promise<TraceSearchResult> {
    const limit = limitOf(query.limit);
    const path = '/api/v2/traces';
    const traces = await this.http.getJson(path, tracesSchema, {
      signal: query.signal,
      query: {
        serviceName: query.serviceName || undefined,
        spanName: query.operationName || undefined,
        annotationQuery: query.errorsOnly ? 'error' : undefined,
        ...windowParams(query.window),
        limit: limit + 1,
      },
    });
    const found: TraceSearchResult['traces'] = [];
    for (const trace of traces.slice(0, limit)) {
      if (trace.length === 0) continue;
      const spans = this.decode(trace, path);
      if (spans.length === 0) continue;
      found.push({ traceId: spans[0].traceId, spans });
    }
    return {
      traces: found,
      samplingRate:
        traces.length > limit ? found.length / (found.length + 1) : 1,
    };
  }

  async getTrace(request: {
    traceId: string;
    signal?: AbortSignal;
  }): Promise<Span[] | undefined> {
    const traceId = request.traceId.trim().toLowerCase();
    if (!TRACE_ID.test(traceId)) return undefined;
    const path = `/api/v2/trace/${traceId}`;
    let spans;
    try {
      spans = await this.http.getJson(path, traceSchema, {
        signal: request.signal,
      });
    } catch (error) {
      if (error instanceof VendorRequestError && error.status === 404) {
        return undefined;
      }
      throw error;
    }
    if (spans.length === 0) return undefined;
    const decoded = this.decode(spans, path);
    return decoded.length > 0 ? decoded : undefined;
  }

  /** Zipkin's own links (DependencyLinker); `errorCount` is 0 when Zipkin leaves it out. */
  async getDependencies(request: {
    window: TimeWindow;
    signal?: AbortSignal;
  }): Promise<TraceDependencyLink[]> {
    const links = await this.http.getJson(
      '/api/v2/dependencies',
      dependenciesSchema,
      { signal: request.signal, query: windowParams(request.window) },
    );
    return links.map(link => ({
      parent: link.parent,
      child: link.child,
      callCount: link.callCount ?? 0,
      errorCount: link.errorCount ?? 0,
    }));
  }

  private decode(spans: z.infer<typeof traceSchema>, path: string): Span[] {
    const otlp = zipkinSpansToOtlp(spans, { brokerSpans: this.brokerSpans });
    let result;
    try {
      result = decodeOtlpJson(otlp);
    } catch (error) {
      throw new VendorRequestError(
        `Zipkin (${this.id}) GET ${path} answered spans that cannot be read`,
        { cause: error },
      );
    }
    if (result.rejected.length > 0) {
      this.logger.warn(
        `Zipkin source ${this.id}: left out ${result.rejected.length} of ${
          result.rejected.length + result.spans.length
        } spans of GET ${path} that cannot be read, e.g. ${
          result.rejected[0].reason
        }`,
      );
    }
    return result.spans;
  }
}

/** Zipkin's window: `endTs` and `lookback`, both in milliseconds. */
function windowParams(window: TimeWindow): { endTs: number; lookback: number } {
  const endTs = window.to.getTime();
  return {
    endTs,
    lookback: Math.max(1, endTs - window.from.getTime()),
  };
}

/** Traces asked for when the query's limit is not a finite number. */
const FALLBACK_LIMIT = 100;

function limitOf(limit: number): number {
  return Number.isFinite(limit)
    ? Math.max(1, Math.floor(limit))
    : FALLBACK_LIMIT;
}
