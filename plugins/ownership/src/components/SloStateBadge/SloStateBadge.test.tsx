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
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SloStateBadge } from './SloStateBadge';

describe('SloStateBadge', () => {
  it('names the state and explains it in a tooltip', async () => {
    await renderInTestApp(
      <SloStateBadge
        state="page"
        firing={{
          severity: 'page',
          factor: 6,
          longWindowMinutes: 360,
          shortWindowMinutes: 30,
        }}
      />,
    );
    const badge = screen.getByTestId('slo-state');
    expect(badge).toHaveTextContent('Page');
    await userEvent.hover(badge);
    expect(
      await screen.findByRole('tooltip', {
        name: 'Page: the budget burns faster than 6× over 6 h and 30 min',
      }),
    ).toBeInTheDocument();
  });

  it('colours each state from the theme', async () => {
    await renderInTestApp(
      <>
        <SloStateBadge state="ok" />
        <SloStateBadge state="ticket" />
        <SloStateBadge state="page" />
        <SloStateBadge state="no-data" />
      </>,
    );
    const colours = screen
      .getAllByTestId('slo-state')
      .map(badge => getComputedStyle(badge).backgroundColor);
    expect(new Set(colours).size).toBe(4);
    expect(screen.getAllByTestId('slo-state').map(b => b.textContent)).toEqual([
      'OK',
      'Ticket',
      'Page',
      'No data',
    ]);
  });
});
