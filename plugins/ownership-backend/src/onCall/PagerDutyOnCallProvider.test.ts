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
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { PAGERDUTY_SERVICE_ANNOTATION } from '@service-ownership/plugin-ownership-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import escalationPolicy from './__fixtures__/pagerduty/escalation-policy.json';
import onCallsPage1 from './__fixtures__/pagerduty/oncalls-page-1.json';
import onCallsPage2 from './__fixtures__/pagerduty/oncalls-page-2.json';
import service from './__fixtures__/pagerduty/service.json';
import { PagerDutyOnCallProvider } from './PagerDutyOnCallProvider';

const API = 'https://api.pagerduty.com';
const TOKEN = 'pd-secret-token-0123456789';
// Saturday 2026-11-21, 30 s past noon UTC: the window read starts at the whole minute.
const NOW = new Date('2026-11-21T12:00:30Z');
const WEB = 'https://acme.pagerduty.com';

function component(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', namespace: 'default', annotations },
    spec: { owner: 'payments', type: 'service', lifecycle: 'production' },
  };
}

const checkout = component({ [PAGERDUTY_SERVICE_ANNOTATION]: 'PSVC001' });

function person(id: string, first: string) {
  return {
    name: `${first} Example`,
    email: `${first.toLocaleLowerCase('en-US')}@example.com`,
    url: `${WEB}/users/${id}`,
  };
}
const alice = person('PUSR001', 'Alice');
const bob = person('PUSR002', 'Bob');
const carol = person('PUSR003', 'Carol');
const dana = person('PUSR004', 'Dana');
const erin = person('PUSR005', 'Erin');

describe('PagerDutyOnCallProvider', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let requests: Request[];

  beforeEach(() => {
    requests = [];
  });

  function provider() {
    return PagerDutyOnCallProvider.create({
      apiToken: TOKEN,
      sleep: async () => {},
    });
  }

  function serveAll() {
    server.use(
      http.get(`${API}/services/PSVC001`, ({ request }) => {
        requests.push(request);
        return HttpResponse.json(service);
      }),
      http.get(`${API}/escalation_policies/PEP0001`, ({ request }) => {
        requests.push(request);
        return HttpResponse.json(escalationPolicy);
      }),
      http.get(`${API}/oncalls`, ({ request }) => {
        requests.push(request);
        const offset = new URL(request.url).searchParams.get('offset');
        return HttpResponse.json(offset === '0' ? onCallsPage1 : onCallsPage2);
      }),
    );
  }

  it('supports entities with a PagerDuty service annotation', () => {
    expect(provider().supports(checkout)).toBe(true);
    expect(provider().supports(component())).toBe(false);
    expect(
      provider().supports(component({ [PAGERDUTY_SERVICE_ANNOTATION]: ' ' })),
    ).toBe(false);
  });

  it('maps current and next shifts per level, escalation and links', async () => {
    serveAll();
    const roster = await provider().getRoster({ entity: checkout, now: NOW });
    expect(roster).toEqual({
      providerId: 'pagerduty',
      scheduleUrl: `${WEB}/escalation_policies/PEP0001`,
      timeZone: 'Europe/Berlin',
      current: [
        {
          person: alice,
          escalationLevel: 1,
          start: new Date('2026-11-16T09:00:00Z'),
          end: new Date('2026-11-23T09:00:00Z'),
        },
        {
          person: carol,
          escalationLevel: 2,
          start: new Date('2026-11-21T08:00:00Z'),
          end: new Date('2026-11-21T20:00:00Z'),
        },
        // Permanent on-call (null start and end): closed with the window read, now's minute + 14 days.
        {
          person: dana,
          escalationLevel: 2,
          start: new Date('2026-11-21T12:00:00Z'),
          end: new Date('2026-12-05T12:00:00Z'),
        },
      ],
      next: [
        {
          person: bob,
          escalationLevel: 1,
          start: new Date('2026-11-23T09:00:00Z'),
          end: new Date('2026-11-30T09:00:00Z'),
        },
        {
          person: bob,
          escalationLevel: 2,
          start: new Date('2026-11-21T20:00:00Z'),
          end: new Date('2026-11-22T08:00:00Z'),
        },
        // Nobody is on the managers' schedule now; Erin is the first to come.
        {
          person: erin,
          escalationLevel: 3,
          start: new Date('2026-11-23T09:00:00Z'),
          end: new Date('2026-11-30T09:00:00Z'),
        },
      ],
      escalation: [
        { level: 1, delayMinutes: 0, targets: [alice] },
        // PagerDuty keeps the wait on the previous rule: 15 min at level 1 before level 2 is paged.
        { level: 2, delayMinutes: 15, targets: [carol, dana] },
        {
          level: 3,
          delayMinutes: 30,
          targets: [
            { name: 'Checkout managers', url: `${WEB}/schedules/PSCH003` },
          ],
        },
      ],
    });
  });

  it('sends the API token and version headers, and reads every page of on-call entries', async () => {
    serveAll();
    await provider().getRoster({ entity: checkout, now: NOW });
    for (const request of requests) {
      expect(request.headers.get('authorization')).toBe(`Token token=${TOKEN}`);
      expect(request.headers.get('accept')).toBe(
        'application/vnd.pagerduty+json;version=2',
      );
    }
    const pages = requests
      .map(request => new URL(request.url))
      .filter(url => url.pathname === '/oncalls');
    expect(pages.map(url => url.searchParams.get('offset'))).toEqual([
      '0',
      '100',
    ]);
    const [first] = pages;
    expect(first.searchParams.getAll('escalation_policy_ids[]')).toEqual([
      'PEP0001',
    ]);
    expect(first.searchParams.getAll('include[]')).toEqual([
      'users',
      'schedules',
    ]);
    expect(first.searchParams.get('since')).toBe('2026-11-21T12:00:00.000Z');
    expect(first.searchParams.get('until')).toBe('2026-12-05T12:00:00.000Z');
    expect(first.searchParams.get('limit')).toBe('100');
  });

  it('reuses its answers for page views within the cache time', async () => {
    serveAll();
    const pagerDuty = provider();
    await pagerDuty.getRoster({ entity: checkout, now: NOW });
    await pagerDuty.getRoster({
      entity: checkout,
      now: new Date('2026-11-21T12:00:50Z'),
    });
    expect(requests).toHaveLength(4);
  });

  it('joins back-to-back entries of one person on one schedule', async () => {
    server.use(
      http.get(`${API}/services/PSVC001`, () => HttpResponse.json(service)),
      http.get(`${API}/escalation_policies/PEP0001`, () =>
        HttpResponse.json(escalationPolicy),
      ),
      http.get(`${API}/oncalls`, () =>
        HttpResponse.json({
          oncalls: [
            [
              '2026-11-21T00:00:00Z',
              '2026-11-22T00:00:00Z',
              onCallsPage1.oncalls[0].user,
            ],
            [
              '2026-11-22T00:00:00Z',
              '2026-11-23T00:00:00Z',
              onCallsPage1.oncalls[0].user,
            ],
            [
              '2026-11-23T00:00:00Z',
              '2026-11-24T00:00:00Z',
              onCallsPage1.oncalls[1].user,
            ],
          ].map(([start, end, user]) => ({
            ...onCallsPage1.oncalls[0],
            start,
            end,
            user,
          })),
          limit: 100,
          offset: 0,
          more: false,
        }),
      ),
    );
    const roster = await provider().getRoster({ entity: checkout, now: NOW });
    expect(roster?.current).toEqual([
      {
        person: alice,
        escalationLevel: 1,
        start: new Date('2026-11-21T00:00:00Z'),
        end: new Date('2026-11-23T00:00:00Z'),
      },
    ]);
    expect(roster?.next.map(shift => shift.person.name)).toEqual([
      'Bob Example',
    ]);
  });

  it('has no roster for a service without an escalation policy', async () => {
    server.use(
      http.get(`${API}/services/PSVC001`, () =>
        HttpResponse.json({
          service: { ...service.service, escalation_policy: null },
        }),
      ),
    );
    await expect(
      provider().getRoster({ entity: checkout, now: NOW }),
    ).resolves.toBeUndefined();
  });

  it('fails with the vendor, path and status, and never the token', async () => {
    server.use(
      http.get(`${API}/services/PSVC001`, () =>
        HttpResponse.json(
          { error: { message: 'Not Found', code: 2100 } },
          { status: 404 },
        ),
      ),
    );
    const failure = provider().getRoster({ entity: checkout, now: NOW });
    await expect(failure).rejects.toThrow(
      'PagerDuty GET /services/PSVC001 failed with HTTP 404: {"error":{"message":"Not Found","code":2100}}',
    );
    await expect(failure).rejects.not.toThrow(TOKEN);
  });

  it('reads from the configured base URL and encodes the service id', async () => {
    const seen: string[] = [];
    server.use(
      http.get(
        'https://pd-proxy.example.com/pd/services/:id',
        ({ request }) => {
          seen.push(new URL(request.url).pathname);
          return HttpResponse.json({
            service: { ...service.service, escalation_policy: null },
          });
        },
      ),
    );
    await PagerDutyOnCallProvider.create({
      apiToken: TOKEN,
      apiBaseUrl: 'https://pd-proxy.example.com/pd/',
    }).getRoster({
      entity: component({ [PAGERDUTY_SERVICE_ANNOTATION]: 'P/../X' }),
      now: NOW,
    });
    expect(seen).toEqual(['/pd/services/P%2F..%2FX']);
  });
});
