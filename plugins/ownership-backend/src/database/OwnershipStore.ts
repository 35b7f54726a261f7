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
import { Span } from '@service-ownership/plugin-ownership-common';

import {
  EdgeSeriesKey,
  RollupAggregate,
  RollupLevel,
  RollupReadRange,
  RollupRow,
  SpanSeriesKey,
} from '@service-ownership/plugin-ownership-node';

export type {
  EdgeSeriesKey,
  RollupAggregate,
  RollupLevel,
  RollupRow,
  SpanSeriesKey,
};

/**
 * A service-graph edge with when it was first and last seen (minute precision) and its calls since.
 */
export interface ObservedEdge extends EdgeSeriesKey {
  firstSeenMs: number;
  lastSeenMs: number;
  callCount: number;
}

/**
 * Persistence of the embedded trace store: rollups, observed edges and recent traces.
 */
export interface OwnershipStore {
  /** Merges minute rollups of spans into the minute, hour and day rows they belong to. */
  addSpanRollups(
    rows: Array<{
      bucketStartMs: number;
      key: SpanSeriesKey;
      aggregate: RollupAggregate;
    }>,
  ): Promise<void>;
  /**
   * Merges minute rollups of edges into the minute, hour and day rows they belong to, and moves the
   * edges' first/last seen (in the same transaction).
   */
  addEdgeRollups(
    rows: Array<{
      bucketStartMs: number;
      key: EdgeSeriesKey;
      aggregate: RollupAggregate;
    }>,
  ): Promise<void>;
  /** Rows whose bucket lies in one of the ranges; one per (level, bucket, series), ordered by bucket. */
  readSpanRollups(query: {
    ranges: RollupReadRange[];
    service?: string;
    operation?: string;
    kind?: string;
  }): Promise<RollupRow<SpanSeriesKey>[]>;
  readEdgeRollups(query: {
    ranges: RollupReadRange[];
    service?: string;
  }): Promise<RollupRow<EdgeSeriesKey>[]>;
  /** Edges last seen at or after `seenSinceMs`, merged over all writers; optionally touching one node. */
  readObservedEdges(query: {
    seenSinceMs: number;
    service?: string;
  }): Promise<ObservedEdge[]>;
  /** Forgets edges last seen before `beforeMs`; returns how many rows were deleted. */
  deleteObservedEdgesBefore(beforeMs: number): Promise<number>;
  /** Deletes rows of a level whose bucket starts before `beforeMs`; returns how many. */
  deleteRollupsBefore(level: RollupLevel, beforeMs: number): Promise<number>;
  addRecentSpans(spans: Span[]): Promise<void>;
  getTraceSpans(traceId: string): Promise<Span[]>;
  /**
   * Ids of recent traces holding a span of `operation` in `service` that started in [fromMs, toMs): up to
   * `limit` where that span failed, newest first, then up to `limit` others.
   */
  findRecentTraceIds(query: {
    service: string;
    operation: string;
    fromMs: number;
    toMs: number;
    limit: number;
  }): Promise<string[]>;
  /** Keeps only the newest `maxSpans` recent spans; returns how many were deleted. */
  pruneRecentSpans(maxSpans: number): Promise<number>;
}
