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
import type {
  AlertDryRunResponse,
  AlertRoutingRecord,
} from '@service-ownership/plugin-ownership-common';

/*
 * Routing records as the backend stores them, after its own tests (alertRoutes.test.ts): an Alertmanager
 * alert on orders place_order whose failing traces end in payments, one whose traces end in the payment
 * provider behind payments (a timeout), a fallback without traces, and one whose signal is unknown.
 */

const ORDERS = 'component:default/orders';
const PAYMENTS = 'component:default/payments';
const PSP = 'component:default/psp';
const INVENTORY = 'component:default/inventory';
const TEAM_CHECKOUT = 'group:default/team-checkout';
const TEAM_PAYMENTS = 'group:default/team-payments';
const TEAM_FULFILMENT = 'group:default/team-fulfilment';

const PAYMENTS_TRACE = '4bf92f3577b34da6a3ce929d0e0e4704';
const PSP_TRACE = '0af7651916cd43dd8448eb211c80319c';

/** The labels Alertmanager sends for the spanmetrics alert on place_order. */
const placeOrderLabels = {
  alertname: 'PlaceOrderErrors',
  service_name: 'orders',
  span_name: 'place_order',
  severity: 'page',
};

/** 6 of 6 failing traces end in payments: routed by traces to team-payments, delivered on three channels. */
export const routedToPayments: AlertRoutingRecord = {
  id: '42',
  receivedAt: '2026-11-20T11:58:00.000Z',
  source: 'alertmanager',
  status: 'firing',
  name: 'PlaceOrderErrors',
  summary: 'place_order is failing',
  labels: placeOrderLabels,
  annotations: { summary: 'place_order is failing' },
  startsAt: '2026-11-20T11:57:00.000Z',
  state: 'routed',
  window: {
    from: '2026-11-20T11:47:00.000Z',
    to: '2026-11-20T11:58:00.000Z',
  },
  decision: {
    signal: { service: 'orders', operation: 'place_order', entityRef: ORDERS },
    method: 'traces',
    reason:
      '6 of 6 failing traces of orders place_order (100 %) end in payments; routed to group:default/team-payments, owner of component:default/payments.',
    confidence: 1,
    confidenceLevel: 'medium',
    tracesExamined: 10,
    failingTraces: 6,
    candidates: [
      {
        service: 'payments',
        entityRef: PAYMENTS,
        ownerRef: TEAM_PAYMENTS,
        count: 6,
        share: 1,
        traceIds: [PAYMENTS_TRACE],
      },
    ],
    culprit: {
      service: 'payments',
      entityRef: PAYMENTS,
      ownerRef: TEAM_PAYMENTS,
      count: 6,
      share: 1,
      traceIds: [PAYMENTS_TRACE],
    },
    target: { entityRef: PAYMENTS, ownerRef: TEAM_PAYMENTS },
    examplePath: {
      traceId: PAYMENTS_TRACE,
      reason: 'error-status',
      steps: [
        {
          service: 'orders',
          operation: 'place_order',
          spanId: '00f067aa0ba902b7',
          kind: 'internal',
          error: true,
          durationMs: 104.2,
        },
        {
          service: 'orders',
          operation: 'POST',
          spanId: '00f067aa0ba902b8',
          kind: 'client',
          error: true,
          durationMs: 101,
          httpStatusCode: 502,
        },
        {
          service: 'payments',
          operation: 'POST /payments',
          spanId: '00f067aa0ba902b9',
          kind: 'server',
          error: true,
          durationMs: 98.6,
          statusMessage: 'card processor unavailable',
          httpStatusCode: 503,
        },
      ],
    },
  },
  onCall: {
    groupRef: TEAM_PAYMENTS,
    providerId: 'catalog',
    people: [
      {
        name: 'Carol Díaz',
        userRef: 'user:default/carol',
        level: 1,
        until: '2026-11-21T14:00:00.000Z',
      },
      { name: 'Dan Iyer', userRef: 'user:default/dan', level: 2 },
    ],
  },
  deliveries: [
    {
      channel: 'notifications',
      status: 'sent',
      detail: 'Notified the members of group:default/team-payments',
      at: '2026-11-20T11:58:01.000Z',
    },
    {
      channel: 'pagerduty',
      status: 'sent',
      detail:
        'Triggered with the routing key of component:default/payments (dedup key {}:{alertname="PlaceOrderErrors"}|f00dfeed00000001)',
      at: '2026-11-20T11:58:01.000Z',
    },
    {
      channel: 'webhook',
      status: 'failed',
      detail: 'https://hooks.example.test/alerts answered HTTP 500',
      at: '2026-11-20T11:58:02.000Z',
    },
  ],
};

/**
 * 8 of 10 failing traces end where payments called the payment provider and gave up waiting: routed by
 * traces, with high confidence, to the provider's owner; 2 end in inventory.
 */
export const routedToPsp: AlertRoutingRecord = {
  id: '43',
  receivedAt: '2026-11-20T11:59:30.000Z',
  source: 'json',
  status: 'firing',
  name: 'place_order',
  summary: 'orders place_order',
  labels: { operation: 'place_order', service: 'orders' },
  annotations: {},
  state: 'routed',
  window: {
    from: '2026-11-20T11:49:30.000Z',
    to: '2026-11-20T11:59:30.000Z',
  },
  decision: {
    signal: { service: 'orders', operation: 'place_order', entityRef: ORDERS },
    method: 'traces',
    reason:
      '8 of 10 failing traces of orders place_order (80 %) end in payments → psp.example.net, reached through a call that ran to its caller’s deadline; routed to group:default/team-payments, owner of component:default/psp.',
    confidence: 0.8,
    confidenceLevel: 'high',
    tracesExamined: 40,
    failingTraces: 10,
    candidates: [
      {
        service: 'payments',
        peer: 'psp.example.net',
        entityRef: PSP,
        ownerRef: TEAM_PAYMENTS,
        count: 8,
        share: 0.8,
        traceIds: [PSP_TRACE],
      },
      {
        service: 'inventory',
        entityRef: INVENTORY,
        ownerRef: TEAM_FULFILMENT,
        count: 2,
        share: 0.2,
        traceIds: ['5b8efff798038103d269b633813fc60c'],
      },
    ],
    culprit: {
      service: 'payments',
      peer: 'psp.example.net',
      entityRef: PSP,
      ownerRef: TEAM_PAYMENTS,
      count: 8,
      share: 0.8,
      traceIds: [PSP_TRACE],
    },
    target: { entityRef: PSP, ownerRef: TEAM_PAYMENTS },
    examplePath: {
      traceId: PSP_TRACE,
      reason: 'timeout',
      steps: [
        {
          service: 'orders',
          operation: 'place_order',
          spanId: 'b7ad6b7169203331',
          kind: 'server',
          error: true,
          durationMs: 1503,
          httpStatusCode: 502,
        },
        {
          service: 'payments',
          operation: 'charge',
          spanId: 'b7ad6b7169203332',
          kind: 'server',
          error: true,
          durationMs: 1500,
          statusMessage: 'deadline exceeded',
        },
        {
          service: 'payments',
          operation: 'POST /charges',
          spanId: 'b7ad6b7169203333',
          kind: 'client',
          error: false,
          durationMs: 1500.4,
        },
      ],
    },
  },
  onCall: {
    groupRef: TEAM_PAYMENTS,
    people: [],
    reason: 'No on-call schedule covers group:default/team-payments',
  },
  deliveries: [
    {
      channel: 'notifications',
      status: 'sent',
      detail: 'Notified the members of group:default/team-payments',
      at: '2026-11-20T11:59:31.000Z',
    },
  ],
};

/** No trace of the signal in the window: the alerting entity's owner is paged, and the reason says so. */
export const fallbackToOrders: AlertRoutingRecord = {
  id: '41',
  receivedAt: '2026-11-20T10:15:00.000Z',
  source: 'alertmanager',
  status: 'resolved',
  name: 'PlaceOrderErrors',
  summary: 'place_order is failing',
  labels: placeOrderLabels,
  annotations: { summary: 'place_order is failing' },
  startsAt: '2026-11-20T10:00:00.000Z',
  state: 'routed',
  window: {
    from: '2026-11-20T09:50:00.000Z',
    to: '2026-11-20T10:15:00.000Z',
  },
  decision: {
    signal: { service: 'orders', operation: 'place_order', entityRef: ORDERS },
    method: 'fallback',
    reason:
      'No trace of orders place_order in the window; routed to the owner of component:default/orders, the alerting entity.',
    confidence: 0,
    confidenceLevel: 'none',
    tracesExamined: 0,
    failingTraces: 0,
    candidates: [],
    target: { entityRef: ORDERS, ownerRef: TEAM_CHECKOUT },
  },
  onCall: {
    groupRef: TEAM_CHECKOUT,
    people: [],
    reason:
      'No on-call schedule covers group:default/team-checkout: it has no service-ownership.io/on-call annotation',
  },
  deliveries: [
    {
      channel: 'notifications',
      status: 'sent',
      detail: 'Notified the members of group:default/team-checkout',
      at: '2026-11-20T10:15:01.000Z',
    },
  ],
};

/** An alert that names no trace service: recorded as failed, with what to set; nothing delivered. */
export const failedDiskFull: AlertRoutingRecord = {
  id: '40',
  receivedAt: '2026-11-20T09:00:00.000Z',
  source: 'alertmanager',
  status: 'firing',
  name: 'DiskFull',
  summary: 'DiskFull',
  labels: { alertname: 'DiskFull' },
  annotations: {},
  state: 'failed',
  deliveries: [],
  error:
    'The alert does not say which trace service it is about: set a label service, service_name or sloth_service, or entity (a catalog entity claiming a service)',
};

/** Received a moment ago, not routed yet. */
export const pendingAlert: AlertRoutingRecord = {
  id: '44',
  receivedAt: '2026-11-20T11:59:59.000Z',
  source: 'grafana',
  status: 'firing',
  name: 'CheckoutLatency',
  summary: 'CheckoutLatency',
  labels: { alertname: 'CheckoutLatency', service: 'storefront' },
  annotations: {},
  state: 'pending',
  deliveries: [],
};

/** The recent alerts, newest first, as `GET /v1/alerts` lists them. */
export const recentAlerts: AlertRoutingRecord[] = [
  pendingAlert,
  routedToPsp,
  routedToPayments,
  fallbackToOrders,
  failedDiskFull,
];

/** A dry run of `{"operation":"place_order","service":"orders"}`: nothing stored or delivered. */
export const placeOrderDryRun: AlertDryRunResponse = {
  results: [
    {
      ...routedToPayments,
      id: 'dry-run-1',
      source: 'json',
      name: 'place_order',
      summary: 'orders place_order',
      labels: { operation: 'place_order', service: 'orders' },
      annotations: {},
      startsAt: undefined,
      deliveries: [],
    },
  ],
  wouldDeliver: { 'dry-run-1': ['notifications', 'pagerduty'] },
};
