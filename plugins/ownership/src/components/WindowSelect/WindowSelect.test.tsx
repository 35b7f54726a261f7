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
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { WindowSelect } from './WindowSelect';

describe('WindowSelect', () => {
  it('offers every window by default and reports the one picked', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <WindowSelect id="window" value="24h" onChange={onChange} />,
    );
    const select = screen.getByRole('combobox', { name: 'Window' });
    expect(select).toHaveValue('24h');
    expect(
      within(select)
        .getAllByRole('option')
        .map(option => option.textContent),
    ).toEqual(['Last hour', 'Last 24 hours', 'Last 7 days', 'Last 30 days']);
    await userEvent.selectOptions(select, 'Last 30 days');
    expect(onChange).toHaveBeenCalledWith('30d');
  });

  it('offers only the windows it is given', async () => {
    await renderInTestApp(
      <WindowSelect
        id="window"
        value="7d"
        onChange={jest.fn()}
        windows={['7d', '30d']}
      />,
    );
    expect(screen.getAllByRole('option')).toHaveLength(2);
  });
});
