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
import {
  EntityDependencies,
  SERVICE_NAME_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ordersDependencies,
  ordersEntity,
  recommendationsEntity,
} from '../../__fixtures__/shop';
import { allSourceStates, embeddedOnly } from '../../__fixtures__/sources';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { mockSvgLayout } from '../../testing/mockSvgLayout';
import { EntityDependenciesContent } from './EntityDependenciesContent';

// Whole tabs with charts and graphs render slowly in jsdom on a busy 2-core machine.
jest.setTimeout(30_000);

mockSvgLayout();

const baseUrl = 'http://localhost:7007/api/ownership';
// No upstream trace source: the staleness banner stays hidden.
const server = setupServer(
  http.get(`${baseUrl}/v1/sources`, () => HttpResponse.json(embeddedOnly)),
);
registerMswTestHooks(server);

const ownershipApi = new OwnershipClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => global.fetch(input, init) },
});

/** Serves the entity's dependencies and records the query of each request. */
function serve(
  entity: Entity,
  respond: (query: URLSearchParams) => Response | EntityDependencies,
) {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(
      `${baseUrl}/v1/entities/${entity.kind.toLocaleLowerCase(
        'en-US',
      )}/default/${entity.metadata.name}/dependencies`,
      ({ request }) => {
        const query = new URL(request.url).searchParams;
        queries.push(query);
        const response = respond(query);
        return response instanceof Response
          ? response
          : HttpResponse.json(response);
      },
    ),
  );
  return queries;
}

function renderTab(entity: Entity) {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
      <EntityProvider entity={entity}>
        <EntityDependenciesContent />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const noTraffic: EntityDependencies = {
  ...ordersDependencies,
  nodes: [ordersDependencies.nodes[2]],
  edges: [],
  drift: {
    ...ordersDependencies.drift,
    undeclared: [],
    agreeing: [],
    unowned: [],
    yamlToAdd: '',
    declaredNotObserved: [
      'component:default/inventory',
      'component:default/payments',
    ],
  },
};

describe('EntityDependenciesContent', () => {
  it('shows the graph, the calls and the drift of the last 24 hours, one hop deep', async () => {
    const queries = serve(ordersEntity, () => ordersDependencies);
    await renderTab(ordersEntity);

    const nodes = await screen.findAllByTestId('dependency-node');
    expect(nodes).toHaveLength(9);
    const storefront = nodes.find(
      node =>
        node.getAttribute('data-node-id') === 'component:default/storefront',
    )!;
    expect(within(storefront).getByText('Storefront')).toBeInTheDocument();
    expect(within(storefront).getByText('team-discovery')).toBeInTheDocument();

    expect(screen.getByText('Calls (8)')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Observed but not declared (1)' }),
    ).toBeInTheDocument();
    expect(queries.map(query => query.toString())).toEqual([
      'window=24h&depth=1',
    ]);
  });

  it('reads another window and depth when they are picked', async () => {
    const queries = serve(ordersEntity, () => ordersDependencies);
    await renderTab(ordersEntity);
    await screen.findAllByTestId('dependency-node');

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Window' }),
      'Last 7 days',
    );
    await screen.findAllByTestId('dependency-node');
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Depth' }),
      '3 hops',
    );
    await screen.findAllByTestId('dependency-node');
    await waitFor(() =>
      expect(queries.map(query => query.toString())).toEqual([
        'window=24h&depth=1',
        'window=7d&depth=1',
        'window=7d&depth=3',
      ]),
    );
  });

  it('asks for the annotation when the default claim found no traffic', async () => {
    serve(recommendationsEntity, () => ({
      ...noTraffic,
      entityRef: 'component:default/recommendations',
      traceNodes: ['recommendations'],
      claimSource: 'default',
      nodes: [],
    }));
    await renderTab(recommendationsEntity);

    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText(SERVICE_NAME_ANNOTATION, { exact: false }).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText(/spans are looked up by the entity's name/),
    ).toHaveTextContent(
      "Without the annotation, spans are looked up by the entity's name, recommendations, and none were seen in the last 24 hours.",
    );
    expect(
      await screen.findByText(
        (_, element) =>
          element?.tagName === 'CODE' &&
          element.textContent ===
            `metadata:\n  annotations:\n    ${SERVICE_NAME_ANNOTATION}: <service.name of its spans>`,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('dependency-node')).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Show the last 7 days' }),
    ).toBeInTheDocument();
  });

  it("asks a system's parts for the annotation when none claims a trace node", async () => {
    const shop: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'shop', namespace: 'default', title: 'Shop' },
      spec: { owner: 'team-checkout' },
    };
    serve(shop, () => ({
      ...noTraffic,
      entityRef: 'system:default/shop',
      traceNodes: [],
      claimSource: undefined,
      nodes: [],
    }));
    await renderTab(shop);
    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getByText(/None of the parts of Shop claims a trace node/),
    ).toHaveTextContent(
      'None of the parts of Shop claims a trace node. Set the annotation on its components and resources to the service.name resource attribute their spans carry',
    );
  });

  it('says there was no traffic, naming the trace nodes, and offers a wider window', async () => {
    const queries = serve(ordersEntity, query =>
      query.get('window') === '7d' ? ordersDependencies : noTraffic,
    );
    await renderTab(ordersEntity);

    expect(
      await screen.findByText('No traffic in the last 24 hours'),
    ).toBeInTheDocument();
    expect(screen.getByText(/claims the trace node/)).toHaveTextContent(
      'Orders claims the trace node orders, but no calls from or to it were seen in the last 24 hours. It may just be quiet: try a wider window.',
    );
    expect(
      screen.getByRole('heading', {
        name: 'Declared but not observed in the last 30 days (2)',
      }),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show the last 7 days' }),
    );
    expect(await screen.findAllByTestId('dependency-node')).toHaveLength(9);
    expect(screen.getByRole('combobox', { name: 'Window' })).toHaveValue('7d');
    expect(queries.map(query => query.get('window'))).toEqual(['24h', '7d']);
  });

  it('shows what went wrong when the trace store is unreachable', async () => {
    serve(
      ordersEntity,
      () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message:
                'Trace store http://tempo:3200 is unreachable: connect ECONNREFUSED',
            },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ) as Response,
    );
    await renderTab(ordersEntity);
    expect(
      (
        await screen.findAllByText(
          /Trace store http:\/\/tempo:3200 is unreachable: connect ECONNREFUSED/,
        )
      ).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText(/ServiceUnavailableError/).length,
    ).toBeGreaterThan(0);
  });

  it('warns about trace nodes that several entities claim', async () => {
    serve(ordersEntity, () => ({
      ...ordersDependencies,
      conflicts: [
        {
          node: 'orders',
          source: 'annotation',
          entityRefs: [
            'component:default/orders',
            'component:default/orders-legacy',
          ],
        },
      ],
    }));
    await renderTab(ordersEntity);
    expect(
      await screen.findByText(/A trace node is claimed by several entities/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^orders is claimed by component:orders and component:orders-legacy/,
      ),
    ).toBeInTheDocument();
  });

  it('warns above the graph when trace sources are failing or stale', async () => {
    server.use(
      http.get(`${baseUrl}/v1/sources`, () =>
        HttpResponse.json(allSourceStates(Date.now())),
      ),
    );
    serve(ordersEntity, () => ordersDependencies);
    await renderTab(ordersEntity);

    expect(await screen.findByTestId('trace-sources-banner')).toHaveTextContent(
      'Some trace sources are failing or stale: tempo, prometheus-spanmetrics',
    );
    expect(await screen.findAllByTestId('dependency-node')).toHaveLength(9);
  });
});
