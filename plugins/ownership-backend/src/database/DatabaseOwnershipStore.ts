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
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Span } from '@service-ownership/plugin-ownership-common';
import {
  EdgeConnectionType,
  mergeRollupAggregates,
  ROLLUP_LEVEL_MS,
  RollupReadRange,
} from '@service-ownership/plugin-ownership-node';
import { SpanKind } from '@service-ownership/plugin-ownership-common';
import { randomUUID } from 'crypto';
import { Knex } from 'knex';
import {
  EdgeSeriesKey,
  ObservedEdge,
  OwnershipStore,
  RollupAggregate,
  RollupLevel,
  RollupRow,
  SpanSeriesKey,
} from './OwnershipStore';

const migrationsDir = resolvePackagePath(
  '@service-ownership/plugin-ownership-backend',
  'migrations',
);

const LEVEL_CODE: Record<RollupLevel, string> = {
  minute: 'm',
  hour: 'h',
  day: 'd',
};
const LEVEL_OF_CODE: Record<string, RollupLevel> = {
  m: 'minute',
  h: 'hour',
  d: 'day',
};
const LEVELS: RollupLevel[] = ['minute', 'hour', 'day'];

/** How one rollup table maps series keys to columns. */
interface SeriesTable<K extends SpanSeriesKey | EdgeSeriesKey> {
  table: string;
  keyColumns: string[];
  toColumns(key: K): Record<string, string>;
  fromRow(row: Record<string, unknown>): K;
}

const spanTable: SeriesTable<SpanSeriesKey> = {
  table: 'ownership_span_rollups',
  keyColumns: ['service', 'operation', 'kind'],
  toColumns: key => ({
    service: key.service,
    operation: key.operation,
    kind: key.kind,
  }),
  fromRow: row => ({
    service: String(row.service),
    operation: String(row.operation),
    kind: String(row.kind) as SpanKind,
  }),
};

const edgeTable: SeriesTable<EdgeSeriesKey> = {
  table: 'ownership_edge_rollups',
  keyColumns: ['client', 'server', 'connection_type'],
  toColumns: key => ({
    client: key.client,
    server: key.server,
    connection_type: key.connectionType,
  }),
  fromRow: row => ({
    client: String(row.client),
    server: String(row.server),
    connectionType: String(row.connection_type) as EdgeConnectionType,
  }),
};

/** Rows of a write batch are merged per primary key before touching the database. */
function rowId(
  levelCode: string,
  bucketStartMs: number,
  columns: Record<string, string>,
) {
  return JSON.stringify([levelCode, bucketStartMs, ...Object.values(columns)]);
}

function toSpanJson(span: Span): string {
  return JSON.stringify({
    ...span,
    startTimeUnixNano: span.startTimeUnixNano.toString(),
  });
}

function fromSpanJson(text: string): Span {
  const parsed = JSON.parse(text);
  return { ...parsed, startTimeUnixNano: BigInt(parsed.startTimeUnixNano) };
}

/**
 * {@link OwnershipStore} on the plugin's database (SQLite by default, PostgreSQL in production).
 *
 * Every rollup row carries the id of the backend instance that wrote it, in its primary key: replicas never
 * read-modify-write the same row (which could lose one replica's counts), this instance queues its own
 * rollup writes one after the other (read-committed transactions would otherwise race on the same rows), and
 * reads merge the rows of all writers.
 */
export class DatabaseOwnershipStore implements OwnershipStore {
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: Knex,
    private readonly writer: string,
  ) {}

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
    /** Id of this backend instance; a random UUID by default. */
    writer?: string;
  }): Promise<DatabaseOwnershipStore> {
    const client = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseOwnershipStore(client, options.writer ?? randomUUID());
  }

  async addSpanRollups(
    rows: Array<{
      bucketStartMs: number;
      key: SpanSeriesKey;
      aggregate: RollupAggregate;
    }>,
  ): Promise<void> {
    await this.addRollups(spanTable, rows);
  }

  async addEdgeRollups(
    rows: Array<{
      bucketStartMs: number;
      key: EdgeSeriesKey;
      aggregate: RollupAggregate;
    }>,
  ): Promise<void> {
    await this.addRollups(edgeTable, rows, tx => this.touchEdges(tx, rows));
  }

  /** Moves first/last seen and adds the calls of this instance's observed-edge rows. */
  private async touchEdges(
    tx: Knex.Transaction,
    rows: Array<{
      bucketStartMs: number;
      key: EdgeSeriesKey;
      aggregate: RollupAggregate;
    }>,
  ) {
    const seen = new Map<
      string,
      {
        columns: Record<string, string>;
        first: number;
        last: number;
        calls: number;
      }
    >();
    for (const row of rows) {
      const columns = edgeTable.toColumns(row.key);
      const id = rowId('', 0, columns);
      const entry = seen.get(id);
      seen.set(id, {
        columns,
        first: Math.min(entry?.first ?? Infinity, row.bucketStartMs),
        last: Math.max(entry?.last ?? -Infinity, row.bucketStartMs),
        calls: (entry?.calls ?? 0) + row.aggregate.count,
      });
    }
    const clients = [...new Set(rows.map(r => r.key.client))];
    for (const stored of await tx('ownership_observed_edges')
      .where('writer', this.writer)
      .whereIn('client', clients)) {
      const columns = edgeTable.toColumns(edgeTable.fromRow(stored));
      const entry = seen.get(rowId('', 0, columns));
      if (entry) {
        entry.first = Math.min(entry.first, Number(stored.first_seen));
        entry.last = Math.max(entry.last, Number(stored.last_seen));
        entry.calls += Number(stored.call_count);
      }
    }
    const records = [...seen.values()].map(entry => ({
      ...entry.columns,
      writer: this.writer,
      first_seen: entry.first,
      last_seen: entry.last,
      call_count: entry.calls,
    }));
    for (let i = 0; i < records.length; i += 100) {
      await tx('ownership_observed_edges')
        .insert(records.slice(i, i + 100))
        .onConflict(['client', 'server', 'connection_type', 'writer'])
        .merge(['first_seen', 'last_seen', 'call_count']);
    }
  }

  async readObservedEdges(query: {
    seenSinceMs: number;
    service?: string;
  }): Promise<ObservedEdge[]> {
    const builder = this.db('ownership_observed_edges')
      .where('last_seen', '>=', query.seenSinceMs)
      .select('client', 'server', 'connection_type')
      .min({ first_seen: 'first_seen' })
      .max({ last_seen: 'last_seen' })
      .sum({ call_count: 'call_count' })
      .groupBy('client', 'server', 'connection_type');
    if (query.service !== undefined) {
      builder.where(inner =>
        inner.where('client', query.service!).orWhere('server', query.service!),
      );
    }
    const rows = (await builder) as Array<Record<string, unknown>>;
    return rows.map(row => ({
      ...edgeTable.fromRow(row),
      firstSeenMs: Number(row.first_seen),
      lastSeenMs: Number(row.last_seen),
      callCount: Number(row.call_count),
    }));
  }

  async deleteObservedEdgesBefore(beforeMs: number): Promise<number> {
    return this.db('ownership_observed_edges')
      .where('last_seen', '<', beforeMs)
      .delete();
  }

  /** Queues a rollup write behind the ones before it; a failed write does not block the next. */
  private addRollups<K extends SpanSeriesKey | EdgeSeriesKey>(
    series: SeriesTable<K>,
    rows: Array<{
      bucketStartMs: number;
      key: K;
      aggregate: RollupAggregate;
    }>,
    alsoInTransaction?: (tx: Knex.Transaction) => Promise<void>,
  ): Promise<void> {
    const write = this.writes.then(() =>
      this.writeRollups(series, rows, alsoInTransaction),
    );
    this.writes = write.catch(() => undefined);
    return write;
  }

  private async writeRollups<K extends SpanSeriesKey | EdgeSeriesKey>(
    series: SeriesTable<K>,
    rows: Array<{ bucketStartMs: number; key: K; aggregate: RollupAggregate }>,
    alsoInTransaction?: (tx: Knex.Transaction) => Promise<void>,
  ): Promise<void> {
    if (rows.length === 0) {
      return;
    }
    // One merged row per (level, bucket, key) of the batch.
    const pending = new Map<
      string,
      {
        levelCode: string;
        bucketStartMs: number;
        columns: Record<string, string>;
        aggregate: RollupAggregate;
      }
    >();
    for (const row of rows) {
      const columns = series.toColumns(row.key);
      for (const level of LEVELS) {
        const bucketStartMs =
          Math.floor(row.bucketStartMs / ROLLUP_LEVEL_MS[level]) *
          ROLLUP_LEVEL_MS[level];
        const levelCode = LEVEL_CODE[level];
        const id = rowId(levelCode, bucketStartMs, columns);
        const existing = pending.get(id);
        pending.set(id, {
          levelCode,
          bucketStartMs,
          columns,
          aggregate: existing
            ? mergeRollupAggregates(existing.aggregate, row.aggregate)
            : row.aggregate,
        });
      }
    }

    await this.db.transaction(async tx => {
      // Read the rows already stored for the buckets being written, to merge into them.
      const buckets = new Map<string, Set<number>>();
      for (const row of pending.values()) {
        const set = buckets.get(row.levelCode) ?? new Set<number>();
        set.add(row.bucketStartMs);
        buckets.set(row.levelCode, set);
      }
      for (const [levelCode, starts] of buckets) {
        const query = tx(series.table)
          .where('level', levelCode)
          .where('writer', this.writer)
          .whereIn('bucket_start', [...starts]);
        for (const stored of await query) {
          const columns = series.toColumns(series.fromRow(stored));
          const id = rowId(levelCode, Number(stored.bucket_start), columns);
          const row = pending.get(id);
          if (row) {
            row.aggregate = mergeRollupAggregates(
              {
                count: Number(stored.count),
                errorCount: Number(stored.error_count),
                sketch: new Uint8Array(stored.sketch),
                exemplars: JSON.parse(stored.exemplars),
              },
              row.aggregate,
            );
          }
        }
      }
      const records = [...pending.values()].map(row => ({
        level: row.levelCode,
        bucket_start: row.bucketStartMs,
        ...row.columns,
        writer: this.writer,
        count: row.aggregate.count,
        error_count: row.aggregate.errorCount,
        sketch: Buffer.from(row.aggregate.sketch),
        exemplars: JSON.stringify(row.aggregate.exemplars),
      }));
      // Batches keep statements under SQLite's bound-parameter limit.
      for (let i = 0; i < records.length; i += 100) {
        await tx(series.table)
          .insert(records.slice(i, i + 100))
          .onConflict(['level', ...series.keyColumns, 'bucket_start', 'writer'])
          .merge(['count', 'error_count', 'sketch', 'exemplars']);
      }
      await alsoInTransaction?.(tx);
    });
  }

  async readSpanRollups(query: {
    ranges: RollupReadRange[];
    service?: string;
    operation?: string;
    kind?: string;
  }): Promise<RollupRow<SpanSeriesKey>[]> {
    return this.readRollups(spanTable, query.ranges, builder => {
      if (query.service !== undefined) builder.where('service', query.service);
      if (query.operation !== undefined)
        builder.where('operation', query.operation);
      if (query.kind !== undefined) builder.where('kind', query.kind);
    });
  }

  async readEdgeRollups(query: {
    ranges: RollupReadRange[];
    service?: string;
  }): Promise<RollupRow<EdgeSeriesKey>[]> {
    return this.readRollups(edgeTable, query.ranges, builder => {
      if (query.service !== undefined) {
        builder.where(inner =>
          inner
            .where('client', query.service!)
            .orWhere('server', query.service!),
        );
      }
    });
  }

  private async readRollups<K extends SpanSeriesKey | EdgeSeriesKey>(
    series: SeriesTable<K>,
    ranges: RollupReadRange[],
    filter: (builder: Knex.QueryBuilder) => void,
  ): Promise<RollupRow<K>[]> {
    if (ranges.length === 0) {
      return [];
    }
    // The series filter is repeated in every range's term, so each term is one range scan of an index that
    // starts with the series (SQLite's OR optimization; PostgreSQL's bitmap OR) instead of a scan of the
    // series' whole history or of every series' rows in the ranges.
    const builder = this.db(series.table).where(outer => {
      for (const range of ranges) {
        outer.orWhere(inner => {
          inner
            .where('level', LEVEL_CODE[range.level])
            .where('bucket_start', '>=', range.startMs)
            .where('bucket_start', '<', range.endMs);
          filter(inner);
        });
      }
    });
    const rows = await builder.orderBy('bucket_start', 'asc');
    // One row per (level, bucket, series): the rows of all writers merged.
    const merged = new Map<string, RollupRow<K>>();
    for (const row of rows as Array<Record<string, any>>) {
      const key = series.fromRow(row);
      const bucketStartMs = Number(row.bucket_start);
      const aggregate = {
        count: Number(row.count),
        errorCount: Number(row.error_count),
        sketch: new Uint8Array(row.sketch),
        exemplars: JSON.parse(row.exemplars),
      };
      const id = rowId(row.level, bucketStartMs, series.toColumns(key));
      const existing = merged.get(id);
      if (existing) {
        existing.aggregate = mergeRollupAggregates(
          existing.aggregate,
          aggregate,
        );
      } else {
        merged.set(id, {
          level: LEVEL_OF_CODE[row.level],
          bucketStartMs,
          key,
          aggregate,
        });
      }
    }
    return [...merged.values()];
  }

  async deleteRollupsBefore(
    level: RollupLevel,
    beforeMs: number,
  ): Promise<number> {
    let deleted = 0;
    for (const table of [spanTable.table, edgeTable.table]) {
      deleted += await this.db(table)
        .where('level', LEVEL_CODE[level])
        .where('bucket_start', '<', beforeMs)
        .delete();
    }
    return deleted;
  }

  async addRecentSpans(spans: Span[]): Promise<void> {
    const records = spans.map(span => ({
      trace_id: span.traceId,
      span_id: span.spanId,
      start_ms: span.startTimeUnixMs,
      span: toSpanJson(span),
      service: span.serviceName.slice(0, 255),
      operation: span.name.slice(0, 255),
      error: span.error,
    }));
    for (let i = 0; i < records.length; i += 200) {
      await this.db('ownership_recent_spans').insert(records.slice(i, i + 200));
    }
  }

  async getTraceSpans(traceId: string): Promise<Span[]> {
    const rows = await this.db('ownership_recent_spans')
      .where('trace_id', traceId)
      .orderBy('start_ms', 'asc')
      .select('span');
    return rows.map((row: { span: string }) => fromSpanJson(row.span));
  }

  async findRecentTraceIds(query: {
    service: string;
    operation: string;
    fromMs: number;
    toMs: number;
    limit: number;
  }): Promise<string[]> {
    const newest = (error: boolean) =>
      this.db('ownership_recent_spans')
        .where({ service: query.service, operation: query.operation, error })
        .where('start_ms', '>=', query.fromMs)
        .where('start_ms', '<', query.toMs)
        .orderBy('start_ms', 'desc')
        .limit(query.limit)
        .pluck('trace_id');
    // Failing traces first (they are the ones walked), then as many others, newest first in each.
    const [failing, rest] = await Promise.all([newest(true), newest(false)]);
    return [...new Set<string>([...failing, ...rest])];
  }

  /** The database client, for stores of other features sharing this plugin's database. */
  get knex(): Knex {
    return this.db;
  }

  async pruneRecentSpans(maxSpans: number): Promise<number> {
    const newest = await this.db('ownership_recent_spans')
      .max('id as id')
      .first();
    const maxId = Number(newest?.id ?? 0);
    if (maxId <= maxSpans) {
      return 0;
    }
    return this.db('ownership_recent_spans')
      .where('id', '<=', maxId - maxSpans)
      .delete();
  }
}
