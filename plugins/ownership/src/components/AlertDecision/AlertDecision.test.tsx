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
import {
  AlertChannel,
  AlertRoutingRecord,
} from '@service-ownership/plugin-ownership-common';
import { screen, within } from '@testing-library/react';
import {
  failedDiskFull,
  fallbackToOrders,
  placeOrderDryRun,
  routedToPayments,
  routedToPsp,
} from '../../__fixtures__/alerts';
import { AlertDecision } from './AlertDecision';

jest.setTimeout(30_000);

// The viewer sits in Berlin whatever the machine running the tests, so the times shown are known.
jest.mock('../../lib/onCall', () => ({
  ...jest.requireActual('../../lib/onCall'),
  browserTimeZone: () => 'Europe/Berlin',
}));

function renderDecision(
  record: AlertRoutingRecord,
  wouldDeliver?: AlertChannel[],
) {
  return renderInTestApp(
    <AlertDecision record={record} wouldDeliver={wouldDeliver} />,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

function rowTexts(rows: HTMLElement[]): string[][] {
  return rows.map(row =>
    within(row)
      .getAllByRole('cell')
      .map(cell => cell.textContent ?? ''),
  );
}

describe('AlertDecision', () => {
  it('shows who the alert went to, why, the walked path to the culprit and the example trace', async () => {
    await renderDecision(routedToPayments);

    const decision = screen.getByTestId('alert-decision');
    expect(within(decision).getByText('PlaceOrderErrors')).toBeInTheDocument();
    expect(screen.getByTestId('alert-status')).toHaveTextContent('firing');
    expect(screen.getByText(/^received/)).toHaveTextContent(
      'received Fri 20 Nov, 12:58',
    );
    expect(
      within(screen.getByText(/^received/)).getByText('Fri 20 Nov, 12:58'),
    ).toHaveAttribute('datetime', '2026-11-20T11:58:00.000Z');

    const routedTo = screen.getByTestId('alert-routed-to');
    expect(routedTo).toHaveTextContent('team-payments');
    expect(
      within(routedTo).getByRole('link', { name: 'team-payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-payments');
    const target = screen.getByTestId('alert-target');
    expect(target).toHaveTextContent('owner of payments');
    expect(
      within(target).getByRole('link', { name: 'payments' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments');
    expect(screen.getByTestId('alert-method')).toHaveTextContent('traces');
    expect(screen.getByTestId('alert-confidence')).toHaveTextContent(
      'medium · 100 %',
    );
    expect(screen.getByTestId('alert-reason')).toHaveTextContent(
      '6 of 6 failing traces of orders place_order (100 %) end in payments; routed to group:default/team-payments, owner of component:default/payments.',
    );
    expect(
      screen.getByText('10 traces examined, 6 failing'),
    ).toBeInTheDocument();

    const steps = screen.getAllByTestId('alert-path-step');
    expect(steps.map(step => step.textContent)).toEqual([
      'ordersplace_order00f067aa0ba902b7 · error · 104 ms',
      'ordersPOST00f067aa0ba902b8 · error (HTTP 502) · 101 ms',
      'paymentsPOST /paymentsculprit00f067aa0ba902b9 · error (HTTP 503): card processor unavailable · 99 ms',
    ]);
    expect(steps.map(step => step.getAttribute('data-culprit'))).toEqual([
      null,
      null,
      'true',
    ]);
    expect(
      screen.getByRole('link', { name: /Open the example trace 4bf92f35/ }),
    ).toHaveAttribute(
      'href',
      '/service-ownership/traces/4bf92f3577b34da6a3ce929d0e0e4704',
    );

    expect(rowTexts(screen.getAllByTestId('alert-candidate'))).toEqual([
      ['payments paged', 'payments', 'team-payments', '6', '100 %'],
    ]);
  });

  it('shows who was on call and what each channel did', async () => {
    await renderDecision(routedToPayments);

    const onCall = within(screen.getByRole('list', { name: 'On call' }));
    expect(
      onCall.getAllByRole('listitem').map(item => item.textContent),
    ).toEqual([
      'Carol Díaz · level 1 · until Sat 21 Nov, 15:00',
      'Dan Iyer · level 2',
    ]);
    expect(onCall.getByRole('link', { name: 'Carol Díaz' })).toHaveAttribute(
      'href',
      '/catalog/default/user/carol',
    );

    expect(rowTexts(screen.getAllByTestId('alert-delivery'))).toEqual([
      [
        'Backstage notification',
        'sent',
        'Notified the members of group:default/team-payments',
        'Fri 20 Nov, 12:58',
      ],
      [
        'PagerDuty',
        'sent',
        'Triggered with the routing key of component:default/payments (dedup key {}:{alertname="PlaceOrderErrors"}|f00dfeed00000001)',
        'Fri 20 Nov, 12:58',
      ],
      [
        'Webhook',
        'failed',
        'https://hooks.example.test/alerts answered HTTP 500',
        'Fri 20 Nov, 12:58',
      ],
    ]);
  });

  it('shows a peer behind the culprit, a timeout, and every candidate with its share', async () => {
    await renderDecision(routedToPsp);

    expect(screen.getByTestId('alert-routed-to')).toHaveTextContent(
      'team-payments',
    );
    expect(screen.getByTestId('alert-target')).toHaveTextContent(
      'owner of psp',
    );
    expect(screen.getByTestId('alert-confidence')).toHaveTextContent(
      'high · 80 %',
    );
    const steps = screen.getAllByTestId('alert-path-step');
    expect(steps[2]).toHaveAttribute('data-culprit', 'true');
    expect(steps[2]).toHaveTextContent(
      'b7ad6b7169203333 · timeout: its caller gave up waiting · 1.5 s',
    );
    expect(
      screen.getByText(/which sends no spans of its own/),
    ).toHaveTextContent(
      'The last span called psp.example.net, which sends no spans of its own: that peer is where the traces fail.',
    );
    expect(rowTexts(screen.getAllByTestId('alert-candidate'))).toEqual([
      ['payments → psp.example.net paged', 'psp', 'team-payments', '8', '80 %'],
      ['inventory', 'inventory', 'team-fulfilment', '2', '20 %'],
    ]);
    expect(
      screen.getByText(
        /No on-call schedule covers group:default\/team-payments/,
      ),
    ).toBeInTheDocument();
  });

  it('explains a fallback: no confidence, no path, the alerting entity’s owner', async () => {
    await renderDecision(fallbackToOrders);

    expect(screen.getByTestId('alert-status')).toHaveTextContent('resolved');
    expect(screen.getByTestId('alert-routed-to')).toHaveTextContent(
      'team-checkout',
    );
    expect(screen.getByTestId('alert-method')).toHaveTextContent('fallback');
    expect(screen.getByTestId('alert-confidence')).toHaveTextContent('none');
    expect(screen.getByTestId('alert-reason')).toHaveTextContent(
      'No trace of orders place_order in the window; routed to the owner of component:default/orders, the alerting entity.',
    );
    expect(
      screen.getByText('0 traces examined, 0 failing'),
    ).toBeInTheDocument();
    expect(screen.queryAllByTestId('alert-path-step')).toHaveLength(0);
    expect(screen.queryAllByTestId('alert-candidate')).toHaveLength(0);
    expect(
      screen.getByText(/it has no service-ownership.io\/on-call annotation/),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('alert-delivery')).toHaveLength(1);
  });

  it('says why an alert could not be routed, and that nothing was delivered', async () => {
    await renderDecision(failedDiskFull);

    expect(
      screen.getByText(/This alert could not be routed/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'The alert does not say which trace service it is about: set a label service, service_name or sloth_service, or entity (a catalog entity claiming a service)',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('alert-routed-to')).not.toBeInTheDocument();
    expect(screen.queryByTestId('alert-reason')).not.toBeInTheDocument();
    expect(
      screen.getByText('Nothing was delivered: the alert could not be routed.'),
    ).toBeInTheDocument();
  });

  it('shows where a dry run would deliver, and that nothing was sent', async () => {
    await renderDecision(
      placeOrderDryRun.results[0],
      placeOrderDryRun.wouldDeliver['dry-run-1'],
    );

    expect(screen.getByTestId('alert-would-deliver')).toHaveTextContent(
      'Would deliver to: Backstage notification, PagerDuty. Nothing was sent: this is a dry run.',
    );
    expect(screen.queryAllByTestId('alert-delivery')).toHaveLength(0);
    expect(screen.getByTestId('alert-routed-to')).toHaveTextContent(
      'team-payments',
    );
  });
});
