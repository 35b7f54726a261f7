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
import { Entity } from '@backstage/catalog-model';
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
import { AlertRoutingRecord } from '@service-ownership/plugin-ownership-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  failedDiskFull,
  fallbackToOrders,
  routedToPayments,
  routedToPsp,
} from '../../__fixtures__/alerts';
import { ordersEntity, teamCheckoutEntity } from '../../__fixtures__/shop';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { EntityAlertRoutingCard } from './EntityAlertRoutingCard';

jest.setTimeout(30_000);

// The viewer sits in Berlin whatever the machine running the tests, so the times shown are known.
jest.mock('../../lib/onCall', () => ({
  ...jest.requireActual('../../lib/onCall'),
  browserTimeZone: () => 'Europe/Berlin',
}));

const url = 'http://localhost:7007/api/ownership/v1/alerts';
const server = setupServer();
registerMswTestHooks(server);

const ownershipApi = new OwnershipClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => global.fetch(input, init) },
});

/** Serves the list; the query strings asked are recorded. */
function serve(items: AlertRoutingRecord[] | Response): string[] {
  const queries: string[] = [];
  server.use(
    http.get(url, ({ request }) => {
      queries.push(new URL(request.url).search);
      return items instanceof Response ? items : HttpResponse.json({ items });
    }),
  );
  return queries;
}

function renderCard(entity: Entity) {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
      <EntityProvider entity={entity}>
        <EntityAlertRoutingCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityAlertRoutingCard', () => {
  it("lists a component's alerts: when, which, to whom and how sure, each linking to its decision", async () => {
    const queries = serve([routedToPsp, routedToPayments, fallbackToOrders]);
    await renderCard(ordersEntity);

    const rows = await screen.findAllByTestId('entity-alert-row');
    expect(queries).toEqual(['?entity=component%3Adefault%2Forders']);
    expect(screen.getByText('Recent alert routing')).toBeInTheDocument();
    expect(rows.map(row => row.textContent)).toEqual([
      'Fri 20 Nov, 12:59place_orderfiring→ team-paymentstraces · high · 80 %',
      'Fri 20 Nov, 12:58PlaceOrderErrorsfiring→ team-paymentstraces · medium · 100 %',
      'Fri 20 Nov, 11:15PlaceOrderErrorsresolved→ team-checkoutfallback',
    ]);
    expect(
      within(rows[1]).getByRole('link', { name: 'PlaceOrderErrors' }),
    ).toHaveAttribute('href', '/service-ownership/alerts/42');
    expect(
      within(rows[1]).getByRole('link', { name: 'team-payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-payments');
    expect(screen.getByRole('link', { name: /Alert routing/ })).toHaveAttribute(
      'href',
      '/service-ownership/alerts',
    );
  });

  it("asks for a group's alerts by the group, and says when one could not be routed", async () => {
    const queries = serve([failedDiskFull]);
    await renderCard(teamCheckoutEntity);

    const rows = await screen.findAllByTestId('entity-alert-row');
    expect(queries).toEqual(['?group=group%3Adefault%2Fteam-checkout']);
    expect(rows[0]).toHaveTextContent('DiskFullfiring→ nobody: routing failed');
  });

  it('explains how alerts arrive, and where to try a dry run, when there is none', async () => {
    serve([]);
    await renderCard(ordersEntity);

    const help = await screen.findByTestId('alert-intake-help');
    expect(help).toHaveTextContent(
      'No alert raised on orders or routed to it yet.',
    );
    expect(help).toHaveTextContent(
      'Alerts arrive through a webhook from Alertmanager or Grafana to /api/ownership/v1/alerts on the Backstage backend, with a service token',
    );
    expect(help).toHaveTextContent(
      'url: https://<backstage backend>/api/ownership/v1/alerts',
    );
    expect(
      within(help).getByRole('link', { name: 'alert routing page' }),
    ).toHaveAttribute('href', '/service-ownership/alerts');
    expect(screen.queryByTestId('entity-alert-row')).not.toBeInTheDocument();
  });

  it('says so for a group without routed alerts', async () => {
    serve([]);
    await renderCard(teamCheckoutEntity);

    expect(await screen.findByTestId('alert-intake-help')).toHaveTextContent(
      'No alert has been routed to team-checkout yet.',
    );
  });

  it("shows the backend's error", async () => {
    serve(
      HttpResponse.json(
        {
          error: {
            name: 'ServiceUnavailableError',
            message: 'The alert store is unavailable',
          },
          response: { statusCode: 503 },
        },
        { status: 503 },
      ),
    );
    await renderCard(ordersEntity);

    expect(
      (await screen.findAllByText(/The alert store is unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByTestId('entity-alert-row')).not.toBeInTheDocument();
  });
});
