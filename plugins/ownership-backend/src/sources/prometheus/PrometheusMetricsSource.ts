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
import { NotFoundError } from '@backstage/errors';
import {
  ServiceGraphSeries,
  SpanMetricsPoint,
  SpanMetricsSeries,
  SpanMetricsSource,
  TimeWindow,
} from '@service-ownership/plugin-ownership-node';
import { z } from 'zod';
import { VendorFetch, VendorRequestError } from '../../onCall/vendorFetch';
import {
  anyOfMetricsSelector,
  boundToMs,
  candidateMetricNames,
  graphFailedQuery,
  graphLatencyQuery,
  graphRequestsQuery,
  LatencyUnit,
  MetricNames,
  metricNamesFrom,
  parsePromNumber,
  rangeParams,
  SpanMetricsFamily,
  SpanMetricsFlavor,
  spanCallsQuery,
  spanKindOf,
  spanLatencyQuery,
} from './promql';

const QUERY_RANGE_PATH = '/api/v1/query_range';
const METRIC_NAMES_PATH = '/api/v1/label/__name__/values';
/** `status_code` of failed spans in span metrics (Tempo and the Collector alike). */
const ERROR_STATUS = 'STATUS_CODE_ERROR';
/** How long a detection that found only one of the two metric families is trusted before asking again. */
const PARTIAL_DETECTION_TTL_MS = 10 * 60_000;
/**
 * The Collector's legacy latency histogram may hold milliseconds under a name that says seconds; a finite
 * bound this large (16 minutes as seconds) only makes sense as milliseconds (its default bounds end at 15000).
 */
const LEGACY_MS_BOUND = 1000;

/** The fields Prometheus puts in every API answer beside `data`. */
const statusFields = {
  status: z.string(),
  errorType: z.string().nullish(),
  error: z.string().nullish(),
  warnings: z.array(z.string()).nullish(),
  infos: z.array(z.string()).nullish(),
};

// Values are strings ("12", "NaN", "+Inf"), timestamps float seconds; a number value is tolerated.
const matrixSeries = z.object({
  metric: z.record(z.string()),
  values: z.array(z.tuple([z.number(), z.union([z.string(), z.number()])])),
});

const matrixResponse = z.object({
  ...statusFields,
  data: z
    .object({
      resultType: z.literal('matrix'),
      result: z.array(matrixSeries),
    })
    .nullish(),
});

const labelValuesResponse = z.object({
  ...statusFields,
  data: z.array(z.string()).nullish(),
});

type MatrixSeries = z.infer<typeof matrixSeries>;
type StatusFields = Pick<
  z.infer<typeof matrixResponse>,
  'status' | 'errorType' | 'error' | 'warnings'
>;

/** Options of {@link PrometheusMetricsSource}. */
export interface PrometheusMetricsSourceOptions {
  /** Id of this configured source, e.g. `prometheus-prod`. */
  id: string;
  /** Client of the Prometheus HTTP API (base URL up to, without, `/api/v1`). */
  http: VendorFetch;
  logger: LoggerService;
  /**
   * Who writes the span metrics: `tempo` (metrics-generator), `otel-collector` (spanmetrics and servicegraph
   * connectors), or `auto` (default) to find out from the metric names Prometheus has.
   */
  flavor?: 'auto' | SpanMetricsFlavor;
}

/** Counts of one step while series are merged. */
interface StepCounts {
  requests: number;
  errors: number;
  /** Failed requests from the `…_failed_total` counter, preferred over `errors` when present. */
  failedCounter?: number;
  /** Bucket counts by upper bound in milliseconds. */
  buckets?: Map<number, number>;
}

/** The error and type of a Prometheus error body quoted in a failed call's message. */
function prometheusErrorIn(
  message: string,
): { errorType: string; error: string } | undefined {
  const type = /"errorType"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(message);
  const error = /"error"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(message);
  if (!type || !error) return undefined;
  const unescape = (text: string) => {
    try {
      return JSON.parse(`"${text}"`) as string;
    } catch {
      return text;
    }
  };
  return { errorType: unescape(type[1]), error: unescape(error[1]) };
}

function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Cumulative buckets sorted by bound, made monotonic (`increase` extrapolates each bucket on its own). */
function cumulativeBuckets(
  buckets: Map<number, number>,
): Array<{ leMs: number; count: number }> {
  let below = 0;
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([leMs, count]) => {
      below = Math.max(below, count);
      return { leMs, count: below };
    });
}

function pointsOf(steps: Map<number, StepCounts>): SpanMetricsPoint[] {
  return [...steps.entries()]
    .sort(([a], [b]) => a - b)
    .map(([timestampMs, step]) => ({
      timestampMs,
      requests: step.requests,
      errors: step.failedCounter ?? step.errors,
      ...(step.buckets
        ? { latencyBuckets: cumulativeBuckets(step.buckets) }
        : {}),
    }));
}

/**
 * Span metrics and service-graph metrics from Prometheus, as written by Grafana Tempo's metrics-generator or the
 * OpenTelemetry Collector's spanmetrics and servicegraph connectors (found out from the metric names, or set by
 * `flavor`).
 *
 * Every point is one step: the PromQL takes the `increase` of the counters and of each histogram bucket over
 * the step, evaluated at the step's end, so `requests` is the requests of that step (fractional, since
 * `increase` extrapolates to the step's bounds). Steps Prometheus has no sample for are left out, as are
 * samples that are not finite numbers (`NaN`, `+Inf`). Latency bounds are converted to milliseconds, `+Inf` to
 * `Infinity`.
 *
 * Failures throw: an error answer (`status: "error"`), an HTTP failure, a redirect (never followed), malformed
 * JSON or an unexpected shape; warnings are logged and the data kept.
 */
export class PrometheusMetricsSource implements SpanMetricsSource {
  readonly type = 'prometheus';
  readonly id: string;
  private readonly http: VendorFetch;
  private readonly logger: LoggerService;
  private readonly flavor: 'auto' | SpanMetricsFlavor;
  private detection?: {
    names: Promise<MetricNames>;
    atMs: number;
    /** Both families were found: nothing more to learn by asking again. */
    complete: boolean;
  };
  private readonly warned = new Set<string>();

  constructor(options: PrometheusMetricsSourceOptions) {
    this.id = options.id;
    this.http = options.http;
    this.logger = options.logger;
    this.flavor = options.flavor ?? 'auto';
  }

  async getSpanMetrics(request: {
    window: TimeWindow;
    stepSeconds: number;
    signal?: AbortSignal;
  }): Promise<SpanMetricsSeries[]> {
    const { window, stepSeconds, signal } = request;
    const range = rangeParams(window, stepSeconds);
    const names = await this.metricNames(signal);
    const family = names.spans;
    if (!family) {
      this.missing(names, 'span metrics');
      return [];
    }
    const [calls, latency] = await Promise.all([
      this.matrix(spanCallsQuery(family, stepSeconds), range, signal),
      family.latency
        ? this.matrix(spanLatencyQuery(family, stepSeconds), range, signal)
        : Promise.resolve([]),
    ]);
    return this.spanSeries(family, calls, latency, stepSeconds * 1000);
  }

  async getServiceGraph(request: {
    window: TimeWindow;
    stepSeconds: number;
    signal?: AbortSignal;
  }): Promise<ServiceGraphSeries[]> {
    const { window, stepSeconds, signal } = request;
    const range = rangeParams(window, stepSeconds);
    const names = await this.metricNames(signal);
    const graph = names.graph;
    if (!graph) {
      this.missing(names, 'service-graph metrics');
      return [];
    }
    const [requests, failed, latency] = await Promise.all([
      this.matrix(graphRequestsQuery(stepSeconds), range, signal),
      this.matrix(graphFailedQuery(stepSeconds), range, signal),
      graph.latency
        ? this.matrix(
            graphLatencyQuery(graph.latency.metric, stepSeconds),
            range,
            signal,
          )
        : Promise.resolve([]),
    ]);
    return this.graphSeries(
      requests,
      failed,
      latency,
      graph.latency?.unit ?? 's',
      stepSeconds * 1000,
    );
  }

  /**
   * What to read: fixed for `tempo`; otherwise found out by asking Prometheus which of the candidate names it
   * has (over its whole retention), once. A detection that fails is forgotten; one that found only span
   * metrics or only service-graph metrics is asked again after a while, in case the other is enabled later.
   */
  private metricNames(signal?: AbortSignal): Promise<MetricNames> {
    if (this.flavor === 'tempo') {
      return Promise.resolve(
        metricNamesFrom(candidateMetricNames('tempo'), 'tempo'),
      );
    }
    const cached = this.detection;
    if (
      cached &&
      (cached.complete || Date.now() - cached.atMs < PARTIAL_DETECTION_TTL_MS)
    ) {
      return cached.names;
    }
    const names = this.detect(signal);
    const detection = { names, atMs: Date.now(), complete: false };
    this.detection = detection;
    names.then(
      found => {
        detection.complete = Boolean(found.spans && found.graph);
      },
      () => {
        if (this.detection === detection) this.detection = undefined;
      },
    );
    return names;
  }

  private async detect(signal?: AbortSignal): Promise<MetricNames> {
    const what = 'looking up which span-metric names exist';
    let body: z.infer<typeof labelValuesResponse>;
    try {
      body = await this.http.getJson(METRIC_NAMES_PATH, labelValuesResponse, {
        query: {
          'match[]': [anyOfMetricsSelector(candidateMetricNames(this.flavor))],
        },
        signal,
      });
    } catch (error) {
      throw this.failed(what, error);
    }
    const names = metricNamesFrom(this.accepted(what, body), this.flavor);
    if (!names.spans && !names.graph) {
      // Forgotten by metricNames, so the next call asks again.
      throw new NotFoundError(
        `Prometheus (source ${
          this.id
        }) has none of the span-metrics or service-graph series (${candidateMetricNames(
          this.flavor,
        ).join(
          ', ',
        )}); check that Tempo's metrics-generator or the OpenTelemetry Collector's spanmetrics and servicegraph connectors write to it${
          this.flavor === 'auto'
            ? ''
            : `, and that flavor ${this.flavor} is right`
        }`,
      );
    }
    const latency = names.spans?.latency;
    this.logger.info(
      `Prometheus span metrics: ${
        names.spans
          ? `${names.spans.flavor} (${names.spans.calls}${
              latency
                ? `, ${latency.metric} in ${latency.unit}`
                : ', no latency histogram'
            })`
          : 'none'
      }; service graph: ${
        names.graph
          ? names.graph.latency?.metric ?? 'no latency histogram'
          : 'none'
      }`,
    );
    if (names.otherSpanProducers.length > 0 && names.spans) {
      this.logger.warn(
        `Prometheus also has span metrics ${names.otherSpanProducers.join(
          ', ',
        )}; reading only ${
          names.spans.calls
        }. Set the source's flavor to choose.`,
      );
    }
    return names;
  }

  /** Logs (once) that a family is absent while the other is present; its reads answer empty. */
  private missing(names: MetricNames, family: string) {
    const message = `Prometheus has no ${family} (only ${
      names.spans ? 'span metrics' : 'service-graph metrics'
    }); ${family} from source ${this.id} are empty`;
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.logger.warn(message);
  }

  private async matrix(
    query: string,
    range: { start: string; end: string; step: string },
    signal?: AbortSignal,
  ): Promise<MatrixSeries[]> {
    const what = `query \`${query}\``;
    let body: z.infer<typeof matrixResponse>;
    try {
      body = await this.http.getJson(QUERY_RANGE_PATH, matrixResponse, {
        query: { query, start: range.start, end: range.end, step: range.step },
        signal,
      });
    } catch (error) {
      throw this.failed(what, error);
    }
    return this.accepted(what, body).result;
  }

  /** The data of a successful answer; warnings are logged, error answers thrown. */
  private accepted<T>(
    what: string,
    body: StatusFields & { data?: T | null },
  ): T {
    if (body.status === 'error') {
      throw new VendorRequestError(
        `Prometheus (source ${this.id}): ${what} failed${
          body.errorType ? ` (${body.errorType})` : ''
        }: ${body.error ?? 'no error message'}`,
      );
    }
    if (body.status !== 'success' && body.status !== 'warning') {
      throw new VendorRequestError(
        `Prometheus (source ${this.id}): ${what} answered an unknown status "${body.status}"`,
      );
    }
    if (body.warnings?.length) {
      this.logger.warn(
        `Prometheus (source ${
          this.id
        }): ${what} answered with warnings: ${body.warnings.join('; ')}`,
      );
    }
    if (body.data === undefined || body.data === null) {
      throw new VendorRequestError(
        `Prometheus (source ${this.id}): ${what} answered status "${body.status}" without data`,
      );
    }
    return body.data;
  }

  /**
   * A failed call as an error naming Prometheus, what was asked and, when it says, Prometheus's own error. The
   * client's error is not kept as the cause: its message is already in this one (a cause would be repeated in
   * the message).
   */
  private failed(what: string, error: unknown): VendorRequestError {
    const status =
      error instanceof VendorRequestError ? error.status : undefined;
    const message = error instanceof Error ? error.message : String(error);
    const answer = prometheusErrorIn(message);
    if (answer) {
      return new VendorRequestError(
        `Prometheus (source ${this.id}): ${what} failed (${
          status ? `HTTP ${status}, ` : ''
        }${answer.errorType}): ${answer.error}`,
        { status },
      );
    }
    return new VendorRequestError(
      `Prometheus (source ${this.id}): ${what} failed: ${message}`,
      { status },
    );
  }

  /** Calls each finite sample of a series with the start of its step; counts the others. */
  private eachSample(
    series: MatrixSeries,
    stepMs: number,
    skipped: { count: number },
    visit: (timestampMs: number, value: number) => void,
  ) {
    for (const [seconds, text] of series.values) {
      const value = parsePromNumber(text);
      if (!Number.isFinite(value) || value < 0) {
        skipped.count += 1;
        continue;
      }
      visit(Math.round(seconds * 1000 - stepMs), value);
    }
  }

  private reportSkipped(skipped: { count: number }, what: string) {
    if (skipped.count > 0) {
      this.logger.warn(
        `Prometheus (source ${this.id}): left out ${skipped.count} ${what} samples that were not finite counts (NaN, ±Inf)`,
      );
    }
  }

  private spanSeries(
    family: SpanMetricsFamily,
    calls: MatrixSeries[],
    latency: MatrixSeries[],
    stepMs: number,
  ): SpanMetricsSeries[] {
    const series = new Map<
      string,
      {
        service: string;
        operation: string;
        kind: string;
        steps: Map<number, StepCounts>;
      }
    >();
    const identify = (metric: Record<string, string>) => {
      const service = metric[family.serviceLabel] ?? '';
      const operationLabel = family.operationLabels.find(
        label => metric[label] !== undefined,
      );
      const operation = operationLabel ? metric[operationLabel] : '';
      const kind = spanKindOf(metric.span_kind);
      return {
        key: JSON.stringify([service, operation, kind]),
        service,
        operation,
        kind,
      };
    };
    const skipped = { count: 0 };

    for (const one of calls) {
      const { key, ...labels } = identify(one.metric);
      let entry = series.get(key);
      if (!entry) {
        entry = { ...labels, steps: new Map() };
        series.set(key, entry);
      }
      const { steps } = entry;
      const isError = one.metric.status_code === ERROR_STATUS;
      this.eachSample(one, stepMs, skipped, (timestampMs, value) => {
        const step = steps.get(timestampMs) ?? { requests: 0, errors: 0 };
        step.requests += value;
        if (isError) step.errors += value;
        steps.set(timestampMs, step);
      });
    }

    const unit = family.latency?.unit ?? 's';
    for (const one of latency) {
      const steps = series.get(identify(one.metric).key)?.steps;
      const le = parsePromNumber(one.metric.le ?? '');
      // Buckets of steps without calls are not turned into points of their own.
      if (!steps || Number.isNaN(le)) continue;
      this.addBuckets(steps, one, boundToMs(le, unit), stepMs, skipped);
    }
    this.reportSkipped(skipped, 'span-metrics');

    return [...series.values()]
      .map(({ steps, ...labels }) => ({ ...labels, points: pointsOf(steps) }))
      .filter(one => one.points.length > 0)
      .sort(
        (a, b) =>
          compareText(a.service, b.service) ||
          compareText(a.operation, b.operation) ||
          compareText(a.kind, b.kind),
      );
  }

  private addBuckets(
    steps: Map<number, StepCounts>,
    series: MatrixSeries,
    leMs: number,
    stepMs: number,
    skipped: { count: number },
  ) {
    this.eachSample(series, stepMs, skipped, (timestampMs, value) => {
      const step = steps.get(timestampMs);
      if (!step) return;
      step.buckets ??= new Map();
      // Bounds written two ways ("1" and "1.0", across a Prometheus upgrade) are one bucket.
      step.buckets.set(leMs, (step.buckets.get(leMs) ?? 0) + value);
    });
  }

  private graphSeries(
    requests: MatrixSeries[],
    failed: MatrixSeries[],
    latency: MatrixSeries[],
    unit: LatencyUnit | 'auto',
    stepMs: number,
  ): ServiceGraphSeries[] {
    const edges = new Map<
      string,
      {
        client: string;
        server: string;
        connectionType: string;
        steps: Map<number, StepCounts>;
      }
    >();
    const identify = (metric: Record<string, string>) => {
      const client = metric.client ?? '';
      const server = metric.server ?? '';
      const connectionType = metric.connection_type ?? '';
      return {
        key: JSON.stringify([client, server, connectionType]),
        client,
        server,
        connectionType,
      };
    };
    const skipped = { count: 0 };

    for (const one of requests) {
      const { key, ...labels } = identify(one.metric);
      let entry = edges.get(key);
      if (!entry) {
        entry = { ...labels, steps: new Map() };
        edges.set(key, entry);
      }
      const { steps } = entry;
      // The Collector splits its series by a boolean `failed` label; Tempo only counts failures separately.
      const isFailed = one.metric.failed === 'true';
      this.eachSample(one, stepMs, skipped, (timestampMs, value) => {
        const step = steps.get(timestampMs) ?? { requests: 0, errors: 0 };
        step.requests += value;
        if (isFailed) step.errors += value;
        steps.set(timestampMs, step);
      });
    }

    // Both producers write the failed-requests counter; when it has a sample for a step it is the one read.
    for (const one of failed) {
      const steps = edges.get(identify(one.metric).key)?.steps;
      if (!steps) continue;
      this.eachSample(one, stepMs, skipped, (timestampMs, value) => {
        const step = steps.get(timestampMs);
        if (step) step.failedCounter = (step.failedCounter ?? 0) + value;
      });
    }

    const bounds = latency.map(one => parsePromNumber(one.metric.le ?? ''));
    let latencyUnit: LatencyUnit = unit === 'auto' ? 's' : unit;
    if (
      unit === 'auto' &&
      bounds.some(le => Number.isFinite(le) && le >= LEGACY_MS_BOUND)
    ) {
      latencyUnit = 'ms';
    }
    latency.forEach((one, index) => {
      const steps = edges.get(identify(one.metric).key)?.steps;
      const le = bounds[index];
      if (!steps || Number.isNaN(le)) return;
      this.addBuckets(steps, one, boundToMs(le, latencyUnit), stepMs, skipped);
    });
    this.reportSkipped(skipped, 'service-graph');

    return [...edges.values()]
      .map(({ steps, ...labels }) => ({ ...labels, points: pointsOf(steps) }))
      .filter(one => one.points.length > 0)
      .sort(
        (a, b) =>
          compareText(a.client, b.client) ||
          compareText(a.server, b.server) ||
          compareText(a.connectionType, b.connectionType),
      );
  }
}
