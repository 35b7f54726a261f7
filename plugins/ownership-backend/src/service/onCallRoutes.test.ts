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
import { createOnCallRoutes } from './onCallRoutes';

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

function user(name: string, displayName: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { profile: { displayName, email: `${name}@example.com` } },
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
  user('alice', 'Alice Moreau'),
  user('bob', 'Bob Okafor'),
  user('guest', 'Guest'),
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
