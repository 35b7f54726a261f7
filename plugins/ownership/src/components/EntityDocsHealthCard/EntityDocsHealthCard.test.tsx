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
import { EntityDocsHealth } from '@service-ownership/plugin-ownership-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  inventoryDueSoonDocs,
  ordersFreshDocs,
  ordersStaleDocs,
  paymentsOverdueDocs,
  shippingIncompleteDocs,
} from '../../__fixtures__/docs';
import { NOW, ordersEntity } from '../../__fixtures__/shop';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { EntityDocsHealthBadge } from '../EntityDocsHealthBadge';
import { EntityDocsHealthCard } from './EntityDocsHealthCard';

jest.setTimeout(30_000);

const base =
  'http://localhost:7007/api/ownership/v1/entities/component/default';
const server = setupServer();
registerMswTestHooks(server);

const ownershipApi = new OwnershipClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => global.fetch(input, init) },
});

function entityNamed(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner: 'team-checkout' },
  };
}

beforeEach(() => {
  // Only the clock is fixed (at Friday 20 Nov 2026, 12:00 UTC); timers run, so requests complete.
  jest.useFakeTimers({
    now: NOW,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
});

afterEach(() => {
  jest.useRealTimers();
});

function serveHealth(
  name: string,
  response: EntityDocsHealth | (() => Response),
) {
  server.use(
    http.get(`${base}/${name}/docs-health`, () =>
      typeof response === 'function' ? response() : HttpResponse.json(response),
    ),
  );
}

function refusal(message: string) {
  return HttpResponse.json(
    {
      error: { name: 'NotAllowedError', message },
      response: { statusCode: 403 },
    },
    { status: 403 },
  ) as Response;
}

/** The card with the page's header badge next to it, as the example app's Overview has them. */
function renderCard(entity: Entity = ordersEntity) {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
      <EntityProvider entity={entity}>
        <div data-testid="header">
          <EntityDocsHealthBadge caption="Documentation" />
        </div>
        <EntityDocsHealthCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

async function cardBadge() {
  const card = await screen.findByTestId('docs-last-reviewed');
  return within(card.closest('[class*="MuiCard"]') as HTMLElement).getByTestId(
    'docs-health-badge',
  );
}

describe('EntityDocsHealthCard', () => {
  it('shows the health, why, the dates, what changed and the checklist', async () => {
    serveHealth('orders', ordersStaleDocs);
    await renderCard();

    expect(await screen.findByText('Documentation health')).toBeInTheDocument();
    const badge = await cardBadge();
    expect(badge).toHaveTextContent('Stale: dependencies, SLOs changed');
    expect(badge).toHaveAttribute('data-state', 'stale');

    const reasons = screen.getByRole('list', {
      name: 'Why the docs need attention',
    });
    expect(
      within(reasons)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(ordersStaleDocs.reasons);

    expect(screen.getByTestId('docs-last-reviewed')).toHaveTextContent(
      '11 Oct 2026 (1 month ago) by alice, marked as reviewed in the portal',
    );
    expect(screen.getByTestId('docs-last-modified')).toHaveTextContent(
      '18 Nov 2026 (1 day ago), last commit in source control (source',
    );
    expect(screen.getByRole('link', { name: /^source/ })).toHaveAttribute(
      'href',
      ordersStaleDocs.lastModified!.url,
    );
    expect(screen.getByTestId('docs-interval')).toHaveTextContent(
      'Every 90 days (configured for component entities)',
    );
    expect(screen.getByTestId('docs-due')).toHaveTextContent(
      '9 Jan 2027 (in 50 days)',
    );

    expect(
      screen.getAllByTestId('docs-change').map(change => change.textContent),
    ).toEqual([
      'observed dependencies changed: + shipping',
      'SLO definitions changed: ~ place-order-latency',
    ]);

    const fields = screen.getAllByTestId('docs-field');
    expect(fields).toHaveLength(10);
    const runbook = fields.find(f => f.dataset.field === 'runbook')!;
    expect(runbook).toHaveAttribute('data-present', 'true');
    expect(runbook).toHaveTextContent(
      'Runbook (required): https://runbooks.example.com/orders',
    );
    const alerts = fields.find(f => f.dataset.field === 'alerts')!;
    expect(alerts).toHaveAttribute('data-present', 'false');
    expect(alerts).toHaveTextContent('Alerts (optional)');
    expect(alerts).toHaveTextContent(
      'To add it, add a link with `type: alerts` (the alert rules) under metadata.links.',
    );

    // The page's header badge shows the same health.
    expect(
      within(screen.getByTestId('header')).getByTestId('docs-health-badge'),
    ).toHaveTextContent('Stale: dependencies, SLOs changed');
    expect(screen.getByTestId('header')).toHaveTextContent('Documentation');
  });

  it('marks missing required items, and says when nothing changed', async () => {
    serveHealth('shipping', shippingIncompleteDocs);
    await renderCard(entityNamed('shipping'));

    expect(await cardBadge()).toHaveTextContent('Incomplete: 2 missing');
    const runbook = screen
      .getAllByTestId('docs-field')
      .find(f => f.dataset.field === 'runbook')!;
    expect(runbook).toHaveAttribute('data-present', 'false');
    expect(runbook).toHaveAttribute('data-required', 'true');
    expect(runbook).toHaveTextContent(
      'Runbook (required)To add it, add a link with `type: runbook` (or `playbook`) under metadata.links.',
    );
    expect(screen.getByTestId('docs-last-reviewed')).toHaveTextContent(
      'Never reviewed',
    );
    // Never reviewed: there is nothing to compare changes with.
    expect(
      screen.queryByText('What changed since the last review'),
    ).not.toBeInTheDocument();
  });

  it('marks the docs reviewed, and every badge of the entity turns fresh', async () => {
    serveHealth('orders', ordersStaleDocs);
    const bodies: unknown[] = [];
    server.use(
      http.post(`${base}/orders/docs-health/reviews`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(ordersFreshDocs);
      }),
    );
    await renderCard();

    await userEvent.type(
      await screen.findByLabelText('Review comment (optional)'),
      'runbook checked',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Mark as reviewed' }),
    );

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Marked as reviewed.',
    );
    expect(bodies).toEqual([{ comment: 'runbook checked' }]);
    expect(await cardBadge()).toHaveTextContent('Fresh');
    expect(
      within(screen.getByTestId('header')).getByTestId('docs-health-badge'),
    ).toHaveTextContent('Fresh');
    expect(
      screen.queryByRole('list', { name: 'Why the docs need attention' }),
    ).not.toBeInTheDocument();
    expect(screen.getByTestId('docs-no-changes')).toBeInTheDocument();
    expect(screen.getByTestId('docs-last-reviewed')).toHaveTextContent(
      '20 Nov 2026',
    );
    expect(screen.getByLabelText('Review comment (optional)')).toHaveValue('');
  });

  it('disables the review with the reason when the user is not in the owning group', async () => {
    serveHealth('payments', paymentsOverdueDocs);
    await renderCard(entityNamed('payments'));

    expect(await cardBadge()).toHaveTextContent('Overdue 12 days');
    expect(
      screen.getByRole('button', { name: 'Mark as reviewed' }),
    ).toBeDisabled();
    expect(screen.getByTestId('docs-review-refused')).toHaveTextContent(
      'Only members of team-payments can mark its docs reviewed.',
    );
    expect(
      screen.queryByLabelText('Review comment (optional)'),
    ).not.toBeInTheDocument();
    // Snoozing is refused to non-members as well.
    expect(
      screen.getByRole('button', { name: 'Snooze nudges 7 days' }),
    ).toBeDisabled();
  });

  it("shows the backend's message when the review is refused", async () => {
    serveHealth('orders', ordersStaleDocs);
    server.use(
      http.post(`${base}/orders/docs-health/reviews`, () =>
        refusal(
          'user:development/guest is not a member of group:default/team-checkout',
        ),
      ),
    );
    await renderCard();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Mark as reviewed' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'user:development/guest is not a member of group:default/team-checkout',
    );
    expect(await cardBadge()).toHaveTextContent('Stale');
    expect(
      screen.getByRole('button', { name: 'Mark as reviewed' }),
    ).toBeEnabled();
  });

  it('snoozes the nudges, and lifts the snooze', async () => {
    serveHealth('orders', ordersStaleDocs);
    const bodies: unknown[] = [];
    server.use(
      http.post(`${base}/orders/docs-health/snooze`, async ({ request }) => {
        const body = (await request.json()) as { days: number };
        bodies.push(body);
        return HttpResponse.json(
          body.days === 0
            ? ordersStaleDocs
            : {
                ...ordersStaleDocs,
                snoozedUntil: '2026-11-27T12:00:00.000Z',
                snoozedBy: 'user:development/guest',
              },
        );
      }),
    );
    await renderCard();

    expect(
      await screen.findByRole('button', { name: 'Snooze nudges 30 days' }),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Snooze nudges 7 days' }),
    );
    expect(await screen.findByTestId('docs-snoozed')).toHaveTextContent(
      'Nudges snoozed until 27 Nov 2026 by development/guest.',
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      'Nudges snoozed until 27 Nov 2026 by development/guest.',
    );
    expect(
      screen.queryByRole('button', { name: 'Snooze nudges 7 days' }),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Unsnooze' }));
    await waitFor(() =>
      expect(screen.queryByTestId('docs-snoozed')).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('status')).toHaveTextContent('Nudges unsnoozed.');
    expect(bodies).toEqual([{ days: 7 }, { days: 0 }]);
  });

  it('shows a snooze in force', async () => {
    serveHealth('inventory', inventoryDueSoonDocs);
    await renderCard(entityNamed('inventory'));

    expect(await screen.findByTestId('docs-snoozed')).toHaveTextContent(
      'Nudges snoozed until 27 Nov 2026 by bob.',
    );
    expect(screen.getByRole('button', { name: 'Unsnooze' })).toBeEnabled();
    expect(await cardBadge()).toHaveTextContent('Due in 5 days');
    expect(screen.getByTestId('docs-last-reviewed')).toHaveTextContent(
      '— “checked the runbook after the incident”',
    );
  });

  it('downloads the ops doc as JSON or YAML', async () => {
    serveHealth('orders', ordersStaleDocs);
    const formats: Array<string | null> = [];
    server.use(
      http.get(`${base}/orders/ops-doc`, ({ request }) => {
        formats.push(new URL(request.url).searchParams.get('format'));
        return new HttpResponse('entityRef: component:default/orders\n');
      }),
    );
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:ops-doc');
    const revokeObjectURL = jest.fn();
    // jsdom has neither; put them back as they were, since the URL global outlives this file in the worker.
    const original = {
      createObjectURL: URL.createObjectURL,
      revokeObjectURL: URL.revokeObjectURL,
    };
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const downloads: string[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordDownload(this: HTMLAnchorElement) {
        downloads.push(this.download);
      });
    try {
      await renderCard();
      await userEvent.click(
        await screen.findByRole('button', { name: 'Download ops doc (YAML)' }),
      );
      await userEvent.click(
        screen.getByRole('button', { name: 'Download ops doc (JSON)' }),
      );
      await waitFor(() => expect(downloads).toHaveLength(2));
      expect(downloads).toEqual(['orders-ops-doc.yaml', 'orders-ops-doc.json']);
      expect(formats).toEqual(['yaml', 'json']);
      expect(createObjectURL.mock.calls[1][0].type).toBe('application/json');
      expect(await createObjectURL.mock.calls[0][0].text()).toBe(
        'entityRef: component:default/orders\n',
      );
    } finally {
      click.mockRestore();
      Object.assign(URL, original);
    }
  });

  it('shows what went wrong when the health cannot be read', async () => {
    // The badge and the card each ask: each gets its own answer.
    serveHealth(
      'orders',
      () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No entity orders' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ) as Response,
    );
    await renderCard();

    expect(
      (await screen.findAllByText(/No entity orders/)).length,
    ).toBeGreaterThan(0);
    const headerBadge = within(screen.getByTestId('header')).getByTestId(
      'docs-health-badge',
    );
    expect(headerBadge).toHaveTextContent('Docs health unavailable');
    expect(headerBadge).toHaveAttribute('data-state', 'error');
  });
});
