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
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
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
import { OwnershipSummary } from '@service-ownership/plugin-ownership-common';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { EntityOwnershipContent } from './EntityOwnershipContent';

const baseUrl = 'http://localhost:7007/api/ownership';
const server = setupServer();
registerMswTestHooks(server);

const discoveryApi = mockApis.discovery({ baseUrl: 'http://localhost:7007' });
const fetchApi = {
  fetch: (input: any, init?: any) => global.fetch(input, init),
};
const ownershipApi = new OwnershipClient({ discoveryApi, fetchApi });

function renderTab(entity: Entity) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [discoveryApiRef, discoveryApi],
        [fetchApiRef, fetchApi],
        [ownershipApiRef, ownershipApi],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityOwnershipContent />
      </EntityProvider>
    </TestApiProvider>,
    // EntityRefLink needs the catalog's entity route to be mounted.
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const shipping: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shipping',
    namespace: 'default',
    annotations: { 'service-ownership.io/last-audited': '2026-31-10' },
  },
  spec: { owner: 'team-fulfilment' },
};

const shippingSummary: OwnershipSummary = {
  entityRef: 'component:default/shipping',
  kind: 'Component',
  ownerRef: 'group:default/team-fulfilment',
  hasOwnershipAnnotations: true,
  annotations: [
    {
      annotation: 'service-ownership.io/service-name',
      value: 'shipping',
      status: 'valid',
    },
    { annotation: 'service-ownership.io/signal-operations', status: 'absent' },
    {
      annotation: 'service-ownership.io/last-audited',
      value: '2026-31-10',
      status: 'invalid',
    },
    { annotation: 'service-ownership.io/audit-interval', status: 'absent' },
  ],
  values: {
    serviceNames: [{ name: 'shipping' }],
    serviceNamesSource: 'annotation',
    signalOperations: [],
  },
  problems: [
    {
      severity: 'error',
      annotation: 'service-ownership.io/last-audited',
      path: 'metadata.annotations["service-ownership.io/last-audited"]',
      value: '2026-31-10',
      message: '"2026-31-10" is not a valid date; expected YYYY-MM-DD',
    },
  ],
};

describe('EntityOwnershipContent', () => {
  it('shows owner, annotations and the located problem from the backend', async () => {
    server.use(
      http.get(
        `${baseUrl}/v1/entities/component/default/shipping/summary`,
        () => HttpResponse.json(shippingSummary),
      ),
    );
    await renderTab(shipping);

    expect(
      await screen.findByText(
        'Error: Malformed annotation service-ownership.io/last-audited',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'metadata.annotations["service-ownership.io/last-audited"]',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('"2026-31-10" is not a valid date; expected YYYY-MM-DD'),
    ).toBeInTheDocument();
    expect(screen.getByText('team-fulfilment')).toBeInTheDocument();
    expect(screen.getByText('Invalid')).toBeInTheDocument();
    expect(screen.getByText('Not recorded')).toBeInTheDocument();
  });

  it('shows parsed values of a fully annotated entity', async () => {
    server.use(
      http.get(`${baseUrl}/v1/entities/component/default/orders/summary`, () =>
        HttpResponse.json({
          ...shippingSummary,
          entityRef: 'component:default/orders',
          ownerRef: 'group:default/team-checkout',
          problems: [],
          annotations: shippingSummary.annotations.map(a => ({
            ...a,
            status: 'valid',
          })),
          values: {
            serviceNames: [{ name: 'orders' }],
            serviceNamesSource: 'default',
            signalOperations: ['place_order'],
            lastAudited: '2026-09-30T00:00:00.000Z',
            auditIntervalDays: 90,
          },
        }),
      ),
    );
    await renderTab({
      ...shipping,
      metadata: {
        name: 'orders',
        namespace: 'default',
        annotations: {
          'service-ownership.io/signal-operations': 'place_order',
        },
      },
    });
    expect(await screen.findByText('place_order')).toBeInTheDocument();
    expect(screen.getByText('orders')).toBeInTheDocument();
    expect(screen.getByText('Defaults to the entity name')).toBeInTheDocument();
    expect(screen.getByText(/^2026-09-30/)).toBeInTheDocument();
    expect(screen.getByText('Every 90 days')).toBeInTheDocument();
    expect(screen.queryByText(/Malformed annotation/)).not.toBeInTheDocument();
  });

  it('shows the missing-annotation empty state without calling the backend', async () => {
    let called = false;
    server.use(
      http.get(`${baseUrl}/*`, () => {
        called = true;
        return HttpResponse.json({});
      }),
    );
    await renderTab({
      ...shipping,
      metadata: { name: 'recommendations', namespace: 'default' },
    });
    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText(/service-ownership\.io\/service-name/).length,
    ).toBeGreaterThan(0);
    expect(called).toBe(false);
  });

  it("lists what a group owns, with each entity's annotation status", async () => {
    server.use(
      http.get(
        `${baseUrl}/v1/entities/group/default/team-fulfilment/summary`,
        () =>
          HttpResponse.json({
            entityRef: 'group:default/team-fulfilment',
            kind: 'Group',
            hasOwnershipAnnotations: false,
            annotations: [],
            values: {
              serviceNames: [],
              serviceNamesSource: 'none',
              signalOperations: [],
            },
            problems: [],
            related: {
              relation: 'ownerOf',
              total: 2,
              entities: [
                {
                  entityRef: 'component:default/inventory',
                  kind: 'Component',
                  hasOwnershipAnnotations: true,
                  errorCount: 0,
                  warningCount: 0,
                },
                {
                  entityRef: 'component:default/shipping',
                  kind: 'Component',
                  hasOwnershipAnnotations: true,
                  errorCount: 1,
                  warningCount: 0,
                },
              ],
            },
          } satisfies OwnershipSummary),
      ),
    );
    await renderTab({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-fulfilment', namespace: 'default' },
      spec: { type: 'team', children: [] },
    });
    expect(await screen.findByText('Owned entities (2)')).toBeInTheDocument();
    expect(screen.getByText('1 malformed annotation')).toBeInTheDocument();
    expect(screen.getByText('Valid')).toBeInTheDocument();
  });

  it('shows what went wrong when the backend fails', async () => {
    server.use(
      http.get(
        `${baseUrl}/v1/entities/component/default/shipping/summary`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotFoundError',
                message: "No entity found for ref 'component:default/shipping'",
              },
              response: { statusCode: 404 },
            },
            { status: 404 },
          ),
      ),
    );
    await renderTab(shipping);
    expect(
      (
        await screen.findAllByText(
          /No entity found for ref 'component:default\/shipping'/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });
});
