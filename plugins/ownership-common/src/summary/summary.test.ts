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
  buildOwnershipSummary,
  ownerRefOf,
  summarizeRelatedEntity,
} from './summary';

const now = new Date('2026-11-21T12:00:00Z');

const orders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    namespace: 'shop',
    title: 'Orders',
    annotations: {
      'service-ownership.io/signal-operations': 'place_order',
      'service-ownership.io/last-audited': 'yesterday',
    },
  },
  spec: { owner: 'team-checkout' },
};

describe('ownerRefOf', () => {
  it('prefers the resolved ownedBy relation', () => {
    expect(
      ownerRefOf({
        ...orders,
        relations: [
          { type: 'ownedBy', targetRef: 'group:default/team-checkout' },
        ],
      }),
    ).toBe('group:default/team-checkout');
  });

  it('completes spec.owner with the defaults the catalog applies', () => {
    expect(ownerRefOf(orders)).toBe('group:shop/team-checkout');
    expect(
      ownerRefOf({ ...orders, spec: { owner: 'user:default/jane' } }),
    ).toBe('user:default/jane');
  });

  it('is undefined without an owner', () => {
    expect(ownerRefOf({ ...orders, spec: {} })).toBeUndefined();
  });
});

describe('buildOwnershipSummary', () => {
  it('summarises owner, annotations and problems', () => {
    const summary = buildOwnershipSummary(orders, { now });
    expect(summary).toEqual(
      expect.objectContaining({
        entityRef: 'component:shop/orders',
        kind: 'Component',
        title: 'Orders',
        ownerRef: 'group:shop/team-checkout',
        hasOwnershipAnnotations: true,
      }),
    );
    expect(summary.annotations).toEqual([
      { annotation: 'service-ownership.io/service-name', status: 'absent' },
      {
        annotation: 'service-ownership.io/signal-operations',
        value: 'place_order',
        status: 'valid',
      },
      {
        annotation: 'service-ownership.io/last-audited',
        value: 'yesterday',
        status: 'invalid',
      },
      { annotation: 'service-ownership.io/audit-interval', status: 'absent' },
    ]);
    expect(summary.values.serviceNames).toEqual([{ name: 'orders' }]);
    expect(summary.problems).toHaveLength(1);
    expect(summary.related).toBeUndefined();
  });
});

describe('summarizeRelatedEntity', () => {
  it('counts errors and warnings', () => {
    const line = summarizeRelatedEntity(
      {
        ...orders,
        metadata: {
          ...orders.metadata,
          annotations: {
            ...orders.metadata.annotations,
            'service-ownership.io/servicename': 'orders',
          },
        },
      },
      { now },
    );
    expect(line).toEqual({
      entityRef: 'component:shop/orders',
      kind: 'Component',
      title: 'Orders',
      ownerRef: 'group:shop/team-checkout',
      hasOwnershipAnnotations: true,
      errorCount: 1,
      warningCount: 1,
    });
  });
});
