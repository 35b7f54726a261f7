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

import { Document } from 'yaml';
import { BURN_RATE_CONDITIONS, BURN_RATE_WINDOWS_MINUTES } from './budget';
import { SliType, SloDefinition } from './definitions';
import { clean, percent, slugify } from './names';

/**
 * Which span-metrics producer feeds the Prometheus holding the SLIs:
 *
 * - `otel-collector`: the OpenTelemetry Collector `spanmetrics` connector with its default namespace —
 *   `traces_span_metrics_calls_total` and the histogram `traces_span_metrics_duration_milliseconds` (buckets in
 *   milliseconds), labels `service_name`, `span_name`, `span_kind` (`SPAN_KIND_*`) and `status_code`
 *   (`STATUS_CODE_*`).
 * - `tempo`: Grafana Tempo's metrics-generator — `traces_spanmetrics_calls_total` and the histogram
 *   `traces_spanmetrics_latency` (buckets in **seconds**, 0.002·2^n by default), labels `service`,
 *   `span_name`, `span_kind` and `status_code`.
 *
 * @public
 */
export type SpanMetricsSource = 'otel-collector' | 'tempo';

/**
 * Options of {@link toSlothSpec}, {@link toPrometheusRules} and {@link toOpenSlo}.
 *
 * @public
 */
export interface SloExportOptions {
  /**
   * The entity's trace service (`service.name`): the Sloth service, and the service measured by every
   * definition that does not name its own.
   */
  service: string;
  /** The entity the SLOs belong to, e.g. `component:default/orders`; set as the `entity` label. */
  entityRef: string;
  /** The entity's owner, e.g. `group:default/checkout`; set as the `owner` label when given. */
  owner?: string;
  /** The span-metrics producer whose metric and label names the queries use. Default `otel-collector`. */
  metrics?: SpanMetricsSource;
}

interface SpanMetricNames {
  calls: string;
  /** Histogram name, without the `_bucket` / `_count` suffix. */
  histogram: string;
  serviceLabel: string;
  /** Milliseconds per unit of the histogram's `le`. */
  msPerUnit: number;
}

const SPAN_METRICS: Record<SpanMetricsSource, SpanMetricNames> = {
  'otel-collector': {
    calls: 'traces_span_metrics_calls_total',
    histogram: 'traces_span_metrics_duration_milliseconds',
    serviceLabel: 'service_name',
    msPerUnit: 1,
  },
  tempo: {
    calls: 'traces_spanmetrics_calls_total',
    histogram: 'traces_spanmetrics_latency',
    serviceLabel: 'service',
    msPerUnit: 1000,
  },
};

/** Sloth's placeholder for the window of each generated SLI rule. */
const SLOTH_WINDOW = '{{.window}}';

/**
 * A PromQL string literal. In Sloth specs the queries are Go templates, so a `{{` inside a value is written
 * `\x7b{` (the same string to PromQL) lest Sloth read it as a template action.
 */
function promString(value: string, inTemplate: boolean = false): string {
  let escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  if (inTemplate) {
    escaped = escaped.replace(/\{(?=\{)/g, '\\x7b');
  }
  return `"${escaped}"`;
}

/**
 * Text that Prometheus expands as a Go template (alert labels and annotations) but that must come out as
 * written: every `{{` is emitted through an action printing it.
 */
function templateText(text: string): string {
  return text.replace(/\{\{/g, '{{"{{"}}');
}

/** `5m`, `2h`, `3d`: the Prometheus duration of a number of minutes. */
function promDuration(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/**
 * The `le` matcher of a latency threshold. Integer bounds are matched as `300` or `300.0`: Prometheus 3
 * normalises `le` of scraped classic histograms to the float form, remote-write keeps the short one.
 */
function leMatcher(thresholdMs: number, names: SpanMetricNames): string {
  const bound = clean(thresholdMs / names.msPerUnit);
  return Number.isInteger(bound)
    ? `le=~${promString(`${bound}(\\.0)?`)}`
    : `le=${promString(String(bound))}`;
}

interface SliQueries {
  /** Bad events: a rate over `window`, or the raw counter sum without one. */
  bad(window?: string): string;
  good(window?: string): string;
  total(window?: string): string;
}

/**
 * The SLI queries of a definition on span metrics. Errors are calls with `status_code="STATUS_CODE_ERROR"`
 * (availability counts server spans only); latency counts the histogram's requests above the threshold
 * bucket as bad.
 */
function sliQueries(
  definition: SloDefinition,
  options: SloExportOptions,
  inTemplate: boolean = false,
): SliQueries {
  const names = SPAN_METRICS[options.metrics ?? 'otel-collector'];
  const matchers = [
    `${names.serviceLabel}=${promString(
      definition.service ?? options.service,
      inTemplate,
    )}`,
    `span_name=${promString(definition.operation, inTemplate)}`,
  ];
  if (definition.sli === 'availability') {
    matchers.push('span_kind="SPAN_KIND_SERVER"');
  }
  const sum = (metric: string, extra: string[], window?: string) => {
    const selector = `${metric}{${[...matchers, ...extra].join(',')}}`;
    return window === undefined
      ? `sum(${selector})`
      : `sum(rate(${selector}[${window}]))`;
  };

  if (definition.sli === 'latency') {
    if (definition.thresholdMs === undefined) {
      throw new Error(
        `SLO "${definition.name}" has a latency SLI but no threshold`,
      );
    }
    const le = leMatcher(definition.thresholdMs, names);
    const total = (window?: string) =>
      sum(`${names.histogram}_count`, [], window);
    const good = (window?: string) =>
      sum(`${names.histogram}_bucket`, [le], window);
    return {
      total,
      good,
      bad: window => `${total(window)} - ${good(window)}`,
    };
  }
  const total = (window?: string) => sum(names.calls, [], window);
  const bad = (window?: string) =>
    sum(names.calls, ['status_code="STATUS_CODE_ERROR"'], window);
  return {
    total,
    bad,
    good: window => `${total(window)} - ${bad(window)}`,
  };
}

/** The exported name of a definition: its own when valid (always, for definitions read from an entity). */
function sloName(definition: SloDefinition): string {
  return slugify(definition.name);
}

/** `place-order-latency` → `PlaceOrderLatencySloBurn`. */
function alertName(definition: SloDefinition): string {
  const camel = sloName(definition)
    .split('-')
    .map(part => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  // Alert names follow metric-name rules: no leading digit.
  return `${/^[0-9]/.test(camel) ? 'Slo' : ''}${camel}SloBurn`;
}

function goodEventsText(sli: SliType, thresholdMs: number | undefined) {
  if (sli === 'latency') return `complete within ${thresholdMs} ms`;
  if (sli === 'availability') return 'are served without a server error';
  return 'succeed';
}

function sloDescription(definition: SloDefinition, options: SloExportOptions) {
  if (definition.description) return definition.description;
  return `${percent(definition.objective)}% of ${
    definition.operation
  } requests of ${definition.service ?? options.service} ${goodEventsText(
    definition.sli,
    definition.thresholdMs,
  )} over ${definition.windowDays} days.`;
}

function alertSummary(definition: SloDefinition, options: SloExportOptions) {
  return templateText(
    `SLO ${sloName(definition)} (${definition.operation} on ${
      definition.service ?? options.service
    }) is burning its error budget too fast.`,
  );
}

function exportLabels(options: SloExportOptions): Record<string, string> {
  return {
    ...(options.owner !== undefined ? { owner: options.owner } : {}),
    entity: options.entityRef,
  };
}

function sortedLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** A YAML comment line: no line breaks can leak out of it. */
function commentText(text: string): string {
  return ` ${text.replace(/\s+/g, ' ').trim()}`;
}

function render(content: unknown, comment?: string): string {
  // No anchors and aliases for repeated label sets: every rule reads on its own.
  const document = new Document(content, { aliasDuplicateObjects: false });
  if (comment !== undefined) document.commentBefore = commentText(comment);
  // No line folding: long PromQL stays on one line.
  return document.toString({ lineWidth: 0 });
}

/**
 * A Sloth `prometheus/v1` spec for an entity's SLOs, on span metrics (see {@link SpanMetricsSource}).
 *
 * - `objective` is a percentage (99.9); the spec-level labels are `owner` (when given) and `entity`.
 * - Error-rate and availability SLIs count calls with `status_code="STATUS_CODE_ERROR"` as errors
 *   (availability: server spans only). Latency SLIs count `_count − _bucket{le=threshold}` as bad, with the
 *   threshold in the histogram's unit (ms for the collector, seconds for Tempo): the threshold **must be a
 *   bucket boundary** of the histogram, else the bucket series does not exist and the SLI has no data. An
 *   integer bound is matched as `300` or `300.0` (remote-write writes the one, Prometheus 3 scrapes the other).
 * - Sloth has a single SLO period per run (`30d` by default): definitions with another window need Sloth run
 *   with that period; the header comment lists them.
 * - Each SLO pages on 14.4×/6× and opens a ticket on 3×/1× burn rates (`severity: page|ticket`).
 *
 * Label values are escaped for PromQL (and `{{` for Sloth's templating); the YAML is produced by a YAML
 * library, so no name or operation can break it.
 *
 * @public
 */
export function toSlothSpec(
  definitions: readonly SloDefinition[],
  options: SloExportOptions,
): string {
  const spec = {
    version: 'prometheus/v1',
    service: options.service,
    labels: exportLabels(options),
    slos: definitions.map(definition => {
      const queries = sliQueries(definition, options, true);
      return {
        name: sloName(definition),
        objective: percent(definition.objective),
        description: sloDescription(definition, options),
        sli: {
          events: {
            error_query: queries.bad(SLOTH_WINDOW),
            total_query: queries.total(SLOTH_WINDOW),
          },
        },
        alerting: {
          name: alertName(definition),
          labels: { category: definition.sli },
          annotations: { summary: alertSummary(definition, options) },
          page_alert: { labels: { severity: 'page' } },
          ticket_alert: { labels: { severity: 'ticket' } },
        },
      };
    }),
  };
  const otherWindows = definitions
    .filter(d => d.windowDays !== 30)
    .map(d => `${sloName(d)} (${d.windowDays}d)`);
  return render(
    spec,
    `Sloth spec of ${
      options.entityRef
    }, generated by Service Ownership for Backstage.${
      otherWindows.length > 0
        ? ` Sloth's default SLO period is 30d; these SLOs need another: ${otherWindows.join(
            ', ',
          )}.`
        : ''
    }`,
  );
}

/** The Prometheus rule groups Sloth generates for one SLO. */
function sloRuleGroups(definition: SloDefinition, options: SloExportOptions) {
  const slo = sloName(definition);
  const service = options.service;
  const id = `${service}-${slo}`;
  const labels = {
    ...exportLabels(options),
    sloth_id: id,
    sloth_service: service,
    sloth_slo: slo,
  };
  const selector = `{sloth_id=${promString(id)}, sloth_service=${promString(
    service,
  )}, sloth_slo=${promString(slo)}}`;
  const queries = sliQueries(definition, options);
  const objective = clean(definition.objective);
  const budget = clean(1 - definition.objective);
  const period = promDuration(definition.windowDays * 1440);
  const windows = BURN_RATE_WINDOWS_MINUTES.map(promDuration);
  const shortest = windows[0];

  const sliRules: Array<Record<string, unknown>> = windows.map(window => ({
    record: `slo:sli_error:ratio_rate${window}`,
    expr: `(${queries.bad(window)})\n/\n(${queries.total(window)})\n`,
    labels: sortedLabels({ ...labels, sloth_window: window }),
  }));
  if (!windows.includes(period)) {
    // As Sloth: the SLO period averages the shortest window rather than querying 30 days of raw series.
    sliRules.push({
      record: `slo:sli_error:ratio_rate${period}`,
      expr: `sum_over_time(slo:sli_error:ratio_rate${shortest}${selector}[${period}])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate${shortest}${selector}[${period}])\n`,
      labels: { sloth_window: period },
    });
  }

  const metaLabels = sortedLabels(labels);
  const metaRules = [
    { record: 'slo:objective:ratio', expr: `vector(${objective})` },
    { record: 'slo:error_budget:ratio', expr: `vector(1-${objective})` },
    {
      record: 'slo:time_period:days',
      expr: `vector(${definition.windowDays})`,
    },
    {
      record: 'slo:current_burn_rate:ratio',
      expr: `slo:sli_error:ratio_rate${shortest}${selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}\n`,
    },
    {
      record: 'slo:period_burn_rate:ratio',
      expr: `slo:sli_error:ratio_rate${period}${selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}\n`,
    },
    {
      record: 'slo:period_error_budget_remaining:ratio',
      expr: `1 - slo:period_burn_rate:ratio${selector}`,
    },
  ].map(rule => ({ ...rule, labels: metaLabels }));
  metaRules.push({
    record: 'sloth_slo_info',
    expr: 'vector(1)',
    labels: sortedLabels({
      ...labels,
      sloth_objective: String(percent(definition.objective)),
      sloth_spec: 'prometheus/v1',
    }),
  });

  const alertRules = (['page', 'ticket'] as const).flatMap(severity => {
    const conditions = BURN_RATE_CONDITIONS.filter(
      c => c.severity === severity,
    );
    if (conditions.length === 0) return [];
    const above = (minutes: number, factor: number) =>
      `(slo:sli_error:ratio_rate${promDuration(
        minutes,
      )}${selector} > (${factor} * ${budget}))`;
    const expr = `${conditions
      .map(
        c =>
          `(\n    ${above(
            c.shortWindowMinutes,
            c.factor,
          )}\n    and ignoring (sloth_window)\n    ${above(
            c.longWindowMinutes,
            c.factor,
          )}\n)`,
      )
      .join('\nor ignoring (sloth_window)\n')}\n`;
    return [
      {
        alert: alertName(definition),
        expr,
        labels: sortedLabels({
          category: definition.sli,
          severity,
          sloth_severity: severity,
        }),
        annotations: {
          summary: alertSummary(definition, options),
          title: `(${severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
        },
      },
    ];
  });

  return [
    { name: `sloth-slo-sli-recordings-${id}`, rules: sliRules },
    { name: `sloth-slo-meta-recordings-${id}`, rules: metaRules },
    { name: `sloth-slo-alerts-${id}`, rules: alertRules },
  ];
}

/**
 * A Prometheus rule file (`groups:`) for an entity's SLOs, as `sloth generate` would write it from
 * {@link toSlothSpec}'s spec — for teams that load rules without running Sloth. Per SLO (id
 * `<service>-<slo>`, labels `sloth_id`, `sloth_service`, `sloth_slo`, plus `owner` and `entity`):
 *
 * - recording rules `slo:sli_error:ratio_rate<w>` for every burn-rate window (5m, 30m, 1h, 2h, 6h, 1d, 3d) and
 *   the SLO window (`…30d`, averaged from the 5-minute ratio);
 * - `slo:objective:ratio`, `slo:error_budget:ratio`, `slo:time_period:days`, `slo:current_burn_rate:ratio`,
 *   `slo:period_burn_rate:ratio`, `slo:period_error_budget_remaining:ratio` and `sloth_slo_info`;
 * - two multi-window, multi-burn-rate alerts from {@link BURN_RATE_CONDITIONS}: `severity: page` (14.4× over
 *   1 h and 5 min, or 6× over 6 h and 30 min) and `severity: ticket` (3× over 1 d and 2 h, or 1× over 3 d and
 *   6 h), in the `and ignoring (sloth_window)` form of current Sloth releases.
 *
 * The burn-rate factors are those of a 30-day budget whatever the SLO window. The latency caveat of
 * {@link toSlothSpec} applies: the threshold must be a bucket boundary.
 *
 * @public
 */
export function toPrometheusRules(
  definitions: readonly SloDefinition[],
  options: SloExportOptions,
): string {
  return render(
    { groups: definitions.flatMap(d => sloRuleGroups(d, options)) },
    `Prometheus rules of the SLOs of ${options.entityRef} (Sloth format), generated by Service Ownership for Backstage. Do not edit: regenerate.`,
  );
}

function objectiveDisplayName(definition: SloDefinition): string {
  if (definition.sli === 'latency') {
    return `Requests within ${definition.thresholdMs} ms`;
  }
  if (definition.sli === 'availability') {
    return 'Requests without a server error';
  }
  return 'Requests without an error';
}

/** An OpenSLO metric source running a Prometheus query. */
function prometheusMetric(query: string) {
  return { metricSource: { type: 'Prometheus', spec: { query } } };
}

/**
 * Multi-document OpenSLO v1 YAML for an entity's SLOs: a `Service` (named after the slug of the trace
 * service), then one `SLO` per definition with an inline ratio indicator on raw span-metric counters
 * (`counter: true`): `bad`/`total` calls for error-rate and availability, `good`/`total` histogram counts
 * (`le` = threshold, which must be a bucket boundary) for latency. Rolling `timeWindow` of the definition's
 * days, `budgetingMethod: Occurrences`, one objective with `target` as a ratio (0.999). OpenSLO's `op` and
 * `value` are left out: they apply to threshold metrics, and the latency threshold is part of the ratio's
 * good query (and of the objective's display name). `entity` and `owner` are set as metadata annotations.
 *
 * @public
 */
export function toOpenSlo(
  definitions: readonly SloDefinition[],
  options: SloExportOptions,
): string {
  const serviceName = slugify(options.service, 63, 'service');
  const annotations = exportLabels(options);
  const documents: unknown[] = [
    {
      apiVersion: 'openslo/v1',
      kind: 'Service',
      metadata: {
        name: serviceName,
        displayName: options.service,
        annotations,
      },
      spec: {
        description: `Trace service ${options.service} of ${options.entityRef}.`,
      },
    },
    ...definitions.map(definition => {
      const queries = sliQueries(definition, options);
      const name = sloName(definition);
      const ratioMetric =
        definition.sli === 'latency'
          ? {
              counter: true,
              good: prometheusMetric(queries.good()),
              total: prometheusMetric(queries.total()),
            }
          : {
              counter: true,
              bad: prometheusMetric(queries.bad()),
              total: prometheusMetric(queries.total()),
            };
      return {
        apiVersion: 'openslo/v1',
        kind: 'SLO',
        metadata: { name, displayName: definition.name, annotations },
        spec: {
          description: sloDescription(definition, options),
          service: serviceName,
          indicator: {
            metadata: { name: `${slugify(name, 59)}-sli` },
            spec: { ratioMetric },
          },
          timeWindow: [
            { duration: `${definition.windowDays}d`, isRolling: true },
          ],
          budgetingMethod: 'Occurrences',
          objectives: [
            {
              displayName: objectiveDisplayName(definition),
              target: clean(definition.objective),
            },
          ],
        },
      };
    }),
  ];
  return documents.map(document => `---\n${render(document)}`).join('');
}
