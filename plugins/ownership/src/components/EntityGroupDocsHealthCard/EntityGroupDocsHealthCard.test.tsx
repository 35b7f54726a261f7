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
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { DocsHealthList } from '@service-ownership/plugin-ownership-common';
import { screen, within } from '@testing-library/react';
import { teamCheckoutDocs } from '../../__fixtures__/docs';
import { ownershipApiRef } from '../../api';
import { EntityGroupDocsHealthCard } from './EntityGroupDocsHealthCard';

jest.setTimeout(30_000);

const teamCheckout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-checkout', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function renderCard(listDocsHealth: jest.Mock) {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, { listDocsHealth }]]}>
      <EntityProvider entity={teamCheckout}>
        <EntityGroupDocsHealthCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityGroupDocsHealthCard', () => {
  it("counts the group's entities per state and lists them, most urgent first", async () => {
    const listDocsHealth = jest.fn().mockResolvedValue(teamCheckoutDocs);
    await renderCard(listDocsHealth);

    const rows = await screen.findAllByTestId('group-docs-row');
    expect(screen.getByText('Documentation health')).toBeInTheDocument();
    expect(listDocsHealth).toHaveBeenCalledWith({
      owners: ['group:default/team-checkout'],
    });

    const counts = screen.getAllByTestId('docs-health-count');
    expect(counts.map(chip => chip.textContent)).toEqual([
      'Incomplete: 1',
      'Overdue: 0',
      'Stale: 1',
      'Due soon: 1',
      'Fresh: 1',
    ]);
    // A state nobody is in is grey, whatever its colour otherwise.
    const colour = (state: string) =>
      getComputedStyle(counts.find(c => c.dataset.state === state)!)
        .backgroundColor;
    expect(colour('overdue')).not.toBe(colour('incomplete'));
    expect(colour('fresh')).not.toBe(colour('stale'));

    expect(rows.map(row => row.dataset.entityRef)).toEqual([
      'component:default/shipping',
      'component:default/orders',
      'component:default/inventory',
      'component:default/storefront',
    ]);
    const orders = within(rows[1]);
    expect(orders.getByRole('link', { name: 'Orders' })).toHaveAttribute(
      'href',
      '/catalog/default/component/orders',
    );
    expect(orders.getByTestId('docs-health-badge')).toHaveTextContent(
      'Stale: dependencies, SLOs changed',
    );
    expect(
      orders.getByText(
        'observed dependencies changed: + shipping since the last review',
      ),
    ).toBeInTheDocument();
    expect(orders.getByText('9 Jan 2027 (in 50 days)')).toBeInTheDocument();

    const storefront = within(rows[3]);
    expect(storefront.getByTestId('docs-health-badge')).toHaveTextContent(
      'Fresh',
    );
    expect(storefront.getByText('–')).toBeInTheDocument();
  });

  it('says why there is nothing to show', async () => {
    const empty: DocsHealthList = {
      owners: ['group:default/team-checkout'],
      counts: { incomplete: 0, overdue: 0, stale: 0, 'due-soon': 0, fresh: 0 },
      total: 0,
      items: [],
    };
    await renderCard(jest.fn().mockResolvedValue(empty));

    expect(
      await screen.findByText(
        'This group owns no entity whose documentation is tracked.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('docs-health-count')).toBeNull();
  });

  it('shows what went wrong when the list cannot be read', async () => {
    await renderCard(
      jest.fn().mockRejectedValue(new Error('The database is unreachable')),
    );
    expect(
      (await screen.findAllByText(/The database is unreachable/)).length,
    ).toBeGreaterThan(0);
  });
});
