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
import { unownedTraffic } from '../__fixtures__/shop';
import { toUnownedTrafficRows } from './unownedTraffic';

describe('toUnownedTrafficRows', () => {
  it('shows each unclaimed node with its traffic', () => {
    const rows = toUnownedTrafficRows(unownedTraffic);
    expect(rows.map(r => [r.node, r.type, r.errorRate, r.callers])).toEqual([
      ['mail.example.net', 'peer', '< 0.1%', 'orders'],
      ['legacy-pricing', 'service', '3%', 'storefront, orders'],
      ['pricing-cache', 'database', '0%', 'legacy-pricing'],
    ]);
  });

  it('names the first callers and counts the rest', () => {
    const [row] = toUnownedTrafficRows({
      ...unownedTraffic,
      nodes: [
        {
          ...unownedTraffic.nodes[0],
          callers: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
        },
      ],
    });
    expect(row.callers).toBe('a, b, c, d, e and 2 more');
  });
});
