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
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  LatencySketch,
  mergeRollupAggregates,
  planRollupReads,
  toSliSeries,
} from '@service-ownership/plugin-ownership-node';
import { Span, TraceJson } from '@service-ownership/plugin-ownership-common';
import express from 'express';
import Router from 'express-promise-router';
import {
  EdgeSeriesKey,
  OwnershipStore,
  RollupAggregate,
  RollupRow,
  SpanSeriesKey,
} from '../database/OwnershipStore';
import { IngestPipeline } from '../ingest/IngestPipeline';
import {
  optionalParam,
  parseWindow,
  QueryWindow,
  requiredParam,
} from './window';

const NANOS_PER_MS = 1e6;
const SPAN_KINDS = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

/** Latency percentiles of an aggregate in milliseconds, or undefined when it holds no request. */
export function latencyMs(aggregate: RollupAggregate) {
  if (aggregate.count === 0) {
    return undefined;
  }
  const sketch = LatencySketch.fromProto(aggregate.sketch);
  const at = (q: number) => (sketch.quantile(q) ?? 0) / NANOS_PER_MS;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

/** Identity of an edge series, for grouping its rows. */
export function edgeId(key: EdgeSeriesKey): string {
  return `${key.client}\u0000${key.server}\u0000${key.connectionType}`;
}

/** Merges rows of one window per series key; the result keeps exact counts and merged sketches. */
export function mergeByKey<K extends SpanSeriesKey | EdgeSeriesKey>(
  rows: RollupRow<K>[],
  keyOf: (key: K) => string,
): Array<{ key: K; aggregate: RollupAggregate }> {
  const merged = new Map<string, { key: K; aggregate: RollupAggregate }>();
  for (const row of rows) {
    const id = keyOf(row.key);
    const existing = merged.get(id);
    merged.set(id, {
      key: row.key,
      aggregate: existing
        ? mergeRollupAggregates(existing.aggregate, row.aggregate)
        : row.aggregate,
    });
  }
  return [...merged.values()].sort(
    (a, b) => b.aggregate.count - a.aggregate.count,
  );
}

/** Request count, errors, rate, error ratio and latency of an edge's calls over a window of `seconds`. */
export function edgeMetrics(aggregate: RollupAggregate, seconds: number) {
  return {
    count: aggregate.count,
    errorCount: aggregate.errorCount,
    ratePerSecond: aggregate.count / seconds,
    errorRate: aggregate.count > 0 ? aggregate.errorCount / aggregate.count : 0,
    latencyMs: latencyMs(aggregate),
  };
}

/** A query window as the API answers it. */
export function windowJson(window: QueryWindow) {
  return {
    from: new Date(window.fromMs).toISOString(),
    to: new Date(window.toMs).toISOString(),
    stepSeconds: window.stepMs / 1000,
  };
}

/**
 * The read API of the embedded trace store: services, operations, SLI series, edges, exemplars, traces.
 */
export function createTraceRoutes(options: {
  httpAuth: HttpAuthService;
  store: OwnershipStore;
  pipeline: IngestPipeline;
  /** Trace by id from upstream trace stores, for traces the embedded store does not keep. */
  upstreamTrace?: (traceId: string) => Promise<Span[] | undefined>;
  now?: () => number;
}): express.Router {
  const { httpAuth, store, pipeline } = options;
  const now = options.now ?? Date.now;
  const router = Router();
  const authenticate = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/v1/ingest/status', async (req, res) => {
    await authenticate(req);
    res.json(pipeline.counters());
  });

  router.get('/v1/services', async (req, res) => {
    await authenticate(req);
    const window = parseWindow(req.query, now());
    const rows = await store.readSpanRollups({
      ranges: planRollupReads(window.fromMs, window.toMs),
    });
    const services = new Map<
      string,
      {
        name: string;
        count: number;
        errorCount: number;
        operations: Set<string>;
      }
    >();
    for (const row of rows) {
      const entry = services.get(row.key.service) ?? {
        name: row.key.service,
        count: 0,
        errorCount: 0,
        operations: new Set<string>(),
      };
      entry.count += row.aggregate.count;
      entry.errorCount += row.aggregate.errorCount;
      entry.operations.add(`${row.key.kind} ${row.key.operation}`);
      services.set(row.key.service, entry);
    }
    res.json({
      window: windowJson(window),
      services: [...services.values()]
        .sort((a, b) => b.count - a.count)
        .map(s => ({ ...s, operations: s.operations.size })),
    });
  });

  router.get('/v1/services/:service/operations', async (req, res) => {
    await authenticate(req);
    const window = parseWindow(req.query, now());
    const service = req.params.service;
    const rows = await store.readSpanRollups({
      ranges: planRollupReads(window.fromMs, window.toMs),
      service,
    });
    res.json({
      window: windowJson(window),
      service,
      operations: mergeByKey(rows, key => `${key.kind} ${key.operation}`).map(
        ({ key, aggregate }) => ({
          name: key.operation,
          kind: key.kind,
          count: aggregate.count,
          errorCount: aggregate.errorCount,
          latencyMs: latencyMs(aggregate),
        }),
      ),
    });
  });

  router.get('/v1/series', async (req, res) => {
    await authenticate(req);
    const window = parseWindow(req.query, now());
    const service = requiredParam(req.query, 'service');
    const operation = optionalParam(req.query, 'operation');
    const kind = optionalParam(req.query, 'kind');
    if (kind !== undefined && !SPAN_KINDS.includes(kind)) {
      throw new InputError(
        `Query parameter "kind" is "${kind}"; expected one of ${SPAN_KINDS.join(
          ', ',
        )}`,
      );
    }
    const rows = await store.readSpanRollups({
      ranges: planRollupReads(window.fromMs, window.toMs, {
        maxLevelMs: window.stepMs,
      }),
      service,
      operation,
      kind,
    });
    const points = toSliSeries(
      rows.map(row => ({
        bucketStartMs: row.bucketStartMs,
        aggregate: row.aggregate,
      })),
      window,
    );
    res.json({
      window: windowJson(window),
      points: points.map(point => ({
        start: new Date(point.startMs).toISOString(),
        count: point.aggregate.count,
        errorCount: point.aggregate.errorCount,
        latencyMs: latencyMs(point.aggregate),
      })),
    });
  });

  router.get('/v1/edges', async (req, res) => {
    await authenticate(req);
    const window = parseWindow(req.query, now());
    const service = optionalParam(req.query, 'service');
    const rows = await store.readEdgeRollups({
      ranges: planRollupReads(window.fromMs, window.toMs),
      service,
    });
    const seconds = (window.toMs - window.fromMs) / 1000;
    res.json({
      window: windowJson(window),
      edges: mergeByKey(rows, edgeId).map(({ key, aggregate }) => ({
        client: key.client,
        server: key.server,
        connectionType: key.connectionType,
        ...edgeMetrics(aggregate, seconds),
      })),
    });
  });

  router.get('/v1/exemplars', async (req, res) => {
    await authenticate(req);
    const window = parseWindow(req.query, now());
    const service = requiredParam(req.query, 'service');
    const operation = optionalParam(req.query, 'operation');
    const rows = await store.readSpanRollups({
      ranges: planRollupReads(window.fromMs, window.toMs, {
        maxLevelMs: 60_000,
      }),
      service,
      operation,
    });
    const exemplars = rows
      .flatMap(row => row.aggregate.exemplars)
      .sort((a, b) => b.startTimeUnixMs - a.startTimeUnixMs)
      .slice(0, 500);
    res.json({
      window: windowJson(window),
      exemplars: exemplars.map(e => ({
        traceId: e.traceId,
        spanId: e.spanId,
        durationMs: e.durationNano / NANOS_PER_MS,
        error: e.error,
        start: new Date(e.startTimeUnixMs).toISOString(),
      })),
    });
  });

  router.get('/v1/traces/:traceId', async (req, res) => {
    await authenticate(req);
    const traceId = req.params.traceId;
    if (!/^[0-9a-fA-F]{32}$/.test(traceId)) {
      throw new InputError(`Trace id "${traceId}" is not 32 hex characters`);
    }
    let spans = await store.getTraceSpans(traceId.toLowerCase());
    if (spans.length === 0 && options.upstreamTrace) {
      spans = (await options.upstreamTrace(traceId)) ?? [];
    }
    if (spans.length === 0) {
      throw new NotFoundError(`No recent trace with id '${traceId}'`);
    }
    const body: TraceJson = {
      traceId: traceId.toLowerCase(),
      spans: spans.map(span => ({
        ...span,
        startTimeUnixNano: span.startTimeUnixNano.toString(),
      })),
    };
    res.json(body);
  });

  return router;
}
