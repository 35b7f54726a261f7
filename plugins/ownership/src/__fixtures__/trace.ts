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
import { OwnershipTrace, OwnershipTraceSpan } from '../api';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4704';
const START_NANO = 1795694400000000000n;

/** A span starting `offsetMs` after the trace and lasting `durationMs`. */
function span(
  spanId: string,
  values: Partial<OwnershipTraceSpan> & { offsetMs: number; durationMs: number },
): OwnershipTraceSpan {
  const { offsetMs, durationMs, ...rest } = values;
  const start = START_NANO + BigInt(Math.round(offsetMs * 1_000_000));
  return {
    traceId: TRACE_ID,
    spanId,
    serviceName: 'orders',
    name: 'place_order',
    kind: 'server',
    startTimeUnixNano: start.toString(),
    startTimeUnixMs: Number(start / 1_000_000n),
    durationNano: Math.round(durationMs * 1_000_000),
    error: false,
    statusCode: 'unset',
    peer: {},
    attributes: {},
    ...rest,
  };
}

/**
 * A failed place_order of the demo shop: storefront → orders → payments → the payment provider, which
 * timed out, and orders → inventory; spans in the order a store might return them.
 */
export const failedPlaceOrder: OwnershipTrace = {
  traceId: TRACE_ID,
  spans: [
    span('0000000000000004', {
      parentSpanId: '0000000000000003',
      serviceName: 'payments',
      name: 'POST /charges',
      kind: 'client',
      offsetMs: 32,
      durationMs: 1500,
      error: true,
      statusCode: 'error',
      statusMessage: 'timeout after 1500 ms',
    }),
    span('0000000000000002', {
      parentSpanId: '0000000000000001',
      offsetMs: 3,
      durationMs: 1540,
      error: true,
      statusCode: 'error',
      httpStatusCode: 502,
    }),
    span('0000000000000001', {
      serviceName: 'storefront',
      name: 'POST /checkout',
      offsetMs: 0,
      durationMs: 1545,
      error: true,
      statusCode: 'error',
      httpStatusCode: 502,
    }),
    span('0000000000000005', {
      parentSpanId: '0000000000000002',
      serviceName: 'inventory',
      name: 'reserve',
      offsetMs: 5,
      durationMs: 20,
    }),
    span('0000000000000003', {
      parentSpanId: '0000000000000002',
      serviceName: 'payments',
      name: 'charge',
      offsetMs: 30,
      durationMs: 1505,
      error: true,
      statusCode: 'error',
    }),
  ],
};
