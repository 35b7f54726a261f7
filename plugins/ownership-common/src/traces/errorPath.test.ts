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

import type { Span, SpanPeer } from '../spans/types';
import {
  culpritServices,
  dependencyContributions,
  selfTimeByService,
  walkErrorPath,
} from './errorPath';

const T0_MS = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const NANOS_PER_MS = 1_000_000;

interface SpanSpec {
  parent?: string;
  service: string;
  name: string;
  kind: Span['kind'];
  /** Milliseconds after T0. */
  start: number;
  end: number;
  error?: boolean;
  peer?: SpanPeer;
}

function span(spanId: string, spec: SpanSpec): Span {
  return {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId,
    ...(spec.parent !== undefined ? { parentSpanId: spec.parent } : {}),
    serviceName: spec.service,
    name: spec.name,
    kind: spec.kind,
    // Nanosecond timestamps exceed 2^53: add the offset as a bigint.
    startTimeUnixNano:
      BigInt(T0_MS) * BigInt(NANOS_PER_MS) +
      BigInt(Math.round(spec.start * NANOS_PER_MS)),
    startTimeUnixMs: Math.floor(T0_MS + spec.start),
    durationNano: Math.round((spec.end - spec.start) * NANOS_PER_MS),
    error: spec.error ?? false,
    statusCode: spec.error ? 'error' : 'unset',
    peer: spec.peer ?? {},
    attributes: {},
  };
}

function trace(specs: Record<string, SpanSpec>): Span[] {
  return Object.entries(specs).map(([id, spec]) => span(id, spec));
}

const ids = (spans: Span[]) => spans.map(s => s.spanId);

/**
 * storefront → orders place_order → orders client POST /payments → payments server → payments client to the
 * PSP, an uninstrumented peer (client span only). Inventory is called first and answers fine.
 */
const PLACE_ORDER: Record<string, SpanSpec> = {
  sf: {
    service: 'storefront',
    name: 'GET /checkout',
    kind: 'server',
    start: 0,
    end: 1000,
    error: true,
  },
  sfc: {
    parent: 'sf',
    service: 'storefront',
    name: 'POST /orders',
    kind: 'client',
    start: 5,
    end: 995,
    error: true,
  },
  ord: {
    parent: 'sfc',
    service: 'orders',
    name: 'place_order',
    kind: 'server',
    start: 10,
    end: 990,
    error: true,
  },
  invc: {
    parent: 'ord',
    service: 'orders',
    name: 'GET /inventory',
    kind: 'client',
    start: 20,
    end: 120,
  },
  invs: {
    parent: 'invc',
    service: 'inventory',
    name: 'GET /inventory',
    kind: 'server',
    start: 25,
    end: 115,
  },
  payc: {
    parent: 'ord',
    service: 'orders',
    name: 'POST /payments',
    kind: 'client',
    start: 200,
    end: 900,
    error: true,
  },
  pays: {
    parent: 'payc',
    service: 'payments',
    name: 'POST /payments',
    kind: 'server',
    start: 210,
    end: 890,
    error: true,
  },
  pspc: {
    parent: 'pays',
    service: 'payments',
    name: 'POST /charges',
    kind: 'client',
    start: 300,
    end: 800,
    error: true,
    peer: { service: 'psp', serverAddress: 'api.psp.example' },
  },
};

/**
 * place_order fails with a deadline: the inventory call it gave up on ends with it, without an error status of
 * its own; inventory's server (and its query) keep running after the client left.
 */
const INVENTORY_TIMEOUT: Record<string, SpanSpec> = {
  ord: {
    service: 'orders',
    name: 'place_order',
    kind: 'server',
    start: 0,
    end: 1000,
    error: true,
  },
  payc: {
    parent: 'ord',
    service: 'orders',
    name: 'POST /payments',
    kind: 'client',
    start: 10,
    end: 300,
  },
  pays: {
    parent: 'payc',
    service: 'payments',
    name: 'POST /payments',
    kind: 'server',
    start: 15,
    end: 295,
  },
  invc: {
    parent: 'ord',
    service: 'orders',
    name: 'GET /inventory',
    kind: 'client',
    start: 310,
    end: 1000,
  },
  invs: {
    parent: 'invc',
    service: 'inventory',
    name: 'GET /inventory',
    kind: 'server',
    start: 315,
    end: 1400,
  },
  db: {
    parent: 'invs',
    service: 'inventory',
    name: 'SELECT stock',
    kind: 'client',
    start: 320,
    end: 1390,
    peer: { dbSystem: 'postgresql', dbNamespace: 'inventory' },
  },
};

describe('walkErrorPath', () => {
  it('follows the failing children down to the deepest failing span', () => {
    const result = walkErrorPath(trace(PLACE_ORDER), 'sf')!;
    expect(ids(result.path)).toEqual([
      'sf',
      'sfc',
      'ord',
      'payc',
      'pays',
      'pspc',
    ]);
    expect(result.culprit.spanId).toBe('pspc');
    expect(result.culprit.serviceName).toBe('payments');
    expect(result.reason).toBe('error-status');
    // A failing client span with nothing behind it: the uninstrumented peer is the real culprit.
    expect(result.peer).toBe('psp');
  });

  it('stops at a span that failed on its own', () => {
    const spans = trace({
      ...PLACE_ORDER,
      pspc: { ...PLACE_ORDER.pspc, error: false },
    });
    const result = walkErrorPath(spans, 'ord')!;
    expect(ids(result.path)).toEqual(['ord', 'payc', 'pays']);
    expect(result.reason).toBe('error-status');
    expect(result.peer).toBeUndefined();
  });

  it('names the peer by server address when the caller did not set peer.service', () => {
    const spans = trace({
      ord: {
        service: 'orders',
        name: 'place_order',
        kind: 'server',
        start: 0,
        end: 100,
        error: true,
      },
      payc: {
        parent: 'ord',
        service: 'orders',
        name: 'POST /payments',
        kind: 'client',
        start: 10,
        end: 60,
        error: true,
        peer: { serverAddress: 'payments.internal', serverPort: 8443 },
      },
    });
    const result = walkErrorPath(spans, 'ord')!;
    expect(result.culprit.spanId).toBe('payc');
    expect(result.culprit.serviceName).toBe('orders');
    expect(result.peer).toBe('payments.internal');
  });

  it('blames a failing client span whose server answered in time, without naming a peer', () => {
    // A 404: an error for the client, not for the server, which answered well before the client's end.
    const spans = trace({
      ord: {
        service: 'orders',
        name: 'place_order',
        kind: 'server',
        start: 0,
        end: 100,
        error: true,
      },
      payc: {
        parent: 'ord',
        service: 'orders',
        name: 'GET /payments/42',
        kind: 'client',
        start: 10,
        end: 60,
        error: true,
        peer: { service: 'payments' },
      },
      pays: {
        parent: 'payc',
        service: 'payments',
        name: 'GET /payments/{id}',
        kind: 'server',
        start: 12,
        end: 40,
      },
    });
    const result = walkErrorPath(spans, 'ord')!;
    expect(result.culprit.spanId).toBe('payc');
    expect(result.reason).toBe('error-status');
    expect(result.peer).toBeUndefined();
  });

  it('follows the child a failed parent timed out on, though it reported no error', () => {
    const result = walkErrorPath(trace(INVENTORY_TIMEOUT), 'ord')!;
    // ord ends at 1000 → invc ends at 1000; invc → invs ends at 1400; invs (1085 ms, 10.85 ms tolerance) →
    // db ends at 1390 ≥ 1389.15.
    expect(ids(result.path)).toEqual(['ord', 'invc', 'invs', 'db']);
    expect(result.culprit.serviceName).toBe('inventory');
    expect(result.reason).toBe('timeout');
    expect(result.peer).toBe('postgresql');
  });

  it('counts a child ending within 1 % of the parent duration (at least 1 ms) as the one timed out on', () => {
    const ending = (end: number) =>
      walkErrorPath(
        trace({
          ...INVENTORY_TIMEOUT,
          invc: { ...INVENTORY_TIMEOUT.invc, end },
        }),
        'ord',
      )!;
    // 1 % of 1000 ms: children ending from 990 ms on.
    expect(ending(990).reason).toBe('timeout');
    expect(ids(ending(990).path).slice(0, 2)).toEqual(['ord', 'invc']);
    expect(ids(ending(989.9).path)).toEqual(['ord']);
    expect(ending(989.9).reason).toBe('error-status');

    const short = (end: number) =>
      walkErrorPath(
        trace({
          ord: {
            service: 'orders',
            name: 'place_order',
            kind: 'server',
            start: 0,
            end: 50,
            error: true,
          },
          invc: {
            parent: 'ord',
            service: 'orders',
            name: 'GET /inventory',
            kind: 'client',
            start: 5,
            end,
          },
        }),
        'ord',
      )!;
    // 1 % of 50 ms is 0.5 ms: the 1 ms floor applies.
    expect(short(49).culprit.spanId).toBe('invc');
    expect(short(48.9).culprit.spanId).toBe('ord');
  });

  it('prefers the failing child that ended last, then the one that started first', () => {
    const spans = trace({
      p: {
        service: 'orders',
        name: 'place_order',
        kind: 'server',
        start: 0,
        end: 1000,
        error: true,
      },
      a: {
        parent: 'p',
        service: 'payments',
        name: 'a',
        kind: 'client',
        start: 10,
        end: 400,
        error: true,
      },
      b: {
        parent: 'p',
        service: 'shipping',
        name: 'b',
        kind: 'client',
        start: 100,
        end: 700,
        error: true,
      },
      c: {
        parent: 'p',
        service: 'tax',
        name: 'c',
        kind: 'client',
        start: 200,
        end: 700,
        error: true,
      },
      d: {
        parent: 'p',
        service: 'inventory',
        name: 'd',
        kind: 'client',
        start: 50,
        end: 999,
      },
    });
    const result = walkErrorPath(spans, 'p')!;
    // d ended last but reported no error: a failing child always comes first.
    expect(ids(result.path)).toEqual(['p', 'b']);
    expect(result.reason).toBe('error-status');
  });

  it('leads from a start span that did not fail to a failing child, but not to a late one', () => {
    const spans = trace({
      p: {
        service: 'orders',
        name: 'place_order',
        kind: 'server',
        start: 0,
        end: 100,
      },
      retry: {
        parent: 'p',
        service: 'orders',
        name: 'POST /payments',
        kind: 'client',
        start: 10,
        end: 20,
        error: true,
      },
      late: {
        parent: 'p',
        service: 'orders',
        name: 'GET /inventory',
        kind: 'client',
        start: 30,
        end: 100,
      },
    });
    expect(ids(walkErrorPath(spans, 'p')!.path)).toEqual(['p', 'retry']);

    const quiet = walkErrorPath(
      spans.filter(s => s.spanId !== 'retry'),
      'p',
    )!;
    expect(ids(quiet.path)).toEqual(['p']);
    expect(quiet.reason).toBe('no-failing-child');
  });

  it('ends the walk at a missing span, and knows no missing start', () => {
    const spans = trace(PLACE_ORDER).filter(s => s.spanId !== 'payc');
    const result = walkErrorPath(spans, 'ord')!;
    expect(ids(result.path)).toEqual(['ord']);
    expect(result.reason).toBe('error-status');
    expect(walkErrorPath(spans, 'nope')).toBeUndefined();
    expect(walkErrorPath([], 'sf')).toBeUndefined();
  });

  it('does not loop on parent links that form a cycle', () => {
    const spans = trace({
      a: {
        parent: 'b',
        service: 'x',
        name: 'a',
        kind: 'server',
        start: 0,
        end: 100,
        error: true,
      },
      b: {
        parent: 'a',
        service: 'y',
        name: 'b',
        kind: 'server',
        start: 10,
        end: 100,
        error: true,
      },
      self: {
        parent: 'self',
        service: 'z',
        name: 'self',
        kind: 'server',
        start: 0,
        end: 10,
        error: true,
      },
    });
    const result = walkErrorPath(spans, 'a')!;
    expect(ids(result.path)).toEqual(['a', 'b']);
    expect(result.culprit.serviceName).toBe('y');
    expect(ids(walkErrorPath(spans, 'self')!.path)).toEqual(['self']);
  });

  it('walks through span ids shared by a client and its server (Zipkin style) without looping', () => {
    const spans = [
      span('root', {
        service: 'orders',
        name: 'place_order',
        kind: 'server',
        start: 0,
        end: 100,
        error: true,
      }),
      // Client and server halves of one call reported under the same span id.
      span('shared', {
        parent: 'root',
        service: 'orders',
        name: 'POST /charge',
        kind: 'client',
        start: 1,
        end: 90,
        error: true,
      }),
      span('shared', {
        parent: 'root',
        service: 'payments',
        name: 'charge',
        kind: 'server',
        start: 2,
        end: 89,
        error: true,
      }),
      span('db', {
        parent: 'shared',
        service: 'payments',
        name: 'INSERT charge',
        kind: 'client',
        start: 3,
        end: 80,
        error: true,
        peer: { dbSystem: 'postgresql' },
      }),
    ];
    const result = walkErrorPath(spans, 'root')!;
    expect(ids(result.path)).toEqual(['root', 'shared', 'db']);
    expect(result.culprit.serviceName).toBe('payments');
    expect(result.peer).toBe('postgresql');
  });
});

describe('culpritServices', () => {
  const signal = { service: 'orders', operation: 'place_order' };

  it('counts the services failures of a signal operation end in', () => {
    const paymentsItself = trace({
      // The storefront's spans are missing: place_order's parent is not in the trace.
      ...Object.fromEntries(
        Object.entries(PLACE_ORDER).filter(([id]) => !id.startsWith('sf')),
      ),
      pspc: { ...PLACE_ORDER.pspc, error: false },
    });
    const succeeded = trace({
      ...PLACE_ORDER,
      ord: { ...PLACE_ORDER.ord, error: false },
    });
    const withoutSignal = trace({ sf: PLACE_ORDER.sf });
    const nested = trace({
      outer: {
        service: 'orders',
        name: 'place_order',
        kind: 'server',
        start: 0,
        end: 100,
        error: true,
      },
      inner: {
        parent: 'outer',
        service: 'orders',
        name: 'place_order',
        kind: 'internal',
        start: 10,
        end: 90,
        error: true,
      },
    });

    const result = culpritServices(
      [
        trace(PLACE_ORDER),
        trace(INVENTORY_TIMEOUT),
        succeeded,
        withoutSignal,
        paymentsItself,
        nested,
      ],
      signal,
    );
    expect(result).toEqual({
      tracesExamined: 5,
      failingTraces: 4,
      culprits: [
        { service: 'payments', count: 2, share: 0.5, peers: { psp: 1 } },
        {
          service: 'inventory',
          count: 1,
          share: 0.25,
          peers: { postgresql: 1 },
        },
        { service: 'orders', count: 1, share: 0.25, peers: {} },
      ],
    });
  });

  it('walks from the outermost span of the operation', () => {
    const spans = trace({
      outer: {
        service: 'orders',
        name: 'place_order',
        kind: 'server',
        start: 0,
        end: 100,
        error: true,
      },
      call: {
        parent: 'outer',
        service: 'orders',
        name: 'POST /tax',
        kind: 'client',
        start: 5,
        end: 40,
        error: true,
        peer: { service: 'tax' },
      },
      inner: {
        parent: 'outer',
        service: 'orders',
        name: 'place_order',
        kind: 'internal',
        start: 50,
        end: 60,
      },
    });
    expect(culpritServices([spans], signal).culprits).toEqual([
      { service: 'orders', count: 1, share: 1, peers: { tax: 1 } },
    ]);
  });

  it('has no culprit without failures', () => {
    expect(culpritServices([], signal)).toEqual({
      tracesExamined: 0,
      failingTraces: 0,
      culprits: [],
    });
  });
});

describe('selfTimeByService', () => {
  const ms = (value: number) => value * NANOS_PER_MS;

  it('sums the time each service spends itself under the start span', () => {
    expect(selfTimeByService(trace(PLACE_ORDER), 'ord')).toEqual({
      // ord 980 − (inventory call 100 + payments call 700) = 180, + 10 + 20 of its client spans = 210;
      // payments server 680 − 500 of the PSP call = 180, + the PSP call 500 = 680; inventory 90.
      totalDurationNano: ms(980),
      services: [
        { service: 'payments', selfTimeNano: ms(680), share: 680 / 980 },
        { service: 'orders', selfTimeNano: ms(210), share: 210 / 980 },
        { service: 'inventory', selfTimeNano: ms(90), share: 90 / 980 },
      ],
    });
  });

  it('covers the whole trace from its root', () => {
    const result = selfTimeByService(trace(PLACE_ORDER), 'sf')!;
    expect(result.totalDurationNano).toBe(ms(1000));
    expect(result.services.find(s => s.service === 'storefront')).toEqual({
      service: 'storefront',
      selfTimeNano: ms(20),
      share: 0.02,
    });
    expect(result.services.reduce((sum, s) => sum + s.selfTimeNano, 0)).toBe(
      ms(1000),
    );
  });

  it('subtracts the union of overlapping children and clips children to their parent', () => {
    const spans = trace({
      p: { service: 'a', name: 'p', kind: 'server', start: 0, end: 100 },
      c1: {
        parent: 'p',
        service: 'b',
        name: 'c1',
        kind: 'client',
        start: 10,
        end: 50,
      },
      c2: {
        parent: 'p',
        service: 'b',
        name: 'c2',
        kind: 'client',
        start: 30,
        end: 70,
      },
      // Fire-and-forget: runs past the parent's end; and its child starts before it (clock skew).
      c3: {
        parent: 'p',
        service: 'c',
        name: 'c3',
        kind: 'producer',
        start: 90,
        end: 150,
      },
      c4: {
        parent: 'c3',
        service: 'd',
        name: 'c4',
        kind: 'consumer',
        start: 85,
        end: 95,
      },
    });
    expect(selfTimeByService(spans, 'p')).toEqual({
      totalDurationNano: ms(100),
      services: [
        // c1 and c2 run concurrently: each counts its own 40 ms.
        { service: 'b', selfTimeNano: ms(80), share: 0.8 },
        // p: 100 − union(10–70, 90–100) = 30.
        { service: 'a', selfTimeNano: ms(30), share: 0.3 },
        // c3 clipped to 90–100, minus c4 clipped to 90–95.
        { service: 'c', selfTimeNano: ms(5), share: 0.05 },
        { service: 'd', selfTimeNano: ms(5), share: 0.05 },
      ],
    });
  });

  it('does not loop on cycles, and knows no missing start', () => {
    const spans = trace({
      a: {
        parent: 'b',
        service: 'x',
        name: 'a',
        kind: 'server',
        start: 0,
        end: 100,
      },
      b: {
        parent: 'a',
        service: 'y',
        name: 'b',
        kind: 'client',
        start: 20,
        end: 60,
      },
    });
    expect(selfTimeByService(spans, 'a')).toEqual({
      totalDurationNano: ms(100),
      services: [
        { service: 'x', selfTimeNano: ms(60), share: 0.6 },
        { service: 'y', selfTimeNano: ms(40), share: 0.4 },
      ],
    });
    expect(selfTimeByService(spans, 'nope')).toBeUndefined();
  });

  it('gives shares of 0 for a start span without duration', () => {
    const spans = trace({
      a: { service: 'x', name: 'a', kind: 'server', start: 0, end: 0 },
    });
    expect(selfTimeByService(spans, 'a')).toEqual({
      totalDurationNano: 0,
      services: [{ service: 'x', selfTimeNano: 0, share: 0 }],
    });
  });
});

describe('dependencyContributions', () => {
  it('gives each service on the path its calls, its share of the failures and of the time', () => {
    const traces = [trace(PLACE_ORDER), trace(INVENTORY_TIMEOUT)];
    const signal = { service: 'orders', operation: 'place_order' };
    const culprits = culpritServices(traces, signal);
    // Self time under place_order, summed over both traces (1,980 ms): payments 680 + 280, orders 210 + 35,
    // inventory 90 + 685 (its database call runs to the deadline).
    expect(dependencyContributions(traces, signal, culprits)).toEqual([
      {
        service: 'payments',
        operation: 'POST /payments',
        callsPerRequest: 1,
        errorShare: 0.5,
        latencyShare: expect.closeTo(960 / 1980, 9),
      },
      {
        service: 'inventory',
        operation: 'GET /inventory',
        callsPerRequest: 1,
        errorShare: 0.5,
        latencyShare: expect.closeTo(775 / 1980, 9),
      },
      {
        service: 'orders',
        operation: 'place_order',
        callsPerRequest: 1,
        errorShare: 0,
        latencyShare: expect.closeTo(245 / 1980, 9),
      },
    ]);
  });

  it('counts nothing for traces without the operation', () => {
    const traces = [trace(PLACE_ORDER)];
    const signal = { service: 'orders', operation: 'cancel_order' };
    expect(
      dependencyContributions(traces, signal, culpritServices(traces, signal)),
    ).toEqual([]);
  });
});
