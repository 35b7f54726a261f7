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
import { mockServices } from '@backstage/backend-test-utils';
import { Span } from '@service-ownership/plugin-ownership-common';
import { TraceSource } from '@service-ownership/plugin-ownership-node';
import { UpstreamTraceLookup } from './UpstreamTraceLookup';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);

function span(traceId: string): Span {
  return {
    traceId,
    spanId: '00f067aa0ba902b7',
    serviceName: 'orders',
    name: 'GET /orders',
    kind: 'server',
    startTimeUnixNano: BigInt(T0) * 1_000_000n,
    startTimeUnixMs: T0,
    durationNano: 1_000_000,
    error: false,
    statusCode: 'unset',
    peer: {},
    attributes: {},
  };
}

/** A trace source answering `answer` to every trace-by-id request, recording the ids asked. */
function source(
  id: string,
  answer: (traceId: string) => Promise<Span[] | undefined>,
) {
  const asked: string[] = [];
  const trace: TraceSource = {
    id,
    type: 'fake',
    getServices: async () => [],
    findTraces: async () => ({ traces: [], samplingRate: 1 }),
    getTrace: async ({ traceId }) => {
      asked.push(traceId);
      return answer(traceId);
    },
  };
  return { trace, asked };
}

const has = async (traceId: string) => [span(traceId)];
const hasNot = async () => undefined;
const fails = (message: string) => async () => {
  throw new Error(message);
};

describe('UpstreamTraceLookup', () => {
  let clock: number;

  beforeEach(() => {
    clock = T0;
  });

  function lookup(sources: TraceSource[]) {
    return new UpstreamTraceLookup({
      sources,
      logger: mockServices.logger.mock(),
      now: () => clock,
    });
  }

  it('is enabled only with sources', () => {
    expect(lookup([]).enabled).toBe(false);
    expect(lookup([source('a', hasNot).trace]).enabled).toBe(true);
  });

  it('asks the next source when the first does not have the trace', async () => {
    const first = source('jaeger', hasNot);
    const second = source('tempo', has);
    const third = source('zipkin', has);
    const spans = await lookup([
      first.trace,
      second.trace,
      third.trace,
    ]).getTrace(TRACE_ID.toUpperCase());
    expect(spans).toEqual([span(TRACE_ID)]);
    // Asked with the id lower-cased; the third is not asked.
    expect(first.asked).toEqual([TRACE_ID]);
    expect(second.asked).toEqual([TRACE_ID]);
    expect(third.asked).toEqual([]);
  });

  it('asks the next source when one fails', async () => {
    const first = source(
      'jaeger',
      fails('Jaeger (jaeger) GET /api/v3/traces failed with HTTP 503'),
    );
    const second = source('tempo', has);
    await expect(
      lookup([first.trace, second.trace]).getTrace(TRACE_ID),
    ).resolves.toEqual([span(TRACE_ID)]);
  });

  it('answers a found trace from its cache until the TTL ends', async () => {
    const only = source('tempo', has);
    const upstream = lookup([only.trace]);
    await upstream.getTrace(TRACE_ID);
    clock += 10 * 60_000 - 1;
    await expect(upstream.getTrace(TRACE_ID.toUpperCase())).resolves.toEqual([
      span(TRACE_ID),
    ]);
    expect(only.asked).toHaveLength(1);
    clock += 1;
    await upstream.getTrace(TRACE_ID);
    expect(only.asked).toHaveLength(2);
  });

  it('remembers a miss briefly', async () => {
    const first = source('jaeger', hasNot);
    const second = source('tempo', async () => []);
    const upstream = lookup([first.trace, second.trace]);
    await expect(upstream.getTrace(TRACE_ID)).resolves.toBeUndefined();
    clock += 29_999;
    await expect(upstream.getTrace(TRACE_ID)).resolves.toBeUndefined();
    expect(first.asked).toHaveLength(1);
    expect(second.asked).toHaveLength(1);
    clock += 1;
    await upstream.getTrace(TRACE_ID);
    expect(first.asked).toHaveLength(2);
  });

  it('takes its TTLs from the options', async () => {
    const only = source('tempo', hasNot);
    const upstream = new UpstreamTraceLookup({
      sources: [only.trace],
      logger: mockServices.logger.mock(),
      now: () => clock,
      missTtlMs: 1000,
      ttlMs: 5000,
    });
    await upstream.getTrace(TRACE_ID);
    clock += 1000;
    await upstream.getTrace(TRACE_ID);
    expect(only.asked).toHaveLength(2);
  });

  it('treats a miss where some sources failed as a miss', async () => {
    const first = source('jaeger', fails('down'));
    const second = source('tempo', hasNot);
    const upstream = lookup([first.trace, second.trace]);
    await expect(upstream.getTrace(TRACE_ID)).resolves.toBeUndefined();
    await upstream.getTrace(TRACE_ID);
    expect(first.asked).toHaveLength(1);
  });

  it('treats an empty answer as a miss, cached only briefly, even when the next source fails', async () => {
    const first = source('jaeger', async () => []);
    const second = source('tempo', fails('down'));
    const upstream = lookup([first.trace, second.trace]);
    await expect(upstream.getTrace(TRACE_ID)).resolves.toBeUndefined();
    clock += 30_000;
    await upstream.getTrace(TRACE_ID);
    expect(first.asked).toHaveLength(2);
  });

  it('fails, without caching, when every source fails', async () => {
    const first = source(
      'jaeger',
      fails('Jaeger (jaeger) GET /api/v3/traces/x timed out after 15000 ms'),
    );
    const second = source(
      'tempo',
      fails('Tempo (tempo) GET /api/v2/traces/x failed: ECONNREFUSED'),
    );
    const upstream = lookup([first.trace, second.trace]);
    await expect(upstream.getTrace(TRACE_ID)).rejects.toThrow(
      `No trace source could be asked for trace ${TRACE_ID}: jaeger: Error: Jaeger (jaeger) GET /api/v3/traces/x timed out after 15000 ms; tempo: Error: Tempo (tempo) GET /api/v2/traces/x failed: ECONNREFUSED`,
    );
    await expect(upstream.getTrace(TRACE_ID)).rejects.toThrow(
      'No trace source could be asked',
    );
    expect(first.asked).toHaveLength(2);
    expect(second.asked).toHaveLength(2);
  });

  it('keeps at most 500 traces, forgetting the oldest', async () => {
    const only = source('tempo', has);
    const upstream = lookup([only.trace]);
    const id = (i: number) => i.toString(16).padStart(32, '0');
    for (let i = 0; i <= 500; i++) {
      await upstream.getTrace(id(i));
    }
    expect(only.asked).toHaveLength(501);
    await upstream.getTrace(id(500));
    await upstream.getTrace(id(1));
    expect(only.asked).toHaveLength(501);
    await upstream.getTrace(id(0));
    expect(only.asked).toHaveLength(502);
  });
});
