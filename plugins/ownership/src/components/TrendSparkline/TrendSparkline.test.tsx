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
import { TrendSparkline } from './TrendSparkline';

describe('TrendSparkline', () => {
  it('draws the trend as a line, described in words', async () => {
    await renderInTestApp(<TrendSparkline values={[10, 12, 30, 24]} />);
    const sparkline = screen.getByRole('img', {
      name: 'Trend of requests per step over 4 steps: lowest 10, highest 30, latest 24',
    });
    expect(sparkline.querySelector('svg')).toHaveAttribute('width', '96');
    expect(sparkline.querySelector('.recharts-line')).not.toBeNull();
  });

  it('draws nothing without data', async () => {
    await renderInTestApp(<TrendSparkline values={[]} />);
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });
});
