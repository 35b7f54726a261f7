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
  DocFieldStatus,
  DocsHealthList,
  EntityDocsHealth,
} from '@service-ownership/plugin-ownership-common';

/**
 * Documentation-health fixtures of the demo shop, answered at `NOW` (Friday 20 Nov 2026, 12:00 UTC): orders is
 * stale (a dependency and an SLO changed since its review), payments overdue, shipping incomplete, inventory due
 * soon, storefront fresh.
 */

/** The ops-doc checklist of a component with everything but the alert rules and TechDocs. */
export const ordersFields: DocFieldStatus[] = [
  {
    id: 'owner',
    label: 'Owner',
    required: true,
    present: true,
    detail: 'team-checkout',
  },
  { id: 'description', label: 'Description', required: true, present: true },
  {
    id: 'runbook',
    label: 'Runbook',
    required: true,
    present: true,
    detail: 'https://runbooks.example.com/orders',
  },
  {
    id: 'dashboard',
    label: 'Dashboard',
    required: true,
    present: true,
    detail: 'https://grafana.example.com/d/orders',
  },
  {
    id: 'alerts',
    label: 'Alerts',
    required: false,
    present: false,
    hint: 'add a link with `type: alerts` (the alert rules) under metadata.links',
  },
  {
    id: 'techdocs',
    label: 'TechDocs',
    required: false,
    present: false,
    hint: 'add the backstage.io/techdocs-ref annotation',
  },
  {
    id: 'serviceName',
    label: 'Tracing service name',
    required: false,
    present: true,
    detail: 'orders',
  },
  {
    id: 'signalOperations',
    label: 'Signal operations',
    required: false,
    present: false,
    hint: 'add the service-ownership.io/signal-operations annotation',
  },
  {
    id: 'slos',
    label: 'SLOs',
    required: false,
    present: true,
    detail: '3 SLOs',
  },
  {
    id: 'onCall',
    label: 'On-call',
    required: true,
    present: true,
    detail: 'catalog rotation of team-checkout',
  },
];

/** orders: reviewed in the portal 40 days ago, since then a dependency appeared and an SLO changed. */
export const ordersStaleDocs: EntityDocsHealth = {
  entityRef: 'component:default/orders',
  kind: 'Component',
  title: 'Orders',
  ownerRef: 'group:default/team-checkout',
  state: 'stale',
  label: 'Stale: dependencies, SLOs changed',
  reasons: [
    'observed dependencies changed: + shipping since the last review',
    'SLO definitions changed: ~ place-order-latency since the last review',
  ],
  fields: ordersFields,
  missingRequired: [],
  lastAudited: {
    at: '2026-10-11T09:30:00.000Z',
    source: 'review',
    by: 'user:default/alice',
  },
  lastModified: {
    at: '2026-11-18T15:00:00.000Z',
    source: 'scm',
    url: 'https://github.com/example/shop/blob/main/orders/catalog-info.yaml',
  },
  intervalDays: 90,
  intervalSource: 'kind',
  dueAt: '2027-01-09T09:30:00.000Z',
  daysUntilDue: 50,
  changes: [
    { aspect: 'dependencies', added: ['component:default/shipping'], removed: [] },
    {
      aspect: 'slos',
      added: [],
      removed: [],
      changed: ['place-order-latency'],
    },
  ],
  review: { allowed: true },
  problems: [],
};

/** orders as "Mark as reviewed" answers it. */
export const ordersFreshDocs: EntityDocsHealth = {
  ...ordersStaleDocs,
  state: 'fresh',
  label: 'Fresh',
  reasons: [],
  lastAudited: {
    at: '2026-11-20T12:00:00.000Z',
    source: 'review',
    by: 'user:development/guest',
  },
  dueAt: '2027-02-18T12:00:00.000Z',
  daysUntilDue: 90,
  changes: [],
};

/** payments: last audited through the annotation, 102 days ago, every 90 days. */
export const paymentsOverdueDocs: EntityDocsHealth = {
  entityRef: 'component:default/payments',
  kind: 'Component',
  title: 'Payments',
  ownerRef: 'group:default/team-payments',
  state: 'overdue',
  label: 'Overdue 12 days',
  reasons: [
    'review overdue by 12 days (last reviewed 2026-08-10, every 90 days)',
  ],
  fields: ordersFields,
  missingRequired: [],
  lastAudited: { at: '2026-08-10T00:00:00.000Z', source: 'annotation' },
  lastModified: { at: '2026-07-01T10:00:00.000Z', source: 'file' },
  intervalDays: 90,
  intervalSource: 'default',
  dueAt: '2026-11-08T00:00:00.000Z',
  daysUntilDue: -12,
  changes: [],
  review: {
    allowed: false,
    reason: 'Only members of team-payments can mark its docs reviewed.',
  },
  problems: [],
};

/** shipping: no runbook and no on-call, never reviewed. */
export const shippingIncompleteDocs: EntityDocsHealth = {
  entityRef: 'component:default/shipping',
  kind: 'Component',
  ownerRef: 'group:default/team-checkout',
  state: 'incomplete',
  label: 'Incomplete: 2 missing',
  reasons: [
    'missing Runbook, On-call',
    'review overdue by 3 days (never reviewed; last changed 2026-08-19, every 90 days)',
  ],
  fields: ordersFields.map(field =>
    field.id === 'runbook' || field.id === 'onCall'
      ? {
          id: field.id,
          label: field.label,
          required: true,
          present: false,
          hint:
            field.id === 'runbook'
              ? 'add a link with `type: runbook` (or `playbook`) under metadata.links'
              : 'give the owning group an on-call schedule',
        }
      : field,
  ),
  missingRequired: ['Runbook', 'On-call'],
  lastModified: { at: '2026-08-19T08:00:00.000Z', source: 'catalog' },
  intervalDays: 90,
  intervalSource: 'kind',
  dueAt: '2026-11-17T08:00:00.000Z',
  daysUntilDue: -3,
  changes: [],
  review: { allowed: true },
  problems: [],
};

/** inventory: reviewed 85 days ago, due in 5 days; nudges snoozed for a week. */
export const inventoryDueSoonDocs: EntityDocsHealth = {
  entityRef: 'component:default/inventory',
  kind: 'Component',
  title: 'Inventory',
  ownerRef: 'group:default/team-checkout',
  state: 'due-soon',
  label: 'Due in 5 days',
  reasons: ['review due in 5 days (2026-11-25)'],
  fields: ordersFields,
  missingRequired: [],
  lastAudited: {
    at: '2026-08-27T12:00:00.000Z',
    source: 'review',
    by: 'user:default/bob',
    comment: 'checked the runbook after the incident',
  },
  intervalDays: 90,
  intervalSource: 'entity',
  dueAt: '2026-11-25T12:00:00.000Z',
  daysUntilDue: 5,
  changes: [],
  snoozedUntil: '2026-11-27T12:00:00.000Z',
  snoozedBy: 'user:default/bob',
  review: { allowed: true },
  problems: [],
};

/** storefront: reviewed last week. */
export const storefrontFreshDocs: EntityDocsHealth = {
  entityRef: 'component:default/storefront',
  kind: 'Component',
  title: 'Storefront',
  ownerRef: 'group:default/team-checkout',
  state: 'fresh',
  label: 'Fresh',
  reasons: [],
  fields: ordersFields,
  missingRequired: [],
  lastAudited: {
    at: '2026-11-13T12:00:00.000Z',
    source: 'review',
    by: 'user:default/alice',
  },
  intervalDays: 90,
  intervalSource: 'kind',
  dueAt: '2027-02-11T12:00:00.000Z',
  daysUntilDue: 83,
  changes: [],
  review: { allowed: true },
  problems: [],
};

/** What `GET /v1/docs-health?owner=me&attention=true` answers the guest, a member of team-checkout. */
export const myStaleDocs: DocsHealthList = {
  owners: ['group:default/team-checkout'],
  counts: { incomplete: 1, overdue: 0, stale: 1, 'due-soon': 1, fresh: 1 },
  total: 4,
  items: [shippingIncompleteDocs, ordersStaleDocs, inventoryDueSoonDocs],
};

/** The same question when everything is fresh (`owner=me` also counts what the user owns personally). */
export const myFreshDocs: DocsHealthList = {
  owners: ['group:default/team-checkout', 'user:development/guest'],
  counts: { incomplete: 0, overdue: 0, stale: 0, 'due-soon': 0, fresh: 4 },
  total: 4,
  items: [],
};

/** The same question for a user in no group. */
export const noTeamDocs: DocsHealthList = {
  owners: [],
  counts: { incomplete: 0, overdue: 0, stale: 0, 'due-soon': 0, fresh: 0 },
  total: 0,
  items: [],
  reason: 'You are not a member of any group in the catalog.',
};

/** Every tracked entity of team-checkout, most urgent first (`GET /v1/docs-health?owner=group:default/team-checkout`). */
export const teamCheckoutDocs: DocsHealthList = {
  owners: ['group:default/team-checkout'],
  counts: { incomplete: 1, overdue: 0, stale: 1, 'due-soon': 1, fresh: 1 },
  total: 4,
  items: [
    shippingIncompleteDocs,
    ordersStaleDocs,
    inventoryDueSoonDocs,
    storefrontFreshDocs,
  ],
};
