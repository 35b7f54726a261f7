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
  alertHints,
  candidateWhere,
  decideRoute,
  RouteEntity,
} from './routing';

const T0_MS = 1_795_000_000_000;
const NANOS_PER_MS = 1_000_000;

interface SpanSpec {
  parent?: string;
  service: string;
  name: string;
  kind?: Span['kind'];
  start: number;
  end: number;
  error?: boolean;
  peer?: SpanPeer;
}

let traceCounter = 0;

function trace(specs: Record<string, SpanSpec>): Span[] {
  traceCounter++;
  const traceId = traceCounter.toString(16).padStart(32, '0');
  return Object.entries(specs).map(([spanId, spec]) => ({
    traceId,
    spanId,
    ...(spec.parent !== undefined ? { parentSpanId: spec.parent } : {}),
    serviceName: spec.service,
    name: spec.name,
    kind: spec.kind ?? 'server',
    startTimeUnixNano:
      BigInt(T0_MS) * BigInt(NANOS_PER_MS) +
      BigInt(Math.round(spec.start * NANOS_PER_MS)),
    startTimeUnixMs: Math.floor(T0_MS + spec.start),
    durationNano: Math.round((spec.end - spec.start) * NANOS_PER_MS),
    error: spec.error ?? false,
    statusCode: spec.error ? 'error' : 'unset',
    peer: spec.peer ?? {},
    attributes: {},
  }));
}

/** orders place_order → payments charge → payments' client call to the PSP (uninstrumented). */
function paymentFailure(options: { pspError: boolean }): Span[] {
  return trace({
    po: {
      service: 'orders',
      name: 'place_order',
      start: 0,
      end: 1600,
      error: true,
    },
    poc: {
      parent: 'po',
      service: 'orders',
      name: 'POST /charge',
      kind: 'client',
      start: 10,
      end: 1590,
      error: true,
    },
    ch: {
      parent: 'poc',
      service: 'payments',
      name: 'charge',
      start: 12,
      end: 1580,
      error: true,
    },
    psp: {
      parent: 'ch',
      service: 'payments',
      name: 'POST psp',
      kind: 'client',
      start: 20,
      // A hang: ran until payments gave up, without an error status of its own.
      end: 1579,
      error: options.pspError,
      peer: { serverAddress: 'psp.example.net' },
    },
  });
}

/** orders place_order → inventory reserve fails (out of stock). */
function inventoryFailure(): Span[] {
  return trace({
    po: {
      service: 'orders',
      name: 'place_order',
      start: 0,
      end: 50,
      error: true,
    },
    ic: {
      parent: 'po',
      service: 'orders',
      name: 'POST /reserve',
      kind: 'client',
      start: 5,
      end: 40,
      error: true,
    },
    is: {
      parent: 'ic',
      service: 'inventory',
      name: 'reserve',
      start: 6,
      end: 39,
      error: true,
    },
  });
}

function okOrder(): Span[] {
  return trace({
    po: { service: 'orders', name: 'place_order', start: 0, end: 50 },
  });
}

const CATALOG: Record<string, RouteEntity> = {
  orders: {
    entityRef: 'component:default/orders',
    ownerRef: 'group:default/team-checkout',
  },
  payments: {
    entityRef: 'component:default/payments',
    ownerRef: 'group:default/team-payments',
  },
  inventory: {
    entityRef: 'component:default/inventory',
    ownerRef: 'group:default/team-fulfilment',
  },
};

const SIGNAL = {
  service: 'orders',
  operation: 'place_order',
  entityRef: 'component:default/orders',
};

function route(
  traces: Span[][],
  catalog: Record<string, RouteEntity> = CATALOG,
) {
  return decideRoute({
    signal: SIGNAL,
    signalOwnerRef: 'group:default/team-checkout',
    traces,
    resolve: node => catalog[node],
  });
}

const repeat = <T>(n: number, make: () => T): T[] =>
  Array.from({ length: n }, make);

describe('decideRoute', () => {
  it('routes to the owner of the service where failing traces end, with the walked path', () => {
    const decision = route([
      ...repeat(9, () => paymentFailure({ pspError: true })),
      inventoryFailure(),
      ...repeat(20, okOrder),
    ]);
    expect(decision).toMatchObject({
      method: 'traces',
      tracesExamined: 30,
      failingTraces: 10,
      confidence: 0.9,
      confidenceLevel: 'high',
      target: {
        entityRef: 'component:default/payments',
        ownerRef: 'group:default/team-payments',
      },
      culprit: { service: 'payments', peer: 'psp.example.net', count: 9 },
    });
    expect(decision.reason).toBe(
      '9 of 10 failing traces of orders place_order (90 %) end in payments → psp.example.net; routed to group:default/team-payments, owner of component:default/payments.',
    );
    expect(decision.candidates.map(c => [c.service, c.count])).toEqual([
      ['payments', 9],
      ['inventory', 1],
    ]);
    expect(decision.culprit?.traceIds).toHaveLength(3);
    expect(decision.examplePath?.steps.map(s => s.spanId)).toEqual([
      'po',
      'poc',
      'ch',
      'psp',
    ]);
    expect(decision.examplePath?.reason).toBe('error-status');
  });

  it('follows a child that ran to its parent’s deadline without an error of its own (the timeout trap)', () => {
    const decision = route(
      repeat(5, () => paymentFailure({ pspError: false })),
    );
    expect(decision.method).toBe('traces');
    expect(decision.examplePath?.reason).toBe('timeout');
    expect(decision.examplePath?.steps.at(-1)?.spanId).toBe('psp');
    expect(decision.reason).toContain(
      'reached through a call that ran to its caller’s deadline',
    );
    expect(decision.confidenceLevel).toBe('medium');
  });

  it('routes to the catalog entity of an uninstrumented peer when one claims it', () => {
    const decision = route(
      repeat(4, () => paymentFailure({ pspError: true })),
      {
        ...CATALOG,
        'psp.example.net': {
          entityRef: 'resource:default/payment-provider',
          ownerRef: 'group:default/team-payments',
        },
      },
    );
    expect(decision.target?.entityRef).toBe(
      'resource:default/payment-provider',
    );
  });

  it('routes to the alerting entity when it is the culprit itself', () => {
    const own = () =>
      trace({
        po: {
          service: 'orders',
          name: 'place_order',
          start: 0,
          end: 5,
          error: true,
        },
      });
    const decision = route(repeat(3, own));
    expect(decision.method).toBe('traces');
    expect(decision.target?.entityRef).toBe('component:default/orders');
    expect(decision.reason).toContain('(the alerting entity itself)');
  });

  it.each([
    [
      [],
      'No trace of orders place_order in the window; routed to the owner of component:default/orders, the alerting entity.',
    ],
    [
      repeat(4, okOrder),
      'None of the 4 traces of orders place_order in the window failed; routed to the owner of component:default/orders, the alerting entity.',
    ],
    [
      [inventoryFailure(), inventoryFailure()],
      'Only 2 failing traces of orders place_order in the window (at least 3 are needed); routed to the owner of component:default/orders, the alerting entity.',
    ],
  ])(
    'falls back to the alerting entity’s owner and says why (%#)',
    (traces, reason) => {
      const decision = route(traces);
      expect(decision).toMatchObject({
        method: 'fallback',
        confidence: 0,
        confidenceLevel: 'none',
        reason,
        target: {
          entityRef: 'component:default/orders',
          ownerRef: 'group:default/team-checkout',
        },
      });
    },
  );

  it('falls back when no culprit explains half of the failures', () => {
    const decision = route([
      ...repeat(2, () => paymentFailure({ pspError: true })),
      ...repeat(2, inventoryFailure),
      trace({
        po: {
          service: 'orders',
          name: 'place_order',
          start: 0,
          end: 5,
          error: true,
        },
      }),
    ]);
    expect(decision.method).toBe('fallback');
    expect(decision.reason).toBe(
      'Inconclusive: the 5 failing traces end in inventory (40 %), payments → psp.example.net (40 %), orders (20 %); none explains 50 %; routed to the owner of component:default/orders, the alerting entity.',
    );
    // The candidates and an example path are still shown.
    expect(decision.candidates).toHaveLength(3);
    expect(decision.examplePath).toBeDefined();
  });

  it('falls back when the culprit is not in the catalog, naming it', () => {
    const { payments: _payments, ...withoutPayments } = CATALOG;
    const decision = route(
      repeat(3, () => paymentFailure({ pspError: true })),
      withoutPayments,
    );
    expect(decision.method).toBe('fallback');
    expect(decision.culprit?.service).toBe('payments');
    expect(decision.reason).toMatch(
      /^100 % of failing traces end in payments → psp.example.net, which no catalog entity claims/,
    );
  });

  it('says so when even the alerting service has no owner', () => {
    const decision = decideRoute({
      signal: { service: 'orders', operation: 'place_order' },
      traces: [],
      resolve: () => undefined,
    });
    expect(decision.target).toBeUndefined();
    expect(decision.reason).toBe(
      'No trace of orders place_order in the window; routed to no one: orders place_order is not claimed by a catalog entity.',
    );
  });

  it('walks only traces holding the signal, from its outermost span', () => {
    const unrelated = trace({
      x: {
        service: 'storefront',
        name: 'GET /',
        start: 0,
        end: 1,
        error: true,
      },
    });
    const nested = trace({
      sf: {
        service: 'storefront',
        name: 'checkout',
        start: 0,
        end: 60,
        error: true,
      },
      po: {
        parent: 'sf',
        service: 'orders',
        name: 'place_order',
        start: 1,
        end: 50,
        error: true,
      },
      po2: {
        parent: 'po',
        service: 'orders',
        name: 'place_order',
        start: 2,
        end: 49,
        error: true,
      },
      ic: {
        parent: 'po2',
        service: 'orders',
        name: 'POST /reserve',
        kind: 'client',
        start: 5,
        end: 40,
        error: true,
      },
      is: {
        parent: 'ic',
        service: 'inventory',
        name: 'reserve',
        start: 6,
        end: 39,
        error: true,
      },
    });
    const decision = route([
      unrelated,
      nested,
      inventoryFailure(),
      inventoryFailure(),
    ]);
    expect(decision.tracesExamined).toBe(3);
    expect(decision.target?.entityRef).toBe('component:default/inventory');
  });
});

describe('alertHints', () => {
  it('reads the signal from labels first, then annotations', () => {
    expect(
      alertHints({
        labels: { span_name: 'place_order', service_name: 'orders' },
        annotations: {
          entity: 'component:default/orders',
          operation: 'ignored',
        },
      }),
    ).toEqual({
      operation: 'place_order',
      service: 'orders',
      entity: 'component:default/orders',
    });
    expect(
      alertHints({
        labels: {
          sloth_service: 'orders',
          sloth_slo: 'place-order-availability',
          entity: 'component:default/orders',
        },
        annotations: {},
      }),
    ).toEqual({
      service: 'orders',
      slo: 'place-order-availability',
      entity: 'component:default/orders',
    });
  });
});

describe('candidateWhere', () => {
  it('names the service, and the peer it called when the traces end in one', () => {
    expect(candidateWhere({ service: 'payments' })).toBe('payments');
    expect(
      candidateWhere({ service: 'payments', peer: 'psp.example.net' }),
    ).toBe('payments → psp.example.net');
  });
});
