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
  EntityOnCall,
  MyOnCall,
  ON_CALL_ANNOTATION,
  OnCallPersonJson,
  OwnershipProblem,
} from '@service-ownership/plugin-ownership-common';

/**
 * On-call fixtures of the demo shop's team-checkout (examples/org.yaml), answered at `NOW` (Friday
 * 20 Nov 2026, 12:00 UTC): a weekly catalog rotation in Europe/Berlin handing over on Mondays at 09:00
 * (08:00 UTC), so the next handoff is Monday 23 Nov, 2 days and 20 hours away.
 */

export const alice: OnCallPersonJson = {
  userRef: 'user:default/alice',
  name: 'Alice Doe',
  email: 'alice@example.com',
};

export const bob: OnCallPersonJson = {
  userRef: 'user:default/bob',
  name: 'Bob Roe',
  email: 'bob@example.com',
};

export const carol: OnCallPersonJson = {
  userRef: 'user:default/carol',
  name: 'Carol Poe',
};

/** A person the provider could not match to the catalog. */
export const contractor: OnCallPersonJson = {
  name: 'Dana Contractor',
  email: 'dana@contractor.example',
};

/** The orders component's on-call, from its owner team-checkout's catalog schedule. */
export const ordersOnCall: EntityOnCall = {
  entityRef: 'component:default/orders',
  groupRef: 'group:default/team-checkout',
  providerId: 'catalog',
  timeZone: 'Europe/Berlin',
  current: [
    {
      person: alice,
      escalationLevel: 1,
      start: '2026-11-16T08:00:00.000Z',
      end: '2026-11-23T08:00:00.000Z',
    },
    {
      person: carol,
      escalationLevel: 2,
      start: '2026-11-16T08:00:00.000Z',
      end: '2026-11-23T08:00:00.000Z',
    },
  ],
  next: [
    {
      person: bob,
      escalationLevel: 1,
      start: '2026-11-23T08:00:00.000Z',
      end: '2026-11-30T08:00:00.000Z',
    },
    {
      person: carol,
      escalationLevel: 2,
      start: '2026-11-23T08:00:00.000Z',
      end: '2026-11-30T08:00:00.000Z',
    },
  ],
  escalation: [
    { level: 1, delayMinutes: 0, targets: [alice, bob] },
    { level: 2, delayMinutes: 15, targets: [carol] },
  ],
  problems: [],
};

/** The same roster with an override: a contractor covers Alice's shift until Saturday morning. */
export const overriddenOnCall: EntityOnCall = {
  ...ordersOnCall,
  current: [
    {
      person: contractor,
      escalationLevel: 1,
      start: '2026-11-20T08:00:00.000Z',
      end: '2026-11-21T08:00:00.000Z',
      override: true,
    },
    ...ordersOnCall.current.slice(1),
  ],
  next: [
    {
      person: alice,
      escalationLevel: 1,
      start: '2026-11-21T08:00:00.000Z',
      end: '2026-11-23T08:00:00.000Z',
    },
    ...ordersOnCall.next.slice(1),
  ],
};

/** The orders component's on-call from its PagerDuty service: no time zone, a link to the schedule. */
export const pagerDutyOnCall: EntityOnCall = {
  ...ordersOnCall,
  providerId: 'pagerduty',
  timeZone: undefined,
  scheduleUrl: 'https://example.pagerduty.com/schedules/PX1Y2Z3',
};

/** A located problem of the on-call annotation: an escalation delay without a unit. */
export const escalationDelayProblem: OwnershipProblem = {
  severity: 'error',
  annotation: ON_CALL_ANNOTATION,
  path: 'metadata.annotations["service-ownership.io/on-call"].escalation[0].after (line 7)',
  value: '15',
  message: 'must be a duration such as 15m or 1h',
};

/** No roster: the owner group has no schedule and no provider knows the component. */
export const noOnCall: EntityOnCall = {
  entityRef: 'component:default/orders',
  groupRef: 'group:default/team-checkout',
  current: [],
  next: [],
  escalation: [],
  problems: [],
  reason:
    'No on-call schedule covers component:default/orders: its owner group:default/team-checkout has no service-ownership.io/on-call annotation, and no provider (PagerDuty, Opsgenie) knows it',
};

/** The demo's signed-in guest. */
export const guest: OnCallPersonJson = {
  userRef: 'user:default/guest',
  name: 'Guest',
  email: 'guest@example.com',
};

export const dan: OnCallPersonJson = {
  userRef: 'user:default/dan',
  name: 'Dan Kowalski',
};

/**
 * The guest's "my on-call" at `NOW`, a member of team-checkout, team-fulfilment and team-payments: the
 * secondary of team-checkout until Monday's handoff (in progress), an evening's override for team-payments on
 * Wednesday, and the primary of team-checkout from 30 November; team-fulfilment has no schedule.
 */
export const guestMyOnCall: MyOnCall = {
  userRef: 'user:default/guest',
  from: '2026-11-20T12:00:00.000Z',
  to: '2026-12-04T12:00:00.000Z',
  shifts: [
    {
      groupRef: 'group:default/team-checkout',
      escalationLevel: 2,
      start: '2026-11-16T08:00:00.000Z',
      end: '2026-11-23T08:00:00.000Z',
    },
    {
      groupRef: 'group:default/team-payments',
      escalationLevel: 1,
      start: '2026-11-25T23:00:00.000Z',
      end: '2026-11-26T04:00:00.000Z',
      override: true,
    },
    {
      groupRef: 'group:default/team-checkout',
      escalationLevel: 1,
      start: '2026-11-30T08:00:00.000Z',
      end: '2026-12-07T08:00:00.000Z',
    },
  ],
  teams: [
    {
      groupRef: 'group:default/team-checkout',
      ownedEntityCount: 4,
      providerId: 'catalog',
      timeZone: 'Europe/Berlin',
      current: [
        { ...ordersOnCall.current[0] },
        {
          person: guest,
          escalationLevel: 2,
          start: '2026-11-16T08:00:00.000Z',
          end: '2026-11-23T08:00:00.000Z',
        },
      ],
      next: ordersOnCall.next,
      problems: [],
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
    {
      groupRef: 'group:default/team-payments',
      ownedEntityCount: 1,
      providerId: 'catalog',
      timeZone: 'America/New_York',
      current: [
        {
          person: carol,
          escalationLevel: 1,
          start: '2026-11-19T13:00:00.000Z',
          end: '2026-11-20T13:00:00.000Z',
        },
      ],
      next: [
        {
          person: dan,
          escalationLevel: 1,
          start: '2026-11-20T13:00:00.000Z',
          end: '2026-11-21T13:00:00.000Z',
        },
      ],
      problems: [],
    },
  ],
};

/** A user of no team: nothing to show but how to get on a rotation. */
export const loneMyOnCall: MyOnCall = {
  userRef: 'user:default/guest',
  from: '2026-11-20T12:00:00.000Z',
  to: '2026-12-04T12:00:00.000Z',
  shifts: [],
  teams: [],
};
