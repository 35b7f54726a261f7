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
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntitySlos } from '@service-ownership/plugin-ownership-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ordersEntity } from '../../__fixtures__/shop';
import { noSlos, objectiveProblem, ordersSlos } from '../../__fixtures__/slos';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { EntitySloCard } from './EntitySloCard';

const url =
  'http://localhost:7007/api/ownership/v1/entities/component/default/orders/slos';
const server = setupServer();
registerMswTestHooks(server);

const ownershipApi = new OwnershipClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => global.fetch(input, init) },
});

function serve(response: EntitySlos | Response) {
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
        <EntitySloCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

function summaryOf(name: string) {
  const summary = screen
    .getAllByTestId('slo-summary')
    .find(element => element.getAttribute('data-slo') === name);
  if (!summary) {
    throw new Error(`No summary of ${name}`);
  }
  return within(summary);
}

describe('EntitySloCard', () => {
  it('shows each SLO with its attainment, budget left and burn-rate state', async () => {
    serve(ordersSlos);
    await renderCard();

    expect(await screen.findAllByTestId('slo-summary')).toHaveLength(3);

    const latency = summaryOf('place-order-latency');
    expect(latency.getByText('place-order-latency')).toBeInTheDocument();
    expect(latency.getByText(/^latency ≤ 300 ms of/).textContent).toBe(
      'latency ≤ 300 ms of place_order on orders · 99 % over 28 days',
    );
    expect(latency.getByText('99.87 %')).toBeInTheDocument();
    expect(latency.getByText('87.4 %')).toBeInTheDocument();
    expect(
      latency.getByRole('progressbar', {
        name: 'Error budget left of place-order-latency: 87.4 %',
      }),
    ).toHaveAttribute('aria-valuenow', '87');
    expect(latency.getByTestId('slo-state')).toHaveTextContent('OK');
    expect(
      latency.getByRole('img', {
        name: 'Budget left over 28 days: from 99.6 % to 87.4 %',
      }),
    ).toBeInTheDocument();

    const errors = summaryOf('place-order-errors');
    expect(errors.getByText('Orders must go through.')).toBeInTheDocument();
    expect(errors.getByText('99.85 %')).toBeInTheDocument();
    expect(errors.getByText('-50 %')).toBeInTheDocument();
    expect(
      errors.getByRole('progressbar', {
        name: 'Error budget left of place-order-errors: -50 % (overspent)',
      }),
    ).toHaveAttribute('aria-valuenow', '0');
    const page = errors.getByTestId('slo-state');
    expect(page).toHaveTextContent('Page');
    expect(page).toHaveAttribute('data-state', 'page');
    expect(page).toHaveAttribute(
      'title',
      'Page: the budget burns faster than 14.4× over 1 h and 5 min',
    );

    const refund = summaryOf('refund-availability');
    expect(refund.getByText('no traffic')).toBeInTheDocument();
    expect(refund.getByTestId('slo-state')).toHaveTextContent('No data');

    expect(
      screen.getByRole('link', { name: 'Charts and details' }),
    ).toHaveAttribute('href', '/slos');
  });

  it('lists the problems of the annotation and still shows the valid SLOs', async () => {
    serve({
      ...ordersSlos,
      slos: ordersSlos.slos.slice(0, 1),
      problems: [objectiveProblem],
    });
    await renderCard();

    expect(
      await screen.findByText(
        'Warning: A problem in the service-ownership.io/slos annotation',
      ),
    ).toBeInTheDocument();
    const problems = screen.getByRole('list', {
      name: 'SLO annotation problems',
    });
    expect(
      within(problems).getByText(objectiveProblem.path),
    ).toBeInTheDocument();
    expect(
      within(problems).getByText(/must be a percentage below 100/),
    ).toHaveTextContent(`${objectiveProblem.message} (found "100%")`);
    expect(screen.getAllByTestId('slo-summary')).toHaveLength(1);
  });

  it('explains the annotation when the entity has no SLO', async () => {
    serve(noSlos);
    await renderCard();

    expect(await screen.findByTestId('slo-empty-state')).toBeInTheDocument();
    expect(
      screen.getByText('This entity has no service level objective yet.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        (_, element) =>
          element?.tagName === 'CODE' &&
          (element.textContent ?? '').startsWith(
            'metadata:\n  annotations:\n    service-ownership.io/slos: |',
          ),
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: 'See what this service can promise today',
      }),
    ).toHaveAttribute('href', '/slos');
    expect(screen.queryByTestId('slo-summary')).not.toBeInTheDocument();
  });

  it('says when none of the SLOs can be evaluated', async () => {
    serve({ ...noSlos, problems: [objectiveProblem] });
    await renderCard();
    expect(
      await screen.findByText(
        'None of the SLOs of this entity can be evaluated until the problems above are fixed.',
      ),
    ).toBeInTheDocument();
  });

  it('shows what went wrong when the SLOs cannot be read', async () => {
    serve(
      HttpResponse.json(
        {
          error: {
            name: 'ServiceUnavailableError',
            message: 'Trace store http://tempo:3200 is unreachable',
          },
          response: { statusCode: 503 },
        },
        { status: 503 },
      ) as Response,
    );
    await renderCard();
    expect(
      (
        await screen.findAllByText(
          /Trace store http:\/\/tempo:3200 is unreachable/,
        )
      ).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText(/ServiceUnavailableError/).length,
    ).toBeGreaterThan(0);
  });
});
