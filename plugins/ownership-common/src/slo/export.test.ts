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

import { parse, parseAllDocuments } from 'yaml';
import { BURN_RATE_CONDITIONS } from './budget';
import { SloDefinition } from './definitions';
import { toOpenSlo, toPrometheusRules, toSlothSpec } from './export';

const errors: SloDefinition = {
  name: 'place-order-errors',
  operation: 'place_order',
  sli: 'error-rate',
  objective: 0.999,
  windowDays: 30,
};
const latency: SloDefinition = {
  name: 'place-order-latency',
  description: 'Orders are placed quickly.',
  operation: 'place_order',
  sli: 'latency',
  thresholdMs: 300,
  objective: 0.995,
  windowDays: 28,
};
const availability: SloDefinition = {
  name: 'payments-availability',
  operation: 'POST /payments',
  service: 'payments',
  sli: 'availability',
  objective: 0.9995,
  windowDays: 30,
};
const options = {
  service: 'orders',
  entityRef: 'component:default/orders',
  owner: 'group:default/checkout',
};
const ID = 'sloth_id="orders-place-order-errors"';
const SELECTOR = `{${ID}, sloth_service="orders", sloth_slo="place-order-errors"}`;

/** A definition whose every string tries to break out of YAML, PromQL or Go templates. */
const hostile: SloDefinition = {
  name: 'x" : {evil}\n- injected: true',
  description: 'quote " colon: # not a comment\n---\nkind: Evil',
  operation: 'GET /a/{{.window}}/b"c\\d\ne: f #g',
  service: 'svc"}[5m])) or vector(1) #',
  sli: 'latency',
  thresholdMs: 250,
  objective: 0.99,
  windowDays: 30,
};

describe('toSlothSpec', () => {
  it('writes a prometheus/v1 spec on the OTel Collector span metrics', () => {
    const spec = parse(toSlothSpec([errors, latency, availability], options));
    expect(spec.version).toBe('prometheus/v1');
    expect(spec.service).toBe('orders');
    expect(spec.labels).toEqual({
      owner: 'group:default/checkout',
      entity: 'component:default/orders',
    });
    expect(spec.slos).toHaveLength(3);
    expect(spec.slos[0]).toEqual({
      name: 'place-order-errors',
      objective: 99.9,
      description:
        '99.9% of place_order requests of orders succeed over 30 days.',
      sli: {
        events: {
          error_query:
            'sum(rate(traces_span_metrics_calls_total{service_name="orders",span_name="place_order",status_code="STATUS_CODE_ERROR"}[{{.window}}]))',
          total_query:
            'sum(rate(traces_span_metrics_calls_total{service_name="orders",span_name="place_order"}[{{.window}}]))',
        },
      },
      alerting: {
        name: 'PlaceOrderErrorsSloBurn',
        labels: { category: 'error-rate' },
        annotations: {
          summary:
            'SLO place-order-errors (place_order on orders) is burning its error budget too fast.',
        },
        page_alert: { labels: { severity: 'page' } },
        ticket_alert: { labels: { severity: 'ticket' } },
      },
    });
  });

  it('counts requests above the threshold bucket as bad for latency (ms histogram)', () => {
    const [, slo] = parse(toSlothSpec([errors, latency], options)).slos;
    expect(slo.objective).toBe(99.5);
    expect(slo.description).toBe('Orders are placed quickly.');
    expect(slo.alerting.name).toBe('PlaceOrderLatencySloBurn');
    expect(slo.sli.events).toEqual({
      error_query:
        'sum(rate(traces_span_metrics_duration_milliseconds_count{service_name="orders",span_name="place_order"}[{{.window}}])) - sum(rate(traces_span_metrics_duration_milliseconds_bucket{service_name="orders",span_name="place_order",le=~"300(\\\\.0)?"}[{{.window}}]))',
      total_query:
        'sum(rate(traces_span_metrics_duration_milliseconds_count{service_name="orders",span_name="place_order"}[{{.window}}]))',
    });
  });

  it("uses Tempo's metric names, service label and seconds", () => {
    const spec = parse(
      toSlothSpec([latency, availability], { ...options, metrics: 'tempo' }),
    );
    expect(spec.slos[0].sli.events).toEqual({
      error_query:
        'sum(rate(traces_spanmetrics_latency_count{service="orders",span_name="place_order"}[{{.window}}])) - sum(rate(traces_spanmetrics_latency_bucket{service="orders",span_name="place_order",le="0.3"}[{{.window}}]))',
      total_query:
        'sum(rate(traces_spanmetrics_latency_count{service="orders",span_name="place_order"}[{{.window}}]))',
    });
    // Availability counts the server spans of the definition's own service.
    expect(spec.slos[1].sli.events.error_query).toBe(
      'sum(rate(traces_spanmetrics_calls_total{service="payments",span_name="POST /payments",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_ERROR"}[{{.window}}]))',
    );
    expect(spec.slos[1].objective).toBe(99.95);
  });

  it('leaves the owner label out when there is none, and notes SLOs whose window is not 30 days', () => {
    const text = toSlothSpec([errors, latency], {
      service: 'orders',
      entityRef: 'component:default/orders',
    });
    expect(parse(text).labels).toEqual({ entity: 'component:default/orders' });
    expect(text.split('\n')[0]).toBe(
      "# Sloth spec of component:default/orders, generated by Service Ownership for Backstage. Sloth's default SLO period is 30d; these SLOs need another: place-order-latency (28d).",
    );
  });

  it('gives alert names no leading digit', () => {
    const spec = parse(
      toSlothSpec([{ ...errors, name: '5xx-errors' }], options),
    );
    expect(spec.slos[0].alerting.name).toBe('Slo5xxErrorsSloBurn');
  });

  it('cannot be broken by names, operations or services', () => {
    const text = toSlothSpec([hostile], {
      ...options,
      entityRef: 'component:default/x\n- evil: true',
    });
    const documents = parseAllDocuments(text);
    expect(documents).toHaveLength(1);
    expect(documents[0].errors).toEqual([]);
    const spec = parse(text);
    expect(spec.labels.entity).toBe('component:default/x\n- evil: true');
    expect(spec.slos).toHaveLength(1);
    const [slo] = spec.slos;
    expect(slo.name).toBe('x-evil-injected-true');
    expect(slo.description).toBe(hostile.description);
    // PromQL: quotes, backslashes and newlines escaped; `{{` hidden from Sloth's Go templates.
    expect(slo.sli.events.total_query).toBe(
      'sum(rate(traces_span_metrics_duration_milliseconds_count{service_name="svc\\"}[5m])) or vector(1) #",span_name="GET /a/\\x7b{.window}}/b\\"c\\\\d\\ne: f #g"}[{{.window}}]))',
    );
    expect(slo.sli.events.total_query.match(/\{\{/g)).toHaveLength(1);
    // Prometheus expands annotations as templates: `{{` comes out through an action.
    expect(slo.alerting.annotations.summary).toBe(
      'SLO x-evil-injected-true (GET /a/{{"{{"}}.window}}/b"c\\d\ne: f #g on svc"}[5m])) or vector(1) #) is burning its error budget too fast.',
    );
  });
});

describe('toPrometheusRules', () => {
  const rules = () => parse(toPrometheusRules([errors], options));

  it('writes the three Sloth groups of an SLO', () => {
    expect(rules().groups.map((g: { name: string }) => g.name)).toEqual([
      'sloth-slo-sli-recordings-orders-place-order-errors',
      'sloth-slo-meta-recordings-orders-place-order-errors',
      'sloth-slo-alerts-orders-place-order-errors',
    ]);
  });

  it('records the error ratio over every burn-rate window and the SLO window', () => {
    const [sli] = rules().groups;
    expect(sli.rules.map((r: { record: string }) => r.record)).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_error:ratio_rate30d',
    ]);
    expect(sli.rules[0]).toEqual({
      record: 'slo:sli_error:ratio_rate5m',
      expr:
        '(sum(rate(traces_span_metrics_calls_total{service_name="orders",span_name="place_order",status_code="STATUS_CODE_ERROR"}[5m])))\n' +
        '/\n' +
        '(sum(rate(traces_span_metrics_calls_total{service_name="orders",span_name="place_order"}[5m])))\n',
      labels: {
        entity: 'component:default/orders',
        owner: 'group:default/checkout',
        sloth_id: 'orders-place-order-errors',
        sloth_service: 'orders',
        sloth_slo: 'place-order-errors',
        sloth_window: '5m',
      },
    });
    expect(sli.rules[6].expr).toContain('[3d]');
    expect(sli.rules[6].labels.sloth_window).toBe('3d');
    expect(sli.rules[7]).toEqual({
      record: 'slo:sli_error:ratio_rate30d',
      expr:
        `sum_over_time(slo:sli_error:ratio_rate5m${SELECTOR}[30d])\n` +
        '/ ignoring (sloth_window)\n' +
        `count_over_time(slo:sli_error:ratio_rate5m${SELECTOR}[30d])\n`,
      labels: { sloth_window: '30d' },
    });
  });

  it('records the objective, budget, burn rates and budget remaining', () => {
    const [, meta] = rules().groups;
    const byRecord = Object.fromEntries(
      meta.rules.map((r: { record: string; expr: string }) => [
        r.record,
        r.expr,
      ]),
    );
    expect(byRecord).toEqual({
      'slo:objective:ratio': 'vector(0.999)',
      'slo:error_budget:ratio': 'vector(1-0.999)',
      'slo:time_period:days': 'vector(30)',
      'slo:current_burn_rate:ratio': `slo:sli_error:ratio_rate5m${SELECTOR}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${SELECTOR}\n`,
      'slo:period_burn_rate:ratio': `slo:sli_error:ratio_rate30d${SELECTOR}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${SELECTOR}\n`,
      'slo:period_error_budget_remaining:ratio': `1 - slo:period_burn_rate:ratio${SELECTOR}`,
      sloth_slo_info: 'vector(1)',
    });
    expect(meta.rules[0].labels).toEqual({
      entity: 'component:default/orders',
      owner: 'group:default/checkout',
      sloth_id: 'orders-place-order-errors',
      sloth_service: 'orders',
      sloth_slo: 'place-order-errors',
    });
    expect(meta.rules[6].labels.sloth_objective).toBe('99.9');
  });

  it('pages and tickets on the multi-window, multi-burn-rate conditions', () => {
    const [, , alerts] = rules().groups;
    expect(alerts.rules).toHaveLength(2);
    const [page, ticket] = alerts.rules;
    const above = (window: string, factor: number) =>
      `(slo:sli_error:ratio_rate${window}${SELECTOR} > (${factor} * 0.001))`;
    expect(page).toEqual({
      alert: 'PlaceOrderErrorsSloBurn',
      expr:
        '(\n' +
        `    ${above('5m', 14.4)}\n` +
        '    and ignoring (sloth_window)\n' +
        `    ${above('1h', 14.4)}\n` +
        ')\n' +
        'or ignoring (sloth_window)\n' +
        '(\n' +
        `    ${above('30m', 6)}\n` +
        '    and ignoring (sloth_window)\n' +
        `    ${above('6h', 6)}\n` +
        ')\n',
      labels: {
        category: 'error-rate',
        severity: 'page',
        sloth_severity: 'page',
      },
      annotations: {
        summary:
          'SLO place-order-errors (place_order on orders) is burning its error budget too fast.',
        title:
          '(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.',
      },
    });
    expect(ticket.labels.severity).toBe('ticket');
    expect(ticket.expr).toContain(above('2h', 3));
    expect(ticket.expr).toContain(above('1d', 3));
    expect(ticket.expr).toContain(above('6h', 1));
    expect(ticket.expr).toContain(above('3d', 1));
    // Every factor of the shared conditions is used, once per window of its pair.
    for (const condition of BURN_RATE_CONDITIONS) {
      const expr = condition.severity === 'page' ? page.expr : ticket.expr;
      expect(expr.split(`(${condition.factor} * 0.001)`)).toHaveLength(3);
    }
  });

  it("records the SLO window of the definition, and the latency SLI's bad requests", () => {
    const { groups } = parse(
      toPrometheusRules([latency], { ...options, metrics: 'tempo' }),
    );
    const records = groups[0].rules.map((r: { record: string }) => r.record);
    expect(records[records.length - 1]).toBe('slo:sli_error:ratio_rate28d');
    expect(groups[0].rules[0].expr).toBe(
      '(sum(rate(traces_spanmetrics_latency_count{service="orders",span_name="place_order"}[5m])) - sum(rate(traces_spanmetrics_latency_bucket{service="orders",span_name="place_order",le="0.3"}[5m])))\n' +
        '/\n' +
        '(sum(rate(traces_spanmetrics_latency_count{service="orders",span_name="place_order"}[5m])))\n',
    );
    const meta = groups[1].rules;
    expect(meta[0].expr).toBe('vector(0.995)');
    expect(meta[2].expr).toBe('vector(28)');
    expect(meta[4].expr).toContain('slo:sli_error:ratio_rate28d{');
    expect(groups[2].rules[0].expr).toContain('> (14.4 * 0.005))');
  });

  it('does not record a one-day window twice', () => {
    const { groups } = parse(
      toPrometheusRules([{ ...errors, windowDays: 1 }], options),
    );
    const records = groups[0].rules.map((r: { record: string }) => r.record);
    expect(records).toHaveLength(7);
    expect(new Set(records).size).toBe(7);
    expect(groups[1].rules[4].expr).toContain('slo:sli_error:ratio_rate1d{');
  });

  it('writes groups per SLO, with unique names', () => {
    const { groups } = parse(
      toPrometheusRules([errors, latency, availability], options),
    );
    expect(groups).toHaveLength(9);
    expect(new Set(groups.map((g: { name: string }) => g.name)).size).toBe(9);
    expect(groups[6].name).toBe(
      'sloth-slo-sli-recordings-orders-payments-availability',
    );
  });

  it('cannot be broken by names, operations or services', () => {
    const text = toPrometheusRules([hostile], {
      ...options,
      service: 'ord"ers',
    });
    expect(parseAllDocuments(text)).toHaveLength(1);
    const { groups } = parse(text);
    expect(groups).toHaveLength(3);
    expect(groups[0].rules[0].labels.sloth_id).toBe(
      'ord"ers-x-evil-injected-true',
    );
    expect(groups[1].rules[3].expr).toContain(
      '{sloth_id="ord\\"ers-x-evil-injected-true", sloth_service="ord\\"ers", sloth_slo="x-evil-injected-true"}',
    );
    // Rules are not templated: `{{` stays as it is in the query.
    expect(groups[0].rules[0].expr).toContain(
      'span_name="GET /a/{{.window}}/b\\"c\\\\d\\ne: f #g"',
    );
  });
});

describe('toOpenSlo', () => {
  it('writes a Service and one SLO per definition', () => {
    const documents = parseAllDocuments(
      toOpenSlo([errors, latency], { ...options, service: 'Shop/Orders' }),
    );
    expect(documents.every(d => d.errors.length === 0)).toBe(true);
    const [service, errorSlo, latencySlo] = documents.map(d => d.toJS());
    expect(documents).toHaveLength(3);
    expect(service).toEqual({
      apiVersion: 'openslo/v1',
      kind: 'Service',
      metadata: {
        name: 'shop-orders',
        displayName: 'Shop/Orders',
        annotations: {
          owner: 'group:default/checkout',
          entity: 'component:default/orders',
        },
      },
      spec: {
        description: 'Trace service Shop/Orders of component:default/orders.',
      },
    });
    expect(errorSlo).toEqual({
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: {
        name: 'place-order-errors',
        displayName: 'place-order-errors',
        annotations: {
          owner: 'group:default/checkout',
          entity: 'component:default/orders',
        },
      },
      spec: {
        description:
          '99.9% of place_order requests of Shop/Orders succeed over 30 days.',
        service: 'shop-orders',
        indicator: {
          metadata: { name: 'place-order-errors-sli' },
          spec: {
            ratioMetric: {
              counter: true,
              bad: {
                metricSource: {
                  type: 'Prometheus',
                  spec: {
                    query:
                      'sum(traces_span_metrics_calls_total{service_name="Shop/Orders",span_name="place_order",status_code="STATUS_CODE_ERROR"})',
                  },
                },
              },
              total: {
                metricSource: {
                  type: 'Prometheus',
                  spec: {
                    query:
                      'sum(traces_span_metrics_calls_total{service_name="Shop/Orders",span_name="place_order"})',
                  },
                },
              },
            },
          },
        },
        timeWindow: [{ duration: '30d', isRolling: true }],
        budgetingMethod: 'Occurrences',
        objectives: [
          { displayName: 'Requests without an error', target: 0.999 },
        ],
      },
    });
    expect(latencySlo.spec.indicator.spec.ratioMetric).toEqual({
      counter: true,
      good: {
        metricSource: {
          type: 'Prometheus',
          spec: {
            query:
              'sum(traces_span_metrics_duration_milliseconds_bucket{service_name="Shop/Orders",span_name="place_order",le=~"300(\\\\.0)?"})',
          },
        },
      },
      total: {
        metricSource: {
          type: 'Prometheus',
          spec: {
            query:
              'sum(traces_span_metrics_duration_milliseconds_count{service_name="Shop/Orders",span_name="place_order"})',
          },
        },
      },
    });
    expect(latencySlo.spec.timeWindow).toEqual([
      { duration: '28d', isRolling: true },
    ]);
    expect(latencySlo.spec.objectives).toEqual([
      { displayName: 'Requests within 300 ms', target: 0.995 },
    ]);
  });

  it('keeps metadata names within 63 characters', () => {
    const long = { ...errors, name: `${'a'.repeat(60)}-bcd` };
    const [, slo] = parseAllDocuments(toOpenSlo([long], options)).map(d =>
      d.toJS(),
    );
    expect(slo.metadata.name).toHaveLength(63);
    expect(slo.spec.indicator.metadata.name).toBe(`${'a'.repeat(59)}-sli`);
  });

  it('cannot be broken by names, operations or services', () => {
    const text = toOpenSlo([hostile, errors], {
      ...options,
      service: '---\nkind: Evil',
    });
    const documents = parseAllDocuments(text);
    expect(documents).toHaveLength(3);
    expect(documents.every(d => d.errors.length === 0)).toBe(true);
    const [service, slo] = documents.map(d => d.toJS());
    expect(service.metadata.name).toBe('kind-evil');
    expect(slo.metadata.name).toBe('x-evil-injected-true');
    expect(slo.spec.description).toBe(hostile.description);
    expect(
      slo.spec.indicator.spec.ratioMetric.good.metricSource.spec.query,
    ).toBe(
      'sum(traces_span_metrics_duration_milliseconds_bucket{service_name="svc\\"}[5m])) or vector(1) #",span_name="GET /a/{{.window}}/b\\"c\\\\d\\ne: f #g",le=~"250(\\\\.0)?"})',
    );
  });
});
