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
  decodeOtlpJson,
  OtlpDecodeResult,
  TimeWindow,
  TraceDependencyLink,
  TraceQuery,
  TraceSearchResult,
  TraceSource,
} from '@service-ownership/plugin-ownership-node';
import { z } from 'zod';
import { VendorFetch, VendorRequestError } from '../../onCall/vendorFetch';
import { apiV3ToOtlp, v1TracesToOtlp } from './jaegerToOtlp';

/** Traces read at most per search when the source is not configured otherwise. */
export const DEFAULT_JAEGER_MAX_TRACES_PER_QUERY = 1000;

/** Options of {@link JaegerTraceSource}. */
export interface JaegerTraceSourceOptions {
  /** Id of the configured source, e.g. `jaeger-prod`. */
  id: string;
  /** Client of the Jaeger query service (its base URL includes any `base_path`, e.g. `/jaeger`). */
  http: VendorFetch;
  logger: LoggerService;
  /** Upper bound on `limit` of a search. Default {@link DEFAULT_JAEGER_MAX_TRACES_PER_QUERY}. */
  maxTracesPerQuery?: number;
}

// api_v3 answers. Proto3 JSON leaves out empty lists, so `{}` is an empty service list.
const v3ServicesSchema = z.object({ services: z.array(z.string()).nullish() });
// `result` is OTLP TracesData (≥ v1.54) or its gogo-jsonpb form (≤ v1.53); jaegerToOtlp reads it.
const v3TracesSchema = z.object({ result: z.object({}).passthrough() });

// v1 answers: `{data, total, limit, offset, errors}`; `data` is null when Go had a nil list.
const v1Errors = z
  .array(
    z
      .object({ code: z.number().nullish(), msg: z.string().nullish() })
      .passthrough(),
  )
  .nullish();
const v1ServicesSchema = z.object({
  data: z.array(z.string()).nullable(),
  errors: v1Errors,
});
const v1TracesSchema = z.object({
  data: z.array(z.unknown()).nullable(),
  errors: v1Errors,
});
const v1DependenciesSchema = z.object({
  data: z
    .array(
      z.object({
        parent: z.string(),
        child: z.string(),
        callCount: z.union([
          z.number().int().nonnegative(),
          z
            .string()
            .regex(/^\d+$/)
            .transform(text => Number(text)),
        ]),
      }),
    )
    .nullable(),
  errors: v1Errors,
});

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Jaeger v2 answers a search without matches with 404 and its api_v3 error body
 * `{"error":{"httpCode":404,"message":"No traces found"}}`, which vendorFetch quotes in the message. A 404
 * without that body (a router's "404 page not found") means api_v3 is not there.
 */
function isNoTracesFound(error: unknown): boolean {
  return (
    statusOf(error) === 404 &&
    /no traces found|"httpCode":\s*404/i.test(messageOf(error))
  );
}

/** A requested trace id as 32 lower-case hex, or undefined when it cannot name a trace. */
function requestedTraceId(traceId: string): string | undefined {
  const text = traceId.trim().toLowerCase();
  if (!/^[0-9a-f]{1,32}$/.test(text) || /^0+$/.test(text)) return undefined;
  return text.padStart(32, '0');
}

/**
 * A {@link TraceSource} reading a Jaeger query service (v1.x with api_v3, and v2.x).
 *
 * Endpoints (tracing-apis.md §1): api_v3 for services, search and traces, since recent Jaeger removed the v1
 * search and service endpoints; v1 only where api_v3 is missing (`/api/services` when `/api/v3/services` is a
 * 404, `/api/traces/{id}` when `/api/v3/traces/{id}` is) and for `/api/dependencies`, which api_v3 does not
 * serve over HTTP. Every answer is turned into OTLP/JSON (`jaegerToOtlp.ts`) and read with `decodeOtlpJson`, so
 * Jaeger spans land in the same span model as every other source. Spans the decoder refuses are left out and
 * logged once per call with their count; answers that do not have the expected shape fail the call, naming
 * the endpoint, rather than read as empty.
 */
export class JaegerTraceSource implements TraceSource {
  readonly type = 'jaeger';
  readonly id: string;
  private readonly http: VendorFetch;
  private readonly logger: LoggerService;
  private readonly maxTracesPerQuery: number;

  constructor(options: JaegerTraceSourceOptions) {
    this.id = options.id;
    this.http = options.http;
    this.logger = options.logger;
    const max = options.maxTracesPerQuery;
    this.maxTracesPerQuery =
      max !== undefined && Number.isFinite(max) && max >= 1
        ? Math.floor(max)
        : DEFAULT_JAEGER_MAX_TRACES_PER_QUERY;
  }

  /**
   * Every service Jaeger knows (`/api/v3/services`, or `/api/services` on a Jaeger without api_v3), sorted.
   * Jaeger's service lists take no time range, so `window` does not narrow the answer: it holds the services
   * seen within the store's retention.
   */
  async getServices(request: {
    window: TimeWindow;
    signal?: AbortSignal;
  }): Promise<string[]> {
    const { signal } = request;
    try {
      const { services } = await this.http.getJson(
        '/api/v3/services',
        v3ServicesSchema,
        { signal },
      );
      return sortedUnique(services ?? []);
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    let answer: z.infer<typeof v1ServicesSchema>;
    try {
      answer = await this.http.getJson('/api/services', v1ServicesSchema, {
        signal,
      });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      throw this.fail(
        '/api/v3/services',
        'and GET /api/services both failed with HTTP 404: check the configured base URL, including the base path Jaeger is served under (e.g. /jaeger)',
        error,
      );
    }
    this.checkV1Errors('/api/services', answer.errors);
    return sortedUnique(answer.data ?? []);
  }

  /**
   * Traces matching the query, from the api_v3 search (`GET /api/v3/traces`), grouped by trace id.
   *
   * - Both time bounds are always sent (api_v3 requires them); names are the snake_case ones every version
   *   accepts.
   * - `limit` is capped by `maxTracesPerQuery`, and Jaeger is asked for one trace more (`query.num_traces =
   *   limit + 1`): that extra trace only tells whether more traces match than are returned; it is dropped.
   * - `errorsOnly` sends `query.attributes={"error":"true"}`. Limitation: Jaeger reads `query.attributes` over
   *   HTTP only from v2.19; older servers ignore it, and whether a span with status ERROR but no `error` tag
   *   matches depends on the storage backend. So the traces are also filtered here: a trace is kept when a
   *   span of the queried service (and operation, when given) failed. On an older server that means fewer
   *   traces than `limit` may come back although more failing traces exist in the window.
   * - `samplingRate`: 1 when Jaeger found no more than `limit` traces, i.e. every match was read. When it
   *   found more, Jaeger gives no total, so the share read is unknown; the result then reports `n / (n + 1)`
   *   for the `n` traces returned: the largest share consistent with "at least one match was not read". It
   *   marks the result as incomplete (below 1) without inventing a total: counts scaled by `1 / samplingRate`
   *   come out as the lower bound `n + 1`, never as an estimate Jaeger did not support. (With `errorsOnly`
   *   on a server that ignored the filter, "more matches" refers to the unfiltered search; it is 0 only when
   *   nothing is returned.)
   * - A 404 with Jaeger's "No traces found" body, or an answer without spans, is an empty result with
   *   `samplingRate` 1; any other 404 fails the call (api_v3 missing or a wrong base URL).
   */
  async findTraces(query: TraceQuery): Promise<TraceSearchResult> {
    const path = '/api/v3/traces';
    const requested = Number.isFinite(query.limit)
      ? Math.floor(query.limit)
      : this.maxTracesPerQuery;
    const limit = Math.max(1, Math.min(requested, this.maxTracesPerQuery));
    let result: unknown;
    try {
      ({ result } = await this.http.getJson(path, v3TracesSchema, {
        signal: query.signal,
        query: {
          'query.service_name': query.serviceName,
          'query.operation_name': query.operationName,
          'query.start_time_min': query.window.from.toISOString(),
          'query.start_time_max': query.window.to.toISOString(),
          'query.num_traces': limit + 1,
          'query.attributes': query.errorsOnly
            ? JSON.stringify({ error: 'true' })
            : undefined,
        },
      }));
    } catch (error) {
      if (isNoTracesFound(error)) return { traces: [], samplingRate: 1 };
      if (statusOf(error) === 404) {
        throw this.fail(
          path,
          'failed with HTTP 404 without Jaeger\'s "No traces found" answer: this Jaeger may not serve api_v3, or the configured base URL is wrong',
          error,
        );
      }
      throw error;
    }

    const { body, traceIds } = apiV3ToOtlp(result);
    const spans = this.decode(body, path);
    const moreMatch = traceIds.length > limit;
    const byTrace = new Map<string, Span[]>(
      traceIds.slice(0, limit).map(traceId => [traceId, []]),
    );
    for (const span of spans) {
      byTrace.get(span.traceId)?.push(span);
    }
    let traces = [...byTrace]
      .filter(([, traceSpans]) => traceSpans.length > 0)
      .map(([traceId, traceSpans]) => ({ traceId, spans: traceSpans }));
    if (query.errorsOnly) {
      traces = traces.filter(trace =>
        trace.spans.some(
          span =>
            span.error &&
            (query.serviceName === undefined ||
              span.serviceName === query.serviceName) &&
            (query.operationName === undefined ||
              span.name === query.operationName),
        ),
      );
    }
    const samplingRate = moreMatch ? traces.length / (traces.length + 1) : 1;
    return { traces, samplingRate };
  }

  /**
   * One trace: `GET /api/v3/traces/{id}`, and on a 404 (or an answer without spans) the v1
   * `GET /api/traces/{id}`, which every Jaeger version serves; undefined when that is a 404 too. The id is
   * sent as 32 lower-case hex; the spans come back with hex ids whichever encoding Jaeger used, so a trace read
   * from a ≤ v1.53 server (base64 ids) has the id it was asked for. An id that is not hex is no trace.
   */
  async getTrace(request: {
    traceId: string;
    signal?: AbortSignal;
  }): Promise<Span[] | undefined> {
    const { signal } = request;
    const traceId = requestedTraceId(request.traceId);
    if (traceId === undefined) return undefined;

    const v3Path = `/api/v3/traces/${traceId}`;
    try {
      const { result } = await this.http.getJson(v3Path, v3TracesSchema, {
        signal,
      });
      const conversion = apiV3ToOtlp(result);
      if (conversion.traceIds.length > 0) {
        return this.decode(conversion.body, v3Path);
      }
      // Older api_v3 servers answer an unknown trace with 200 and no spans: ask v1, which says 404.
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }

    const v1Path = `/api/traces/${traceId}`;
    let answer: z.infer<typeof v1TracesSchema>;
    try {
      answer = await this.http.getJson(v1Path, v1TracesSchema, { signal });
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
    if (answer.errors?.some(error => error.code === 404)) return undefined;
    this.checkV1Errors(v1Path, answer.errors);
    const data = answer.data ?? [];
    if (data.length === 0) return undefined;
    let body: unknown;
    try {
      body = v1TracesToOtlp(data);
    } catch (error) {
      throw this.fail(v1Path, 'answered a trace that cannot be read', error);
    }
    return this.decode(body, v1Path);
  }

  /**
   * Caller → callee call counts Jaeger derives itself (`GET /api/dependencies`, v1: api_v3 does not serve
   * it over HTTP) for the window: `endTs` = its end, `lookback` = its length, both in ms. With Cassandra or
   * Elasticsearch these are daily rows of the spark-dependencies job, so a window shorter than a day can
   * still count a whole day, or nothing until the job has run. Jaeger counts no errors.
   */
  async getDependencies(request: {
    window: TimeWindow;
    signal?: AbortSignal;
  }): Promise<TraceDependencyLink[]> {
    const path = '/api/dependencies';
    const endTs = request.window.to.getTime();
    const lookback = endTs - request.window.from.getTime();
    if (!(lookback > 0)) return [];
    const answer = await this.http.getJson(path, v1DependenciesSchema, {
      signal: request.signal,
      query: { endTs, lookback },
    });
    this.checkV1Errors(path, answer.errors);
    return (answer.data ?? []).map(({ parent, child, callCount }) => ({
      parent,
      child,
      callCount,
    }));
  }

  /** Spans of an OTLP/JSON body; refused spans are logged once for the call, with their count. */
  private decode(body: unknown, path: string): Span[] {
    let decoded: OtlpDecodeResult;
    try {
      decoded = decodeOtlpJson(body);
    } catch (error) {
      throw this.fail(path, 'answered traces that cannot be read', error);
    }
    const { rejected } = decoded;
    if (rejected.length > 0) {
      this.logger.warn(
        `Jaeger source ${this.id}: left out ${rejected.length} span${
          rejected.length === 1 ? '' : 's'
        } of GET ${path} that cannot be read; first at ${
          rejected[0].location
        }: ${rejected[0].reason}`,
      );
    }
    return decoded.spans;
  }

  /** Fails on a v1 answer that reports errors (Jaeger sends them with `data: null`). */
  private checkV1Errors(path: string, errors: z.infer<typeof v1Errors>): void {
    if (errors && errors.length > 0) {
      const messages = errors.map(
        error => `${error.msg ?? 'unknown error'} (code ${error.code ?? '?'})`,
      );
      throw this.fail(path, `answered errors: ${messages.join('; ')}`);
    }
  }

  private fail(path: string, what: string, cause?: unknown): Error {
    return new VendorRequestError(`Jaeger (${this.id}) GET ${path} ${what}`, {
      status: statusOf(cause),
      cause,
    });
  }
}

function sortedUnique(names: string[]): string[] {
  return [...new Set(names)].sort();
}
