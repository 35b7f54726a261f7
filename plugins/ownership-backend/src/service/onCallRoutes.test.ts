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
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { PAGERDUTY_SERVICE_ANNOTATION } from '@service-ownership/plugin-ownership-common';
import { OnCallProvider } from '@service-ownership/plugin-ownership-node';
import express from 'express';
import request from 'supertest';
import { CatalogOnCallProvider } from '../onCall/CatalogOnCallProvider';
import { expectToMatchSpec } from '../__testUtils__/openapi';
import { createOnCallRoutes, lookupGroupOnCall } from './onCallRoutes';

// Saturday 2026-11-21, 12:00 UTC (13:00 in Berlin).
const NOW = new Date('2026-11-21T12:00:00Z');

const CHECKOUT_SCHEDULE = `timeZone: Europe/Berlin
handoff: '09:00'
rotation: 1w
start: '2026-11-02'
members: [alice, bob, guest]
escalation:
  - after: 15m
    members: [bob, guest, alice]
`;

function group(name: string, schedule?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace: 'default',
      ...(schedule
        ? { annotations: { 'service-ownership.io/on-call': schedule } }
        : {}),
    },
    spec: { type: 'team', children: [] },
  };
}

function user(
  name: string,
  displayName: string,
  memberOf: string[] = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {
      profile: { displayName, email: `${name}@example.com` },
      memberOf,
    },
    relations: memberOf.map(team => ({
      type: 'memberOf',
      targetRef: `group:default/${team}`,
    })),
  };
}

function withAnnotation(entity: Entity, key: string, value: string): Entity {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: { ...entity.metadata.annotations, [key]: value },
    },
  };
}

function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner, type: 'service', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const entities: Entity[] = [
  group('team-checkout', CHECKOUT_SCHEDULE),
  group('team-fulfilment'),
  group(
    'team-broken',
    "timeZone: Mars/Olympus\nrotation: 1w\nstart: '2026-11-02'\nmembers: [alice]\n",
  ),
  // A team paged through PagerDuty that also keeps a catalog rotation.
  withAnnotation(
    group('team-paged', CHECKOUT_SCHEDULE),
    PAGERDUTY_SERVICE_ANNOTATION,
    'PTEAM',
  ),
  user('alice', 'Alice Moreau'),
  user('bob', 'Bob Okafor', ['team-checkout', 'team-paged']),
  user('guest', 'Guest', ['team-checkout', 'team-fulfilment']),
  component('orders', 'team-checkout'),
  component('shipping', 'team-fulfilment'),
  component('legacy', 'team-broken'),
  component('payments', 'team-checkout', {
    [PAGERDUTY_SERVICE_ANNOTATION]: 'PSERVICE',
  }),
  {
    ...component('orphan', 'team-checkout'),
    relations: [],
  },
];

/** A vendor provider answering for entities with a PagerDuty service id, as a module would add one. */
function vendorProvider(fail = false): OnCallProvider {
  return {
    id: 'pagerduty',
    supports: entity =>
      Boolean(entity.metadata.annotations?.[PAGERDUTY_SERVICE_ANNOTATION]),
    getRoster: async ({ now }) => {
      if (fail) throw new Error('PagerDuty answered 503');
      return {
        providerId: 'pagerduty',
        current: [
          {
            person: { name: 'Dana PD', email: 'dana@example.com' },
            escalationLevel: 1,
            start: new Date(now.getTime() - 3_600_000),
            end: new Date(now.getTime() + 3_600_000),
          },
        ],
        next: [],
        escalation: [],
        scheduleUrl: 'https://example.pagerduty.com/schedules/PSCHED',
      };
    },
  };
}

function app(providers: OnCallProvider[]) {
  const router = createOnCallRoutes({
    httpAuth: mockServices.httpAuth(),
    catalog: catalogServiceMock({ entities }),
    providers,
    logger: mockServices.logger.mock(),
    now: () => NOW,
  });
  return express().use(router).use(mockErrorHandler());
}

const get = (providers: OnCallProvider[], path: string) =>
  request(app(providers))
    .get(path)
    .set('Authorization', mockCredentials.user.header());

describe('on-call routes', () => {
  const catalogOnly = [new CatalogOnCallProvider()];

  it("answers who is on call for a component from its owner group's rotation, with catalog profiles", async () => {
    const response = await get(
      catalogOnly,
      '/v1/entities/component/default/orders/on-call',
    );
    expect(response.status).toBe(200);
    expectToMatchSpec(
      '/v1/entities/{kind}/{namespace}/{name}/on-call',
      200,
      response.body,
    );
    // Weeks from Monday 2 November, 09:00 Berlin (08:00 UTC): alice, bob, then guest from 16 November.
    expect(response.body).toEqual({
      entityRef: 'component:default/orders',
      groupRef: 'group:default/team-checkout',
      providerId: 'catalog',
      timeZone: 'Europe/Berlin',
      problems: [],
      current: [
        {
          person: {
            userRef: 'user:default/guest',
            name: 'Guest',
            email: 'guest@example.com',
          },
          escalationLevel: 1,
          start: '2026-11-16T08:00:00.000Z',
          end: '2026-11-23T08:00:00.000Z',
        },
        {
          person: {
            userRef: 'user:default/alice',
            name: 'Alice Moreau',
            email: 'alice@example.com',
          },
          escalationLevel: 2,
          start: '2026-11-16T08:00:00.000Z',
          end: '2026-11-23T08:00:00.000Z',
        },
      ],
      next: [
        expect.objectContaining({
          person: expect.objectContaining({ userRef: 'user:default/alice' }),
          escalationLevel: 1,
          start: '2026-11-23T08:00:00.000Z',
          end: '2026-11-30T08:00:00.000Z',
        }),
        expect.objectContaining({
          person: expect.objectContaining({ userRef: 'user:default/bob' }),
          escalationLevel: 2,
        }),
      ],
      escalation: [
        {
          level: 1,
          delayMinutes: 0,
          targets: [expect.objectContaining({ name: 'Guest' })],
        },
        {
          level: 2,
          delayMinutes: 15,
          targets: [expect.objectContaining({ name: 'Alice Moreau' })],
        },
      ],
    });
  });

  it('answers for a group itself', async () => {
    const response = await get(
      catalogOnly,
      '/v1/entities/group/default/team-checkout/on-call',
    );
    expect(response.body).toMatchObject({
      entityRef: 'group:default/team-checkout',
      groupRef: 'group:default/team-checkout',
      providerId: 'catalog',
      current: [
        expect.objectContaining({ escalationLevel: 1 }),
        expect.objectContaining({ escalationLevel: 2 }),
      ],
    });
  });

  it('says why there is no roster: no schedule, an invalid one, or no owner group', async () => {
    const none = await get(
      catalogOnly,
      '/v1/entities/component/default/shipping/on-call',
    );
    expect(none.body).toMatchObject({
      groupRef: 'group:default/team-fulfilment',
      current: [],
      problems: [],
      reason: expect.stringContaining(
        'group:default/team-fulfilment has no service-ownership.io/on-call annotation',
      ),
    });
    const broken = await get(
      catalogOnly,
      '/v1/entities/component/default/legacy/on-call',
    );
    expectToMatchSpec(
      '/v1/entities/{kind}/{namespace}/{name}/on-call',
      200,
      broken.body,
    );
    expect(broken.body.reason).toContain('that is valid');
    expect(broken.body.problems).toEqual([
      expect.objectContaining({
        path: expect.stringContaining('.timeZone'),
        value: 'Mars/Olympus',
      }),
    ]);
    const orphan = await get(
      catalogOnly,
      '/v1/entities/component/default/orphan/on-call',
    );
    expect(orphan.body.reason).toContain('has no owner group');
  });

  it("prefers a provider holding the entity's own schedule, and falls back to the group's when it fails", async () => {
    const vendor = await get(
      [vendorProvider(), ...catalogOnly],
      '/v1/entities/component/default/payments/on-call',
    );
    expect(vendor.body).toMatchObject({
      providerId: 'pagerduty',
      scheduleUrl: 'https://example.pagerduty.com/schedules/PSCHED',
      current: [{ person: { name: 'Dana PD', email: 'dana@example.com' } }],
    });
    const fallback = await get(
      [vendorProvider(true), ...catalogOnly],
      '/v1/entities/component/default/payments/on-call',
    );
    expect(fallback.body).toMatchObject({
      providerId: 'catalog',
      groupRef: 'group:default/team-checkout',
    });
  });

  it('refuses anonymous callers and answers 404 for unknown entities', async () => {
    const anonymous = await request(app(catalogOnly))
      .get('/v1/entities/component/default/orders/on-call')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const unknown = await get(
      catalogOnly,
      '/v1/entities/component/default/nope/on-call',
    );
    expect(unknown.status).toBe(404);
  });
});

describe('GET /v1/on-call/me', () => {
  const catalogOnly = [new CatalogOnCallProvider()];
  const me = (
    userRef: string,
    providers: OnCallProvider[] = catalogOnly,
  ): request.Test =>
    request(app(providers))
      .get('/v1/on-call/me')
      .set('Authorization', mockCredentials.user.header(userRef));

  it("answers the user's shifts in the next 14 days and who covers each of their teams", async () => {
    const response = await me('user:default/guest');
    expect(response.status).toBe(200);
    expectToMatchSpec('/v1/on-call/me', 200, response.body);
    // From Saturday 21 November 12:00 UTC to Saturday 5 December: guest is the primary of the week that
    // began on Monday 16 November, then the secondary from Monday 30 November (reported whole, to 7 December).
    expect(response.body).toEqual({
      userRef: 'user:default/guest',
      from: '2026-11-21T12:00:00.000Z',
      to: '2026-12-05T12:00:00.000Z',
      shifts: [
        {
          groupRef: 'group:default/team-checkout',
          escalationLevel: 1,
          start: '2026-11-16T08:00:00.000Z',
          end: '2026-11-23T08:00:00.000Z',
        },
        {
          groupRef: 'group:default/team-checkout',
          escalationLevel: 2,
          start: '2026-11-30T08:00:00.000Z',
          end: '2026-12-07T08:00:00.000Z',
        },
      ],
      teams: [
        {
          groupRef: 'group:default/team-checkout',
          // orders and payments; the orphan has no ownedBy relation.
          ownedEntityCount: 2,
          providerId: 'catalog',
          timeZone: 'Europe/Berlin',
          problems: [],
          current: [
            {
              person: {
                userRef: 'user:default/guest',
                name: 'Guest',
                email: 'guest@example.com',
              },
              escalationLevel: 1,
              start: '2026-11-16T08:00:00.000Z',
              end: '2026-11-23T08:00:00.000Z',
            },
            expect.objectContaining({
              person: expect.objectContaining({ name: 'Alice Moreau' }),
              escalationLevel: 2,
            }),
          ],
          next: [
            {
              person: {
                userRef: 'user:default/alice',
                name: 'Alice Moreau',
                email: 'alice@example.com',
              },
              escalationLevel: 1,
              start: '2026-11-23T08:00:00.000Z',
              end: '2026-11-30T08:00:00.000Z',
            },
            expect.objectContaining({
              person: expect.objectContaining({ name: 'Bob Okafor' }),
              escalationLevel: 2,
            }),
          ],
        },
        {
          groupRef: 'group:default/team-fulfilment',
          ownedEntityCount: 1,
          current: [],
          next: [],
          problems: [],
          reason:
            'No on-call schedule covers group:default/team-fulfilment: it has no service-ownership.io/on-call annotation, and no provider (PagerDuty, Opsgenie) knows it',
        },
      ],
    });
  });

  it('lists shifts across teams in order, and asks module providers first for the rosters', async () => {
    const response = await me('user:default/bob', [
      vendorProvider(),
      ...catalogOnly,
    ]);
    expectToMatchSpec('/v1/on-call/me', 200, response.body);
    // Both teams share the rotation: bob is the secondary of the week of 23 November, then the primary of
    // the week of 30 November, in each.
    expect(
      response.body.shifts.map(
        (shift: { groupRef: string; escalationLevel: number; start: string }) =>
          `${shift.groupRef} L${shift.escalationLevel} ${shift.start}`,
      ),
    ).toEqual([
      'group:default/team-checkout L2 2026-11-23T08:00:00.000Z',
      'group:default/team-paged L2 2026-11-23T08:00:00.000Z',
      'group:default/team-checkout L1 2026-11-30T08:00:00.000Z',
      'group:default/team-paged L1 2026-11-30T08:00:00.000Z',
    ]);
    expect(response.body.teams).toEqual([
      expect.objectContaining({
        groupRef: 'group:default/team-checkout',
        providerId: 'catalog',
      }),
      expect.objectContaining({
        groupRef: 'group:default/team-paged',
        providerId: 'pagerduty',
        ownedEntityCount: 0,
        scheduleUrl: 'https://example.pagerduty.com/schedules/PSCHED',
        current: [
          expect.objectContaining({
            person: { name: 'Dana PD', email: 'dana@example.com' },
          }),
        ],
      }),
    ]);

    const fallback = await me('user:default/bob', [
      vendorProvider(true),
      ...catalogOnly,
    ]);
    expect(fallback.body.teams[1]).toMatchObject({
      groupRef: 'group:default/team-paged',
      providerId: 'catalog',
    });
  });

  it('says why when the user is in no group or not in the catalog', async () => {
    const alone = await me('user:default/alice');
    expectToMatchSpec('/v1/on-call/me', 200, alone.body);
    expect(alone.body).toMatchObject({ shifts: [], teams: [] });
    expect(alone.body.reason).toBeUndefined();

    const unknown = await me('user:default/nobody');
    expect(unknown.status).toBe(200);
    expectToMatchSpec('/v1/on-call/me', 200, unknown.body);
    expect(unknown.body).toMatchObject({
      userRef: 'user:default/nobody',
      shifts: [],
      teams: [],
      reason: expect.stringContaining(
        'user:default/nobody is not in the catalog',
      ),
    });
  });

  it('answers only signed-in users: 401 without a token, 403 for a service', async () => {
    const anonymous = await request(app(catalogOnly))
      .get('/v1/on-call/me')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const service = await request(app(catalogOnly))
      .get('/v1/on-call/me')
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(403);
  });
});

describe('lookupGroupOnCall', () => {
  const lookup = (groupRef: string, providers: OnCallProvider[]) =>
    lookupGroupOnCall({
      catalog: catalogServiceMock({ entities }),
      providers,
      credentials: mockCredentials.service(),
      groupRef,
      at: NOW,
    });

  it('lists who is on call for a group now, first responder first, from the same providers as the routes', async () => {
    await expect(
      lookup('group:default/team-checkout', [new CatalogOnCallProvider()]),
    ).resolves.toEqual({
      groupRef: 'group:default/team-checkout',
      providerId: 'catalog',
      people: [
        {
          name: 'Guest',
          userRef: 'user:default/guest',
          email: 'guest@example.com',
          level: 1,
          until: '2026-11-23T08:00:00.000Z',
        },
        {
          name: 'Alice Moreau',
          userRef: 'user:default/alice',
          email: 'alice@example.com',
          level: 2,
          until: '2026-11-23T08:00:00.000Z',
        },
      ],
    });
    await expect(
      lookup('group:default/team-paged', [
        vendorProvider(),
        new CatalogOnCallProvider(),
      ]),
    ).resolves.toMatchObject({
      providerId: 'pagerduty',
      people: [{ name: 'Dana PD', level: 1 }],
    });
  });

  it('says why nobody is listed', async () => {
    const catalogOnly = [new CatalogOnCallProvider()];
    await expect(
      lookup('group:default/team-fulfilment', catalogOnly),
    ).resolves.toEqual({
      groupRef: 'group:default/team-fulfilment',
      people: [],
      reason: expect.stringContaining(
        'it has no service-ownership.io/on-call annotation',
      ),
    });
    await expect(
      lookup('group:default/nope', catalogOnly),
    ).resolves.toMatchObject({
      people: [],
      reason: 'group:default/nope is not in the catalog',
    });
  });
});
