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
  AlertPayloadError,
  labelFingerprint,
  parseAlertPayload,
} from './intake';

/** An Alertmanager webhook (version 4) as Alertmanager v0.34 sends it. */
const ALERTMANAGER = {
  version: '4',
  groupKey: '{}/{team="checkout"}:{alertname="PlaceOrderErrors"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'service\\.ownership',
  groupLabels: { alertname: 'PlaceOrderErrors' },
  commonLabels: { alertname: 'PlaceOrderErrors', severity: 'page' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  notification_reason: 'first notification',
  alerts: [
    {
      status: 'firing',
      labels: {
        alertname: 'PlaceOrderErrors',
        severity: 'page',
        service_name: 'orders',
        span_name: 'place_order',
      },
      annotations: { summary: 'place_order fails for 12 % of requests' },
      startsAt: '2026-11-21T10:00:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
      fingerprint: 'c0ffee0123456789',
    },
    {
      status: 'resolved',
      labels: { alertname: 'PlaceOrderErrors', service_name: 'storefront' },
      annotations: {},
      startsAt: '2026-11-21T09:00:00Z',
      endsAt: '2026-11-21T09:30:00Z',
      generatorURL: '',
      fingerprint: 'deadbeef00000000',
    },
  ],
};

function errorOf(body: unknown): AlertPayloadError {
  try {
    parseAlertPayload(body);
  } catch (error) {
    if (error instanceof AlertPayloadError) return error;
    throw error;
  }
  throw new Error('expected the payload to be refused');
}

describe('parseAlertPayload', () => {
  it('reads an Alertmanager v4 webhook, firing and resolved alerts alike', () => {
    const alerts = parseAlertPayload(ALERTMANAGER);
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toEqual({
      source: 'alertmanager',
      dedupKey:
        '{}/{team="checkout"}:{alertname="PlaceOrderErrors"}|c0ffee0123456789|firing|2026-11-21T10:00:00.000Z',
      groupKey: ALERTMANAGER.groupKey,
      fingerprint: 'c0ffee0123456789',
      status: 'firing',
      name: 'PlaceOrderErrors',
      labels: {
        alertname: 'PlaceOrderErrors',
        severity: 'page',
        service_name: 'orders',
        span_name: 'place_order',
      },
      annotations: { summary: 'place_order fails for 12 % of requests' },
      startsAt: '2026-11-21T10:00:00.000Z',
      generatorUrl: 'http://prometheus:9090/graph?g0.expr=x',
      summary: 'place_order fails for 12 % of requests',
    });
    expect(alerts[1].status).toBe('resolved');
    // Common labels fill in what an alert lacks; its own win.
    expect(alerts[1].labels.severity).toBe('page');
    expect(alerts[1].summary).toBe(
      'PlaceOrderErrors (severity=page, service_name=storefront)',
    );
    expect(alerts[1].generatorUrl).toBeUndefined();
  });

  it('gives a repeat notification the same key and a re-fire a new one', () => {
    const first = parseAlertPayload(ALERTMANAGER)[0];
    const repeat = parseAlertPayload({
      ...ALERTMANAGER,
      notification_reason: 'repeat interval elapsed',
    })[0];
    expect(repeat.dedupKey).toBe(first.dedupKey);
    const refire = parseAlertPayload({
      ...ALERTMANAGER,
      alerts: [{ ...ALERTMANAGER.alerts[0], startsAt: '2026-11-21T12:00:00Z' }],
    })[0];
    expect(refire.dedupKey).not.toBe(first.dedupKey);
    const resolved = parseAlertPayload({
      ...ALERTMANAGER,
      alerts: [{ ...ALERTMANAGER.alerts[0], status: 'resolved' }],
    })[0];
    expect(resolved.dedupKey).not.toBe(first.dedupKey);
  });

  it('reads a Grafana alerting webhook (version 1)', () => {
    const [alert] = parseAlertPayload({
      ...ALERTMANAGER,
      version: '1',
      orgId: 1,
      title: '[FIRING:1] PlaceOrderErrors',
      state: 'alerting',
      message: '…',
      alerts: [
        {
          ...ALERTMANAGER.alerts[0],
          values: { A: 0.12 },
          dashboardURL: '',
          silenceURL: 'http://grafana/alerting/silence/new',
        },
      ],
    });
    expect(alert.source).toBe('grafana');
    expect(alert.labels.span_name).toBe('place_order');
  });

  it('computes a fingerprint from the labels when the sender gives none', () => {
    const [alert] = parseAlertPayload({
      ...ALERTMANAGER,
      alerts: [{ ...ALERTMANAGER.alerts[0], fingerprint: undefined }],
    });
    expect(alert.fingerprint).toBe(labelFingerprint(alert.labels));
    expect(labelFingerprint({ a: '1', b: '2' })).toBe(
      labelFingerprint({ b: '2', a: '1' }),
    );
    expect(labelFingerprint({ a: '1' })).not.toBe(labelFingerprint({ a: '2' }));
  });

  it('reads the plain form, one alert or a list', () => {
    const [one] = parseAlertPayload({
      operation: 'place_order',
      service: 'orders',
      summary: 'Orders failing',
    });
    expect(one).toMatchObject({
      source: 'json',
      status: 'firing',
      name: 'place_order',
      labels: { operation: 'place_order', service: 'orders' },
      summary: 'Orders failing',
    });
    const list = parseAlertPayload({
      alerts: [
        { entity: 'component:default/orders', id: 'incident-7' },
        { operation: 'charge', status: 'resolved' },
      ],
    });
    expect(list.map(a => [a.groupKey.startsWith('json:'), a.status])).toEqual([
      [false, 'firing'],
      [true, 'resolved'],
    ]);
    expect(list[0].labels.entity).toBe('component:default/orders');
  });

  it.each([
    [[], 'payload: must be a JSON object, got an array'],
    ['x', 'payload: must be a JSON object, got "x"'],
    [
      { ...ALERTMANAGER, version: '3' },
      'payload.version: is "3"; expected "4" (Alertmanager webhook) or "1" (Grafana alerting webhook), or no version for the plain form',
    ],
    [
      { ...ALERTMANAGER, groupKey: undefined },
      'payload.groupKey: is required in an Alertmanager/Grafana webhook payload',
    ],
    [
      { ...ALERTMANAGER, alerts: {} },
      'payload.alerts: must be an array, got an object',
    ],
    [
      { ...ALERTMANAGER, alerts: [ALERTMANAGER.alerts[0], 7] },
      'payload.alerts[1]: must be an object, got a number',
    ],
    [
      {
        ...ALERTMANAGER,
        alerts: [{ ...ALERTMANAGER.alerts[0], status: 'pending' }],
      },
      'payload.alerts[0].status: must be "firing" or "resolved", got "pending"',
    ],
    [
      {
        ...ALERTMANAGER,
        alerts: [
          { ...ALERTMANAGER.alerts[0], labels: { alertname: 'X', team: 3 } },
        ],
      },
      'payload.alerts[0].labels.team: must be a string, got a number',
    ],
    [
      {
        ...ALERTMANAGER,
        alerts: [{ ...ALERTMANAGER.alerts[0], startsAt: 'yesterday' }],
      },
      'payload.alerts[0].startsAt: must be an RFC 3339 time, got "yesterday"',
    ],
    [
      { ...ALERTMANAGER, commonLabels: 'x' },
      'payload.commonLabels: must be an object of strings, got "x"',
    ],
    [
      { summary: 'no signal' },
      'payload: needs "operation" (the signal operation, e.g. place_order) or "entity" (an entity ref whose signal operation is routed)',
    ],
    [
      { operation: 'x', severity: 'page' },
      'payload.severity: is not a field of the plain alert form (expected id, status, operation, service, entity, summary, startsAt, labels, annotations)',
    ],
    [
      { alerts: [{ operation: 'x' }], receiver: 'y' },
      'payload.receiver: is not expected beside "alerts" in the plain form (Alertmanager payloads carry version "4")',
    ],
  ])(
    'refuses bad payload %# with the place and the reason',
    (body, message) => {
      expect(errorOf(body).message).toBe(message);
    },
  );

  it('caps the alerts of one request', () => {
    const many = Array.from({ length: 1001 }, () => ALERTMANAGER.alerts[0]);
    expect(errorOf({ ...ALERTMANAGER, alerts: many }).location).toBe(
      'payload.alerts',
    );
  });
});
