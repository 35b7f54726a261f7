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
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Span } from '@service-ownership/plugin-ownership-common';
import {
  LatencySketch,
  ServiceGraphSeries,
  SpanMetricsSeries,
  SpanMetricsSource,
  TimeWindow,
  TraceQuery,
  TraceSearchResult,
  TraceSource,
} from '@service-ownership/plugin-ownership-node';
import { DatabaseOwnershipStore } from '../database/DatabaseOwnershipStore';
import { OwnershipStore } from '../database/OwnershipStore';
import {
  DEFAULT_POLL_SETTINGS,
  PollSettings,
  SourcePoller,
  SpanSink,
} from './SourcePoller';
import { SourceStateStore } from './SourceStateStore';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const MINUTE = 60_000;
/** 10:05:45 UTC: with the default 30 s lag, windows end at 10:05:00. */
const NOW = Date.UTC(2026, 10, 21, 10, 5, 45);
const at = (hh: number, mm: number) => Date.UTC(2026, 10, 21, hh, mm, 0);
const iso = (ms: number) => new Date(ms).toISOString();

function span(traceId: string, spanId: string, serviceName: string): Span {
  const startMs = at(10, 4) + 1000;
  return {
    traceId,
    spanId,
    serviceName,
    name: 'GET /orders',
    kind: 'server',
    startTimeUnixNano: BigInt(startMs) * 1_000_000n,
    startTimeUnixMs: startMs,
    durationNano: 5_000_000,
    error: false,
    statusCode: 'unset',
    peer: {},
    attributes: {},
  };
}

function trace(traceId: string, serviceName: string, spans = 1) {
  return {
    traceId,
    spans: Array.from({ length: spans }, (_, i) =>
      span(
        traceId,
        `${traceId.slice(0, 14)}${String(i).padStart(2, '0')}`,
        serviceName,
      ),
    ),
  };
}

/** A trace store answering scripted traces per service, recording every window asked. */
class FakeTraceSource implements TraceSource {
  readonly type = 'fake';
  readonly servicesAsked: TimeWindow[] = [];
  readonly searches: TraceQuery[] = [];
  readonly dependenciesAsked: TimeWindow[] = [];
  services = ['orders', 'payments'];
  answers: Record<string, TraceSearchResult> = {};
  failure: Error | undefined;
  dependencies: number | undefined = 2;
  getDependencies?: TraceSource['getDependencies'];

  constructor(readonly id = 'fake-store') {
    this.getDependencies = async ({ window }) => {
      this.dependenciesAsked.push(window);
      return Array.from({ length: this.dependencies ?? 0 }, (_, i) => ({
        parent: 'orders',
        child: `dep-${i}`,
        callCount: 1,
      }));
    };
  }

  async getServices({ window }: { window: TimeWindow }) {
    this.servicesAsked.push(window);
    if (this.failure) throw this.failure;
    return this.services;
  }

  async findTraces(query: TraceQuery): Promise<TraceSearchResult> {
    this.searches.push(query);
    if (this.failure) throw this.failure;
    return (
      this.answers[query.serviceName ?? ''] ?? { traces: [], samplingRate: 1 }
    );
  }

  async getTrace() {
    return undefined;
  }

  /** Windows asked, as ISO strings. */
  windows() {
    return this.searches.map(q => [
      q.serviceName,
      iso(q.window.from.getTime()),
      iso(q.window.to.getTime()),
    ]);
  }
}

class FakeSink implements SpanSink {
  readonly batches: Span[][] = [];
  ingest(spans: Span[]) {
    this.batches.push(spans);
  }
  get spans() {
    return this.batches.flat();
  }
}

describe('SourcePoller', () => {
  let clock: number;
  let store: DatabaseOwnershipStore;
  let state: SourceStateStore;
  let sink: FakeSink;
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    clock = NOW;
    const knex = await databases.init('SQLITE_3');
    store = await DatabaseOwnershipStore.create({
      database: mockServices.database({ knex }),
    });
    state = new SourceStateStore(store.knex);
    sink = new FakeSink();
    jest.clearAllMocks();
  });

  function tracePoller(
    source: TraceSource,
    settings: Partial<PollSettings> = {},
  ) {
    return new SourcePoller({
      source: { kind: 'traces', source },
      settings: { ...DEFAULT_POLL_SETTINGS, ...settings },
      sink,
      store,
      state,
      logger,
      now: () => clock,
    });
  }

  describe('trace stores', () => {
    it('first reads the last interval up to now minus the lag, minute aligned, then continues from the cursor', async () => {
      const source = new FakeTraceSource();
      source.answers.orders = {
        traces: [trace('a'.repeat(32), 'orders', 3)],
        samplingRate: 1,
      };
      const poller = tracePoller(source);
      expect(poller.id).toBe('fake-store');
      expect(poller.type).toBe('fake');

      const first = await poller.poll();
      expect(first).toEqual({
        fromMs: at(10, 4),
        toMs: at(10, 5),
        spans: 3,
        traces: 1,
        edges: 2,
        samplingRate: 1,
        durationMs: expect.any(Number),
      });
      expect(source.windows()).toEqual([
        ['orders', '2026-11-21T10:04:00.000Z', '2026-11-21T10:05:00.000Z'],
        ['payments', '2026-11-21T10:04:00.000Z', '2026-11-21T10:05:00.000Z'],
      ]);
      expect(source.searches.map(q => q.limit)).toEqual([200, 200]);
      expect(source.servicesAsked).toHaveLength(1);
      expect(source.dependenciesAsked).toHaveLength(1);
      expect(sink.spans).toHaveLength(3);

      const stored = await state.get('fake-store');
      expect(stored).toEqual(
        expect.objectContaining({
          type: 'fake',
          cursorMs: at(10, 5),
          lastAttemptAtMs: NOW,
          lastSuccessAtMs: NOW,
          consecutiveFailures: 0,
          lastPoll: first,
        }),
      );

      // A minute later: the next minute, from the cursor.
      clock += MINUTE;
      source.searches.length = 0;
      const second = await poller.poll();
      expect(second).toEqual(
        expect.objectContaining({ fromMs: at(10, 5), toMs: at(10, 6) }),
      );
      expect(source.windows()).toEqual([
        ['orders', '2026-11-21T10:05:00.000Z', '2026-11-21T10:06:00.000Z'],
        ['payments', '2026-11-21T10:05:00.000Z', '2026-11-21T10:06:00.000Z'],
      ]);
      expect((await state.get('fake-store'))?.cursorMs).toBe(at(10, 6));
    });

    it('reads nothing until a whole new minute is past the lag', async () => {
      const source = new FakeTraceSource();
      const poller = tracePoller(source);
      await poller.poll();
      source.searches.length = 0;
      clock += 10_000;
      expect(await poller.poll()).toBeUndefined();
      expect(source.searches).toEqual([]);
      const stored = await state.get('fake-store');
      expect(stored?.cursorMs).toBe(at(10, 5));
      // Up to date, not stale: the check counts as a success, and the last poll's figures stay.
      expect(stored?.lastSuccessAtMs).toBe(clock);
      expect(stored?.lastPoll?.toMs).toBe(at(10, 5));
    });

    it('honours the configured interval and lag for the first window', async () => {
      const source = new FakeTraceSource();
      await tracePoller(source, {
        pollIntervalSeconds: 300,
        lagSeconds: 120,
      }).poll();
      expect(source.windows()[0]).toEqual([
        'orders',
        '2026-11-21T09:58:00.000Z',
        '2026-11-21T10:03:00.000Z',
      ]);
    });

    it('records a failure without throwing, and reads the same window again next time', async () => {
      const source = new FakeTraceSource();
      const poller = tracePoller(source);
      await poller.poll();
      source.searches.length = 0;

      clock += MINUTE;
      source.failure = new Error(
        'Fake (fake-store) GET /api/traces failed with HTTP 503',
      );
      await expect(poller.poll()).resolves.toBeUndefined();
      expect(await state.get('fake-store')).toEqual(
        expect.objectContaining({
          cursorMs: at(10, 5),
          lastAttemptAtMs: NOW + MINUTE,
          lastSuccessAtMs: NOW,
          lastError: 'Fake (fake-store) GET /api/traces failed with HTTP 503',
          lastErrorAtMs: NOW + MINUTE,
          consecutiveFailures: 1,
        }),
      );
      expect(logger.warn).toHaveBeenCalledWith(
        'Trace source fake-store (fake): polling 2026-11-21T10:05:00.000Z–2026-11-21T10:06:00.000Z failed: Fake (fake-store) GET /api/traces failed with HTTP 503',
      );

      // Fails again: counted; then recovers and reads from the same cursor.
      await poller.poll();
      expect((await state.get('fake-store'))?.consecutiveFailures).toBe(2);
      source.failure = undefined;
      source.searches.length = 0;
      const recovered = await poller.poll();
      expect(recovered).toEqual(
        expect.objectContaining({ fromMs: at(10, 5), toMs: at(10, 6) }),
      );
      expect(source.windows()[0]).toEqual([
        'orders',
        '2026-11-21T10:05:00.000Z',
        '2026-11-21T10:06:00.000Z',
      ]);
      const stored = await state.get('fake-store');
      expect(stored?.consecutiveFailures).toBe(0);
      expect(stored?.lastError).toBeUndefined();
    });

    it('records a failure of the dependency call and a thrown non-error', async () => {
      const source = new FakeTraceSource();
      source.getDependencies = async () => {
        // A source that throws something other than an Error still gets its failure recorded.
        // eslint-disable-next-line no-throw-literal
        throw 'dependencies unavailable';
      };
      await expect(tracePoller(source).poll()).resolves.toBeUndefined();
      expect((await state.get('fake-store'))?.lastError).toBe(
        'dependencies unavailable',
      );
    });

    it('catches up in windows of at most maxWindowMinutes', async () => {
      const source = new FakeTraceSource();
      source.services = ['orders'];
      const poller = tracePoller(source, { maxWindowMinutes: 15 });
      await poller.poll();
      // The backend was down for an hour.
      clock += 60 * MINUTE;
      source.searches.length = 0;
      const windows: Array<[string, string]> = [];
      for (let i = 0; i < 5; i++) {
        const figures = await poller.poll();
        if (!figures) break;
        windows.push([iso(figures.fromMs), iso(figures.toMs)]);
      }
      expect(windows).toEqual([
        ['2026-11-21T10:05:00.000Z', '2026-11-21T10:20:00.000Z'],
        ['2026-11-21T10:20:00.000Z', '2026-11-21T10:35:00.000Z'],
        ['2026-11-21T10:35:00.000Z', '2026-11-21T10:50:00.000Z'],
        ['2026-11-21T10:50:00.000Z', '2026-11-21T11:05:00.000Z'],
      ]);
      expect(source.searches).toHaveLength(4);
    });

    it('does not go back more than a day', async () => {
      const source = new FakeTraceSource();
      const poller = tracePoller(source);
      await poller.poll();
      clock += 3 * 24 * 60 * MINUTE;
      const figures = await poller.poll();
      expect(figures?.fromMs).toBe(at(10, 5) + 2 * 24 * 60 * MINUTE);
      expect(figures!.toMs - figures!.fromMs).toBe(15 * MINUTE);
    });

    it('ingests a trace found again (in a later poll or for another service) once', async () => {
      const source = new FakeTraceSource();
      const shared = trace('b'.repeat(32), 'orders', 2);
      source.answers.orders = { traces: [shared], samplingRate: 1 };
      source.answers.payments = {
        traces: [shared, trace('c'.repeat(32), 'payments')],
        samplingRate: 1,
      };
      const poller = tracePoller(source);
      const first = await poller.poll();
      expect(first).toEqual(expect.objectContaining({ spans: 3, traces: 2 }));

      clock += MINUTE;
      source.answers.payments = {
        traces: [
          trace('c'.repeat(32), 'payments'),
          trace('d'.repeat(32), 'payments'),
        ],
        samplingRate: 1,
      };
      const second = await poller.poll();
      expect(second).toEqual(expect.objectContaining({ spans: 1, traces: 1 }));
      expect(sink.spans.map(s => s.traceId)).toEqual([
        'b'.repeat(32),
        'b'.repeat(32),
        'c'.repeat(32),
        'd'.repeat(32),
      ]);
    });

    it('reads only the configured services, without asking the store for its list', async () => {
      const source = new FakeTraceSource();
      await tracePoller(source, {
        services: ['checkout'],
        maxTracesPerPoll: 20,
      }).poll();
      expect(source.servicesAsked).toEqual([]);
      expect(source.searches.map(q => [q.serviceName, q.limit])).toEqual([
        ['checkout', 20],
      ]);
    });

    it('reports the smallest sampling rate of the answers', async () => {
      const source = new FakeTraceSource();
      source.services = ['orders', 'payments', 'shipping'];
      source.answers.orders = { traces: [], samplingRate: 0.5 };
      source.answers.payments = { traces: [], samplingRate: 0.25 };
      source.answers.shipping = { traces: [], samplingRate: 1 };
      const figures = await tracePoller(source).poll();
      expect(figures?.samplingRate).toBe(0.25);
      expect((await state.get('fake-store'))?.lastPoll?.samplingRate).toBe(
        0.25,
      );
    });

    it('reports no sampling rate and no edges when there is nothing to ask', async () => {
      const source = new FakeTraceSource();
      source.services = [];
      source.getDependencies = undefined;
      const figures = await tracePoller(source).poll();
      expect(figures).toEqual({
        fromMs: at(10, 4),
        toMs: at(10, 5),
        spans: 0,
        traces: 0,
        edges: 0,
        durationMs: expect.any(Number),
      });
    });

    it('asks at most four services at once', async () => {
      const source = new FakeTraceSource();
      source.services = Array.from({ length: 10 }, (_, i) => `svc-${i}`);
      let running = 0;
      let most = 0;
      const find = source.findTraces.bind(source);
      source.findTraces = async query => {
        running += 1;
        most = Math.max(most, running);
        await new Promise(resolve => setTimeout(resolve, 5));
        running -= 1;
        return find(query);
      };
      await tracePoller(source).poll();
      expect(source.searches).toHaveLength(10);
      expect(most).toBe(4);
    });
  });

  describe('metrics stores', () => {
    /** A Prometheus-like source answering scripted series, recording the windows asked. */
    function metricsSource(
      spanSeries: SpanMetricsSeries[],
      graph: ServiceGraphSeries[],
    ) {
      const asked: Array<[string, string, string, number]> = [];
      const source: SpanMetricsSource = {
        id: 'prom',
        type: 'prometheus',
        getSpanMetrics: async ({ window, stepSeconds }) => {
          asked.push([
            'span',
            iso(window.from.getTime()),
            iso(window.to.getTime()),
            stepSeconds,
          ]);
          return spanSeries;
        },
        getServiceGraph: async ({ window, stepSeconds }) => {
          asked.push([
            'graph',
            iso(window.from.getTime()),
            iso(window.to.getTime()),
            stepSeconds,
          ]);
          return graph;
        },
      };
      return { source, asked };
    }

    function metricsPoller(
      source: SpanMetricsSource,
      into: OwnershipStore = store,
    ) {
      return new SourcePoller({
        source: { kind: 'metrics', source },
        settings: DEFAULT_POLL_SETTINGS,
        sink,
        store: into,
        state,
        logger,
        now: () => clock,
      });
    }

    it('writes span and edge rollups readable like those of spans', async () => {
      const { source, asked } = metricsSource(
        [
          {
            service: 'orders',
            operation: 'POST /orders',
            kind: 'server',
            points: [
              {
                timestampMs: at(10, 4),
                requests: 100.4,
                errors: 3,
                latencyBuckets: [
                  { leMs: 100, count: 90 },
                  { leMs: 500, count: 100 },
                  { leMs: Infinity, count: 100 },
                ],
              },
              // Nothing happened in this step: no row.
              { timestampMs: at(10, 3), requests: 0, errors: 0 },
            ],
          },
          {
            service: 'orders',
            operation: 'SELECT',
            kind: 'SPAN_KIND_CLIENT',
            points: [
              { timestampMs: at(10, 4) + 15_000, requests: 7, errors: 9 },
            ],
          },
        ],
        [
          {
            client: 'orders',
            server: 'payments',
            connectionType: '',
            points: [
              {
                timestampMs: at(10, 4),
                requests: 40,
                errors: 2,
                latencyBuckets: [
                  { leMs: 50, count: 40 },
                  { leMs: Infinity, count: 40 },
                ],
              },
            ],
          },
          {
            client: 'orders',
            server: 'kafka',
            connectionType: 'messaging_system',
            points: [{ timestampMs: at(10, 4), requests: 0, errors: 0 }],
          },
        ],
      );
      const figures = await metricsPoller(source).poll();
      expect(asked).toEqual([
        ['span', '2026-11-21T10:04:00.000Z', '2026-11-21T10:05:00.000Z', 60],
        ['graph', '2026-11-21T10:04:00.000Z', '2026-11-21T10:05:00.000Z', 60],
      ]);
      expect(figures).toEqual({
        fromMs: at(10, 4),
        toMs: at(10, 5),
        spans: 107,
        traces: 0,
        edges: 2,
        rows: 3,
        samplingRate: 1,
        durationMs: expect.any(Number),
      });
      expect(sink.batches).toEqual([]);

      const ranges = [
        { level: 'minute' as const, startMs: at(10, 0), endMs: at(10, 10) },
      ];
      const spanRows = await store.readSpanRollups({ ranges });
      expect(
        spanRows.map(row => [
          row.bucketStartMs,
          row.key,
          row.aggregate.count,
          row.aggregate.errorCount,
        ]),
      ).toEqual(
        expect.arrayContaining([
          [
            at(10, 4),
            { service: 'orders', operation: 'POST /orders', kind: 'server' },
            100,
            3,
          ],
          [
            at(10, 4),
            { service: 'orders', operation: 'SELECT', kind: 'unspecified' },
            7,
            7,
          ],
        ]),
      );
      expect(spanRows).toHaveLength(2);
      const placed = spanRows.find(
        row => row.key.operation === 'POST /orders',
      )!;
      const sketch = LatencySketch.fromProto(placed.aggregate.sketch);
      expect(sketch.count).toBe(100);
      expect(sketch.quantile(0.5)! / 100e6).toBeCloseTo(1, 1);
      expect(sketch.quantile(0.95)! / 500e6).toBeCloseTo(1, 1);

      const edgeRows = await store.readEdgeRollups({ ranges });
      expect(
        edgeRows.map(row => [
          row.bucketStartMs,
          row.key,
          row.aggregate.count,
          row.aggregate.errorCount,
        ]),
      ).toEqual([
        [
          at(10, 4),
          { client: 'orders', server: 'payments', connectionType: '' },
          40,
          2,
        ],
      ]);

      expect((await state.get('prom'))?.lastPoll).toEqual(figures);
      expect((await state.get('prom'))?.cursorMs).toBe(at(10, 5));
    });

    it('records a failing metrics store', async () => {
      const { source } = metricsSource([], []);
      source.getServiceGraph = async () => {
        throw new Error(
          'Prometheus (prom) GET /api/v1/query_range failed with HTTP 422',
        );
      };
      await expect(metricsPoller(source).poll()).resolves.toBeUndefined();
      expect(await state.get('prom')).toEqual(
        expect.objectContaining({
          type: 'prometheus',
          lastError:
            'Prometheus (prom) GET /api/v1/query_range failed with HTTP 422',
          consecutiveFailures: 1,
        }),
      );
      expect((await state.get('prom'))?.cursorMs).toBeUndefined();
    });
  });
});
