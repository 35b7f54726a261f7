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
import { InputError } from '@backstage/errors';
import { TimeWindow } from '@service-ownership/plugin-ownership-node';

/** Who writes the span metrics read: Tempo's metrics-generator or the OTel Collector's spanmetrics connector. */
export type SpanMetricsFlavor = 'tempo' | 'otel-collector';

/** Unit of a histogram's `le` bounds. */
export type LatencyUnit = 's' | 'ms';

/**
 * How one producer names its span metrics: the calls counter, the latency histogram's bucket series, and the
 * labels that carry the service and the operation.
 */
export interface SpanMetricsFamily {
  flavor: SpanMetricsFlavor;
  /** Counter of spans, labelled with `status_code` and `span_kind`. */
  calls: string;
  /** Bucket series of the latency histogram, when the producer writes one. */
  latency?: { metric: string; unit: LatencyUnit };
  /** Label naming the service (`service` for Tempo, `service_name` for the Collector). */
  serviceLabel: string;
  /** Labels naming the operation, the first present wins. */
  operationLabels: string[];
}

const TEMPO_LATENCY = {
  metric: 'traces_spanmetrics_latency_bucket',
  unit: 's',
} as const;

/** Tempo's metrics-generator, span-metrics processor: seconds. */
export const TEMPO_SPAN_METRICS: SpanMetricsFamily = {
  flavor: 'tempo',
  calls: 'traces_spanmetrics_calls_total',
  latency: TEMPO_LATENCY,
  serviceLabel: 'service',
  operationLabels: ['span_name'],
};

/**
 * The OTel Collector's spanmetrics connector, newest naming first. Its histogram is in milliseconds unless
 * configured otherwise; the unit shows in the name since exporters add unit suffixes, and the older unsuffixed
 * `duration_bucket` is milliseconds. The oldest versions (and the spanmetrics processor) named the operation
 * `operation`; grouping by a label that does not exist is harmless, so both are read.
 */
export const COLLECTOR_SPAN_METRICS: ReadonlyArray<{
  calls: string;
  latency: ReadonlyArray<{ metric: string; unit: LatencyUnit }>;
}> = [
  {
    calls: 'traces_span_metrics_calls_total',
    latency: [
      {
        metric: 'traces_span_metrics_duration_milliseconds_bucket',
        unit: 'ms',
      },
      { metric: 'traces_span_metrics_duration_seconds_bucket', unit: 's' },
    ],
  },
  {
    calls: 'calls_total',
    latency: [
      { metric: 'duration_milliseconds_bucket', unit: 'ms' },
      { metric: 'duration_seconds_bucket', unit: 's' },
      { metric: 'duration_bucket', unit: 'ms' },
    ],
  },
];

const COLLECTOR_SERVICE_LABEL = 'service_name';
const COLLECTOR_OPERATION_LABELS = ['span_name', 'operation'];

/** Service-graph metrics: the same names from Tempo and the Collector. */
export const SERVICE_GRAPH_REQUESTS = 'traces_service_graph_request_total';
export const SERVICE_GRAPH_FAILED = 'traces_service_graph_request_failed_total';
/** Server-side latency buckets, seconds. */
export const SERVICE_GRAPH_SERVER_LATENCY =
  'traces_service_graph_request_server_seconds_bucket';
/**
 * The Collector's legacy name for the server-side latency (feature gate `legacyLatencyMetricNames`): seconds,
 * or milliseconds under the `legacyLatencyUnitMs` gate, although the name says seconds.
 */
export const SERVICE_GRAPH_LEGACY_LATENCY =
  'traces_service_graph_request_duration_seconds_bucket';

/** What Prometheus was found to hold, or was told to assume. */
export interface MetricNames {
  spans?: SpanMetricsFamily;
  /** Span-metrics producers other than `spans` that also have series (a migration, or two pipelines). */
  otherSpanProducers: string[];
  graph?: { latency?: { metric: string; unit: LatencyUnit | 'auto' } };
}

/** Every metric name the source may read; the names asked about when detecting the flavor. */
export function candidateMetricNames(flavor: 'auto' | SpanMetricsFlavor) {
  const spans = [
    ...(flavor === 'otel-collector'
      ? []
      : [TEMPO_SPAN_METRICS.calls, TEMPO_LATENCY.metric]),
    ...(flavor === 'tempo'
      ? []
      : COLLECTOR_SPAN_METRICS.flatMap(family => [
          family.calls,
          ...family.latency.map(latency => latency.metric),
        ])),
  ];
  return [
    ...spans,
    SERVICE_GRAPH_REQUESTS,
    SERVICE_GRAPH_FAILED,
    SERVICE_GRAPH_SERVER_LATENCY,
    SERVICE_GRAPH_LEGACY_LATENCY,
  ];
}

/**
 * The metric names to read, from the names Prometheus has. With flavor `auto`, Tempo's names win over the
 * Collector's, and newer Collector names over older ones; the others found are reported in
 * `otherSpanProducers`.
 */
export function metricNamesFrom(
  present: Iterable<string>,
  flavor: 'auto' | SpanMetricsFlavor,
): MetricNames {
  const has = new Set(present);
  const found: SpanMetricsFamily[] = [];
  if (flavor !== 'otel-collector' && has.has(TEMPO_SPAN_METRICS.calls)) {
    found.push({
      ...TEMPO_SPAN_METRICS,
      latency: has.has(TEMPO_LATENCY.metric) ? TEMPO_LATENCY : undefined,
    });
  }
  if (flavor !== 'tempo') {
    for (const family of COLLECTOR_SPAN_METRICS) {
      if (!has.has(family.calls)) continue;
      found.push({
        flavor: 'otel-collector',
        calls: family.calls,
        latency: family.latency.find(latency => has.has(latency.metric)),
        serviceLabel: COLLECTOR_SERVICE_LABEL,
        operationLabels: COLLECTOR_OPERATION_LABELS,
      });
    }
  }
  let graph: MetricNames['graph'];
  if (has.has(SERVICE_GRAPH_REQUESTS)) {
    if (has.has(SERVICE_GRAPH_SERVER_LATENCY)) {
      graph = { latency: { metric: SERVICE_GRAPH_SERVER_LATENCY, unit: 's' } };
    } else if (has.has(SERVICE_GRAPH_LEGACY_LATENCY)) {
      graph = {
        latency: { metric: SERVICE_GRAPH_LEGACY_LATENCY, unit: 'auto' },
      };
    } else {
      graph = {};
    }
  }
  const [spans, ...others] = found;
  return {
    spans,
    otherSpanProducers: others.map(family => family.calls),
    graph,
  };
}

/**
 * A PromQL string literal holding `value`, for label values in selectors: backslashes, quotes and line breaks
 * escaped (PromQL strings take Go's escapes).
 */
export function promqlString(value: string): string {
  return `"${value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')}"`;
}

/** A selector of the series of any of `names` (metric names need no regexp escaping: `[a-zA-Z_:][a-zA-Z0-9_:]*`). */
export function anyOfMetricsSelector(names: readonly string[]): string {
  for (const name of names) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) {
      throw new Error(`Not a Prometheus metric name: ${name}`);
    }
  }
  return `{__name__=~${promqlString(names.join('|'))}}`;
}

/** A PromQL duration of `seconds`: whole seconds as `60s`, otherwise milliseconds (`1500ms`). */
export function promqlDuration(seconds: number): string {
  return Number.isInteger(seconds)
    ? `${seconds}s`
    : `${Math.round(seconds * 1000)}ms`;
}

/** `sum by (labels) (increase(metric[step]))`: each evaluation is the count of the step that ends there. */
function increasePerStep(
  metric: string,
  by: readonly string[],
  stepSeconds: number,
): string {
  return `sum by (${by.join(', ')}) (increase(${metric}[${promqlDuration(
    stepSeconds,
  )}]))`;
}

/** Calls per step by service, operation, kind and status code. */
export function spanCallsQuery(
  family: SpanMetricsFamily,
  stepSeconds: number,
): string {
  return increasePerStep(
    family.calls,
    [
      family.serviceLabel,
      ...family.operationLabels,
      'span_kind',
      'status_code',
    ],
    stepSeconds,
  );
}

/** Latency bucket counts per step by service, operation, kind and bound; the family must have a histogram. */
export function spanLatencyQuery(
  family: SpanMetricsFamily,
  stepSeconds: number,
): string {
  if (!family.latency) {
    throw new Error(`${family.calls} has no latency histogram`);
  }
  return increasePerStep(
    family.latency.metric,
    [family.serviceLabel, ...family.operationLabels, 'span_kind', 'le'],
    stepSeconds,
  );
}

const EDGE_LABELS = ['client', 'server', 'connection_type'];

/**
 * Service-graph requests per step by edge, split by the Collector's boolean `failed` label (absent from Tempo's
 * series, where the split is a no-op).
 */
export function graphRequestsQuery(stepSeconds: number): string {
  return increasePerStep(
    SERVICE_GRAPH_REQUESTS,
    [...EDGE_LABELS, 'failed'],
    stepSeconds,
  );
}

/** Failed service-graph requests per step by edge. */
export function graphFailedQuery(stepSeconds: number): string {
  return increasePerStep(SERVICE_GRAPH_FAILED, EDGE_LABELS, stepSeconds);
}

/** Server-side latency bucket counts per step by edge and bound. */
export function graphLatencyQuery(metric: string, stepSeconds: number): string {
  return increasePerStep(metric, [...EDGE_LABELS, 'le'], stepSeconds);
}

/** Points Prometheus returns at most per series of a range query. */
export const MAX_POINTS_PER_SERIES = 11_000;

/** Unix seconds as a query parameter, to the millisecond, without floating-point noise. */
function secondsParam(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}

/**
 * The `query_range` parameters that cover `window` with steps of `stepSeconds`. Prometheus evaluates at the
 * *end* of each step (`increase(x[step])` at `t` counts `(t - step, t]`), so the first evaluation is one step
 * after the window's start; the last step may run past the window's end when the window is not a whole number
 * of steps.
 */
export function rangeParams(
  window: TimeWindow,
  stepSeconds: number,
): { start: string; end: string; step: string; steps: number } {
  if (!Number.isFinite(stepSeconds) || stepSeconds < 0.001) {
    throw new InputError(
      `Span metrics step must be at least a millisecond, got ${stepSeconds} s`,
    );
  }
  const fromMs = window.from.getTime();
  const toMs = window.to.getTime();
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
    throw new InputError('Span metrics window has an invalid date');
  }
  if (toMs <= fromMs) {
    throw new InputError(
      `Span metrics window must end after it starts, got ${window.from.toISOString()} to ${window.to.toISOString()}`,
    );
  }
  const stepMs = stepSeconds * 1000;
  // The tolerance keeps a window of exactly n steps at n despite floating-point division.
  const steps = Math.ceil((toMs - fromMs) / stepMs - 1e-9);
  if (steps > MAX_POINTS_PER_SERIES) {
    throw new InputError(
      `Span metrics window of ${steps} steps of ${stepSeconds} s is more than the ${MAX_POINTS_PER_SERIES} points Prometheus returns per series; use a larger step or a shorter window`,
    );
  }
  const startSeconds = fromMs / 1000 + stepSeconds;
  return {
    start: secondsParam(startSeconds),
    end: secondsParam(startSeconds + (steps - 1) * stepSeconds),
    step: String(stepSeconds),
    steps,
  };
}

/**
 * A sample value or `le` bound as Prometheus writes it: a decimal string, or `NaN`, `+Inf`, `-Inf` (which
 * `Number` does not read). Anything else is `NaN`.
 */
export function parsePromNumber(text: string | number): number {
  if (typeof text === 'number') return text;
  const trimmed = text.trim();
  if (trimmed === '+Inf' || trimmed === 'Inf') return Infinity;
  if (trimmed === '-Inf') return -Infinity;
  if (trimmed === '') return NaN;
  return Number(trimmed);
}

/** A latency bound in milliseconds, rounded past floating-point noise (`0.1 s` is `100`, not `100.00000000000001`). */
export function boundToMs(le: number, unit: LatencyUnit): number {
  if (!Number.isFinite(le) || unit === 'ms') return le;
  return Number((le * 1000).toPrecision(12));
}

/** The suite's span kind from the OTLP enum name in `span_kind` (`SPAN_KIND_SERVER` → `server`). */
export function spanKindOf(label: string | undefined): string {
  switch (label) {
    case 'SPAN_KIND_SERVER':
      return 'server';
    case 'SPAN_KIND_CLIENT':
      return 'client';
    case 'SPAN_KIND_PRODUCER':
      return 'producer';
    case 'SPAN_KIND_CONSUMER':
      return 'consumer';
    case 'SPAN_KIND_INTERNAL':
      return 'internal';
    default:
      return 'unspecified';
  }
}
