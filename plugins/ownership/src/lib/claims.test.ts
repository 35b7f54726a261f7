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
import { SERVICE_NAME_ANNOTATION } from '@service-ownership/plugin-ownership-common';
import { describeConflict } from './claims';

describe('describeConflict', () => {
  it('names the contenders, how they claim the node and who wins', () => {
    expect(
      describeConflict({
        node: 'orders',
        source: 'default',
        entityRefs: ['component:default/orders', 'resource:default/orders'],
      }),
    ).toBe(
      `orders is claimed by component:orders and resource:orders, all through their entity name; component:orders wins. Set ${SERVICE_NAME_ANNOTATION} on the entity that really runs it.`,
    );
  });

  it('lists three or more contenders, first by entity ref winning', () => {
    expect(
      describeConflict({
        node: 'payments',
        source: 'annotation',
        entityRefs: [
          'component:default/payments-v2',
          'component:shop/payments',
          'component:default/payments',
        ],
      }),
    ).toContain(
      `payments is claimed by component:payments, component:payments-v2 and component:shop/payments, all through the ${SERVICE_NAME_ANNOTATION} annotation; component:payments wins.`,
    );
  });
});
