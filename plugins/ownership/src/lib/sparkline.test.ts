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
import { describeTrend, toSparklineData } from './sparkline';

describe('sparkline data', () => {
  it('numbers the steps, oldest first', () => {
    expect(toSparklineData([3, 0, 7])).toEqual([
      { step: 0, value: 3 },
      { step: 1, value: 0 },
      { step: 2, value: 7 },
    ]);
  });

  it('describes the trend in words', () => {
    expect(describeTrend([10, 40, 12])).toBe(
      'Trend of requests per step over 3 steps: lowest 10, highest 40, latest 12',
    );
    expect(describeTrend([])).toBe('No trend data');
  });
});
