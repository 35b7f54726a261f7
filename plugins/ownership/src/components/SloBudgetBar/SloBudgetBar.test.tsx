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
import { SloBudgetBar } from './SloBudgetBar';

describe('SloBudgetBar', () => {
  it('shows the budget left as a bar and a percentage', async () => {
    await renderInTestApp(<SloBudgetBar remaining={0.624} label="checkout" />);
    expect(
      screen.getByRole('progressbar', {
        name: 'Error budget left of checkout: 62.4 %',
      }),
    ).toHaveAttribute('aria-valuenow', '62');
    expect(screen.getByText('62.4 %')).toBeInTheDocument();
  });

  it('shows an overspent budget as an empty bar with its negative percentage', async () => {
    await renderInTestApp(<SloBudgetBar remaining={-1.35} label="checkout" />);
    const bar = screen.getByRole('progressbar', {
      name: 'Error budget left of checkout: -135 % (overspent)',
    });
    expect(bar).toHaveAttribute('aria-valuenow', '0');
    expect(screen.getByText('-135 %')).toBeInTheDocument();
  });
});
