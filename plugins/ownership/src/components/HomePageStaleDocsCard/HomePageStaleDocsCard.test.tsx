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
import { DocsHealthList } from '@service-ownership/plugin-ownership-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  myFreshDocs,
  myStaleDocs,
  noTeamDocs,
  ordersFreshDocs,
  paymentsOverdueDocs,
} from '../../__fixtures__/docs';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { HomePageStaleDocsCard as HomePageStaleDocsCardExtension } from '../../extensions';
import { HomePageStaleDocsCard } from './HomePageStaleDocsCard';

jest.setTimeout(30_000);

const baseUrl = 'http://localhost:7007/api/ownership/v1';
const server = setupServer();
registerMswTestHooks(server);

const ownershipApi = new OwnershipClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => global.fetch(input, init) },
});

/** Answers the list, and records the query it was asked with. */
function serve(list: DocsHealthList) {
  const queries: string[] = [];
  server.use(
    http.get(`${baseUrl}/docs-health`, ({ request }) => {
      queries.push(new URL(request.url).search);
      return HttpResponse.json(list);
    }),
  );
  return queries;
}

function renderCard() {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
      <HomePageStaleDocsCard />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('HomePageStaleDocsCard', () => {
  it("lists the teams' docs needing attention in the backend's order, most urgent first", async () => {
    const queries = serve(myStaleDocs);
    await renderCard();

    const rows = await screen.findAllByTestId('home-docs-row');
    expect(queries).toEqual(['?owner=me&attention=true']);
    expect(screen.getByTestId('home-docs-summary')).toHaveTextContent(
      '3 of 4 entities of your teams need attention',
    );
    expect(rows.map(row => row.dataset.entityRef)).toEqual([
      'component:default/shipping',
      'component:default/orders',
      'component:default/inventory',
    ]);

    const shipping = within(rows[0]);
    expect(shipping.getByRole('link', { name: 'shipping' })).toHaveAttribute(
      'href',
      '/catalog/default/component/shipping',
    );
    expect(shipping.getByTestId('docs-health-badge')).toHaveTextContent(
      'Incomplete: 2 missing',
    );
    expect(shipping.getByText('missing Runbook, On-call')).toBeInTheDocument();
    // Only the first reason.
    expect(shipping.queryByText(/review overdue by 3 days/)).toBeNull();

    const orders = within(rows[1]);
    expect(orders.getByRole('link', { name: 'Orders' })).toHaveAttribute(
      'href',
      '/catalog/default/component/orders',
    );
    expect(orders.getByTestId('docs-health-badge')).toHaveTextContent(
      'Stale: dependencies, SLOs changed',
    );
    expect(
      orders.getByRole('button', { name: 'Mark Orders reviewed' }),
    ).toBeEnabled();
    expect(
      within(rows[2]).getByRole('button', { name: 'Mark Inventory reviewed' }),
    ).toBeEnabled();
  });

  it('marks one entity reviewed in one click, and its row turns fresh with a confirmation', async () => {
    serve(myStaleDocs);
    const reviewed: string[] = [];
    server.use(
      http.post(
        `${baseUrl}/entities/:kind/:namespace/:name/docs-health/reviews`,
        async ({ params, request }) => {
          reviewed.push(`${params.kind}:${params.namespace}/${params.name}`);
          expect(await request.json()).toEqual({});
          return HttpResponse.json(ordersFreshDocs);
        },
      ),
    );
    await renderCard();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Mark Orders reviewed' }),
    );

    const orders = within(screen.getAllByTestId('home-docs-row')[1]);
    expect(await orders.findByRole('status')).toHaveTextContent(
      'Orders marked as reviewed.',
    );
    expect(orders.getByTestId('docs-health-badge')).toHaveTextContent('Fresh');
    expect(
      orders.queryByRole('button', { name: 'Mark Orders reviewed' }),
    ).toBeNull();
    expect(reviewed).toEqual(['component:default/orders']);
    // The other rows are untouched.
    expect(
      screen.getByRole('button', { name: 'Mark shipping reviewed' }),
    ).toBeEnabled();
  });

  it('disables the review with the reason when the user may not review, and shows a refusal', async () => {
    serve({
      ...myStaleDocs,
      items: [paymentsOverdueDocs, myStaleDocs.items[1]],
    });
    server.use(
      http.post(
        `${baseUrl}/entities/component/default/orders/docs-health/reviews`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotAllowedError',
                message:
                  'user:development/guest is not a member of group:default/team-checkout',
              },
              response: { statusCode: 403 },
            },
            { status: 403 },
          ),
      ),
    );
    await renderCard();

    const payments = within((await screen.findAllByTestId('home-docs-row'))[0]);
    expect(
      payments.getByRole('button', { name: 'Mark Payments reviewed' }),
    ).toBeDisabled();
    expect(
      payments.getByText(
        'Only members of team-payments can mark its docs reviewed.',
      ),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Mark Orders reviewed' }),
    );
    const orders = within(screen.getAllByTestId('home-docs-row')[1]);
    expect(await orders.findByRole('alert')).toHaveTextContent(
      'user:development/guest is not a member of group:default/team-checkout',
    );
    expect(orders.getByTestId('docs-health-badge')).toHaveTextContent('Stale');
  });

  it('says all documentation is fresh, with the counts', async () => {
    serve(myFreshDocs);
    await renderCard();

    const empty = await screen.findByTestId('home-docs-empty');
    expect(empty).toHaveTextContent('All documentation of your teams is fresh');
    expect(empty).toHaveTextContent(
      '4 entities checked (team-checkout): 4 fresh.',
    );
    expect(screen.queryByTestId('home-docs-row')).toBeNull();
  });

  it('says why the list is empty when the user has no team', async () => {
    serve(noTeamDocs);
    await renderCard();

    expect(await screen.findByTestId('home-docs-empty')).toHaveTextContent(
      'You are not a member of any group in the catalog.',
    );
    expect(
      screen.queryByText('All documentation of your teams is fresh'),
    ).toBeNull();
  });

  it('shows what went wrong when the list cannot be read', async () => {
    server.use(
      http.get(`${baseUrl}/docs-health`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'The database is unreachable' },
            response: { statusCode: 500 },
          },
          { status: 500 },
        ),
      ),
    );
    await renderCard();

    expect(
      (await screen.findAllByText(/The database is unreachable/)).length,
    ).toBeGreaterThan(0);
  });
});

describe('the HomePageStaleDocsCard home card', () => {
  it('is named as CustomHomepageGrid configs name it, and titled Stale documentation', async () => {
    expect(
      getComponentData(
        <HomePageStaleDocsCardExtension />,
        'core.extensionName',
      ),
    ).toBe('HomePageStaleDocsCard');
    serve(myFreshDocs);
    await renderInTestApp(
      <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
        <HomePageStaleDocsCardExtension />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Stale documentation')).toBeInTheDocument();
    expect(
      await screen.findByText('All documentation of your teams is fresh'),
    ).toBeInTheDocument();
  });
});
