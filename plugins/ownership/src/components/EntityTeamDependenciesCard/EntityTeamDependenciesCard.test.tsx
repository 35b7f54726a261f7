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
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  teamCheckoutDependencies,
  teamCheckoutEntity,
} from '../../__fixtures__/shop';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { EntityTeamDependenciesCard } from './EntityTeamDependenciesCard';

const url =
  'http://localhost:7007/api/ownership/v1/groups/default/team-checkout/dependencies';
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
        <EntityTeamDependenciesCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

function section(name: string) {
  return within(screen.getByRole('region', { name }));
}

describe('EntityTeamDependenciesCard', () => {
  it('lists the teams we depend on and those depending on us, busiest first', async () => {
    server.use(
      http.get(url, () => HttpResponse.json(teamCheckoutDependencies)),
    );
    await renderCard();

    expect(
      await screen.findByText('Dependencies on other teams'),
    ).toBeInTheDocument();
    const weDependOn = await screen.findByRole('region', {
      name: 'We depend on',
    });
    const teams = within(weDependOn)
      .getAllByRole('listitem')
      .map(item => item.querySelector('.MuiTypography-body1')?.textContent);
    expect(teams).toEqual(['team-fulfilment', 'team-payments', 'Unowned']);
    expect(
      within(weDependOn).getByRole('link', { name: 'team-fulfilment' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-fulfilment');
    expect(
      within(weDependOn).getByRole('progressbar', {
        name: 'team-fulfilment: 50% of the traffic',
      }),
    ).toHaveAttribute('aria-valuenow', '50');
    expect(
      within(weDependOn).getByText('5.6 req/min · 160 errors (2%)'),
    ).toBeInTheDocument();

    const dependOnUs = section('Depend on us');
    expect(
      dependOnUs.getByRole('link', { name: 'team-discovery' }),
    ).toBeInTheDocument();
    expect(dependOnUs.getByText('100%')).toBeInTheDocument();
  });

  it('shows the service pairs behind a team on demand', async () => {
    server.use(
      http.get(url, () => HttpResponse.json(teamCheckoutDependencies)),
    );
    await renderCard();
    const weDependOn = await screen.findByRole('region', {
      name: 'We depend on',
    });
    expect(
      within(weDependOn).queryByText(/orders → inventory/),
    ).not.toBeInTheDocument();

    await userEvent.click(
      within(weDependOn).getByRole('button', {
        name: 'Show the 2 service pairs of team-fulfilment',
      }),
    );
    expect(
      within(weDependOn).getByText(
        'orders → inventory: 16,000 calls, 0 errors',
      ),
    ).toBeInTheDocument();
    expect(
      within(weDependOn).getByText('orders → shipping: 60 calls, 0 errors'),
    ).toBeInTheDocument();

    await userEvent.click(
      within(weDependOn).getByRole('button', {
        name: 'Show the 1 service pair of Unowned',
      }),
    );
    expect(
      within(weDependOn).getByText(
        'orders → mail.example.net: 7,800 calls, 1 error',
      ),
    ).toBeInTheDocument();

    await userEvent.click(
      section('Depend on us').getByRole('button', {
        name: 'Show the 1 service pair of team-discovery',
      }),
    );
    expect(
      screen.getByText('storefront → orders: 8,640 calls, 86 errors'),
    ).toBeInTheDocument();
  });

  it('reads another window when one is picked', async () => {
    const windows: Array<string | null> = [];
    server.use(
      http.get(url, ({ request }) => {
        windows.push(new URL(request.url).searchParams.get('window'));
        return HttpResponse.json(teamCheckoutDependencies);
      }),
    );
    await renderCard();
    await screen.findByRole('region', { name: 'We depend on' });
    const select = screen.getByRole('combobox', { name: 'Window' });
    expect(
      within(select)
        .getAllByRole('option')
        .map(option => option.textContent),
    ).toEqual(['Last 24 hours', 'Last 7 days', 'Last 30 days']);
    await userEvent.selectOptions(select, 'Last 30 days');
    await screen.findByRole('region', { name: 'We depend on' });
    expect(windows).toEqual(['24h', '30d']);
  });

  it('says so when the group owns nothing that appears in traces', async () => {
    server.use(
      http.get(url, () =>
        HttpResponse.json({
          ...teamCheckoutDependencies,
          entityRefs: [],
          dependsOn: [],
          dependedOnBy: [],
        }),
      ),
    );
    await renderCard();
    expect(await screen.findByText('No traced services')).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'We depend on' }),
    ).not.toBeInTheDocument();
  });

  it('shows what went wrong when the backend fails', async () => {
    server.use(
      http.get(url, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: "No group found for ref 'group:default/team-checkout'",
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await renderCard();
    expect(
      (
        await screen.findAllByText(
          /No group found for ref 'group:default\/team-checkout'/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });
});
