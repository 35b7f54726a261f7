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
  AlertRoutingRecord,
  IncomingAlert,
} from '@service-ownership/plugin-ownership-common';
import { createHash } from 'crypto';
import { Knex } from 'knex';

const TABLE = 'ownership_alerts';

/** What routing adds to a received alert. */
export type AlertResult = Pick<
  AlertRoutingRecord,
  'window' | 'decision' | 'onCall' | 'deliveries' | 'error'
>;

export interface StoredAlert {
  id: string;
  receivedAtMs: number;
  attempts: number;
  state: AlertRoutingRecord['state'];
  alert: IncomingAlert;
  result?: AlertResult;
}

interface AlertRow {
  id: number | string;
  received_at: number | string;
  state: string;
  attempts: number;
  alert: string;
  result: string | null;
}

function fromRow(row: AlertRow): StoredAlert {
  return {
    id: String(row.id),
    receivedAtMs: Number(row.received_at),
    attempts: Number(row.attempts),
    state: row.state as StoredAlert['state'],
    alert: JSON.parse(row.alert),
    ...(row.result ? { result: JSON.parse(row.result) } : {}),
  };
}

export function toAlertRecord(stored: StoredAlert): AlertRoutingRecord {
  const { alert } = stored;
  return {
    id: stored.id,
    receivedAt: new Date(stored.receivedAtMs).toISOString(),
    source: alert.source,
    status: alert.status,
    name: alert.name,
    summary: alert.summary,
    labels: alert.labels,
    annotations: alert.annotations,
    ...(alert.startsAt ? { startsAt: alert.startsAt } : {}),
    state: stored.state,
    deliveries: [],
    ...stored.result,
  };
}

/**
 * Received alerts in the plugin's database: a durable queue (a row waits as `pending` until a worker claims
 * it with a lease, routes and delivers it) and the history of decisions.
 */
export class AlertStore {
  constructor(private readonly db: Knex) {}

  static dedupHash(alert: IncomingAlert): string {
    return createHash('sha256').update(alert.dedupKey).digest('hex');
  }

  static alertKey(
    alert: Pick<IncomingAlert, 'groupKey' | 'fingerprint'>,
  ): string {
    return createHash('sha256')
      .update(`${alert.groupKey}|${alert.fingerprint}`)
      .digest('hex');
  }

  /** The newest routed firing of the same alert (group key and fingerprint), e.g. to resolve where it went. */
  async lastRoutedFiring(
    alert: IncomingAlert,
  ): Promise<StoredAlert | undefined> {
    const rows: AlertRow[] = await this.db(TABLE)
      .where({ alert_key: AlertStore.alertKey(alert), state: 'routed' })
      .orderBy('id', 'desc')
      .limit(20)
      .select('*');
    return rows.map(fromRow).find(stored => stored.alert.status === 'firing');
  }

  /** Queues the alerts not seen before; returns the id of each alert and whether it was new. */
  async enqueue(
    alerts: IncomingAlert[],
    options: {
      nowMs: number;
      signalEntity?: (alert: IncomingAlert) => string | undefined;
    },
  ): Promise<Array<{ id: string; duplicate: boolean }>> {
    const hashes = alerts.map(AlertStore.dedupHash);
    const unique = [...new Set(hashes)];
    const existing = new Set<string>();
    for (let i = 0; i < unique.length; i += 500) {
      const found = await this.db(TABLE)
        .whereIn('dedup_hash', unique.slice(i, i + 500))
        .pluck('dedup_hash');
      found.forEach((hash: string) => existing.add(hash));
    }
    const seen = new Set<string>();
    const records = alerts
      .map((alert, i) => ({ alert, hash: hashes[i] }))
      .filter(({ hash }) => {
        if (existing.has(hash) || seen.has(hash)) return false;
        seen.add(hash);
        return true;
      })
      .map(({ alert, hash }) => ({
        dedup_hash: hash,
        alert_key: AlertStore.alertKey(alert),
        received_at: options.nowMs,
        state: 'pending',
        attempts: 0,
        alert: JSON.stringify(alert),
        signal_entity: options.signalEntity?.(alert)?.slice(0, 255) ?? null,
      }));
    for (let i = 0; i < records.length; i += 200) {
      // Another replica may queue the same alert at the same moment: the unique index settles it.
      await this.db(TABLE)
        .insert(records.slice(i, i + 200))
        .onConflict('dedup_hash')
        .ignore();
    }
    const ids = new Map<string, string>();
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.db(TABLE)
        .whereIn('dedup_hash', unique.slice(i, i + 500))
        .select('id', 'dedup_hash');
      rows.forEach((row: { id: number | string; dedup_hash: string }) =>
        ids.set(row.dedup_hash, String(row.id)),
      );
    }
    const reported = new Set<string>();
    return hashes.map(hash => {
      const duplicate = existing.has(hash) || reported.has(hash);
      reported.add(hash);
      return { id: ids.get(hash) ?? '', duplicate };
    });
  }

  /** Claims up to `limit` pending alerts, oldest first, for `leaseMs`; a crashed worker's claims expire. */
  async claim(options: {
    nowMs: number;
    leaseMs: number;
    limit: number;
  }): Promise<StoredAlert[]> {
    const candidates: AlertRow[] = await this.db(TABLE)
      .where('state', 'pending')
      .where(q =>
        q
          .whereNull('claimed_until')
          .orWhere('claimed_until', '<', options.nowMs),
      )
      .orderBy('id', 'asc')
      .limit(options.limit)
      .select('*');
    const claimed: StoredAlert[] = [];
    for (const row of candidates) {
      const updated = await this.db(TABLE)
        .where({ id: row.id, state: 'pending' })
        .where(q =>
          q
            .whereNull('claimed_until')
            .orWhere('claimed_until', '<', options.nowMs),
        )
        .update({
          claimed_until: options.nowMs + options.leaseMs,
          attempts: Number(row.attempts) + 1,
        });
      if (updated === 1) {
        claimed.push(fromRow({ ...row, attempts: Number(row.attempts) + 1 }));
      }
    }
    return claimed;
  }

  async complete(
    id: string,
    outcome: {
      state: 'routed' | 'failed';
      result: AlertResult;
      targetEntity?: string;
      targetGroup?: string;
      signalEntity?: string;
    },
  ): Promise<void> {
    await this.db(TABLE)
      .where({ id })
      .update({
        state: outcome.state,
        claimed_until: null,
        result: JSON.stringify(outcome.result),
        target_entity: outcome.targetEntity?.slice(0, 255) ?? null,
        target_group: outcome.targetGroup?.slice(0, 255) ?? null,
        ...(outcome.signalEntity
          ? { signal_entity: outcome.signalEntity.slice(0, 255) }
          : {}),
      });
  }

  /** Gives a claimed alert back to the queue after a failure (it is retried when its lease ends). */
  async release(id: string, options: { error: string; retryAtMs: number }) {
    await this.db(TABLE)
      .where({ id })
      .update({
        claimed_until: options.retryAtMs,
        result: JSON.stringify({ deliveries: [], error: options.error }),
      });
  }

  async get(id: string): Promise<StoredAlert | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const row = await this.db(TABLE).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  /** Newest first: alerts on an entity's signal, routed to it, or routed to a group. */
  async list(options: {
    entityRef?: string;
    groupRef?: string;
    limit: number;
  }): Promise<StoredAlert[]> {
    const query = this.db(TABLE).orderBy('id', 'desc').limit(options.limit);
    if (options.entityRef) {
      const ref = options.entityRef;
      query.where(q =>
        q.where('signal_entity', ref).orWhere('target_entity', ref),
      );
    }
    if (options.groupRef) query.where('target_group', options.groupRef);
    const rows: AlertRow[] = await query.select('*');
    return rows.map(fromRow);
  }

  async deleteBefore(beforeMs: number): Promise<number> {
    return this.db(TABLE)
      .where('received_at', '<', beforeMs)
      .whereNot('state', 'pending')
      .delete();
  }
}
