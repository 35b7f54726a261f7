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
import { teamCheckoutDependencies } from '../__fixtures__/shop';
import { toTeamDependencyRows, UNOWNED_TEAM_NAME } from './teamDependencies';

describe('toTeamDependencyRows', () => {
  it('lists the teams we depend on, busiest first, with our services first in each pair', () => {
    const rows = toTeamDependencyRows(
      teamCheckoutDependencies.dependsOn,
      'dependsOn',
    );
    expect(rows.map(r => r.teamName)).toEqual([
      'team-fulfilment',
      'team-payments',
      UNOWNED_TEAM_NAME,
    ]);
    expect(rows[0]).toMatchObject({
      teamRef: 'group:default/team-fulfilment',
      sharePercent: 50,
      share: '50%',
      rate: '11 req/min',
      errors: '0 errors (0%)',
      pairs: [
        {
          caller: 'orders',
          callee: 'inventory',
          calls: '16,000 calls',
          errors: '0 errors',
        },
        { caller: 'orders', callee: 'shipping', calls: '60 calls' },
      ],
    });
    expect(rows[1].errors).toBe('160 errors (2%)');
    expect(rows[2]).toMatchObject({
      teamRef: undefined,
      pairs: [{ caller: 'orders', callee: 'mail.example.net' }],
    });
  });

  it('puts their services first for the teams that depend on us', () => {
    const [row] = toTeamDependencyRows(
      teamCheckoutDependencies.dependedOnBy,
      'dependedOnBy',
    );
    expect(row).toMatchObject({
      teamName: 'team-discovery',
      sharePercent: 100,
      pairs: [{ caller: 'storefront', callee: 'orders', errors: '86 errors' }],
    });
  });

  it('keeps shares between 0 and 100', () => {
    const [row] = toTeamDependencyRows(
      [{ ...teamCheckoutDependencies.dependedOnBy[0], share: 1.2 }],
      'dependedOnBy',
    );
    expect(row.sharePercent).toBe(100);
  });
});
