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
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/config';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  LAST_AUDITED_ANNOTATION,
  ON_CALL_ANNOTATION,
  SIGNAL_OPERATIONS_ANNOTATION,
  SLOS_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import type {
  AlertRoutingMap,
  DocsHealthList,
  EntityDocsHealth,
  OpsDocExport,
} from '@service-ownership/plugin-ownership-common';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { ownershipPlugin } from '../plugin';
import { buildCheckoutTrace, toOtlpJson } from '../__testUtils__/demoTrace';
import { expectToMatchSpec } from '../__testUtils__/openapi';
import { eventually, postOtlpJson } from '../__testUtils__/requests';

jest.setTimeout(60_000);

const DAY = 86_400_000;

const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const ORDERS = 'component:default/orders';
const LEGACY = 'component:default/legacy';
const SCRATCH = 'component:default/scratch';
const PAYMENTS = 'component:default/payments';
const SHIPPING = 'component:default/shipping';
const ORPHAN = 'component:default/orphan';

const AS_ALICE = mockCredentials.user.header(ALICE);
const AS_BOB = mockCredentials.user.header(BOB);
const AS_SERVICE = mockCredentials.service.header();

/** team-checkout's rotation in examples/org.yaml, with team-a's members: carol answers when alice does not. */
const TEAM_A_ROTATION = `timeZone: Europe/Berlin
handoff: '09:00'
rotation: 1w
start: '2026-11-02'
members: [alice]
escalation:
  - after: 15m
    members: [carol]
`;

const SLOS = (objective: string) => `- name: charge-availability
  operation: charge
  sli: error-rate
  objective: ${objective}
  window: 30d
`;

function user(name: string, displayName: string, team: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {
      profile: { displayName, email: `${name}@example.com` },
      memberOf: [team],
    },
    relations: [{ type: 'memberOf', targetRef: `group:default/${team}` }],
  };
}

function component(
  name: string,
  owner: string | undefined,
  options: { annotations?: Record<string, string>; links?: boolean } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      description: `The ${name} service`,
      annotations: options.annotations ?? {},
      ...(options.links === false
        ? {}
        : {
            links: [
              {
                url: `https://runbooks.example.com/${name}`,
                title: 'Runbook',
                type: 'runbook',
              },
              {
                url: `https://grafana.example.com/d/${name}`,
                type: 'dashboard',
              },
            ],
          }),
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      ...(owner ? { owner } : {}),
    },
    relations: owner
      ? [{ type: 'ownedBy', targetRef: `group:default/${owner}` }]
      : [],
  };
}

/**
 * team-a (a valid catalog rotation) owns orders (complete, never reviewed: fresh from its modification),
 * legacy (audited long ago: overdue), scratch (no links: incomplete) and payments (with an SLO); team-b (no
 * on-call) owns shipping. alice is in team-a, bob in team-b. Fresh objects per backend, so tests may edit them.
 */
function catalogEntities(): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: 'team-a',
        namespace: 'default',
        annotations: { [ON_CALL_ANNOTATION]: TEAM_A_ROTATION },
      },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-b', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    user('alice', 'Alice Moreau', 'team-a'),
    user('carol', 'Carol Díaz', 'team-a'),
    user('bob', 'Bob Okafor', 'team-b'),
    component('orders', 'team-a'),
    component('legacy', 'team-a', {
      annotations: { [LAST_AUDITED_ANNOTATION]: '2024-01-15' },
    }),
    component('scratch', 'team-a', { links: false }),
    component('payments', 'team-a', {
      annotations: {
        [SIGNAL_OPERATIONS_ANNOTATION]: 'charge',
        [SLOS_ANNOTATION]: SLOS('99%'),
      },
    }),
    component('shipping', 'team-b'),
    component('orphan', undefined),
  ];
}

/**
 * The in-memory catalog of catalogServiceMock, except that it applies every key of a filter: its filter stops
 * at the first key whose value is an array (e.g. `kind: [...]`) and ignores the keys after it, while the real
 * catalog requires all keys to match. Array-valued keys are moved last, so the keys before them still count.
 */
function catalogWithAndedFilters(entities: Entity[]): CatalogService {
  const catalog = catalogServiceMock({ entities });
  const arraysLast = (filter: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(filter).sort(
        ([, a], [, b]) => Number(Array.isArray(a)) - Number(Array.isArray(b)),
      ),
    );
  const queryEntities = catalog.queryEntities.bind(catalog);
  catalog.queryEntities = (req, options) =>
    queryEntities(
      req && 'filter' in req && req.filter && !Array.isArray(req.filter)
        ? { ...req, filter: arraysLast(req.filter) as typeof req.filter }
        : req,
      options,
    );
  return catalog;
}

async function startBackend(
  options: { entities?: Entity[]; config?: JsonObject } = {},
) {
  const entities = options.entities ?? catalogEntities();
  const scheduler = mockServices.scheduler();
  const sent: NotificationSendOptions[] = [];
  const backend = await startTestBackend({
    features: [
      ownershipPlugin,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalogWithAndedFilters(entities),
      }),
      // The tests run the flush and nudge tasks themselves.
      createServiceFactory({
        service: coreServices.scheduler,
        deps: {},
        factory: () => scheduler,
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (notification: NotificationSendOptions) => {
            sent.push(notification);
          },
        }),
      }),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          ownership: { pairing: { waitSeconds: 1 } },
        },
      }),
    ],
  });
  const entity = (ref: string) =>
    entities.find(
      e =>
        `${e.kind.toLocaleLowerCase('en-US')}:default/${e.metadata.name}` ===
        ref,
    )!;
  return { backend, server: backend.server, scheduler, sent, entity };
}

const HEALTH_ROUTE = '/v1/entities/{kind}/{namespace}/{name}/docs-health';
const REVIEWS_ROUTE = `${HEALTH_ROUTE}/reviews`;
const SNOOZE_ROUTE = `${HEALTH_ROUTE}/snooze`;
const LIST_ROUTE = '/v1/docs-health';
const OPS_DOC_ROUTE = '/v1/entities/{kind}/{namespace}/{name}/ops-doc';
const ROUTING_MAP_ROUTE = '/v1/docs/alert-routing-map';

const pathOf = (ref: string) => {
  const [kind, rest] = ref.split(':');
  return `/api/ownership/v1/entities/${kind}/${rest}`;
};

function get(server: http.Server, route: string, auth = AS_ALICE) {
  return request(server).get(route).set('Authorization', auth);
}

function post(
  server: http.Server,
  route: string,
  body: unknown,
  auth = AS_ALICE,
) {
  return request(server)
    .post(route)
    .set('Authorization', auth)
    .send(body as object);
}

async function healthOf(
  server: http.Server,
  ref: string,
  auth = AS_ALICE,
): Promise<EntityDocsHealth> {
  const response = await get(server, `${pathOf(ref)}/docs-health`, auth);
  expect(response.status).toBe(200);
  expectToMatchSpec(HEALTH_ROUTE, 200, response.body);
  return response.body;
}

describe('docs routes', () => {
  describe('reading', () => {
    let server: http.Server;
    let scheduler: ReturnType<typeof mockServices.scheduler>;
    let sent: NotificationSendOptions[];
    beforeAll(async () => {
      ({ server, scheduler, sent } = await startBackend());
    });

    it.each([
      [
        '/api/ownership/v1/entities/component/default/orders/docs-health',
        HEALTH_ROUTE,
      ],
      [
        '/api/ownership/v1/entities/component/default/orders/ops-doc',
        OPS_DOC_ROUTE,
      ],
      ['/api/ownership/v1/docs-health?owner=group:default/team-a', LIST_ROUTE],
      ['/api/ownership/v1/docs/alert-routing-map', ROUTING_MAP_ROUTE],
    ])('refuses %s without credentials', async (route, specRoute) => {
      const response = await get(server, route, mockCredentials.none.header());
      expect(response.status).toBe(401);
      expectToMatchSpec(specRoute, 401, response.body);
    });

    it('answers a complete, never reviewed component as fresh, counting from its modification', async () => {
      const before = Date.now();
      const health = await healthOf(server, ORDERS);
      expect(health).toMatchObject({
        entityRef: ORDERS,
        kind: 'Component',
        ownerRef: TEAM_A,
        state: 'fresh',
        label: 'Fresh',
        reasons: [],
        missingRequired: [],
        intervalDays: 90,
        intervalSource: 'default',
        daysUntilDue: 90,
        changes: [],
        review: { allowed: true },
        problems: [],
        lastModified: { source: 'catalog' },
      });
      expect(health.lastAudited).toBeUndefined();
      expect(health.snoozedUntil).toBeUndefined();
      // The catalog fallback: when the suite first saw this version of the ops doc (now), plus 90 days.
      const modifiedMs = Date.parse(health.lastModified!.at);
      expect(modifiedMs).toBeGreaterThanOrEqual(before - 1000);
      expect(modifiedMs).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(health.dueAt!)).toBe(modifiedMs + 90 * DAY);
      expect(
        health.fields.filter(f => f.required).map(f => [f.id, f.present]),
      ).toEqual([
        ['owner', true],
        ['description', true],
        ['runbook', true],
        ['dashboard', true],
        ['onCall', true],
      ]);
      expect(health.fields.find(f => f.id === 'onCall')?.detail).toBe(
        'catalog rotation of team-a',
      );

      // Read again later, the modification time stays the first sighting.
      const again = await healthOf(server, ORDERS);
      expect(again.lastModified).toEqual(health.lastModified);
    });

    it('answers a component audited long ago as overdue', async () => {
      const health = await healthOf(server, LEGACY);
      expect(health).toMatchObject({
        entityRef: LEGACY,
        state: 'overdue',
        label: expect.stringMatching(/^Overdue \d+ days$/),
        missingRequired: [],
        lastAudited: { at: '2024-01-15T00:00:00.000Z', source: 'annotation' },
        dueAt: new Date(Date.UTC(2024, 0, 15) + 90 * DAY).toISOString(),
        changes: [],
        review: { allowed: true },
      });
      expect(health.daysUntilDue).toBeLessThan(-300);
      expect(health.reasons).toEqual([
        expect.stringMatching(
          /^review overdue by \d+ days \(last reviewed 2024-01-15, every 90 days\)$/,
        ),
      ]);
    });

    it('answers a component without links as incomplete, naming what is missing', async () => {
      const health = await healthOf(server, SCRATCH);
      expect(health).toMatchObject({
        state: 'incomplete',
        label: 'Incomplete: 2 missing',
        missingRequired: ['Runbook', 'Dashboard'],
        reasons: ['missing Runbook, Dashboard'],
      });
      expect(health.fields.find(f => f.id === 'runbook')).toEqual({
        id: 'runbook',
        label: 'Runbook',
        required: true,
        present: false,
        hint: 'add a link with `type: runbook` (or `playbook`) under metadata.links',
      });
    });

    it('answers a component with SLOs as fresh with the SLOs counted', async () => {
      const health = await healthOf(server, PAYMENTS);
      expect(health.state).toBe('fresh');
      expect(health.fields.find(f => f.id === 'slos')).toMatchObject({
        present: true,
        detail: '1 SLO',
        required: false,
      });
      expect(health.problems).toEqual([]);
    });

    it('tells bob (team-b) and a service why they may not review team-a’s docs', async () => {
      const asBob = await healthOf(server, LEGACY, AS_BOB);
      expect(asBob.state).toBe('overdue');
      expect(asBob.review).toEqual({
        allowed: false,
        reason: `Only members of ${TEAM_A} can mark these docs reviewed; ${BOB} is not one`,
      });
      const asService = await healthOf(server, LEGACY, AS_SERVICE);
      expect(asService.review).toEqual({
        allowed: false,
        reason:
          'Only a signed-in member of the owning group can mark the docs reviewed',
      });
      // bob may review his own team's docs.
      expect((await healthOf(server, SHIPPING, AS_BOB)).review).toEqual({
        allowed: true,
      });
    });

    it('answers 404 naming an unknown entity', async () => {
      const response = await get(
        server,
        '/api/ownership/v1/entities/component/default/nope/docs-health',
      );
      expect(response.status).toBe(404);
      expectToMatchSpec(HEALTH_ROUTE, 404, response.body);
      expect(response.body.error.message).toBe(
        "No entity found for ref 'component:default/nope'",
      );
    });

    it('refuses reviews of an entity without owner, and exports its ops doc without escalation', async () => {
      const health = await healthOf(server, ORPHAN);
      expect(health).toMatchObject({
        state: 'incomplete',
        missingRequired: ['Owner', 'On-call'],
        review: {
          allowed: false,
          reason:
            'The entity has no owner, so nobody can review its docs; set spec.owner',
        },
      });
      expect(health.ownerRef).toBeUndefined();
      const refused = await post(
        server,
        `${pathOf(ORPHAN)}/docs-health/reviews`,
        {},
      );
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'The entity has no owner, so nobody can review its docs; set spec.owner',
      );

      const opsDoc = await get(server, `${pathOf(ORPHAN)}/ops-doc`);
      expect(opsDoc.status).toBe(200);
      expectToMatchSpec(OPS_DOC_ROUTE, 200, opsDoc.body);
      expect(opsDoc.body.owner).toBeUndefined();
      expect(opsDoc.body.escalationPolicy).toEqual({
        entityRef: ORPHAN,
        levels: [],
        reason: 'The entity has no owner, so no on-call schedule applies',
      });
      expect(opsDoc.body.alertRouting).toEqual([
        { service: 'orphan', entityRef: ORPHAN },
      ]);
    });

    it('refuses a review by a non-member with 403 and records nothing', async () => {
      const response = await post(
        server,
        `${pathOf(LEGACY)}/docs-health/reviews`,
        { comment: 'looks fine to me' },
        AS_BOB,
      );
      expect(response.status).toBe(403);
      expectToMatchSpec(REVIEWS_ROUTE, 403, response.body, 'post');
      expect(response.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: `Only members of ${TEAM_A} can mark these docs reviewed; ${BOB} is not one`,
      });
      const after = await healthOf(server, LEGACY);
      expect(after.state).toBe('overdue');
      expect(after.lastAudited?.source).toBe('annotation');
    });

    it('refuses a review with service credentials: only users review', async () => {
      const response = await post(
        server,
        `${pathOf(LEGACY)}/docs-health/reviews`,
        {},
        AS_SERVICE,
      );
      expect(response.status).toBe(403);
      expect((await healthOf(server, LEGACY)).state).toBe('overdue');

      const anonymous = await post(
        server,
        `${pathOf(LEGACY)}/docs-health/reviews`,
        {},
        mockCredentials.none.header(),
      );
      expect(anonymous.status).toBe(401);
    });

    it.each([
      [{ comment: 5 }, 'comment'],
      [{ comment: 'ok', reviewedBy: 'user:default/mallory' }, 'reviewedBy'],
      [{ comment: 'x'.repeat(2001) }, 'comment'],
    ])('refuses the review body %j with 400', async (body, named) => {
      const response = await post(
        server,
        `${pathOf(LEGACY)}/docs-health/reviews`,
        body,
      );
      expect(response.status).toBe(400);
      expectToMatchSpec(REVIEWS_ROUTE, 400, response.body, 'post');
      expect(response.body.error.name).toBe('InputError');
      expect(response.body.error.message).toMatch(/^Invalid review: /);
      expect(response.body.error.message).toContain(named);
      expect((await healthOf(server, LEGACY)).state).toBe('overdue');
    });

    it("lists the signed-in user's entities needing attention, most overdue first, with counts over all", async () => {
      const response = await get(
        server,
        '/api/ownership/v1/docs-health?owner=me&attention=true',
      );
      expect(response.status).toBe(200);
      expectToMatchSpec(LIST_ROUTE, 200, response.body);
      const body: DocsHealthList = response.body;
      expect(body.owners).toEqual([TEAM_A, ALICE]);
      expect(body.items.map(item => [item.entityRef, item.state])).toEqual([
        [LEGACY, 'overdue'],
        [SCRATCH, 'incomplete'],
      ]);
      expect(body.counts).toEqual({
        incomplete: 1,
        overdue: 1,
        stale: 0,
        'due-soon': 0,
        fresh: 2,
      });
      expect(body.total).toBe(4);
      expect(body.reason).toBeUndefined();
      expect(body.items.every(item => item.review.allowed)).toBe(true);
    });

    it('lists everything a named group owns without attention', async () => {
      const response = await get(
        server,
        `/api/ownership/v1/docs-health?owner=${encodeURIComponent(TEAM_A)}`,
      );
      expect(response.status).toBe(200);
      expectToMatchSpec(LIST_ROUTE, 200, response.body);
      const body: DocsHealthList = response.body;
      expect(body.owners).toEqual([TEAM_A]);
      expect(body.total).toBe(4);
      expect(body.items.map(item => item.entityRef)).toEqual([
        LEGACY,
        // Both fresh and complete ones are due in 90 days: the more urgent state first, then by ref.
        SCRATCH,
        ORDERS,
        PAYMENTS,
      ]);
      expect(body.items.map(item => item.state)).toEqual([
        'overdue',
        'incomplete',
        'fresh',
        'fresh',
      ]);

      // A bare name means a group in the default namespace; services may name owners.
      const short = await get(
        server,
        '/api/ownership/v1/docs-health?owner=team-b',
        AS_SERVICE,
      );
      expect(short.status).toBe(200);
      expect(short.body.owners).toEqual([TEAM_B]);
      expect(
        short.body.items.map((item: EntityDocsHealth) => [
          item.entityRef,
          item.state,
          item.review.allowed,
        ]),
      ).toEqual([[SHIPPING, 'incomplete', false]]);
    });

    it("answers bob's list with team-b's entities only", async () => {
      const response = await get(
        server,
        '/api/ownership/v1/docs-health?owner=me',
        AS_BOB,
      );
      expect(response.status).toBe(200);
      expect(response.body.owners).toEqual([TEAM_B, BOB]);
      expect(
        response.body.items.map((item: EntityDocsHealth) => item.entityRef),
      ).toEqual([SHIPPING]);
    });

    it('refuses owner=me for a service, and owners that are not refs', async () => {
      const response = await get(
        server,
        '/api/ownership/v1/docs-health?owner=me',
        AS_SERVICE,
      );
      expect(response.status).toBe(400);
      expectToMatchSpec(LIST_ROUTE, 400, response.body);
      expect(response.body.error.message).toBe(
        'owner=me needs a signed-in user; name the owners instead',
      );
      const bad = await get(
        server,
        '/api/ownership/v1/docs-health?owner=group:',
      );
      expect(bad.status).toBe(400);
    });

    it('exports the ops doc of a component as JSON', async () => {
      const response = await get(server, `${pathOf(PAYMENTS)}/ops-doc`);
      expect(response.status).toBe(200);
      expect(response.type).toBe('application/json');
      expectToMatchSpec(OPS_DOC_ROUTE, 200, response.body);
      const body: OpsDocExport = response.body;
      expect(body).toMatchObject({
        entityRef: PAYMENTS,
        description: 'The payments service',
        owner: TEAM_A,
        links: {
          runbook: [
            { title: 'Runbook', url: 'https://runbooks.example.com/payments' },
          ],
          dashboard: [{ url: 'https://grafana.example.com/d/payments' }],
        },
        services: ['payments'],
        signalOperations: ['charge'],
        slos: [
          {
            name: 'charge-availability',
            operation: 'charge',
            sli: 'error-rate',
            objective: expect.any(Number),
            windowDays: 30,
          },
        ],
        docsHealth: {
          state: 'fresh',
          label: 'Fresh',
          reasons: [],
          intervalDays: 90,
          lastModified: { source: 'catalog' },
        },
        escalationPolicy: {
          entityRef: PAYMENTS,
          ownerRef: TEAM_A,
          groupRef: TEAM_A,
          provider: 'catalog',
          timeZone: 'Europe/Berlin',
        },
        alertRouting: [
          {
            service: 'payments',
            entityRef: PAYMENTS,
            ownerRef: TEAM_A,
            onCallProvider: 'catalog',
            onCallNow: ['Alice Moreau'],
          },
        ],
      });
      expect(body.slos[0].objective).toBeCloseTo(0.99);
      // Level 1 is on call now; the rotation's escalation step pages carol 15 minutes later.
      expect(body.escalationPolicy.levels).toEqual([
        {
          level: 1,
          delayMinutes: 0,
          onCallNow: ['Alice Moreau'],
          targets: ['Alice Moreau'],
        },
        {
          level: 2,
          delayMinutes: 15,
          onCallNow: ['Carol Díaz'],
          targets: ['Carol Díaz'],
        },
      ]);
    });

    it('exports the same ops doc as YAML, and refuses other formats', async () => {
      const json = await get(server, `${pathOf(PAYMENTS)}/ops-doc?format=json`);
      const yaml = await get(server, `${pathOf(PAYMENTS)}/ops-doc?format=yaml`);
      expect(yaml.status).toBe(200);
      expect(yaml.headers['content-type']).toMatch(/^text\/yaml/);
      expect(yaml.headers['content-disposition']).toBe(
        'attachment; filename="payments-ops-doc.yaml"',
      );
      expect(parseYaml(yaml.text)).toEqual(json.body);
      expectToMatchSpec(OPS_DOC_ROUTE, 200, parseYaml(yaml.text));

      const xml = await get(server, `${pathOf(PAYMENTS)}/ops-doc?format=xml`);
      expect(xml.status).toBe(400);
      expectToMatchSpec(OPS_DOC_ROUTE, 400, xml.body);
      expect(xml.body.error.message).toBe('format must be json or yaml');
    });

    it('exports the ops doc for a service too', async () => {
      const response = await get(
        server,
        `${pathOf(LEGACY)}/ops-doc`,
        AS_SERVICE,
      );
      expect(response.status).toBe(200);
      expect(response.body.docsHealth).toMatchObject({
        state: 'overdue',
        lastAudited: { source: 'annotation' },
      });
      expect(response.body.links.runbook).toHaveLength(1);
      expect(response.body.slos).toEqual([]);
    });

    it("maps each claimed service to its entity, owner and the owner's on-call", async () => {
      const response = await get(
        server,
        '/api/ownership/v1/docs/alert-routing-map',
      );
      expect(response.status).toBe(200);
      expectToMatchSpec(ROUTING_MAP_ROUTE, 200, response.body);
      const body: AlertRoutingMap = response.body;
      expect(Date.parse(body.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(body.conflicts).toEqual([]);
      expect(body.entries).toEqual([
        {
          service: 'legacy',
          entityRef: LEGACY,
          ownerRef: TEAM_A,
          onCallProvider: 'catalog',
          onCallNow: ['Alice Moreau'],
        },
        {
          service: 'orders',
          entityRef: ORDERS,
          ownerRef: TEAM_A,
          onCallProvider: 'catalog',
          onCallNow: ['Alice Moreau'],
        },
        // Nobody owns orphan, so no team and no on-call.
        { service: 'orphan', entityRef: ORPHAN },
        {
          service: 'payments',
          entityRef: PAYMENTS,
          ownerRef: TEAM_A,
          onCallProvider: 'catalog',
          onCallNow: ['Alice Moreau'],
        },
        {
          service: 'scratch',
          entityRef: SCRATCH,
          ownerRef: TEAM_A,
          onCallProvider: 'catalog',
          onCallNow: ['Alice Moreau'],
        },
        // team-b has no on-call schedule.
        { service: 'shipping', entityRef: SHIPPING, ownerRef: TEAM_B },
      ]);
    });

    it('exports the alert-routing map as YAML', async () => {
      const json = await get(
        server,
        '/api/ownership/v1/docs/alert-routing-map',
        AS_SERVICE,
      );
      const yaml = await get(
        server,
        '/api/ownership/v1/docs/alert-routing-map?format=yaml',
        AS_SERVICE,
      );
      expect(yaml.status).toBe(200);
      expect(yaml.headers['content-type']).toMatch(/^text\/yaml/);
      expect(yaml.headers['content-disposition']).toBe(
        'attachment; filename="alert-routing-map.yaml"',
      );
      const parsed = parseYaml(yaml.text);
      expect({ ...parsed, generatedAt: undefined }).toEqual({
        ...json.body,
        generatedAt: undefined,
      });
      expectToMatchSpec(ROUTING_MAP_ROUTE, 200, parsed);
      const bad = await get(
        server,
        '/api/ownership/v1/docs/alert-routing-map?format=csv',
      );
      expect(bad.status).toBe(400);
      expectToMatchSpec(ROUTING_MAP_ROUTE, 400, bad.body);
    });

    it('runs the nudge task: one notification per entity needing attention, to its owner', async () => {
      sent.length = 0;
      await scheduler.triggerTask('ownership-docs-nudges');
      expect(
        sent
          .map(n => [
            (n.recipients as { entityRef: string }).entityRef,
            n.payload.scope,
            n.payload.link,
          ])
          .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      ).toEqual([
        [TEAM_A, `docs-health:${LEGACY}`, '/catalog/default/component/legacy'],
        [
          TEAM_A,
          `docs-health:${SCRATCH}`,
          '/catalog/default/component/scratch',
        ],
        [
          TEAM_B,
          `docs-health:${SHIPPING}`,
          '/catalog/default/component/shipping',
        ],
      ]);
      sent.length = 0;
      await scheduler.triggerTask('ownership-docs-nudges');
      expect(sent).toEqual([]);
    });
  });

  describe('reviews and snoozes', () => {
    let server: http.Server;
    beforeAll(async () => {
      ({ server } = await startBackend());
    });

    it('records a review by a member of the owning group and answers the fresh health', async () => {
      const before = Date.now();
      const response = await post(
        server,
        `${pathOf(LEGACY)}/docs-health/reviews`,
        { comment: '  Runbook and dashboard checked  ' },
      );
      expect(response.status).toBe(201);
      expectToMatchSpec(REVIEWS_ROUTE, 201, response.body, 'post');
      const body: EntityDocsHealth = response.body;
      expect(body).toMatchObject({
        entityRef: LEGACY,
        state: 'fresh',
        reasons: [],
        changes: [],
        lastAudited: {
          source: 'review',
          by: ALICE,
          comment: 'Runbook and dashboard checked',
        },
        daysUntilDue: 90,
        review: { allowed: true },
      });
      const reviewedMs = Date.parse(body.lastAudited!.at);
      expect(reviewedMs).toBeGreaterThanOrEqual(before - 1000);
      expect(reviewedMs).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(body.dueAt!)).toBe(reviewedMs + 90 * DAY);

      const again = await healthOf(server, LEGACY);
      expect(again.state).toBe('fresh');
      expect(again.lastAudited).toEqual(body.lastAudited);
      // Others see it too.
      expect((await healthOf(server, LEGACY, AS_BOB)).lastAudited).toEqual(
        body.lastAudited,
      );
    });

    it('records a review without a body or comment', async () => {
      const response = await request(server)
        .post(`${pathOf(ORDERS)}/docs-health/reviews`)
        .set('Authorization', AS_ALICE);
      expect(response.status).toBe(201);
      expect(response.body.lastAudited).toEqual({
        at: expect.any(String),
        source: 'review',
        by: ALICE,
      });
      const blank = await post(
        server,
        `${pathOf(ORDERS)}/docs-health/reviews`,
        {
          comment: '   ',
        },
      );
      expect(blank.status).toBe(201);
      expect(blank.body.lastAudited.comment).toBeUndefined();
    });

    it('lets a member review incomplete docs, which stay incomplete', async () => {
      const response = await post(
        server,
        `${pathOf(SCRATCH)}/docs-health/reviews`,
        {},
      );
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        state: 'incomplete',
        lastAudited: { source: 'review', by: ALICE },
      });
    });

    it('snoozes nudges for some days, lifts the snooze with 0, and refuses too long a snooze', async () => {
      const route = `${pathOf(SCRATCH)}/docs-health/snooze`;
      const before = Date.now();
      const response = await post(server, route, { days: 7 });
      expect(response.status).toBe(200);
      expectToMatchSpec(SNOOZE_ROUTE, 200, response.body, 'post');
      expect(response.body).toMatchObject({
        entityRef: SCRATCH,
        state: 'incomplete',
        snoozedBy: ALICE,
      });
      const untilMs = Date.parse(response.body.snoozedUntil);
      expect(untilMs).toBeGreaterThanOrEqual(before + 7 * DAY);
      expect(untilMs).toBeLessThanOrEqual(Date.now() + 7 * DAY);
      expect((await healthOf(server, SCRATCH)).snoozedUntil).toBe(
        response.body.snoozedUntil,
      );

      const lifted = await post(server, route, { days: 0 });
      expect(lifted.status).toBe(200);
      expect(lifted.body.snoozedUntil).toBeUndefined();
      expect(lifted.body.snoozedBy).toBeUndefined();
      expect((await healthOf(server, SCRATCH)).snoozedUntil).toBeUndefined();

      for (const body of [
        { days: 1000 },
        { days: 91 },
        { days: -1 },
        { days: 1.5 },
        { days: '7' },
        {},
        { days: 7, reason: 'busy' },
      ]) {
        const refused = await post(server, route, body);
        expect(refused.status).toBe(400);
        expectToMatchSpec(SNOOZE_ROUTE, 400, refused.body, 'post');
        expect(refused.body.error.message).toBe(
          'Invalid snooze: days must be a whole number from 0 (lift the snooze) to 90',
        );
      }
      expect((await healthOf(server, SCRATCH)).snoozedUntil).toBeUndefined();
    });

    it('refuses a snooze by a non-member or a service', async () => {
      const route = `${pathOf(PAYMENTS)}/docs-health/snooze`;
      const response = await post(server, route, { days: 7 }, AS_BOB);
      expect(response.status).toBe(403);
      expectToMatchSpec(SNOOZE_ROUTE, 403, response.body, 'post');
      expect(response.body.error.message).toContain(TEAM_A);
      expect((await post(server, route, { days: 7 }, AS_SERVICE)).status).toBe(
        403,
      );
      expect((await healthOf(server, PAYMENTS)).snoozedUntil).toBeUndefined();
    });

    it('lists reviewed docs as fresh', async () => {
      const response = await get(
        server,
        '/api/ownership/v1/docs-health?owner=me&attention=true',
      );
      expect(
        response.body.items.map((item: EntityDocsHealth) => item.entityRef),
      ).toEqual([SCRATCH]);
      expect(response.body.counts).toMatchObject({
        incomplete: 1,
        overdue: 0,
        fresh: 3,
      });
    });
  });

  describe('change detection', () => {
    it('turns reviewed docs stale when the entity starts calling a new dependency', async () => {
      const { server, scheduler } = await startBackend();
      const reviewed = await post(
        server,
        `${pathOf(ORDERS)}/docs-health/reviews`,
        {},
      );
      expect(reviewed.status).toBe(201);
      expect(reviewed.body.state).toBe('fresh');

      // orders starts calling payments (and its database): spans through the OTLP receiver, flushed by the task.
      await postOtlpJson(
        server,
        toOtlpJson(
          buildCheckoutTrace({
            startMs: Date.now() - 5_000,
            placeOrderMs: 100,
          }),
        ),
      );
      const health = await eventually(
        async () => {
          await scheduler.triggerTask('ownership-ingest-flush');
          return healthOf(server, ORDERS);
        },
        h => h.state === 'stale',
      );
      expect(health).toMatchObject({
        state: 'stale',
        label: 'Stale: dependencies changed',
        lastAudited: { source: 'review', by: ALICE },
        changes: [
          {
            aspect: 'dependencies',
            // payments is in the catalog; the database is not, so it is named by its trace node.
            added: [PAYMENTS, 'trace:inventory-db'],
            removed: [],
          },
        ],
      });
      expect(health.reasons).toEqual([
        'observed dependencies changed: + payments, + inventory-db since the last review',
      ]);
      // The storefront calls orders: a caller is not a dependency.
      expect(JSON.stringify(health.changes)).not.toContain('storefront');

      // Reviewing again takes the new dependencies into the snapshot: fresh.
      const again = await post(
        server,
        `${pathOf(ORDERS)}/docs-health/reviews`,
        { comment: 'Added payments to the runbook' },
      );
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ state: 'fresh', changes: [] });
    });

    it('turns reviewed docs stale when an SLO definition changes', async () => {
      const { server, entity } = await startBackend();
      expect(
        (await post(server, `${pathOf(PAYMENTS)}/docs-health/reviews`, {}))
          .status,
      ).toBe(201);
      expect((await healthOf(server, PAYMENTS)).state).toBe('fresh');

      // The catalog now has the entity with an edited objective.
      entity(PAYMENTS).metadata.annotations![SLOS_ANNOTATION] = SLOS('95%');
      const health = await healthOf(server, PAYMENTS);
      expect(health).toMatchObject({
        state: 'stale',
        label: 'Stale: SLOs changed',
        changes: [
          {
            aspect: 'slos',
            added: [],
            removed: [],
            changed: ['charge-availability'],
          },
        ],
        reasons: [
          'SLO definitions changed: ~ charge-availability since the last review',
        ],
      });
      // The edit is a modification of the docs, seen now.
      expect(health.lastModified?.source).toBe('catalog');

      // Back to the reviewed objective: fresh again.
      entity(PAYMENTS).metadata.annotations![SLOS_ANNOTATION] = SLOS('99%');
      expect((await healthOf(server, PAYMENTS)).state).toBe('fresh');
    });

    it('compares docs audited by annotation with what the suite saw when it first met the audit date', async () => {
      const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);
      const ledger = component('ledger', 'team-a', {
        annotations: {
          [LAST_AUDITED_ANNOTATION]: yesterday,
          [SIGNAL_OPERATIONS_ANNOTATION]: 'charge',
          [SLOS_ANNOTATION]: SLOS('99%'),
        },
      });
      const { server } = await startBackend({
        entities: [...catalogEntities(), ledger],
      });
      const LEDGER = 'component:default/ledger';
      expect(await healthOf(server, LEDGER)).toMatchObject({
        state: 'fresh',
        lastAudited: {
          at: `${yesterday}T00:00:00.000Z`,
          source: 'annotation',
        },
        changes: [],
      });

      ledger.metadata.annotations![SLOS_ANNOTATION] = SLOS('95%');
      expect(await healthOf(server, LEDGER)).toMatchObject({
        state: 'stale',
        changes: [
          {
            aspect: 'slos',
            added: [],
            removed: [],
            changed: ['charge-availability'],
          },
        ],
      });

      // A new audit date (the owners updated the annotation with the SLO): a new baseline, fresh again.
      ledger.metadata.annotations![LAST_AUDITED_ANNOTATION] = new Date()
        .toISOString()
        .slice(0, 10);
      expect(await healthOf(server, LEDGER)).toMatchObject({
        state: 'fresh',
        changes: [],
      });
    });

    it("turns reviewed docs stale when the owner's on-call rotation changes", async () => {
      const { server, entity } = await startBackend();
      await post(server, `${pathOf(ORDERS)}/docs-health/reviews`, {});
      entity(TEAM_A).metadata.annotations![ON_CALL_ANNOTATION] =
        TEAM_A_ROTATION.replace('members: [alice]', 'members: [alice, carol]');
      const health = await healthOf(server, ORDERS);
      expect(health).toMatchObject({
        state: 'stale',
        changes: [{ aspect: 'onCall', changed: ['on-call rotation'] }],
      });
    });
  });

  describe('persistence', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownership-docs-'));
    });
    afterAll(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('keeps reviews and snoozes across a restart on the same database', async () => {
      const config = {
        backend: {
          database: {
            client: 'better-sqlite3',
            connection: { directory: dir },
          },
        },
      };
      const first = await startBackend({ config });
      const reviewed = await post(
        first.server,
        `${pathOf(LEGACY)}/docs-health/reviews`,
        { comment: 'Checked before the restart' },
      );
      expect(reviewed.status).toBe(201);
      const snoozed = await post(
        first.server,
        `${pathOf(SCRATCH)}/docs-health/snooze`,
        { days: 14 },
      );
      expect(snoozed.status).toBe(200);
      const modified = (await healthOf(first.server, ORDERS)).lastModified;
      await first.backend.stop();
      expect(fs.readdirSync(dir)).toContain('ownership.sqlite');

      const second = await startBackend({ config });
      const legacy = await healthOf(second.server, LEGACY);
      expect(legacy).toMatchObject({
        state: 'fresh',
        lastAudited: {
          source: 'review',
          by: ALICE,
          comment: 'Checked before the restart',
        },
      });
      expect(legacy.lastAudited).toEqual(reviewed.body.lastAudited);
      const scratch = await healthOf(second.server, SCRATCH);
      expect(scratch.snoozedUntil).toBe(snoozed.body.snoozedUntil);
      expect(scratch.snoozedBy).toBe(ALICE);
      // The first sighting of the ops doc, the "catalog" modification time, survives too.
      expect((await healthOf(second.server, ORDERS)).lastModified).toEqual(
        modified,
      );
    });
  });
});
