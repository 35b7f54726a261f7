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
import { SERVICE_NAME_ANNOTATION } from '@service-ownership/plugin-ownership-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { unownedTraffic } from '../../__fixtures__/shop';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { UnownedTrafficPage } from './UnownedTrafficPage';

const url = 'http://localhost:7007/api/ownership/v1/unowned';
const server = setupServer();
registerMswTestHooks(server);

const ownershipApi = new OwnershipClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => global.fetch(input, init) },
});

function renderPage() {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
      <UnownedTrafficPage />
    </TestApiProvider>,
  );
}

function bodyRows() {
  return screen
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    );
}

describe('UnownedTrafficPage', () => {
  it('lists the unclaimed nodes with their traffic', async () => {
    server.use(http.get(url, () => HttpResponse.json(unownedTraffic)));
    await renderPage();
    expect(
      await screen.findByText('Unclaimed trace nodes (3)'),
    ).toBeInTheDocument();
    expect(bodyRows()).toEqual([
      ['mail.example.net', 'peer', '7,800', '1 (< 0.1%)', '0', 'orders'],
      [
        'legacy-pricing',
        'service',
        '1,200',
        '36 (3%)',
        '2,400',
        'storefront, orders',
      ],
      ['pricing-cache', 'database', '2,400', '0 (0%)', '0', 'legacy-pricing'],
    ]);
  });

  it('sorts by a column when its header is clicked', async () => {
    server.use(http.get(url, () => HttpResponse.json(unownedTraffic)));
    await renderPage();
    await screen.findByText('Unclaimed trace nodes (3)');
    await userEvent.click(screen.getByText('Calls made'));
    await userEvent.click(screen.getByText('Calls made'));
    expect(bodyRows()[0][0]).toBe('legacy-pricing');
  });

  it('explains how to claim a node, with the YAML for the busiest one', async () => {
    server.use(http.get(url, () => HttpResponse.json(unownedTraffic)));
    await renderPage();
    expect(await screen.findByText('How to claim a node')).toBeInTheDocument();
    expect(
      await screen.findByText(
        (_, element) =>
          element?.tagName === 'CODE' &&
          element.textContent ===
            `metadata:\n  annotations:\n    ${SERVICE_NAME_ANNOTATION}: mail.example.net`,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Copy text' }),
    ).toBeInTheDocument();
  });

  it('reads another window when one is picked, and says when everything is claimed', async () => {
    const windows: Array<string | null> = [];
    server.use(
      http.get(url, ({ request }) => {
        const window = new URL(request.url).searchParams.get('window');
        windows.push(window);
        return HttpResponse.json(
          window === '1h' ? { ...unownedTraffic, nodes: [] } : unownedTraffic,
        );
      }),
    );
    await renderPage();
    await screen.findByText('Unclaimed trace nodes (3)');
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Window' }),
      'Last hour',
    );
    expect(
      await screen.findByText(
        'Every trace node seen in the last hour is claimed by a catalog entity.',
      ),
    ).toBeInTheDocument();
    expect(windows).toEqual(['24h', '1h']);
  });

  it('shows what went wrong when the backend fails', async () => {
    server.use(
      http.get(url, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: 'Trace store http://tempo:3200 is unreachable',
            },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    await renderPage();
    expect(
      (
        await screen.findAllByText(
          /Trace store http:\/\/tempo:3200 is unreachable/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });
});
