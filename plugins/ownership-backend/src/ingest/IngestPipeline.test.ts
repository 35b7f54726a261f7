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
import { OwnershipStore } from '../database/OwnershipStore';
import { IngestPipeline } from './IngestPipeline';

const T0 = Date.UTC(2026, 10, 21, 12);

function span(spanId: string, overrides: Partial<Span> = {}): Span {
  return {
    traceId: 'a'.repeat(32),
    spanId,
    serviceName: 'orders',
    name: 'place_order',
    kind: 'server',
    startTimeUnixNano: BigInt(T0) * 1_000_000n,
    startTimeUnixMs: T0,
    durationNano: 5_000_000,
    error: true,
    statusCode: 'error',
    peer: {},
    attributes: {},
    ...overrides,
  };
}

/** A store that records what it was given and fails the calls it is told to, once each. */
function flakyStore(failOnce: Array<keyof OwnershipStore>) {
  const failures = new Set(failOnce);
  const written = { spanRollups: 0, edgeRollups: 0, recentSpans: 0 };
  const maybeFail = (name: keyof OwnershipStore) => {
    if (failures.delete(name)) {
      throw new Error(`${name} failed`);
    }
  };
  const store: OwnershipStore = {
    addSpanRollups: async rows => {
      maybeFail('addSpanRollups');
      written.spanRollups += rows.reduce((n, r) => n + r.aggregate.count, 0);
    },
    addEdgeRollups: async rows => {
      maybeFail('addEdgeRollups');
      written.edgeRollups += rows.reduce((n, r) => n + r.aggregate.count, 0);
    },
    addRecentSpans: async spans => {
      maybeFail('addRecentSpans');
      written.recentSpans += spans.length;
    },
    pruneRecentSpans: async () => {
      maybeFail('pruneRecentSpans');
      return 0;
    },
    readSpanRollups: async () => [],
    findRecentTraceIds: async () => [],
    readEdgeRollups: async () => [],
    deleteRollupsBefore: async () => 0,
    readObservedEdges: async () => [],
    deleteObservedEdgesBefore: async () => 0,
    getTraceSpans: async () => [],
  };
  return { store, written };
}

function pipeline(store: OwnershipStore) {
  let now = T0;
  const ingest = new IngestPipeline(
    store,
    {
      maxBufferedSpans: 1000,
      pairingWaitMs: 1000,
      pairingMaxPending: 1000,
      traceSampleRate: 0,
      traceSettleMs: 1000,
      maxRecentSpans: 1000,
    },
    mockServices.logger.mock(),
    () => now,
  );
  return { ingest, advance: (ms: number) => (now += ms) };
}

describe('IngestPipeline', () => {
  it.each([
    [['addSpanRollups'] as const],
    [['addEdgeRollups'] as const],
    [['addRecentSpans'] as const],
    [['pruneRecentSpans'] as const],
  ])(
    'retries only the part of a flush that failed (%j), so nothing is lost or counted twice',
    async failOnce => {
      const { store, written } = flakyStore([...failOnce]);
      const { ingest, advance } = pipeline(store);
      // A root server span (a user edge) and a failed one: 2 span rows' worth, 2 edges, 2 recent spans.
      ingest.ingest([span('1111111111111111'), span('2222222222222222')]);
      advance(5_000);
      await ingest.flush();
      await ingest.flush();
      expect(written).toEqual({
        spanRollups: 2,
        edgeRollups: 2,
        recentSpans: 2,
      });
    },
  );
});
