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
import { getComponentData } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { MyOnCall } from '@service-ownership/plugin-ownership-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { guestMyOnCall, loneMyOnCall } from '../../__fixtures__/onCall';
import { NOW } from '../../__fixtures__/shop';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { HomePageOnCallCard as HomePageOnCallCardExtension } from '../../extensions';
import { HomePageOnCallCard } from './HomePageOnCallCard';

jest.setTimeout(30_000);

// The viewer sits in New York whatever the machine running the tests, so "your time" is known.
jest.mock('../../lib/onCall', () => ({
  ...jest.requireActual('../../lib/onCall'),
  browserTimeZone: () => 'America/New_York',
}));

const url = 'http://localhost:7007/api/ownership/v1/on-call/me';
const server = setupServer();
registerMswTestHooks(server);

const ownershipApi = new OwnershipClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => global.fetch(input, init) },
});

beforeEach(() => {
  // Only the clock is fixed (at Friday 20 Nov 2026, 12:00 UTC); timers run, so requests complete.
  jest.useFakeTimers({
    now: NOW,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
});

afterEach(() => {
  jest.useRealTimers();
});

function serve(response: MyOnCall | Response) {
  server.use(
    http.get(url, () =>
      response instanceof Response ? response : HttpResponse.json(response),
    ),
  );
}

function renderCard() {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
      <HomePageOnCallCard />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('HomePageOnCallCard', () => {
  it("lists the user's next shifts, relative and on their clock, the one in progress highlighted", async () => {
    serve(guestMyOnCall);
    await renderCard();

    const shifts = await screen.findAllByTestId('home-on-call-shift');
    expect(screen.getByText('Your next shifts')).toBeInTheDocument();
    expect(shifts.map(shift => shift.textContent)).toEqual([
      'team-checkout· Level 2In progressends in 3 days · Mon 16 Nov, 03:00 – Mon 23 Nov, 03:00 your time',
      'team-payments· Level 1overridestarts in 5 days · Wed 25 Nov, 18:00 – 23:00 your time',
      'team-checkout· Level 1starts in 10 days · Mon 30 Nov, 03:00 – Mon 7 Dec, 03:00 your time',
    ]);

    const inProgress = within(shifts[0]);
    expect(inProgress.getByText('In progress')).toBeInTheDocument();
    expect(
      inProgress.getByRole('link', { name: 'team-checkout' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
    expect(inProgress.getByText('ends in 3 days')).toHaveAttribute(
      'datetime',
      '2026-11-23T08:00:00.000Z',
    );
    expect(within(shifts[1]).queryByText('In progress')).toBeNull();
    expect(within(shifts[1]).getByText('starts in 5 days')).toHaveAttribute(
      'datetime',
      '2026-11-25T23:00:00.000Z',
    );
    expect(shifts[0].className).not.toBe(shifts[1].className);
    expect(shifts[1].className).toBe(shifts[2].className);
  });

  it('shows who covers each team now and next, and why a team has nobody', async () => {
    serve(guestMyOnCall);
    await renderCard();

    const teams = await screen.findAllByTestId('home-on-call-team');
    expect(screen.getByText('Who covers your teams')).toBeInTheDocument();
    expect(teams).toHaveLength(3);

    const checkout = within(teams[0]);
    expect(
      checkout.getByRole('link', { name: 'team-checkout' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
    expect(checkout.getByText('owns 4 entities')).toBeInTheDocument();
    expect(checkout.getByText('Now').parentElement).toHaveTextContent(
      'Now Alice Doe · Until Mon 23 Nov, 03:00 your time (in 3 days)',
    );
    expect(checkout.getByRole('link', { name: 'Alice Doe' })).toHaveAttribute(
      'href',
      '/catalog/default/user/alice',
    );
    expect(checkout.getByText(/^Level 2:/)).toHaveTextContent(
      'Level 2: Guest (you)',
    );
    expect(checkout.getByText('Next').parentElement).toHaveTextContent(
      'Next Bob Roe · From Mon 23 Nov, 03:00 your time (in 3 days)',
    );

    const fulfilment = within(teams[1]);
    expect(fulfilment.getByText('owns 1 entity')).toBeInTheDocument();
    expect(
      fulfilment.getByText(guestMyOnCall.teams[1].reason!),
    ).toBeInTheDocument();
    expect(
      fulfilment.getByRole('link', { name: /how to add an on-call schedule/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/service-ownership/service-ownership-backstage#6-on-call',
    );
    expect(fulfilment.queryByText('Now')).toBeNull();

    const payments = within(teams[2]);
    expect(payments.getByText('Now').parentElement).toHaveTextContent(
      'Now Carol Poe · Until Fri 20 Nov, 08:00 your time (in 1 hour)',
    );
    expect(payments.getByText('Next').parentElement).toHaveTextContent(
      'Next Dan Kowalski · From Fri 20 Nov, 08:00 your time (in 1 hour)',
    );
  });

  it('says what to do when the user has no shifts and no team', async () => {
    serve(loneMyOnCall);
    await renderCard();

    expect(
      await screen.findByText(
        'You have no on-call shifts in the next 14 days.',
      ),
    ).toBeInTheDocument();
    const noTeams = within(screen.getByTestId('home-on-call-no-teams'));
    expect(
      noTeams.getByText('You are not a member of any team in the catalog.'),
    ).toBeInTheDocument();
    expect(noTeams.getByText('spec.members')).toBeInTheDocument();
    expect(
      noTeams.getByRole('link', { name: /how to add an on-call schedule/ }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('home-on-call-shift')).toBeNull();
    expect(screen.queryByTestId('home-on-call-team')).toBeNull();
  });

  it("points to the schedule docs when none of the user's teams has a catalog rotation", async () => {
    serve({
      ...loneMyOnCall,
      teams: [guestMyOnCall.teams[1]],
    });
    await renderCard();

    const noShifts = within(
      await screen.findByTestId('home-on-call-no-shifts'),
    );
    expect(
      noShifts.getByText('You have no on-call shifts in the next 14 days.'),
    ).toBeInTheDocument();
    expect(
      noShifts.getByRole('link', { name: /how to add an on-call schedule/ }),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('home-on-call-team')).toHaveLength(1);
  });

  it('says why the user has no teams when they are not in the catalog', async () => {
    serve({
      ...loneMyOnCall,
      userRef: 'user:development/guest',
      reason:
        'user:development/guest is not in the catalog, so the groups it is a member of are unknown',
    });
    await renderCard();

    expect(
      await screen.findByText(
        'user:development/guest is not in the catalog, so the groups it is a member of are unknown',
      ),
    ).toBeInTheDocument();
  });

  it('shows what went wrong when the on-call cannot be read', async () => {
    serve(
      HttpResponse.json(
        {
          error: {
            name: 'NotAllowedError',
            message: "This endpoint does not allow 'service' credentials",
          },
          response: { statusCode: 403 },
        },
        { status: 403 },
      ) as Response,
    );
    await renderCard();

    expect(
      (await screen.findAllByText(/does not allow 'service' credentials/))
        .length,
    ).toBeGreaterThan(0);
    expect(screen.getAllByText(/NotAllowedError/).length).toBeGreaterThan(0);
    expect(screen.queryByText('Your next shifts')).toBeNull();
  });
});

describe('the HomePageOnCallCard home card', () => {
  it('is named as CustomHomepageGrid configs name it, and titled On call', async () => {
    expect(
      getComponentData(<HomePageOnCallCardExtension />, 'core.extensionName'),
    ).toBe('HomePageOnCallCard');
    serve(loneMyOnCall);
    await renderInTestApp(
      <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
        <HomePageOnCallCardExtension />
      </TestApiProvider>,
    );
    expect(await screen.findByText('On call')).toBeInTheDocument();
    expect(await screen.findByText('Your next shifts')).toBeInTheDocument();
  });
});
