/*
 * SLO benchmark of the embedded trace store (run on demand: `yarn bench:slo`; not part of the tests).
 *
 * Fills a SQLite database (a file, as in production; PostgreSQL with BENCH_PG_URL) with 30 days of minute
 * rollups — and the hour and day rows the store keeps next to them — for 50 services, then measures in ONE run:
 *   (a) baseline: the raw SQL read (knex) of the rows one SLO evaluation needs, nothing else;
 *   (b) evaluation alone: planSloEvaluation + evaluateSlo on rows already read (goal ≤ 5 ms), and the rows read
 *       (goal ~120);
 *   (c) the SLO API over HTTP: GET /v1/entities/component/default/<service>/slos for random services, each with
 *       a 30-day error-rate SLO and a 30-day latency SLO (goal p99 ≤ 50 ms).
 * Knobs: BENCH_SERVICES (50), BENCH_DAYS (30), BENCH_REQUESTS (300).
 */
import { Entity } from '@backstage/catalog-model';
import {
  buildTelemetryIndex,
  readSloDefinitions,
} from '@service-ownership/plugin-ownership-common';
import {
  evaluateSlo,
  LatencySketch,
  planSloEvaluation,
} from '@service-ownership/plugin-ownership-node';
import express from 'express';
import fs from 'fs';
import http from 'http';
import knexFactory, { Knex } from 'knex';
import os from 'os';
import path from 'path';
import { DatabaseOwnershipStore } from '../../plugins/ownership-backend/src/database/DatabaseOwnershipStore';
import { EntityDirectory } from '../../plugins/ownership-backend/src/service/EntityDirectory';
import {
  createSloRoutes,
  readServedRows,
} from '../../plugins/ownership-backend/src/service/sloRoutes';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 50);
const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const SLOS = `- name: availability
  operation: handle
  sli: error-rate
  objective: 99.5%
  window: 30d
- name: latency
  operation: handle
  sli: latency
  threshold: 300ms
  objective: 99%
  window: 30d
`;

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function summary(label: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
  console.log(
    `${label.padEnd(44)} p50 ${fmt(percentile(sorted, 0.5))}  p99 ${fmt(
      percentile(sorted, 0.99),
    )}  max ${fmt(sorted[sorted.length - 1])}`,
  );
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

/** A few realistic sketches (100 requests a minute, log-normal-ish latencies), reused across rows. */
function sketches(): Buffer[] {
  return Array.from({ length: 16 }, (_, variant) => {
    const sketch = new LatencySketch();
    for (let i = 0; i < 100; i++) {
      const ms = 20 * Math.exp(((i * 37 + variant * 11) % 100) / 30);
      sketch.record(ms * 1e6);
    }
    return Buffer.from(sketch.toProto());
  });
}

async function fill(db: Knex, nowMs: number) {
  const variants = sketches();
  const exemplars = JSON.stringify([
    {
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      durationNano: 9e8,
      error: false,
      startTimeUnixMs: nowMs,
    },
  ]);
  const start = Math.floor((nowMs - DAYS * DAY) / DAY) * DAY;
  const end = Math.ceil(nowMs / MINUTE) * MINUTE;
  let rows = 0;
  const began = Date.now();
  for (let s = 0; s < SERVICES; s++) {
    const service = `service-${String(s).padStart(2, '0')}`;
    const batch: Array<Record<string, unknown>> = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await db.transaction(async tx => {
        for (let i = 0; i < batch.length; i += 500) {
          await tx('ownership_span_rollups').insert(batch.slice(i, i + 500));
        }
      });
      rows += batch.length;
      batch.length = 0;
    };
    const push = (
      level: string,
      bucket: number,
      count: number,
      errors: number,
      variant: number,
    ) =>
      batch.push({
        level,
        bucket_start: bucket,
        service,
        operation: 'handle',
        kind: 'server',
        writer: 'bench',
        count,
        error_count: errors,
        sketch: variants[variant % variants.length],
        exemplars,
      });
    for (let day = start; day < end; day += DAY) {
      let dayCount = 0;
      let dayErrors = 0;
      for (let hour = day; hour < Math.min(day + DAY, end); hour += HOUR) {
        let hourCount = 0;
        let hourErrors = 0;
        for (
          let minute = hour;
          minute < Math.min(hour + HOUR, end);
          minute += MINUTE
        ) {
          const errors = (minute / MINUTE) % 7 === 0 ? 1 : 0;
          push('m', minute, 100, errors, minute / MINUTE);
          hourCount += 100;
          hourErrors += errors;
        }
        push('h', hour, hourCount, hourErrors, hour / HOUR);
        dayCount += hourCount;
        dayErrors += hourErrors;
      }
      push('d', day, dayCount, dayErrors, day / DAY);
      await flush();
    }
    process.stdout.write(
      `\rfilled ${s + 1}/${SERVICES} services, ${rows} rows`,
    );
  }
  console.log(` in ${((Date.now() - began) / 1000).toFixed(0)} s`);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-slo-'));
  const pg = process.env.BENCH_PG_URL;
  const db = knexFactory(
    pg
      ? { client: 'pg', connection: pg }
      : {
          client: 'better-sqlite3',
          connection: { filename: path.join(dir, 'ownership.sqlite') },
          useNullAsDefault: true,
        },
  );
  const nowMs = Date.now();
  const store = await DatabaseOwnershipStore.create({
    database: { getClient: async () => db } as any,
  });
  console.log(
    `SLO benchmark: ${SERVICES} services × ${DAYS} days of minute rollups (+ hour and day rows) on ${
      pg ? 'PostgreSQL' : 'SQLite'
    }`,
  );
  await fill(db, nowMs);

  const entities: Entity[] = Array.from({ length: SERVICES }, (_, s) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `service-${String(s).padStart(2, '0')}`,
      namespace: 'default',
      annotations: { 'service-ownership.io/slos': SLOS },
    },
    spec: { owner: 'team-bench', type: 'service', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-bench' }],
  }));
  const definitions = readSloDefinitions(entities[0]).slos;

  // (a) baseline and (b) evaluation, per SLO.
  const raw: number[] = [];
  const evaluation: number[] = [];
  const rowCounts: number[] = [];
  // The first WARMUP rounds (JIT, caches) are not measured.
  const WARMUP = 30;
  for (let i = -WARMUP; i < REQUESTS; i++) {
    const service = entities[(i + WARMUP) % SERVICES].metadata.name;
    const definition = definitions[(i + WARMUP) % definitions.length];
    const at = Date.now();
    const plan = planSloEvaluation(at, definition.windowDays);
    const t0 = performance.now();
    await db('ownership_span_rollups').where(outer => {
      for (const range of plan.reads) {
        outer.orWhere(inner =>
          inner
            .where('service', service)
            .where('operation', 'handle')
            .where('level', range.level[0])
            .where('bucket_start', '>=', range.startMs)
            .where('bucket_start', '<', range.endMs),
        );
      }
    });
    const rawMs = performance.now() - t0;
    const rows = await readServedRows(store, service, 'handle', plan.reads);
    const t1 = performance.now();
    const result = evaluateSlo(
      definition,
      service,
      rows,
      planSloEvaluation(at, definition.windowDays),
    );
    const evaluationMs = performance.now() - t1;
    if (i >= 0) {
      raw.push(rawMs);
      evaluation.push(evaluationMs);
      rowCounts.push(rows.length);
    }
    if (result.total === 0) throw new Error(`no data read for ${service}`);
  }

  // (c) the API over HTTP.
  const directory = {
    get: async () => ({
      index: buildTelemetryIndex(entities, { now: new Date() }),
      entries: new Map(
        entities.map(e => [
          `component:default/${e.metadata.name}`,
          {
            kind: 'Component',
            owner: 'group:default/team-bench',
            partOf: [],
            entity: e,
          },
        ]),
      ),
      loadedAtMs: Date.now(),
    }),
  } as unknown as EntityDirectory;
  const app = express();
  app.use(
    createSloRoutes({
      httpAuth: {
        credentials: async () => ({ principal: { type: 'user' } }),
      } as any,
      catalog: {
        getEntityByRef: async (ref: string) =>
          entities.find(e => `component:default/${e.metadata.name}` === ref),
      } as any,
      store,
      directory,
      settings: {},
      now: Date.now,
    }),
  );
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, resolve));
  const port = (server.address() as { port: number }).port;
  const api: number[] = [];
  for (let i = -WARMUP; i < REQUESTS; i++) {
    const name = entities[((i + WARMUP) * 7) % SERVICES].metadata.name;
    const t0 = performance.now();
    const response = await fetch(
      `http://localhost:${port}/v1/entities/component/default/${name}/slos`,
    );
    const body = await response.json();
    if (i >= 0) api.push(performance.now() - t0);
    if (response.status !== 200 || body.slos.length !== 2) {
      throw new Error(
        `API answered ${response.status}: ${JSON.stringify(body).slice(
          0,
          300,
        )}`,
      );
    }
  }
  server.close();

  console.log('');
  const rowsSorted = [...rowCounts].sort((a, b) => a - b);
  console.log(
    `rows read per SLO evaluation (all 8 windows)  median ${percentile(
      rowsSorted,
      0.5,
    )}  max ${rowsSorted[rowsSorted.length - 1]}`,
  );
  const a = summary('(a) baseline: raw SQL read of those rows', raw);
  const b = summary('(b) evaluation of one SLO (rows in memory)', evaluation);
  const c = summary('(c) SLO API, 2 SLOs of 30 days, over HTTP', api);
  console.log(
    `API p99 / (2 × raw read p99) = ${(c.p99 / (2 * a.p99)).toFixed(
      2,
    )}; goals: evaluation ≤ 5 ms (${
      b.p99 <= 5 ? 'met' : 'NOT met'
    }), API p99 ≤ 50 ms (${c.p99 <= 50 ? 'met' : 'NOT met'})`,
  );
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
