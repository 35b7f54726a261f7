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
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  placeOrderDryRun,
  recentAlerts,
  routedToPayments,
} from '../../__fixtures__/alerts';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { AlertRoutingPage } from './AlertRoutingPage';

jest.setTimeout(30_000);

// The viewer sits in Berlin whatever the machine running the tests, so the times shown are known.
jest.mock('../../lib/onCall', () => ({
  ...jest.requireActual('../../lib/onCall'),
  browserTimeZone: () => 'Europe/Berlin',
}));

const baseUrl = 'http://localhost:7007/api/ownership';
const server = setupServer();
registerMswTestHooks(server);

const ownershipApi = new OwnershipClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => global.fetch(input, init) },
});

interface DryRunRequest {
  search: string;
  body: unknown;
}

/** Serves the list and a dry run; the dry-run requests are recorded. */
function serve(items = recentAlerts): DryRunRequest[] {
  const dryRuns: DryRunRequest[] = [];
  server.use(
    http.get(`${baseUrl}/v1/alerts`, () => HttpResponse.json({ items })),
    http.post(`${baseUrl}/v1/alerts/dry-run`, async ({ request }) => {
      dryRuns.push({
        search: new URL(request.url).search,
        body: await request.json(),
      });
      return HttpResponse.json(placeOrderDryRun);
    }),
  );
  return dryRuns;
}

function renderPage(path = '/') {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
      <AlertRoutingPage />
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('AlertRoutingPage', () => {
  it('lists the recent alerts, each linking to its decision', async () => {
    let limit: string | null = null;
    server.use(
      http.get(`${baseUrl}/v1/alerts`, ({ request }) => {
        limit = new URL(request.url).searchParams.get('limit');
        return HttpResponse.json({ items: recentAlerts });
      }),
    );
    await renderPage();

    const rows = await screen.findAllByTestId('alert-row');
    expect(limit).toBe('50');
    expect(
      rows.map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      ),
    ).toEqual([
      [
        'Fri 20 Nov, 12:59',
        'CheckoutLatency',
        'firing',
        '–',
        'not routed yet',
        '–',
        'waiting to be routed',
      ],
      [
        'Fri 20 Nov, 12:59',
        'place_order',
        'firing',
        'orders place_order',
        'team-payments',
        'traces · high · 80 %',
        'routed',
      ],
      [
        'Fri 20 Nov, 12:58',
        'PlaceOrderErrors',
        'firing',
        'orders place_order',
        'team-payments',
        'traces · medium · 100 %',
        'routed',
      ],
      [
        'Fri 20 Nov, 11:15',
        'PlaceOrderErrors',
        'resolved',
        'orders place_order',
        'team-checkout',
        'fallback',
        'routed',
      ],
      [
        'Fri 20 Nov, 10:00',
        'DiskFull',
        'firing',
        '–',
        'nobody: routing failed',
        '–',
        'failed',
      ],
    ]);
    expect(
      within(rows[2]).getByRole('link', { name: 'PlaceOrderErrors' }),
    ).toHaveAttribute('href', '/service-ownership/alerts/42');
    expect(
      within(rows[2]).getByRole('link', { name: 'team-payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-payments');
    expect(
      within(rows[4]).getByRole('link', { name: 'DiskFull' }),
    ).toHaveAttribute('href', '/service-ownership/alerts/40');
  });

  it('explains how alerts arrive when none has', async () => {
    serve([]);
    await renderPage();

    const help = await screen.findByTestId('alert-intake-help');
    expect(help).toHaveTextContent('No alert has been received yet.');
    expect(help).toHaveTextContent('/api/ownership/v1/alerts');
    expect(within(help).queryByRole('link')).not.toBeInTheDocument();
  });

  it('runs a dry run of the plain form and shows who would be paged, paging nobody', async () => {
    const dryRuns = serve();
    await renderPage();

    const form = within(screen.getByTestId('alert-dry-run-form'));
    expect(
      screen.getByText(/Nothing is stored, delivered or paged\./),
    ).toBeInTheDocument();
    await userEvent.type(form.getByLabelText(/Operation/), 'place_order');
    await userEvent.type(form.getByLabelText('Service'), 'orders');
    await userEvent.click(form.getByRole('button', { name: 'Run' }));

    const result = await screen.findByTestId('alert-dry-run-result');
    expect(dryRuns).toEqual([
      { search: '', body: { operation: 'place_order', service: 'orders' } },
    ]);
    expect(within(result).getByTestId('alert-routed-to')).toHaveTextContent(
      'team-payments',
    );
    expect(within(result).getAllByTestId('alert-path-step')).toHaveLength(3);
    expect(within(result).getByTestId('alert-would-deliver')).toHaveTextContent(
      'Would deliver to: Backstage notification, PagerDuty. Nothing was sent: this is a dry run.',
    );
  });

  it('sends the entity ref too, when given', async () => {
    const dryRuns = serve();
    await renderPage();

    const form = within(screen.getByTestId('alert-dry-run-form'));
    await userEvent.type(form.getByLabelText(/Operation/), 'place_order');
    await userEvent.type(
      form.getByLabelText('Entity ref'),
      'component:default/orders',
    );
    await userEvent.click(form.getByRole('button', { name: 'Run' }));

    await screen.findByTestId('alert-dry-run-result');
    expect(dryRuns[0].body).toEqual({
      operation: 'place_order',
      entity: 'component:default/orders',
    });
  });

  it('replays a custom window, sent as ISO times', async () => {
    const dryRuns = serve();
    await renderPage();

    const form = within(screen.getByTestId('alert-dry-run-form'));
    await userEvent.type(form.getByLabelText(/Operation/), 'place_order');
    await userEvent.selectOptions(form.getByLabelText('Traces'), 'custom');
    // The window starts as the last hour; the user picks another.
    expect(form.getByLabelText('From')).not.toHaveValue('');
    fireEvent.change(form.getByLabelText('From'), {
      target: { value: '2026-11-20T10:00' },
    });
    fireEvent.change(form.getByLabelText('To'), {
      target: { value: '2026-11-20T11:30' },
    });
    await userEvent.click(form.getByRole('button', { name: 'Run' }));

    await screen.findByTestId('alert-dry-run-result');
    const query = new URLSearchParams(dryRuns[0].search);
    // datetime-local values are the viewer's wall clock.
    expect(query.get('from')).toBe(new Date(2026, 10, 20, 10, 0).toISOString());
    expect(query.get('to')).toBe(new Date(2026, 10, 20, 11, 30).toISOString());
    expect(dryRuns[0].body).toEqual({ operation: 'place_order' });
  });

  it('asks for the operation and a window that makes sense before running', async () => {
    const dryRuns = serve();
    await renderPage();

    const form = within(screen.getByTestId('alert-dry-run-form'));
    await userEvent.click(form.getByRole('button', { name: 'Run' }));
    expect(
      form.getByText('The signal operation alerted on, e.g. place_order'),
    ).toBeInTheDocument();

    await userEvent.type(form.getByLabelText(/Operation/), 'place_order');
    await userEvent.selectOptions(form.getByLabelText('Traces'), 'custom');
    fireEvent.change(form.getByLabelText('From'), {
      target: { value: '2026-11-20T12:00' },
    });
    fireEvent.change(form.getByLabelText('To'), {
      target: { value: '2026-11-20T11:00' },
    });
    await userEvent.click(form.getByRole('button', { name: 'Run' }));
    expect(
      form.getByText('The start must be before the end.'),
    ).toBeInTheDocument();
    expect(dryRuns).toEqual([]);
    expect(
      screen.queryByTestId('alert-dry-run-result'),
    ).not.toBeInTheDocument();
  });

  it('shows why the backend refused a dry run', async () => {
    serve();
    server.use(
      http.post(`${baseUrl}/v1/alerts/dry-run`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'Invalid alert payload at payload: needs "operation" (the signal operation, e.g. place_order) or "entity"',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    await renderPage();

    const form = within(screen.getByTestId('alert-dry-run-form'));
    await userEvent.type(form.getByLabelText(/Operation/), 'place_order');
    await userEvent.click(form.getByRole('button', { name: 'Run' }));
    expect(
      (await screen.findAllByText(/Invalid alert payload at payload/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows one decision at /<alert id>, where notifications link', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${baseUrl}/v1/alerts/:id`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(routedToPayments);
      }),
    );
    await renderPage('/42');

    const decision = await screen.findByTestId('alert-decision');
    expect(path).toBe('/api/ownership/v1/alerts/42');
    expect(within(decision).getByTestId('alert-routed-to')).toHaveTextContent(
      'team-payments',
    );
    expect(within(decision).getAllByTestId('alert-delivery')).toHaveLength(3);
    expect(screen.queryByTestId('alert-dry-run-form')).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'All alerts and the dry run' }),
    ).toHaveAttribute('href', '/service-ownership/alerts');
  });

  it('says so when the alert is not known', async () => {
    server.use(
      http.get(`${baseUrl}/v1/alerts/:id`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: "No alert with id '999'" },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await renderPage('/999');

    expect(
      await screen.findByText("No alert with id '999'"),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'See the recent alerts' }),
    ).toHaveAttribute('href', '/service-ownership/alerts');
    await waitFor(() =>
      expect(screen.queryByTestId('alert-decision')).not.toBeInTheDocument(),
    );
  });
});
