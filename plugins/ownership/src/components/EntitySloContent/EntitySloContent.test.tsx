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
import {
  EntitySlos,
  SloChartWindow,
} from '@service-ownership/plugin-ownership-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ordersEntity } from '../../__fixtures__/shop';
import {
  noSlos,
  objectiveProblem,
  ordersSlos,
  ordersSuggestions,
  placeOrderDependencySlos,
  placeOrderLatencySeries,
} from '../../__fixtures__/slos';
import { allSourceStates, embeddedOnly } from '../../__fixtures__/sources';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { sloAnnotationBlockYaml } from '../../lib/yaml';
import { mockChartLayout } from '../../testing/mockChartLayout';
import { EntitySloContent } from './EntitySloContent';

// Whole tabs with charts and graphs render slowly in jsdom on a busy 2-core machine.
jest.setTimeout(30_000);

mockChartLayout();

const entityUrl =
  'http://localhost:7007/api/ownership/v1/entities/component/default/orders';
// No upstream trace source: the staleness banner stays hidden.
const server = setupServer(
  http.get('http://localhost:7007/api/ownership/v1/sources', () =>
    HttpResponse.json(embeddedOnly),
  ),
);
registerMswTestHooks(server);

const ownershipApi = new OwnershipClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => global.fetch(input, init) },
});

/** The orders entity with only its latency SLO, so each test draws one set of charts. */
const latencyOnly: EntitySlos = {
  ...ordersSlos,
  slos: ordersSlos.slos.slice(0, 1),
};

function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

/** Serves the entity's SLOs, their series and suggestions; records what was asked. */
function serve(slos: EntitySlos | Response) {
  const requests = {
    series: [] as Array<{ slo: string; window: string | null }>,
    suggestions: 0,
    dependencies: [] as string[],
    exports: [] as Array<string | null>,
  };
  server.use(
    http.get(`${entityUrl}/slos`, () =>
      slos instanceof Response ? slos : HttpResponse.json(slos),
    ),
    http.get(`${entityUrl}/slos/suggestions`, () => {
      requests.suggestions += 1;
      return HttpResponse.json(ordersSuggestions);
    }),
    http.get(`${entityUrl}/slos/export`, ({ request }) => {
      const format = new URL(request.url).searchParams.get('format');
      requests.exports.push(format);
      return new HttpResponse(`# ${format} spec of orders\n`, {
        headers: { 'Content-Type': 'text/yaml' },
      });
    }),
    http.get(`${entityUrl}/slos/:slo/series`, ({ request, params }) => {
      const window = new URL(request.url).searchParams.get('window');
      requests.series.push({ slo: String(params.slo), window });
      return HttpResponse.json({
        ...placeOrderLatencySeries((window ?? '1h') as SloChartWindow),
        slo: String(params.slo),
      });
    }),
    http.get(`${entityUrl}/slos/:slo/dependencies`, ({ params }) => {
      requests.dependencies.push(String(params.slo));
      return HttpResponse.json(placeOrderDependencySlos);
    }),
  );
  return requests;
}

function renderTab() {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
      <EntityProvider entity={ordersEntity}>
        <EntitySloContent />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

async function sloSection(name: string) {
  return within(await screen.findByRole('region', { name }));
}

describe('EntitySloContent', () => {
  it('draws the latency, error-rate and budget charts of each SLO, with a dot per exemplar', async () => {
    const requests = serve(ordersSlos);
    await renderTab();

    const section = await sloSection('place-order-latency');
    expect(await section.findByTestId('slo-latency-chart')).toBeInTheDocument();
    expect(section.getByTestId('slo-error-chart')).toBeInTheDocument();
    expect(section.getByTestId('slo-budget-chart')).toBeInTheDocument();
    expect(section.getAllByTestId('slo-exemplar')).toHaveLength(5);
    expect(section.getByText('p99 (5 min)')).toBeInTheDocument();
    expect(section.getByText('99.87 %')).toBeInTheDocument();
    expect(section.getByTestId('slo-state')).toHaveTextContent('OK');

    await waitFor(() =>
      expect(screen.getAllByTestId('slo-latency-chart')).toHaveLength(3),
    );
    expect(
      requests.series.map(request => `${request.slo}@${request.window}`).sort(),
    ).toEqual([
      'place-order-errors@1h',
      'place-order-latency@1h',
      'refund-availability@1h',
    ]);
  });

  it('lists the burn-rate windows with their burn rate, counts and precision', async () => {
    serve({ ...ordersSlos, slos: [ordersSlos.slos[1]] });
    await renderTab();

    const section = await sloSection('place-order-errors');
    const table = section.getByRole('table', {
      name: 'Burn-rate windows of place-order-errors',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(7);
    expect(
      within(rows[0])
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual(['Last 5 min', '31.5×', '85 / 124', 'to the minute']);
    expect(within(rows[2]).getByText('18.2×')).toBeInTheDocument();
    expect(within(rows[5]).getByText('to the hour')).toBeInTheDocument();
    expect(section.getByTestId('slo-state')).toHaveAttribute(
      'title',
      'Page: the budget burns faster than 14.4× over 1 h and 5 min',
    );
  });

  it('reads the series again for another window', async () => {
    const requests = serve(latencyOnly);
    await renderTab();

    const section = await sloSection('place-order-latency');
    expect(await section.findAllByTestId('slo-exemplar')).toHaveLength(5);
    const select = section.getByRole('combobox', { name: 'Window' });
    expect(select).toHaveValue('1h');
    expect(
      within(select)
        .getAllByRole('option')
        .map(option => option.getAttribute('value')),
    ).toEqual(['1h', '24h', '7d']);

    await userEvent.selectOptions(select, '24h');
    await waitFor(() =>
      expect(section.getAllByTestId('slo-exemplar')).toHaveLength(7),
    );
    expect(requests.series.map(request => request.window)).toEqual([
      '1h',
      '24h',
    ]);

    await userEvent.selectOptions(select, '7d');
    expect(await section.findByText('p50 (1 h)')).toBeInTheDocument();
  });

  it('loads the dependency SLOs only once their accordion is opened', async () => {
    const requests = serve(latencyOnly);
    await renderTab();

    const section = await sloSection('place-order-latency');
    await section.findAllByTestId('slo-exemplar');
    expect(requests.dependencies).toEqual([]);

    await userEvent.click(
      section.getByRole('button', { name: 'Dependency SLOs' }),
    );
    const table = await section.findByRole('table', {
      name: 'Dependency SLOs',
    });
    expect(requests.dependencies).toEqual(['place-order-latency']);
    expect(
      section.getByText(/^From 120 traces of the last 24 hours/),
    ).toHaveTextContent(
      'From 120 traces of the last 24 hours (14 failing): what each downstream service adds to this SLO',
    );
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(
      within(rows[0])
        .getAllByRole('cell')
        .map(cell => cell.textContent)
        .slice(0, 7),
    ).toEqual([
      'payments',
      'payments',
      'team-payments',
      '1',
      '71 %',
      '42 %',
      '99.5 % latency ≤ 120 ms of charge',
    ]);
    expect(
      within(rows[0]).getByRole('link', { name: 'payments' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments');
    expect(within(rows[2]).getByText('Unclaimed')).toBeInTheDocument();
    expect(
      within(rows[1]).getByRole('button', {
        name: 'Copy the SLO YAML for inventory',
      }),
    ).toBeInTheDocument();
  });

  it('keeps the suggestions collapsed under the SLOs, and loads them when opened', async () => {
    const requests = serve(latencyOnly);
    await renderTab();

    await sloSection('place-order-latency');
    expect(requests.suggestions).toBe(0);
    await userEvent.click(
      screen.getByRole('button', { name: 'What can you provide today' }),
    );
    const yaml = await screen.findByTestId('slo-suggestions-yaml');
    await waitFor(() => expect(yaml).toHaveTextContent('threshold: 400ms'));
    expect(requests.suggestions).toBe(1);
  });

  it('puts the suggestions first when the entity has no SLO', async () => {
    serve(noSlos);
    await renderTab();

    expect(
      await screen.findByText('What can you provide today'),
    ).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Suggested SLOs' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      within(rows[0])
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual([
      'latency',
      'place_order',
      '400 ms',
      '99 % over 28 days',
      '30 days, 1,200,000 requests',
      'p99 380 ms',
      '50 %',
    ]);
    expect(
      within(rows[1])
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual([
      'error rate',
      'place_order',
      '–',
      '99.5 % over 28 days',
      '30 days, 1,200,000 requests',
      '99.8 %',
      '40 %',
    ]);
    expect(
      screen.getByText(
        (_, element) =>
          element?.tagName === 'CODE' &&
          element.textContent ===
            sloAnnotationBlockYaml(ordersSuggestions.yaml),
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('slo-empty-state')).toBeInTheDocument();
    expect(screen.queryByTestId('slo-section')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Download/ }),
    ).not.toBeInTheDocument();
  });

  it('downloads the SLOs as a Sloth spec', async () => {
    const requests = serve(latencyOnly);
    const createObjectURL = jest
      .spyOn(URL, 'createObjectURL')
      .mockReturnValue('blob:orders-slos');
    const revokeObjectURL = jest
      .spyOn(URL, 'revokeObjectURL')
      .mockImplementation(() => {});
    const downloads: Array<{ href: string; download: string }> = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        downloads.push({ href: this.href, download: this.download });
      });
    try {
      await renderTab();
      await userEvent.click(
        await screen.findByRole('button', { name: 'Download Sloth spec' }),
      );
      await waitFor(() => expect(downloads).toHaveLength(1));
      expect(requests.exports).toEqual(['sloth']);
      expect(downloads[0]).toEqual({
        href: 'blob:orders-slos',
        download: 'orders-slos.sloth.yaml',
      });
      const blob = createObjectURL.mock.calls[0][0] as Blob;
      expect(blob.type).toBe('text/yaml');
      expect(await blob.text()).toBe('# sloth spec of orders\n');
      await waitFor(() =>
        expect(revokeObjectURL).toHaveBeenCalledWith('blob:orders-slos'),
      );

      await userEvent.click(
        screen.getByRole('button', { name: 'Download Prometheus rules' }),
      );
      await waitFor(() => expect(downloads).toHaveLength(2));
      expect(downloads[1].download).toBe('orders-slos.prometheus.yaml');
      expect(requests.exports).toEqual(['sloth', 'prometheus']);
    } finally {
      click.mockRestore();
      createObjectURL.mockRestore();
      revokeObjectURL.mockRestore();
    }
  });

  it('shows why an export failed', async () => {
    serve(latencyOnly);
    server.use(
      http.get(`${entityUrl}/slos/export`, () =>
        errorResponse(
          501,
          'NotImplementedError',
          'OpenSLO export is not available',
        ),
      ),
    );
    await renderTab();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Download OpenSLO' }),
    );
    expect(
      (await screen.findAllByText(/OpenSLO export is not available/)).length,
    ).toBeGreaterThan(0);
  });

  it('lists the problems of the annotation above the valid SLOs', async () => {
    serve({ ...latencyOnly, problems: [objectiveProblem] });
    await renderTab();
    expect(
      await screen.findByText(
        'Warning: A problem in the service-ownership.io/slos annotation',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(objectiveProblem.path)).toBeInTheDocument();
    expect(await sloSection('place-order-latency')).toBeTruthy();
  });

  it('shows what went wrong when the SLOs cannot be read', async () => {
    serve(
      errorResponse(
        503,
        'ServiceUnavailableError',
        'Trace store http://tempo:3200 is unreachable',
      ) as Response,
    );
    await renderTab();
    expect(
      (
        await screen.findAllByText(
          /Trace store http:\/\/tempo:3200 is unreachable/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });

  it('shows what went wrong when a series cannot be read, and the budget chart still', async () => {
    serve(latencyOnly);
    server.use(
      http.get(`${entityUrl}/slos/:slo/series`, () =>
        errorResponse(400, 'InputError', 'window must be one of 1h, 24h, 7d'),
      ),
    );
    await renderTab();
    const section = await sloSection('place-order-latency');
    expect(
      (await section.findAllByText(/window must be one of 1h, 24h, 7d/)).length,
    ).toBeGreaterThan(0);
    expect(section.queryByTestId('slo-latency-chart')).not.toBeInTheDocument();
    expect(section.getByTestId('slo-budget-chart')).toBeInTheDocument();
  });

  it('warns at the top when trace sources are failing or stale', async () => {
    server.use(
      http.get('http://localhost:7007/api/ownership/v1/sources', () =>
        HttpResponse.json(allSourceStates(Date.now())),
      ),
    );
    serve(noSlos);
    await renderTab();

    expect(await screen.findByTestId('trace-sources-banner')).toHaveTextContent(
      'Some trace sources are failing or stale: tempo, prometheus-spanmetrics',
    );
    expect(
      await screen.findByText('What can you provide today'),
    ).toBeInTheDocument();
  });
});
