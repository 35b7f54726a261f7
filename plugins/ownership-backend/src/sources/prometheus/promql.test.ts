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
import {
  anyOfMetricsSelector,
  boundToMs,
  candidateMetricNames,
  graphFailedQuery,
  graphLatencyQuery,
  graphRequestsQuery,
  metricNamesFrom,
  parsePromNumber,
  promqlDuration,
  promqlString,
  rangeParams,
  spanCallsQuery,
  spanKindOf,
  spanLatencyQuery,
  TEMPO_SPAN_METRICS,
} from './promql';

const FROM = new Date('2026-11-21T12:00:00Z');

function window(fromIso: string, toIso: string) {
  return { from: new Date(fromIso), to: new Date(toIso) };
}

describe('promql', () => {
  it('writes PromQL string literals with escapes', () => {
    expect(promqlString('checkout')).toBe('"checkout"');
    expect(promqlString('say "hi"\\now\n\t')).toBe(
      '"say \\"hi\\"\\\\now\\n\\t"',
    );
    expect(anyOfMetricsSelector(['calls_total', 'traces:rate5m'])).toBe(
      '{__name__=~"calls_total|traces:rate5m"}',
    );
    expect(() => anyOfMetricsSelector(['calls|.*'])).toThrow(
      'Not a Prometheus metric name: calls|.*',
    );
  });

  it('writes step durations in seconds, or milliseconds when fractional', () => {
    expect(promqlDuration(60)).toBe('60s');
    expect(promqlDuration(1.5)).toBe('1500ms');
  });

  it('builds increase-per-step queries for both label sets', () => {
    expect(spanCallsQuery(TEMPO_SPAN_METRICS, 60)).toBe(
      'sum by (service, span_name, span_kind, status_code) (increase(traces_spanmetrics_calls_total[60s]))',
    );
    expect(spanLatencyQuery(TEMPO_SPAN_METRICS, 300)).toBe(
      'sum by (service, span_name, span_kind, le) (increase(traces_spanmetrics_latency_bucket[300s]))',
    );
    const collector = metricNamesFrom(
      ['calls_total', 'duration_bucket'],
      'auto',
    ).spans;
    if (!collector) throw new Error('calls_total not recognised');
    expect(spanCallsQuery(collector, 60)).toBe(
      'sum by (service_name, span_name, operation, span_kind, status_code) (increase(calls_total[60s]))',
    );
    expect(spanLatencyQuery(collector, 60)).toBe(
      'sum by (service_name, span_name, operation, span_kind, le) (increase(duration_bucket[60s]))',
    );
    expect(() =>
      spanLatencyQuery({ ...collector, latency: undefined }, 60),
    ).toThrow('calls_total has no latency histogram');
    expect(graphRequestsQuery(60)).toBe(
      'sum by (client, server, connection_type, failed) (increase(traces_service_graph_request_total[60s]))',
    );
    expect(graphFailedQuery(60)).toBe(
      'sum by (client, server, connection_type) (increase(traces_service_graph_request_failed_total[60s]))',
    );
    expect(
      graphLatencyQuery(
        'traces_service_graph_request_server_seconds_bucket',
        60,
      ),
    ).toBe(
      'sum by (client, server, connection_type, le) (increase(traces_service_graph_request_server_seconds_bucket[60s]))',
    );
  });

  it('picks the metric names by flavor and what exists', () => {
    const everything = candidateMetricNames('auto');
    const auto = metricNamesFrom(everything, 'auto');
    expect(auto.spans).toEqual(TEMPO_SPAN_METRICS);
    expect(auto.otherSpanProducers).toEqual([
      'traces_span_metrics_calls_total',
      'calls_total',
    ]);
    expect(auto.graph).toEqual({
      latency: {
        metric: 'traces_service_graph_request_server_seconds_bucket',
        unit: 's',
      },
    });

    const collector = metricNamesFrom(everything, 'otel-collector');
    expect(collector.spans).toEqual({
      flavor: 'otel-collector',
      calls: 'traces_span_metrics_calls_total',
      latency: {
        metric: 'traces_span_metrics_duration_milliseconds_bucket',
        unit: 'ms',
      },
      serviceLabel: 'service_name',
      operationLabels: ['span_name', 'operation'],
    });
    expect(collector.otherSpanProducers).toEqual(['calls_total']);

    const seconds = metricNamesFrom(
      [
        'traces_span_metrics_calls_total',
        'traces_span_metrics_duration_seconds_bucket',
        'traces_service_graph_request_total',
        'traces_service_graph_request_duration_seconds_bucket',
      ],
      'auto',
    );
    expect(seconds.spans?.latency).toEqual({
      metric: 'traces_span_metrics_duration_seconds_bucket',
      unit: 's',
    });
    expect(seconds.graph).toEqual({
      latency: {
        metric: 'traces_service_graph_request_duration_seconds_bucket',
        unit: 'auto',
      },
    });

    expect(metricNamesFrom(['traces_spanmetrics_calls_total'], 'auto')).toEqual(
      {
        spans: { ...TEMPO_SPAN_METRICS, latency: undefined },
        otherSpanProducers: [],
        graph: undefined,
      },
    );
    expect(
      metricNamesFrom(['traces_service_graph_request_total'], 'tempo'),
    ).toEqual({ spans: undefined, otherSpanProducers: [], graph: {} });
    expect(candidateMetricNames('tempo')).not.toContain('calls_total');
    expect(candidateMetricNames('otel-collector')).not.toContain(
      'traces_spanmetrics_calls_total',
    );
  });

  it('evaluates at the end of each step of the window', () => {
    expect(
      rangeParams(window('2026-11-21T12:00:00Z', '2026-11-21T12:03:00Z'), 60),
    ).toEqual({
      start: '1795262460',
      end: '1795262580',
      step: '60',
      steps: 3,
    });
    // A partial last step is read whole; fractional seconds are kept to the millisecond.
    expect(
      rangeParams(
        window('2026-11-21T12:00:00.250Z', '2026-11-21T12:02:30Z'),
        60,
      ),
    ).toEqual({
      start: '1795262460.25',
      end: '1795262580.25',
      step: '60',
      steps: 3,
    });
    expect(
      rangeParams(window('2026-11-21T12:00:00Z', '2026-11-21T12:00:01Z'), 0.5),
    ).toEqual({
      start: '1795262400.5',
      end: '1795262401',
      step: '0.5',
      steps: 2,
    });
  });

  it('refuses windows and steps Prometheus cannot answer', () => {
    expect(() => rangeParams({ from: FROM, to: FROM }, 60)).toThrow(
      'Span metrics window must end after it starts, got 2026-11-21T12:00:00.000Z to 2026-11-21T12:00:00.000Z',
    );
    expect(() => rangeParams({ from: new Date(NaN), to: FROM }, 60)).toThrow(
      'Span metrics window has an invalid date',
    );
    expect(() =>
      rangeParams(window('2026-11-21T12:00:00Z', '2026-11-21T13:00:00Z'), 0),
    ).toThrow('Span metrics step must be at least a millisecond, got 0 s');
    expect(() =>
      rangeParams(window('2026-11-01T00:00:00Z', '2026-11-21T00:00:00Z'), 60),
    ).toThrow(
      'Span metrics window of 28800 steps of 60 s is more than the 11000 points Prometheus returns per series; use a larger step or a shorter window',
    );
  });

  it('reads Prometheus numbers, bounds and kinds', () => {
    expect(parsePromNumber('12.5')).toBe(12.5);
    expect(parsePromNumber('9223372036854')).toBe(9223372036854);
    expect(parsePromNumber('+Inf')).toBe(Infinity);
    expect(parsePromNumber('-Inf')).toBe(-Infinity);
    expect(parsePromNumber('NaN')).toBeNaN();
    expect(parsePromNumber('')).toBeNaN();
    expect(parsePromNumber('1e3')).toBe(1000);
    expect(parsePromNumber(7)).toBe(7);
    expect(boundToMs(0.1, 's')).toBe(100);
    expect(boundToMs(1.4, 's')).toBe(1400);
    expect(boundToMs(0.002, 's')).toBe(2);
    expect(boundToMs(Infinity, 's')).toBe(Infinity);
    expect(boundToMs(250, 'ms')).toBe(250);
    expect(spanKindOf('SPAN_KIND_SERVER')).toBe('server');
    expect(spanKindOf('SPAN_KIND_CLIENT')).toBe('client');
    expect(spanKindOf('SPAN_KIND_PRODUCER')).toBe('producer');
    expect(spanKindOf('SPAN_KIND_CONSUMER')).toBe('consumer');
    expect(spanKindOf('SPAN_KIND_INTERNAL')).toBe('internal');
    expect(spanKindOf('SPAN_KIND_UNSPECIFIED')).toBe('unspecified');
    expect(spanKindOf(undefined)).toBe('unspecified');
  });
});
