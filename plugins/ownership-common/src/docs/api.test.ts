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
import { escalationPolicySummary, EscalationSource } from './api';

const shift = (name: string, escalationLevel: number) => ({
  person: { name, userRef: `user:default/${name}` },
  escalationLevel,
  start: '2026-11-16T08:00:00.000Z',
  end: '2026-11-23T08:00:00.000Z',
});

describe('escalationPolicySummary', () => {
  it('merges current shifts and escalation steps into levels, sorted', () => {
    const onCall: EscalationSource = {
      entityRef: 'component:default/orders',
      groupRef: 'group:default/team-checkout',
      providerId: 'catalog',
      timeZone: 'Europe/Berlin',
      scheduleUrl: 'https://portal/catalog/default/group/team-checkout',
      current: [shift('carol', 3), shift('alice', 1), shift('dave', 1)],
      escalation: [
        {
          level: 2,
          delayMinutes: 15,
          targets: [{ name: 'bob' }, { name: 'erin' }],
        },
        { level: 1, delayMinutes: 0, targets: [{ name: 'Primary' }] },
        { level: 3, delayMinutes: 30, targets: [] },
      ],
    };
    expect(
      escalationPolicySummary(onCall, 'group:default/team-checkout'),
    ).toEqual({
      entityRef: 'component:default/orders',
      ownerRef: 'group:default/team-checkout',
      groupRef: 'group:default/team-checkout',
      provider: 'catalog',
      timeZone: 'Europe/Berlin',
      scheduleUrl: 'https://portal/catalog/default/group/team-checkout',
      levels: [
        {
          level: 1,
          delayMinutes: 0,
          onCallNow: ['alice', 'dave'],
          targets: ['Primary'],
        },
        {
          level: 2,
          delayMinutes: 15,
          onCallNow: [],
          targets: ['bob', 'erin'],
        },
        {
          level: 3,
          delayMinutes: 30,
          onCallNow: ['carol'],
          targets: [],
        },
      ],
    });
  });

  it('keeps levels that only have someone on call, with no delay', () => {
    expect(
      escalationPolicySummary({
        entityRef: 'group:default/team-checkout',
        providerId: 'pagerduty',
        current: [shift('bob', 2), shift('alice', 1)],
        escalation: [],
      }).levels,
    ).toEqual([
      { level: 1, delayMinutes: 0, onCallNow: ['alice'], targets: [] },
      { level: 2, delayMinutes: 0, onCallNow: ['bob'], targets: [] },
    ]);
  });

  it('passes the reason through when there is no schedule, leaving out what is unknown', () => {
    const summary = escalationPolicySummary({
      entityRef: 'component:default/orders',
      current: [],
      escalation: [],
      reason: 'team-checkout has no on-call schedule',
    });
    expect(summary).toEqual({
      entityRef: 'component:default/orders',
      levels: [],
      reason: 'team-checkout has no on-call schedule',
    });
    expect(Object.keys(summary)).toEqual(['entityRef', 'levels', 'reason']);
  });

  it('leaves out an empty owner ref', () => {
    expect(
      escalationPolicySummary(
        { entityRef: 'api:default/orders', current: [], escalation: [] },
        '',
      ),
    ).toEqual({ entityRef: 'api:default/orders', levels: [] });
  });
});
