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
import { fireEvent, screen, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { largeDependencies, ordersDependencies } from '../../__fixtures__/shop';
import { mockSvgLayout } from '../../testing/mockSvgLayout';
import { ObservedDependencyGraph } from './ObservedDependencyGraph';

mockSvgLayout();

function CurrentPath() {
  return <output aria-label="current path">{useLocation().pathname}</output>;
}

function renderGraph(props: Parameters<typeof ObservedDependencyGraph>[0]) {
  return renderInTestApp(
    <>
      <ObservedDependencyGraph {...props} />
      <CurrentPath />
    </>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

async function findNode(id: string) {
  const nodes = await screen.findAllByTestId('dependency-node');
  const node = nodes.find(n => n.getAttribute('data-node-id') === id);
  if (!node) {
    throw new Error(`No node ${id} among ${nodes.length}`);
  }
  return node;
}

describe('ObservedDependencyGraph', () => {
  it('draws every node with its name and owner, and each call with its numbers', async () => {
    await renderGraph({
      nodes: ordersDependencies.nodes,
      edges: ordersDependencies.edges,
      title: 'Observed dependencies of Orders',
    });
    const nodes = await screen.findAllByTestId('dependency-node');
    expect(nodes.map(n => n.getAttribute('data-node-id')).sort()).toEqual(
      ordersDependencies.nodes.map(n => n.id).sort(),
    );

    const payments = within(await findNode('component:default/payments'));
    expect(payments.getByText('Payments')).toBeInTheDocument();
    expect(payments.getByText('team-payments')).toBeInTheDocument();

    const provider = within(
      await findNode('component:default/payment-provider'),
    );
    expect(provider.getByText('Payment service provider')).toBeInTheDocument();

    expect(
      screen.getByText('5.6 req/min ·', { exact: false }),
    ).toBeInTheDocument();
    expect(screen.getAllByText('· p99 610 ms', { exact: false })).toHaveLength(
      1,
    );
  });

  it('highlights the entity and draws unclaimed nodes apart, named with their type', async () => {
    await renderGraph({
      nodes: ordersDependencies.nodes,
      edges: ordersDependencies.edges,
      title: 'Observed dependencies of Orders',
    });
    expect(
      (await findNode('component:default/orders')).getAttribute(
        'data-node-variant',
      ),
    ).toBe('root');
    const mail = await findNode('trace:mail.example.net');
    expect(mail.getAttribute('data-node-variant')).toBe('unowned');
    expect(within(mail).getByText('mail.example.net')).toBeInTheDocument();
    expect(within(mail).getByText('peer · unowned')).toBeInTheDocument();
    expect(
      await within(mail).findByRole('img', {
        name: 'mail.example.net: peer that no entity claims',
      }),
    ).toBeInTheDocument();
    expect(within(mail).queryByRole('link')).not.toBeInTheDocument();
  });

  it('links entities to their pages and opens them on click', async () => {
    await renderGraph({
      nodes: ordersDependencies.nodes,
      edges: ordersDependencies.edges,
      title: 'Observed dependencies of Orders',
    });
    const database = within(await findNode('resource:default/inventory-db'));
    const link = await database.findByRole('link', {
      name: 'Inventory database, owned by team-fulfilment',
    });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/resource/inventory-db',
    );
    // A click alone: d3-zoom's mousedown handler needs the event's view, which user-event leaves out in jsdom.
    fireEvent.click(link);
    expect(screen.getByLabelText('current path')).toHaveTextContent(
      '/catalog/default/resource/inventory-db',
    );
  });

  it('draws a graph of 200 nodes, with its busiest 200 of 400 calls and no call labels', async () => {
    const { nodes, edges } = largeDependencies();
    expect(nodes).toHaveLength(200);
    expect(edges).toHaveLength(400);
    await renderGraph({ nodes, edges, title: 'A large graph' });
    expect(await screen.findAllByTestId('dependency-node')).toHaveLength(200);
    // Dense graphs are drawn with their busiest calls only (layout time grows fast with edges).
    expect(
      screen.getByText(/Showing the 200 busiest of 400 calls/),
    ).toBeInTheDocument();
  });
});
