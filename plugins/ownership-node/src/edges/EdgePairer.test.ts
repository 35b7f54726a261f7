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

import type { Span } from '@service-ownership/plugin-ownership-common';
import { EdgePairer, ServiceGraphEdge } from './EdgePairer';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

function span(
  fields: Pick<Span, 'spanId' | 'serviceName' | 'kind'> & Partial<Span>,
): Span {
  return {
    traceId: TRACE,
    name: 'GET /orders',
    startTimeUnixNano: BigInt(T0) * 1_000_000n,
    startTimeUnixMs: T0,
    durationNano: 5_000_000,
    error: false,
    statusCode: 'unset',
    peer: {},
    attributes: {},
    ...fields,
  };
}

/** A frontend CLIENT span calling orders, and the orders SERVER span it caused. */
const frontendCallsOrders = span({
  spanId: '00f067aa0ba902b7',
  parentSpanId: '53995c3f42cd8ad8',
  serviceName: 'frontend',
  kind: 'client',
  durationNano: 12_000_000,
});
const ordersServes = span({
  spanId: 'b7ad6b7169203331',
  parentSpanId: '00f067aa0ba902b7',
  serviceName: 'orders',
  kind: 'server',
  durationNano: 10_000_000,
  startTimeUnixMs: T0 + 1,
});

const rpcEdge: ServiceGraphEdge = {
  client: 'frontend',
  server: 'orders',
  connectionType: '',
  failed: false,
  clientLatencyNano: 12_000_000,
  serverLatencyNano: 10_000_000,
  traceId: TRACE,
  spanId: '00f067aa0ba902b7',
  startTimeUnixMs: T0,
};

describe('EdgePairer', () => {
  it('pairs a client and a server span given in one call', () => {
    const pairer = new EdgePairer();
    expect(pairer.addSpans([frontendCallsOrders, ordersServes], T0)).toEqual([
      rpcEdge,
    ]);
    expect(pairer.counters()).toMatchObject({ paired: 1, pending: 0 });
  });

  it('pairs halves that arrive in separate calls, in either order', () => {
    const pairer = new EdgePairer();
    expect(pairer.addSpans([frontendCallsOrders], T0)).toEqual([]);
    expect(pairer.counters().pending).toBe(1);
    expect(pairer.addSpans([ordersServes], T0 + 3_000)).toEqual([rpcEdge]);

    const reversed = new EdgePairer();
    expect(reversed.addSpans([ordersServes], T0)).toEqual([]);
    expect(reversed.addSpans([frontendCallsOrders], T0 + 9_999)).toEqual([
      rpcEdge,
    ]);
    expect(reversed.counters()).toMatchObject({ paired: 1, pending: 0 });
  });

  it('does not pair spans of different traces', () => {
    const pairer = new EdgePairer();
    const otherTrace = { ...ordersServes, traceId: 'f'.repeat(32) };
    expect(pairer.addSpans([frontendCallsOrders, otherTrace], T0)).toEqual([]);
    expect(pairer.counters().pending).toBe(2);
  });

  it('marks producer → consumer edges as messaging_system', () => {
    const pairer = new EdgePairer();
    const edges = pairer.addSpans(
      [
        span({
          spanId: '1111111111111111',
          parentSpanId: '53995c3f42cd8ad8',
          serviceName: 'orders',
          kind: 'producer',
          name: 'order-events publish',
          peer: { messagingSystem: 'kafka', messagingDestination: 'orders' },
        }),
        span({
          spanId: '2222222222222222',
          parentSpanId: '1111111111111111',
          serviceName: 'shipping',
          kind: 'consumer',
          name: 'order-events process',
        }),
      ],
      T0,
    );
    expect(edges).toEqual([
      expect.objectContaining({
        client: 'orders',
        server: 'shipping',
        connectionType: 'messaging_system',
      }),
    ]);
  });

  it('completes database client spans at once, named by peer.service, then address:port, then the database', () => {
    const pairer = new EdgePairer();
    const query = {
      parentSpanId: 'b7ad6b7169203331',
      serviceName: 'orders',
      kind: 'client' as const,
      name: 'SELECT inventory',
      durationNano: 2_000_000,
    };
    const edges = pairer.addSpans(
      [
        span({
          ...query,
          spanId: 'd100000000000001',
          peer: { dbSystem: 'postgresql', dbNamespace: 'inventory' },
        }),
        span({
          ...query,
          spanId: 'd100000000000002',
          peer: {
            dbSystem: 'postgresql',
            serverAddress: 'pg.internal',
            serverPort: 5432,
          },
          error: true,
        }),
        span({
          ...query,
          spanId: 'd100000000000003',
          peer: {
            service: 'inventory-db',
            serverAddress: 'pg.internal',
            dbSystem: 'postgresql',
          },
        }),
        span({
          ...query,
          spanId: 'd100000000000004',
          peer: { dbSystem: 'redis' },
        }),
      ],
      T0,
    );
    expect(edges.map(edge => edge.server)).toEqual([
      'inventory',
      'pg.internal',
      'inventory-db',
      'redis',
    ]);
    expect(edges[1]).toEqual({
      client: 'orders',
      server: 'pg.internal',
      connectionType: 'database',
      failed: true,
      clientLatencyNano: 2_000_000,
      serverLatencyNano: 2_000_000,
      traceId: TRACE,
      spanId: 'd100000000000002',
      startTimeUnixMs: T0,
    });
    expect(pairer.counters()).toMatchObject({ database: 4, pending: 0 });
  });

  it('makes a virtual node of an uninstrumented peer once the wait is over, and not before', () => {
    const pairer = new EdgePairer({ waitMs: 10_000 });
    const toPayments = span({
      spanId: 'c100000000000001',
      parentSpanId: 'b7ad6b7169203331',
      serviceName: 'orders',
      kind: 'client',
      peer: { service: 'payments-provider', serverAddress: 'api.pay.example' },
    });
    const toGeocoder = span({
      spanId: 'c100000000000002',
      parentSpanId: 'b7ad6b7169203331',
      serviceName: 'orders',
      kind: 'client',
      peer: { serverAddress: 'geo.example', serverPort: 443 },
      error: true,
    });
    expect(pairer.addSpans([toPayments, toGeocoder], T0)).toEqual([]);
    expect(pairer.expire(T0 + 9_999)).toEqual([]);
    expect(pairer.counters().pending).toBe(2);

    expect(pairer.expire(T0 + 10_000)).toEqual([
      {
        client: 'orders',
        server: 'payments-provider',
        connectionType: 'virtual_node',
        virtualNode: 'server',
        failed: false,
        clientLatencyNano: 5_000_000,
        traceId: TRACE,
        spanId: 'c100000000000001',
        startTimeUnixMs: T0,
      },
      expect.objectContaining({
        server: 'geo.example',
        connectionType: 'virtual_node',
        failed: true,
      }),
    ]);
    expect(pairer.counters()).toMatchObject({ virtualNodes: 2, pending: 0 });
    expect(pairer.expire(T0 + 60_000)).toEqual([]);
  });

  it('only counts unmatched sides without a peer value, and non-root server sides', () => {
    const pairer = new EdgePairer({ waitMs: 1_000 });
    pairer.addSpans([frontendCallsOrders], T0);
    pairer.addSpans([{ ...ordersServes, traceId: 'e'.repeat(32) }], T0);
    expect(pairer.expire(T0 + 1_000)).toEqual([]);
    expect(pairer.counters()).toMatchObject({
      expiredUnpaired: 2,
      virtualNodes: 0,
      pending: 0,
    });
  });

  it('turns a root server span into an edge from user right away, without waiting for a caller', () => {
    const pairer = new EdgePairer();
    const root = span({
      spanId: '53995c3f42cd8ad8',
      serviceName: 'frontend',
      kind: 'server',
      durationNano: 40_000_000,
      error: true,
    });
    const zeroParent = { ...root, parentSpanId: '0000000000000000' };
    expect(pairer.addSpans([root, zeroParent], T0)).toEqual([
      {
        client: 'user',
        server: 'frontend',
        connectionType: 'virtual_node',
        virtualNode: 'client',
        failed: true,
        serverLatencyNano: 40_000_000,
        traceId: TRACE,
        spanId: '53995c3f42cd8ad8',
        startTimeUnixMs: T0,
      },
      expect.objectContaining({ client: 'user', server: 'frontend' }),
    ]);
    expect(pairer.counters()).toMatchObject({ virtualNodes: 2, pending: 0 });
  });

  it('fails the edge if either side failed', () => {
    const clientFailed = new EdgePairer().addSpans(
      [{ ...frontendCallsOrders, error: true }, ordersServes],
      T0,
    );
    const serverFailed = new EdgePairer().addSpans(
      [frontendCallsOrders, { ...ordersServes, error: true }],
      T0,
    );
    expect(clientFailed[0].failed).toBe(true);
    expect(serverFailed[0].failed).toBe(true);
  });

  it('drops and counts self-loops', () => {
    const pairer = new EdgePairer();
    const edges = pairer.addSpans(
      [frontendCallsOrders, { ...ordersServes, serviceName: 'frontend' }],
      T0,
    );
    expect(edges).toEqual([]);
    expect(pairer.counters()).toMatchObject({ selfLoops: 1, paired: 0 });
  });

  it('ignores internal spans and spans without a service name', () => {
    const pairer = new EdgePairer();
    const edges = pairer.addSpans(
      [
        span({
          spanId: '9999999999999999',
          serviceName: 'orders',
          kind: 'internal',
        }),
        span({
          spanId: '8888888888888888',
          serviceName: 'orders',
          kind: 'unspecified',
        }),
        { ...frontendCallsOrders, serviceName: '' },
      ],
      T0,
    );
    expect(edges).toEqual([]);
    expect(pairer.counters().pending).toBe(0);
  });

  it('evicts the oldest side when full, making its edge early, and counts it', () => {
    const pairer = new EdgePairer({ maxItems: 2, waitMs: 10_000 });
    const client = (n: number) =>
      span({
        spanId: `c00000000000000${n}`,
        serviceName: 'orders',
        kind: 'client',
        peer: { service: `peer-${n}` },
      });
    expect(pairer.addSpans([client(1), client(2)], T0)).toEqual([]);
    expect(pairer.addSpans([client(3)], T0 + 1)).toEqual([
      expect.objectContaining({
        server: 'peer-1',
        connectionType: 'virtual_node',
      }),
    ]);
    expect(pairer.counters()).toMatchObject({
      droppedForCapacity: 1,
      virtualNodes: 1,
      pending: 2,
    });
    // The evicted side's partner arrives too late: it waits on its own, evicting the next oldest.
    const lateServer = span({
      spanId: 's000000000000001',
      parentSpanId: 'c000000000000001',
      serviceName: 'peer-1',
      kind: 'server',
    });
    expect(
      pairer.addSpans([lateServer], T0 + 2).map(edge => edge.server),
    ).toEqual(['peer-2']);
    expect(pairer.counters()).toMatchObject({
      droppedForCapacity: 2,
      pending: 2,
    });
    expect(pairer.expire(T0 + 20_000).map(edge => edge.server)).toEqual([
      'peer-3',
    ]);
    expect(pairer.counters()).toEqual({
      paired: 0,
      database: 0,
      virtualNodes: 3,
      selfLoops: 0,
      expiredUnpaired: 1,
      droppedForCapacity: 2,
      pending: 0,
    });
  });

  it('rejects nonsensical limits', () => {
    expect(() => new EdgePairer({ maxItems: 0 })).toThrow(RangeError);
    expect(() => new EdgePairer({ waitMs: -1 })).toThrow(RangeError);
  });
});
