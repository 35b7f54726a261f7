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
import { Knex } from 'knex';

const TABLE = 'ownership_trace_sources';

/** What one successful poll read. */
export interface SourcePollFigures {
  /** The window polled, epoch ms `[fromMs, toMs)`. */
  fromMs: number;
  toMs: number;
  spans: number;
  traces: number;
  /** Edges: from the store's dependency API, or service-graph series. */
  edges: number;
  /** Rollup rows written (metrics sources). */
  rows?: number;
  /** Share of matching traces read, when the source could tell; 1 when it read them all. */
  samplingRate?: number;
  durationMs: number;
}

/** The stored state of one source. */
export interface SourceState {
  id: string;
  type: string;
  cursorMs?: number;
  lastAttemptAtMs?: number;
  lastSuccessAtMs?: number;
  lastError?: string;
  lastErrorAtMs?: number;
  consecutiveFailures: number;
  lastPoll?: SourcePollFigures;
}

interface Row {
  id: string;
  type: string;
  cursor_ms: string | number | null;
  last_attempt_at: string | number | null;
  last_success_at: string | number | null;
  last_error: string | null;
  last_error_at: string | number | null;
  consecutive_failures: number;
  last_poll: string | null;
}

const num = (value: string | number | null) =>
  value === null ? undefined : Number(value);

function fromRow(row: Row): SourceState {
  return {
    id: row.id,
    type: row.type,
    cursorMs: num(row.cursor_ms),
    lastAttemptAtMs: num(row.last_attempt_at),
    lastSuccessAtMs: num(row.last_success_at),
    ...(row.last_error ? { lastError: row.last_error } : {}),
    lastErrorAtMs: num(row.last_error_at),
    consecutiveFailures: Number(row.consecutive_failures),
    ...(row.last_poll ? { lastPoll: JSON.parse(row.last_poll) } : {}),
  };
}

/** Polling cursors and health of upstream sources, in the plugin's database (so a restart resumes). */
export class SourceStateStore {
  constructor(private readonly knex: Knex) {}

  async list(): Promise<SourceState[]> {
    const rows: Row[] = await this.knex(TABLE).select().orderBy('id');
    return rows.map(fromRow);
  }

  /** One source's state, read by its key (every poll asks for its own). */
  async get(id: string): Promise<SourceState | undefined> {
    const row: Row | undefined = await this.knex(TABLE).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  private async upsert(id: string, type: string, values: Partial<Row>) {
    await this.knex(TABLE)
      .insert({ id, type, consecutive_failures: 0, ...values })
      .onConflict('id')
      .merge({ type, ...values });
  }

  /** A poll starts. */
  async attempt(id: string, type: string, nowMs: number): Promise<void> {
    await this.upsert(id, type, { last_attempt_at: nowMs });
  }

  /** A poll found nothing new to read yet: the source counts as up to date; cursor and figures stay. */
  async caughtUp(id: string, type: string, nowMs: number): Promise<void> {
    await this.upsert(id, type, {
      last_success_at: nowMs,
      last_error: null,
      consecutive_failures: 0,
    });
  }

  /** A poll read its window: the cursor moves on and the error is cleared. */
  async success(
    id: string,
    type: string,
    nowMs: number,
    figures: SourcePollFigures,
  ): Promise<void> {
    await this.upsert(id, type, {
      cursor_ms: figures.toMs,
      last_success_at: nowMs,
      last_error: null,
      consecutive_failures: 0,
      last_poll: JSON.stringify(figures),
    });
  }

  /** A poll failed: the cursor stays, so the next poll reads the same window again. */
  async failure(
    id: string,
    type: string,
    nowMs: number,
    error: string,
  ): Promise<void> {
    await this.knex(TABLE)
      .insert({
        id,
        type,
        last_error: error,
        last_error_at: nowMs,
        consecutive_failures: 1,
      })
      .onConflict('id')
      .merge({
        type,
        last_error: error,
        last_error_at: nowMs,
        consecutive_failures: this.knex.raw('?? + 1', [
          `${TABLE}.consecutive_failures`,
        ]),
      });
  }
}
