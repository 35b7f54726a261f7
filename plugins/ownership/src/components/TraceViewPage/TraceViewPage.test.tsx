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
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { failedPlaceOrder } from '../../__fixtures__/trace';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { TraceViewPage } from './TraceViewPage';

const server = setupServer();
registerMswTestHooks(server);

const ownershipApi = new OwnershipClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => global.fetch(input, init) },
});

function renderPage(path: string) {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
      <TraceViewPage />
    </TestApiProvider>,
    { routeEntries: [path] },
  );
}

describe('TraceViewPage', () => {
  it('shows the trace of the path as a waterfall of its spans', async () => {
    server.use(
      http.get(
        `http://localhost:7007/api/ownership/v1/traces/${failedPlaceOrder.traceId}`,
        () => HttpResponse.json(failedPlaceOrder),
      ),
    );
    await renderPage(`/${failedPlaceOrder.traceId}`);

    expect(
      await screen.findByText(failedPlaceOrder.traceId),
    ).toBeInTheDocument();
    expect(screen.getByText('storefront: POST /checkout')).toBeInTheDocument();
    expect(
      screen.getByText('5 spans across 4 services, 4 errors'),
    ).toBeInTheDocument();
    const rows = screen.getAllByTestId('trace-span');
    expect(
      rows.map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      ),
    ).toEqual([
      ['storefront', 'POST /checkout', '', '0 ms', '1.5 s', 'Error (HTTP 502)'],
      ['orders', 'place_order', '', '+3 ms', '1.5 s', 'Error (HTTP 502)'],
      ['inventory', 'reserve', '', '+5 ms', '20 ms', 'OK'],
      ['payments', 'charge', '', '+30 ms', '1.5 s', 'Error'],
      [
        'payments',
        'POST /charges',
        '',
        '+32 ms',
        '1.5 s',
        'Error: timeout after 1500 ms',
      ],
    ]);
  });

  it('says when the trace is not in the store', async () => {
    server.use(
      http.get('http://localhost:7007/api/ownership/v1/traces/:traceId', () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message:
                "No recent trace with id '0123456789abcdef0123456789abcdef'",
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await renderPage('/0123456789abcdef0123456789abcdef');
    expect(
      (await screen.findAllByText(/No recent trace with id/)).length,
    ).toBeGreaterThan(0);
  });

  it('asks for a trace without one in the path', async () => {
    await renderPage('/');
    expect(await screen.findByText('No trace picked')).toBeInTheDocument();
  });
});
