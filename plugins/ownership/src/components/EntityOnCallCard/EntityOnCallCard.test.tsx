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
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityOnCall } from '@service-ownership/plugin-ownership-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  escalationDelayProblem,
  noOnCall,
  ordersOnCall,
  overriddenOnCall,
  pagerDutyOnCall,
} from '../../__fixtures__/onCall';
import { NOW, ordersEntity } from '../../__fixtures__/shop';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { EntityOnCallCard } from './EntityOnCallCard';

// The viewer sits in New York whatever the machine running the tests, so "your time" is known.
jest.mock('../../lib/onCall', () => ({
  ...jest.requireActual('../../lib/onCall'),
  browserTimeZone: () => 'America/New_York',
}));

const url =
  'http://localhost:7007/api/ownership/v1/entities/component/default/orders/on-call';
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

function serve(response: EntityOnCall | Response) {
  server.use(
    http.get(url, () =>
      response instanceof Response ? response : HttpResponse.json(response),
    ),
  );
}

function renderCard() {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
      <EntityProvider entity={ordersEntity}>
        <EntityOnCallCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityOnCallCard', () => {
  it('shows who is on call now and until when, who is next, and the escalation levels', async () => {
    serve(ordersOnCall);
    await renderCard();

    const now = within(await screen.findByTestId('on-call-now'));
    expect(screen.getByText('On call')).toBeInTheDocument();
    expect(
      screen.getByText(/^Schedule of/).closest('span, p, div'),
    ).toHaveTextContent('Schedule of team-checkout, from the catalog schedule');
    expect(screen.getByRole('link', { name: 'team-checkout' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-checkout',
    );

    expect(now.getByText('On call now')).toBeInTheDocument();
    expect(now.getByRole('link', { name: 'Alice Doe' })).toHaveAttribute(
      'href',
      '/catalog/default/user/alice',
    );
    expect(
      now.getByRole('link', { name: 'alice@example.com' }),
    ).toHaveAttribute('href', 'mailto:alice@example.com');
    expect(
      now.getByText('Until Mon 23 Nov, 09:00 Europe/Berlin (in 3 days)'),
    ).toHaveAttribute('datetime', '2026-11-23T08:00:00.000Z');
    expect(now.getByText('Mon 23 Nov, 03:00 your time')).toBeInTheDocument();
    expect(now.queryByText('override')).not.toBeInTheDocument();
    expect(now.queryByText(/Carol/)).not.toBeInTheDocument();

    const next = within(screen.getByTestId('on-call-next'));
    expect(next.getByRole('link', { name: 'Bob Roe' })).toHaveAttribute(
      'href',
      '/catalog/default/user/bob',
    );
    expect(
      next.getByText('From Mon 23 Nov, 09:00 Europe/Berlin (in 3 days)'),
    ).toBeInTheDocument();

    const levels = within(
      screen.getByRole('list', { name: 'Escalation levels' }),
    ).getAllByRole('listitem');
    expect(levels.map(level => level.textContent)).toEqual([
      'Level 1 · immediately · Alice Doe',
      'Level 2 · after 15 min · Carol Poe',
    ]);
    expect(
      within(levels[1]).getByRole('link', { name: 'Carol Poe' }),
    ).toHaveAttribute('href', '/catalog/default/user/carol');

    expect(screen.queryByText(/Open the schedule/)).not.toBeInTheDocument();
    expect(screen.queryByTestId('on-call-empty-state')).not.toBeInTheDocument();
  });

  it('marks an override and shows a person the catalog does not know by name', async () => {
    serve(overriddenOnCall);
    await renderCard();

    const now = within(await screen.findByTestId('on-call-now'));
    expect(now.getByText('Dana Contractor')).toBeInTheDocument();
    expect(
      now.queryByRole('link', { name: 'Dana Contractor' }),
    ).not.toBeInTheDocument();
    expect(now.getByText('override')).toBeInTheDocument();
    expect(
      now.getByText('Until Sat 21 Nov, 09:00 Europe/Berlin (in 20 hours)'),
    ).toBeInTheDocument();
    expect(now.getByText('Sat 21 Nov, 03:00 your time')).toBeInTheDocument();

    const next = within(screen.getByTestId('on-call-next'));
    expect(next.getByText('Alice Doe')).toBeInTheDocument();
    expect(next.queryByText('override')).not.toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Escalation levels' }))
        .getAllByRole('listitem')
        .map(level => level.textContent),
    ).toEqual([
      'Level 1 · immediately · Dana Contractor',
      'Level 2 · after 15 min · Carol Poe',
    ]);
  });

  it("names PagerDuty, links to its schedule and shows handoffs in the viewer's time", async () => {
    serve(pagerDutyOnCall);
    await renderCard();

    const now = within(await screen.findByTestId('on-call-now'));
    expect(
      screen.getByText(/^Schedule of/).closest('span, p, div'),
    ).toHaveTextContent('Schedule of team-checkout, from PagerDuty');
    expect(
      now.getByText('Until Mon 23 Nov, 03:00 your time (in 3 days)'),
    ).toBeInTheDocument();
    expect(now.queryByText(/Europe\/Berlin/)).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Open the schedule in PagerDuty/ }),
    ).toHaveAttribute('href', pagerDutyOnCall.scheduleUrl);
  });

  it('lists the problems of the schedule annotation', async () => {
    serve({ ...ordersOnCall, problems: [escalationDelayProblem] });
    await renderCard();

    expect(
      await screen.findByText(
        'Warning: A problem in the service-ownership.io/on-call annotation',
      ),
    ).toBeInTheDocument();
    const problems = within(
      screen.getByRole('list', { name: 'On-call annotation problems' }),
    );
    expect(problems.getByText(escalationDelayProblem.path)).toBeInTheDocument();
    expect(problems.getByText(/must be a duration/)).toHaveTextContent(
      'must be a duration such as 15m or 1h (found "15")',
    );
    expect(screen.getByTestId('on-call-now')).toHaveTextContent('Alice Doe');
  });

  it('explains why nobody is shown and how to define a schedule when there is no roster', async () => {
    serve({ ...noOnCall, problems: [escalationDelayProblem] });
    await renderCard();

    const empty = within(await screen.findByTestId('on-call-empty-state'));
    expect(empty.getByText(noOnCall.reason!)).toBeInTheDocument();
    expect(
      empty.getByText(
        (_, element) =>
          element?.tagName === 'CODE' &&
          (element.textContent ?? '').startsWith(
            "metadata:\n  annotations:\n    service-ownership.io/on-call: |\n      timeZone: Europe/Berlin\n      handoff: '09:00'",
          ),
      ),
    ).toBeInTheDocument();
    expect(empty.getByRole('link', { name: 'team-checkout' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-checkout',
    );
    expect(empty.getByText('pagerduty.com/service-id')).toBeInTheDocument();
    expect(empty.getByText('opsgenie.com/team')).toBeInTheDocument();
    expect(
      screen.getByRole('list', { name: 'On-call annotation problems' }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('on-call-now')).not.toBeInTheDocument();
    expect(screen.queryByTestId('on-call-next')).not.toBeInTheDocument();
    expect(
      screen.getByText(/^Schedule of/).closest('span, p, div'),
    ).toHaveTextContent(/^Schedule of team-checkout$/);
  });

  it('shows what went wrong when the roster cannot be read', async () => {
    serve(
      HttpResponse.json(
        {
          error: {
            name: 'NotFoundError',
            message: "No entity found for ref 'component:default/orders'",
          },
          response: { statusCode: 404 },
        },
        { status: 404 },
      ) as Response,
    );
    await renderCard();
    expect(
      (
        await screen.findAllByText(
          /No entity found for ref 'component:default\/orders'/,
        )
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.getAllByText(/NotFoundError/).length).toBeGreaterThan(0);
    expect(screen.queryByTestId('on-call-now')).not.toBeInTheDocument();
  });
});
