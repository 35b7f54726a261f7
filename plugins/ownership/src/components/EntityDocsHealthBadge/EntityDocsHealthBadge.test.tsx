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
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityDocsHealth } from '@service-ownership/plugin-ownership-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  inventoryDueSoonDocs,
  ordersStaleDocs,
  paymentsOverdueDocs,
  shippingIncompleteDocs,
  storefrontFreshDocs,
} from '../../__fixtures__/docs';
import { ordersEntity } from '../../__fixtures__/shop';
import { OwnershipApi, ownershipApiRef } from '../../api';
import { EntityDocsHealthBadge } from './EntityDocsHealthBadge';

jest.setTimeout(30_000);

function renderBadge(
  getDocsHealth: OwnershipApi['getDocsHealth'],
  caption?: string,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, { getDocsHealth }]]}>
      <EntityProvider entity={ordersEntity}>
        <EntityDocsHealthBadge caption={caption} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityDocsHealthBadge', () => {
  it("reads the entity's health and lists the reasons in its tooltip", async () => {
    const getDocsHealth = jest.fn().mockResolvedValue(ordersStaleDocs);
    await renderBadge(getDocsHealth);

    const badge = await screen.findByText('Stale: dependencies, SLOs changed');
    expect(getDocsHealth).toHaveBeenCalledWith({
      kind: 'component',
      namespace: 'default',
      name: 'orders',
    });
    await userEvent.hover(badge);
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip).toHaveTextContent(
      'Documentation health: Stale: dependencies, SLOs changed. What the docs describe changed since the last review.',
    );
    expect(tooltip).toHaveTextContent(
      'observed dependencies changed: + shipping since the last review',
    );
    expect(tooltip).toHaveTextContent(
      'SLO definitions changed: ~ place-order-latency since the last review',
    );
  });

  it.each<[string, EntityDocsHealth, string]>([
    ['fresh', storefrontFreshDocs, 'Fresh'],
    ['due-soon', inventoryDueSoonDocs, 'Due in 5 days'],
    ['stale', ordersStaleDocs, 'Stale: dependencies, SLOs changed'],
    ['overdue', paymentsOverdueDocs, 'Overdue 12 days'],
    ['incomplete', shippingIncompleteDocs, 'Incomplete: 2 missing'],
  ])('reads %s docs as the label', async (state, health, label) => {
    await renderBadge(jest.fn().mockResolvedValue(health));
    const badge = await screen.findByText(label);
    expect(badge.closest('[data-testid="docs-health-badge"]')).toHaveAttribute(
      'data-state',
      state,
    );
  });

  it('colours fresh green, due soon and stale amber, overdue and incomplete red', async () => {
    const colours: Record<string, string> = {};
    for (const health of [
      storefrontFreshDocs,
      inventoryDueSoonDocs,
      ordersStaleDocs,
      paymentsOverdueDocs,
      shippingIncompleteDocs,
    ]) {
      const { unmount } = await renderBadge(
        jest.fn().mockResolvedValue(health),
      );
      await screen.findByText(health.label);
      colours[health.state] = getComputedStyle(
        screen.getByTestId('docs-health-badge'),
      ).backgroundColor;
      unmount();
    }
    expect(colours['due-soon']).toBe(colours.stale);
    expect(colours.overdue).toBe(colours.incomplete);
    expect(new Set([colours.fresh, colours.stale, colours.overdue]).size).toBe(
      3,
    );
  });

  it('is a quiet placeholder while loading, with its caption', async () => {
    await renderBadge(() => new Promise(() => {}), 'Documentation');
    expect(screen.getByText('Documentation')).toBeInTheDocument();
    expect(screen.getByTestId('docs-health-badge')).toHaveAttribute(
      'data-state',
      'loading',
    );
  });

  it('says the health is unavailable, and why, when it cannot be read', async () => {
    await renderBadge(
      jest.fn().mockRejectedValue(new Error('Trace store unreachable')),
    );
    const badge = await screen.findByText('Docs health unavailable');
    await userEvent.hover(badge);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'The documentation health could not be read: Trace store unreachable',
    );
  });
});
