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
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { OPSGENIE_TEAM_ANNOTATION } from '@service-ownership/plugin-ownership-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import escalations from './__fixtures__/opsgenie/escalations.json';
import nextOnCalls from './__fixtures__/opsgenie/next-on-calls.json';
import onCalls from './__fixtures__/opsgenie/on-calls.json';
import schedules from './__fixtures__/opsgenie/schedules.json';
import timeline from './__fixtures__/opsgenie/timeline.json';
import { OpsgenieOnCallProvider } from './OpsgenieOnCallProvider';

const API = 'https://api.opsgenie.com';
const KEY = 'og-secret-key-9f8e7d6c5b4a';
// Saturday 2026-11-21, 30 s past noon UTC: calls ask about the whole minute.
const NOW = new Date('2026-11-21T12:00:30Z');
const SCHEDULE = '/v2/schedules/d875a1b4-9b4e-4219-a803-0c26936d18de';

function group(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', namespace: 'default', annotations },
    spec: { type: 'team', children: [] },
  };
}

const payments = group({ [OPSGENIE_TEAM_ANNOTATION]: 'Payments' });
const alice = { name: 'alice@example.com', email: 'alice@example.com' };
const bob = { name: 'bob@example.com', email: 'bob@example.com' };

describe('OpsgenieOnCallProvider', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let requests: Request[];
  let logger: ReturnType<typeof mockServices.logger.mock>;

  beforeEach(() => {
    requests = [];
    logger = mockServices.logger.mock();
  });

  function provider() {
    return OpsgenieOnCallProvider.create({
      apiKey: KEY,
      logger,
      sleep: async () => {},
    });
  }

  function serve(overrides: { [path: string]: () => Response } = {}) {
    const answers: { [path: string]: () => Response } = {
      '/v2/schedules': () => HttpResponse.json(schedules),
      '/v2/escalations': () => HttpResponse.json(escalations),
      [`${SCHEDULE}/on-calls`]: () => HttpResponse.json(onCalls),
      [`${SCHEDULE}/next-on-calls`]: () => HttpResponse.json(nextOnCalls),
      [`${SCHEDULE}/timeline`]: () => HttpResponse.json(timeline),
      ...overrides,
    };
    server.use(
      ...Object.entries(answers).map(([path, answer]) =>
        http.get(`${API}${path}`, ({ request }) => {
          requests.push(request);
          return answer();
        }),
      ),
    );
  }

  it('supports entities with an Opsgenie team annotation', () => {
    expect(provider().supports(payments)).toBe(true);
    expect(provider().supports(group())).toBe(false);
  });

  it("maps the team's schedule to current and next shifts and its escalation to levels", async () => {
    serve();
    const roster = await provider().getRoster({ entity: payments, now: NOW });
    expect(roster).toEqual({
      providerId: 'opsgenie',
      timeZone: 'Europe/Berlin',
      current: [
        {
          person: alice,
          escalationLevel: 1,
          start: new Date('2026-11-16T08:00:00Z'),
          end: new Date('2026-11-23T08:00:00Z'),
        },
      ],
      next: [
        {
          person: bob,
          escalationLevel: 1,
          start: new Date('2026-11-23T08:00:00Z'),
          end: new Date('2026-11-30T08:00:00Z'),
        },
      ],
      escalation: [
        // The schedule's on-call right away, its next on-call after 5 min, Carol and the SRE team 10 min later.
        { level: 1, delayMinutes: 0, targets: [alice] },
        { level: 2, delayMinutes: 5, targets: [bob] },
        {
          level: 3,
          delayMinutes: 10,
          targets: [
            { name: 'carol@example.com', email: 'carol@example.com' },
            { name: 'SRE' },
          ],
        },
      ],
    });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('sends the API key and asks about the whole minute, for the enabled schedules of the team only', async () => {
    serve();
    await provider().getRoster({ entity: payments, now: NOW });
    for (const request of requests) {
      expect(request.headers.get('authorization')).toBe(`GenieKey ${KEY}`);
    }
    const urls = requests.map(request => new URL(request.url));
    expect(urls.map(url => url.pathname).sort()).toEqual([
      '/v2/escalations',
      '/v2/schedules',
      `${SCHEDULE}/next-on-calls`,
      `${SCHEDULE}/on-calls`,
      `${SCHEDULE}/timeline`,
    ]);
    const onCall = urls.find(url => url.pathname.endsWith('/on-calls'))!;
    expect(Object.fromEntries(onCall.searchParams)).toEqual({
      scheduleIdentifierType: 'id',
      flat: 'false',
      date: '2026-11-21T12:00:00.000Z',
    });
    const timelineUrl = urls.find(url => url.pathname.endsWith('/timeline'))!;
    expect(Object.fromEntries(timelineUrl.searchParams)).toEqual({
      identifierType: 'id',
      date: '2026-11-21T12:00:00.000Z',
      interval: '14',
      intervalUnit: 'days',
    });
  });

  it('matches the team name regardless of case and has no roster for a team without schedules', async () => {
    serve();
    await expect(
      provider().getRoster({
        entity: group({ [OPSGENIE_TEAM_ANNOTATION]: 'payments' }),
        now: NOW,
      }),
    ).resolves.toMatchObject({ providerId: 'opsgenie' });
    await expect(
      provider().getRoster({
        entity: group({ [OPSGENIE_TEAM_ANNOTATION]: 'Nobody' }),
        now: NOW,
      }),
    ).resolves.toBeUndefined();
  });

  it('takes bounds from what is known when the timeline does not place the people', async () => {
    serve({
      [`${SCHEDULE}/on-calls`]: () =>
        HttpResponse.json({
          data: {
            onCallParticipants: [
              {
                id: 'user-frank',
                name: 'frank@example.com',
                type: 'user',
                forwardedFrom: { id: 'user-alice', name: 'alice@example.com' },
              },
              {
                id: 'esc-1',
                name: 'Payments_escalation',
                type: 'escalation',
                escalationTime: 0,
                onCallParticipants: [
                  { id: 'user-gina', name: 'gina@example.com', type: 'user' },
                ],
              },
              { id: 'team-1', name: 'Payments', type: 'team' },
            ],
          },
          took: 0.1,
          requestId: 'r',
        }),
      [`${SCHEDULE}/timeline`]: () =>
        HttpResponse.json({
          data: {
            startDate: '2026-11-21T12:00:00Z',
            endDate: '2026-12-05T12:00:00Z',
            finalTimeline: { rotations: [] },
          },
          took: 0.1,
          requestId: 'r',
        }),
    });
    const roster = await provider().getRoster({ entity: payments, now: NOW });
    // Current shifts run from the window's start to its end ("at least until"); the next starts there and its
    // length is unknown.
    const window = {
      start: new Date('2026-11-21T12:00:00Z'),
      end: new Date('2026-12-05T12:00:00Z'),
    };
    expect(roster?.current).toEqual([
      {
        person: { name: 'frank@example.com', email: 'frank@example.com' },
        escalationLevel: 1,
        ...window,
        override: true,
      },
      {
        person: { name: 'gina@example.com', email: 'gina@example.com' },
        escalationLevel: 1,
        ...window,
      },
      { person: { name: 'Payments' }, escalationLevel: 1, ...window },
    ]);
    expect(roster?.next).toEqual([
      {
        person: bob,
        escalationLevel: 1,
        start: window.end,
        end: window.end,
      },
    ]);
  });

  it('answers without escalation, and says why, when escalations cannot be read', async () => {
    serve({
      '/v2/escalations': () =>
        HttpResponse.json(
          { message: 'Key has no access', took: 0, requestId: 'r' },
          { status: 403 },
        ),
    });
    const roster = await provider().getRoster({ entity: payments, now: NOW });
    expect(roster?.escalation).toEqual([]);
    expect(roster?.current.map(shift => shift.person.name)).toEqual([
      'alice@example.com',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Opsgenie GET /v2/escalations failed with HTTP 403',
      ),
    );
  });

  it('fails with the vendor, path and status when a schedule cannot be read, never with the key', async () => {
    serve({
      [`${SCHEDULE}/on-calls`]: () =>
        HttpResponse.json(
          { message: `Could not authenticate ${KEY}`, took: 0, requestId: 'r' },
          { status: 401 },
        ),
    });
    const failure = provider().getRoster({ entity: payments, now: NOW });
    await expect(failure).rejects.toThrow(
      `Opsgenie GET ${SCHEDULE}/on-calls failed with HTTP 401: {"message":"Could not authenticate [redacted]","took":0,"requestId":"r"}`,
    );
  });

  it('reads from the EU API when configured so', async () => {
    const seen: string[] = [];
    server.use(
      http.get('https://api.eu.opsgenie.com/v2/schedules', ({ request }) => {
        seen.push(request.url);
        return HttpResponse.json({ data: [], took: 0, requestId: 'r' });
      }),
      http.get('https://api.eu.opsgenie.com/v2/escalations', () =>
        HttpResponse.json({ data: [], took: 0, requestId: 'r' }),
      ),
    );
    await expect(
      OpsgenieOnCallProvider.create({
        apiKey: KEY,
        apiBaseUrl: 'https://api.eu.opsgenie.com',
      }).getRoster({ entity: payments, now: NOW }),
    ).resolves.toBeUndefined();
    expect(seen).toEqual(['https://api.eu.opsgenie.com/v2/schedules']);
  });
});
