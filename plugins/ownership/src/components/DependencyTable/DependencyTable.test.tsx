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
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NOW, ordersDependencies } from '../../__fixtures__/shop';
import { DependencyTable } from './DependencyTable';

function renderTable() {
  return renderInTestApp(
    <DependencyTable
      nodes={ordersDependencies.nodes}
      edges={ordersDependencies.edges}
      now={NOW}
    />,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** Caller → callee of each body row, top to bottom. */
function calls() {
  return screen
    .getAllByRole('row')
    .slice(1)
    .map(row => {
      const cells = within(row).getAllByRole('cell');
      return `${cells[0].textContent} → ${cells[1].textContent}`;
    });
}

describe('DependencyTable', () => {
  it('lists every call, busiest first, with its provenance', async () => {
    await renderTable();
    expect(screen.getByText('Calls (8)')).toBeInTheDocument();
    expect(calls()).toEqual([
      'user → Storefront',
      'Inventory → Inventory database',
      'Orders → Inventory',
      'Storefront → Orders',
      'Orders → Payments',
      'Payments → Payment service provider',
      'Orders → mail.example.net',
      'Orders → Shipping',
    ]);

    const shipping = screen.getAllByRole('row')[8];
    const cells = within(shipping).getAllByRole('cell');
    expect(cells.map(cell => cell.textContent).slice(2, 10)).toEqual([
      'messaging',
      '< 0.1 req/min',
      '0%',
      '4 ms',
      '25 ms',
      '3 hours ago',
      '2 minutes ago',
      '4bf92f35',
    ]);
    expect(within(shipping).getByText('4bf92f35')).toHaveAttribute(
      'title',
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
  });

  it('links the ends that an entity claims', async () => {
    await renderTable();
    expect(
      screen.getAllByRole('link', { name: 'Inventory database' })[0],
    ).toHaveAttribute('href', '/catalog/default/resource/inventory-db');
    expect(
      screen.queryByRole('link', { name: 'mail.example.net' }),
    ).not.toBeInTheDocument();
  });

  it('draws a sparkline of each call', async () => {
    await renderTable();
    const sparklines = screen.getAllByRole('img', {
      name: /^Trend of requests per step/,
    });
    expect(sparklines).toHaveLength(8);
    expect(sparklines[0].querySelector('svg')).not.toBeNull();
  });

  it('sorts by a column when its header is clicked', async () => {
    await renderTable();
    await userEvent.click(screen.getByText('p99'));
    expect(calls()[0]).toBe('Inventory → Inventory database');
    expect(calls()[7]).toBe('Orders → mail.example.net');

    await userEvent.click(screen.getByText('Caller'));
    expect(calls().map(call => call.split(' → ')[0])).toEqual([
      'Inventory',
      'Orders',
      'Orders',
      'Orders',
      'Orders',
      'Payments',
      'Storefront',
      'user',
    ]);
  });
});
