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
import { NOW, ordersDependencies } from '../__fixtures__/shop';
import { callType, toDependencyTableRows } from './dependencyTable';

describe('callType', () => {
  it.each([
    ['', 'http'],
    ['messaging_system', 'messaging'],
    ['database', 'database'],
    ['virtual_node', 'peer'],
    ['grpc_stream', 'grpc_stream'],
  ])('calls connection type %p %p', (connectionType, expected) => {
    expect(callType(connectionType)).toBe(expected);
  });
});

describe('toDependencyTableRows', () => {
  const rows = toDependencyTableRows(
    ordersDependencies.nodes,
    ordersDependencies.edges,
    NOW,
  );

  it('has one row per call, busiest first', () => {
    expect(rows.map(r => `${r.callerName} → ${r.calleeName}`)).toEqual([
      'user → Storefront',
      'Inventory → Inventory database',
      'Orders → Inventory',
      'Storefront → Orders',
      'Orders → Payments',
      'Payments → Payment service provider',
      'Orders → mail.example.net',
      'Orders → Shipping',
    ]);
  });

  it('shows each call with its provenance', () => {
    const inventory = rows.find(r => r.calleeName === 'Inventory')!;
    expect(inventory).toMatchObject({
      caller: { name: 'Orders', entityRef: 'component:default/orders' },
      callee: { name: 'Inventory', entityRef: 'component:default/inventory' },
      type: 'http',
      rate: '11 req/min',
      errorRateLabel: '0%',
      p50: '12 ms',
      p99: '65 ms',
      firstSeen: '1 month ago',
      lastSeen: '2 minutes ago',
      sampleTraceId: '0af7651916cd43dd8448eb211c80319c',
      shortTraceId: '0af76519',
      trend: [10, 12, 30, 24, 18, 40],
    });
    expect(inventory.firstSeenMs).toBe(Date.parse('2026-10-01T08:00:00Z'));
  });

  it('names the kind of each call and leaves unclaimed ends without an entity', () => {
    expect(
      Object.fromEntries(rows.map(r => [r.calleeName, r.type])),
    ).toMatchObject({
      Shipping: 'messaging',
      'Inventory database': 'database',
      'Payment service provider': 'peer',
      'mail.example.net': 'peer',
    });
    const mail = rows.find(r => r.calleeName === 'mail.example.net')!;
    expect(mail.callee.entityRef).toBeUndefined();
    expect(mail.errorRateLabel).toBe('< 0.1%');
    expect(mail.p99).toBe('1.5 s');
  });

  it('copes with calls without latency, times or samples', () => {
    const [row] = toDependencyTableRows(
      ordersDependencies.nodes,
      [
        {
          ...ordersDependencies.edges[1],
          latencyMs: undefined,
          firstSeen: undefined,
          lastSeen: undefined,
          sampleTraceIds: [],
        },
      ],
      NOW,
    );
    expect(row).toMatchObject({
      p50: '–',
      p99: '–',
      firstSeen: '',
      lastSeen: '',
      sampleTraceId: undefined,
      shortTraceId: undefined,
    });
  });
});
