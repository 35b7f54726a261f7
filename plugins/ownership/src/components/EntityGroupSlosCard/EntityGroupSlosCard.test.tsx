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
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { teamCheckoutEntity } from '../../__fixtures__/shop';
import { teamCheckoutSlos } from '../../__fixtures__/slos';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { EntityGroupSlosCard } from './EntityGroupSlosCard';

const url =
  'http://localhost:7007/api/ownership/v1/groups/default/team-checkout/slos';
const server = setupServer();
registerMswTestHooks(server);

const ownershipApi = new OwnershipClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => global.fetch(input, init) },
});

function renderCard() {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
      <EntityProvider entity={teamCheckoutEntity}>
        <EntityGroupSlosCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityGroupSlosCard', () => {
  it("lists the SLOs of the group's entities in the backend's order, least budget left first", async () => {
    server.use(http.get(url, () => HttpResponse.json(teamCheckoutSlos)));
    await renderCard();

    const rows = await screen.findAllByTestId('group-slo-row');
    expect(
      rows.map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      ),
    ).toEqual([
      ['orders', 'place-order-errorserror rate', 'Page', '99.85 %', '-50 %'],
      [
        'order-events',
        'publish-latencylatency ≤ 50 ms',
        'Ticket',
        '99.68 %',
        '68 %',
      ],
      [
        'orders',
        'place-order-latencylatency ≤ 300 ms',
        'OK',
        '99.87 %',
        '87.4 %',
      ],
      [
        'orders',
        'refund-availabilityavailability',
        'No data',
        'no traffic',
        '100 %',
      ],
    ]);
    expect(
      within(rows[0]).getByRole('link', { name: 'orders' }),
    ).toHaveAttribute('href', '/catalog/default/component/orders');
    expect(within(rows[1]).getByTestId('slo-state')).toHaveAttribute(
      'title',
      'Ticket: the budget burns faster than 3× over 1 d and 2 h',
    );
    expect(
      within(rows[0]).getByRole('progressbar', {
        name: 'Error budget left of place-order-errors: -50 % (overspent)',
      }),
    ).toBeInTheDocument();
  });

  it('mentions the entities whose SLO annotation has problems', async () => {
    server.use(http.get(url, () => HttpResponse.json(teamCheckoutSlos)));
    await renderCard();

    expect(
      await screen.findByText(
        "Warning: An entity's service-ownership.io/slos annotation has problems",
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'shipping' })).toHaveAttribute(
      'href',
      '/catalog/default/component/shipping',
    );
    expect(screen.getByText(/: 2 problems/)).toBeInTheDocument();
  });

  it('says when no entity of the group has an SLO', async () => {
    server.use(
      http.get(url, () =>
        HttpResponse.json({ ...teamCheckoutSlos, slos: [], problems: [] }),
      ),
    );
    await renderCard();
    expect(await screen.findByText('No SLOs')).toBeInTheDocument();
    expect(screen.queryByTestId('group-slo-row')).not.toBeInTheDocument();
  });

  it('shows what went wrong when the SLOs cannot be read', async () => {
    server.use(
      http.get(url, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No group team-checkout' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await renderCard();
    expect(
      (await screen.findAllByText(/No group team-checkout/)).length,
    ).toBeGreaterThan(0);
    expect(screen.getAllByText(/NotFoundError/).length).toBeGreaterThan(0);
  });
});
