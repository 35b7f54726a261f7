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
import type { SpanKind } from '@service-ownership/plugin-ownership-common';
import type { EdgeConnectionType } from '../edges/EdgePairer';
import { LatencySketch } from '../sketch/LatencySketch';
import type {
  ServiceGraphSeries,
  SpanMetricsPoint,
  SpanMetricsSeries,
} from '../traceSource';
import type { EdgeSeriesKey, RollupAggregate, SpanSeriesKey } from './types';

const MINUTE_MS = 60_000;
const SPAN_KINDS: readonly SpanKind[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];
const CONNECTION_TYPES: readonly EdgeConnectionType[] = [
  '',
  'messaging_system',
  'database',
  'virtual_node',
];

/**
 * The aggregate of one step of span metrics: exact-as-read counts (increases are rounded to whole requests),
 * and a latency sketch rebuilt from the cumulative histogram, each bucket's requests recorded at the bucket's
 * upper bound (so a latency SLI never looks better than the histogram allows; requests above the last finite
 * bound are recorded at that bound). No exemplars: metrics carry no trace ids here.
 *
 * @public
 */
export function aggregateOfMetricsPoint(
  point: SpanMetricsPoint,
): RollupAggregate {
  const count = Math.max(0, Math.round(point.requests));
  const errorCount = Math.min(count, Math.max(0, Math.round(point.errors)));
  const sketch = new LatencySketch();
  const buckets = [...(point.latencyBuckets ?? [])].sort(
    (a, b) => a.leMs - b.leMs,
  );
  let below = 0;
  let lastFiniteMs: number | undefined;
  for (const bucket of buckets) {
    const inBucket = Math.max(0, Math.round(bucket.count) - below);
    const atMs = Number.isFinite(bucket.leMs) ? bucket.leMs : lastFiniteMs;
    if (atMs !== undefined && inBucket > 0) {
      sketch.record(atMs * 1_000_000, inBucket);
    }
    if (Number.isFinite(bucket.leMs)) lastFiniteMs = bucket.leMs;
    below += inBucket;
  }
  return { count, errorCount, sketch: sketch.toProto(), exemplars: [] };
}

/**
 * Span metrics (RED series per service and operation) as minute rollup rows, the same rows spans produce, so
 * every view reads them alike. Each point goes to the minute it starts in (poll with 60-second steps); empty
 * points are left out.
 *
 * @public
 */
export function spanMetricsRollups(
  series: readonly SpanMetricsSeries[],
): Array<{
  bucketStartMs: number;
  key: SpanSeriesKey;
  aggregate: RollupAggregate;
}> {
  const rows: Array<{
    bucketStartMs: number;
    key: SpanSeriesKey;
    aggregate: RollupAggregate;
  }> = [];
  for (const one of series) {
    const kind = SPAN_KINDS.includes(one.kind as SpanKind)
      ? (one.kind as SpanKind)
      : 'unspecified';
    for (const point of one.points) {
      const aggregate = aggregateOfMetricsPoint(point);
      if (aggregate.count === 0) continue;
      rows.push({
        bucketStartMs: Math.floor(point.timestampMs / MINUTE_MS) * MINUTE_MS,
        key: { service: one.service, operation: one.operation, kind },
        aggregate,
      });
    }
  }
  return rows;
}

/**
 * Service-graph metrics as minute edge rollup rows (see {@link spanMetricsRollups}).
 *
 * @public
 */
export function serviceGraphRollups(
  series: readonly ServiceGraphSeries[],
): Array<{
  bucketStartMs: number;
  key: EdgeSeriesKey;
  aggregate: RollupAggregate;
}> {
  const rows: Array<{
    bucketStartMs: number;
    key: EdgeSeriesKey;
    aggregate: RollupAggregate;
  }> = [];
  for (const one of series) {
    const connectionType = CONNECTION_TYPES.includes(
      one.connectionType as EdgeConnectionType,
    )
      ? (one.connectionType as EdgeConnectionType)
      : '';
    for (const point of one.points) {
      const aggregate = aggregateOfMetricsPoint(point);
      if (aggregate.count === 0) continue;
      rows.push({
        bucketStartMs: Math.floor(point.timestampMs / MINUTE_MS) * MINUTE_MS,
        key: { client: one.client, server: one.server, connectionType },
        aggregate,
      });
    }
  }
  return rows;
}
