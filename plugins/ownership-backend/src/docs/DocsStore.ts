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
import { DocsSnapshot } from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';

const REVIEWS = 'ownership_docs_reviews';
const STATE = 'ownership_docs_state';
/** Keeps IN lists well under SQLite's bound-parameter limit. */
const CHUNK = 500;

/** A review of an entity's operational documentation recorded in the portal. */
export interface DocsReview {
  entityRef: string;
  reviewedAtMs: number;
  /** A user entity ref. */
  reviewedBy: string;
  comment?: string;
  /** What the docs described at the review. */
  snapshot: DocsSnapshot;
}

/** The documentation health state of one entity. */
export interface DocsStateRow {
  entityRef: string;
  /** Digest of the entity's ops-doc items as last seen. */
  docsDigest?: string;
  /** When the current digest was first seen: the "catalog" last-modified fallback. */
  docsChangedAtMs?: number;
  /** The annotation audit date {@link DocsStateRow.baseline} belongs to. */
  baselineAuditAtMs?: number;
  /** What the docs described when that audit date was first seen. */
  baseline?: DocsSnapshot;
  /** The health state the owners were last notified about. */
  notifiedState?: string;
  notifiedAtMs?: number;
  snoozedUntilMs?: number;
  snoozedBy?: string;
}

interface ReviewRow {
  id: number | string;
  entity_ref: string;
  reviewed_at: number | string;
  reviewed_by: string;
  comment: string | null;
  snapshot: string;
}

interface StateRow {
  entity_ref: string;
  docs_digest: string | null;
  docs_changed_at: number | string | null;
  baseline_audit_at: number | string | null;
  baseline: string | null;
  notified_state: string | null;
  notified_at: number | string | null;
  snoozed_until: number | string | null;
  snoozed_by: string | null;
}

/** Bigint columns come back as strings from PostgreSQL. */
function ms(value: number | string | null): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

/** The distinct lower-case refs, each with the first spelling a caller gave. */
function byLowerRef(entityRefs: string[]): Map<string, string> {
  const refs = new Map<string, string>();
  for (const ref of entityRefs) {
    const key = ref.toLocaleLowerCase('en-US');
    if (!refs.has(key)) refs.set(key, ref);
  }
  return refs;
}

function lower(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}

/**
 * Documentation health in the plugin's database: reviews recorded in the portal, and per-entity state
 * (change detection of the ops-doc items, audit baselines, notifications and snoozes). Entity refs are
 * compared case-insensitively: they are stored lower-case.
 *
 * Every state-mutating method is a single upsert of its own columns, so concurrent callers (several
 * replicas) never lose each other's rows or clobber each other's columns.
 */
export class DocsStore {
  constructor(private readonly db: Knex) {}

  async addReview(review: DocsReview): Promise<void> {
    await this.db(REVIEWS).insert({
      entity_ref: lower(review.entityRef),
      reviewed_at: review.reviewedAtMs,
      reviewed_by: review.reviewedBy,
      comment: review.comment ?? null,
      snapshot: JSON.stringify(review.snapshot),
    });
  }

  /** The latest review of each entity (by reviewed_at, then id), for many entities in one query (chunk the IN list by 500). */
  async latestReviews(entityRefs: string[]): Promise<Map<string, DocsReview>> {
    const refs = byLowerRef(entityRefs);
    const keys = [...refs.keys()];
    const result = new Map<string, DocsReview>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const ranked = this.db(REVIEWS)
        .whereIn('entity_ref', keys.slice(i, i + CHUNK))
        .select(
          '*',
          this.db.raw(
            'row_number() over (partition by entity_ref order by reviewed_at desc, id desc) as rn',
          ),
        );
      const rows: ReviewRow[] = await this.db
        .from(ranked.as('ranked'))
        .where('rn', 1)
        .select(
          'id',
          'entity_ref',
          'reviewed_at',
          'reviewed_by',
          'comment',
          'snapshot',
        );
      for (const row of rows) {
        result.set(row.entity_ref, {
          entityRef: refs.get(row.entity_ref) ?? row.entity_ref,
          reviewedAtMs: Number(row.reviewed_at),
          reviewedBy: row.reviewed_by,
          ...(row.comment !== null ? { comment: row.comment } : {}),
          snapshot: JSON.parse(row.snapshot),
        });
      }
    }
    return result;
  }

  /** The state rows of many entities in one query (chunked). Map keyed by lower-case ref. */
  async getStates(entityRefs: string[]): Promise<Map<string, DocsStateRow>> {
    const refs = byLowerRef(entityRefs);
    const keys = [...refs.keys()];
    const result = new Map<string, DocsStateRow>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const rows: StateRow[] = await this.db(STATE)
        .whereIn('entity_ref', keys.slice(i, i + CHUNK))
        .select('*');
      for (const row of rows) {
        result.set(
          row.entity_ref,
          fromStateRow(row, refs.get(row.entity_ref) ?? row.entity_ref),
        );
      }
    }
    return result;
  }

  /**
   * Records the digest of the entity's ops-doc items; when it differs from the stored one (or none is
   * stored), sets docs_changed_at = nowMs. Returns the docs_changed_at in force.
   */
  async observeDocsDigest(
    entityRef: string,
    digest: string,
    nowMs: number,
  ): Promise<number> {
    const ref = lower(entityRef);
    await this.db(STATE)
      .insert({ entity_ref: ref, docs_digest: digest, docs_changed_at: nowMs })
      .onConflict('entity_ref')
      .merge(['docs_digest', 'docs_changed_at'])
      .where(q =>
        q
          .whereNull(`${STATE}.docs_digest`)
          .orWhereNull(`${STATE}.docs_changed_at`)
          .orWhere(
            `${STATE}.docs_digest`,
            '<>',
            this.db.ref('excluded.docs_digest'),
          ),
      );
    const row: Pick<StateRow, 'docs_changed_at'> | undefined = await this.db(
      STATE,
    )
      .where('entity_ref', ref)
      .first('docs_changed_at');
    return ms(row?.docs_changed_at ?? null) ?? nowMs;
  }

  /**
   * Returns the baseline stored for this annotation audit date; when none is stored, or it belongs to
   * another audit date, stores `snapshot` as the baseline of `auditAtMs` and returns it.
   */
  async ensureBaseline(
    entityRef: string,
    auditAtMs: number,
    snapshot: DocsSnapshot,
  ): Promise<DocsSnapshot> {
    const ref = lower(entityRef);
    // Concurrent callers for the same audit date: the first baseline stays, and all of them read it back.
    await this.db(STATE)
      .insert({
        entity_ref: ref,
        baseline_audit_at: auditAtMs,
        baseline: JSON.stringify(snapshot),
      })
      .onConflict('entity_ref')
      .merge(['baseline_audit_at', 'baseline'])
      .where(q =>
        q
          .whereNull(`${STATE}.baseline_audit_at`)
          .orWhereNull(`${STATE}.baseline`)
          .orWhere(
            `${STATE}.baseline_audit_at`,
            '<>',
            this.db.ref('excluded.baseline_audit_at'),
          ),
      );
    const row: Pick<StateRow, 'baseline_audit_at' | 'baseline'> | undefined =
      await this.db(STATE)
        .where('entity_ref', ref)
        .first('baseline_audit_at', 'baseline');
    if (row?.baseline && ms(row.baseline_audit_at) === auditAtMs) {
      return JSON.parse(row.baseline);
    }
    // Another caller stored the baseline of another audit date in between.
    return snapshot;
  }

  /** Records the state the owners were last notified about (also used to record silently that an entity became fresh). */
  async setNotified(
    entityRef: string,
    state: string,
    nowMs: number,
  ): Promise<void> {
    await this.db(STATE)
      .insert({
        entity_ref: lower(entityRef),
        notified_state: state,
        notified_at: nowMs,
      })
      .onConflict('entity_ref')
      .merge(['notified_state', 'notified_at']);
  }

  /** Snoozes nudges until untilMs; null lifts the snooze (and forgets who snoozed). */
  async setSnooze(
    entityRef: string,
    untilMs: number | null,
    by: string,
  ): Promise<void> {
    await this.db(STATE)
      .insert({
        entity_ref: lower(entityRef),
        snoozed_until: untilMs,
        snoozed_by: untilMs === null ? null : by,
      })
      .onConflict('entity_ref')
      .merge(['snoozed_until', 'snoozed_by']);
  }
}

function fromStateRow(row: StateRow, entityRef: string): DocsStateRow {
  const docsChangedAtMs = ms(row.docs_changed_at);
  const baselineAuditAtMs = ms(row.baseline_audit_at);
  const notifiedAtMs = ms(row.notified_at);
  const snoozedUntilMs = ms(row.snoozed_until);
  return {
    entityRef,
    ...(row.docs_digest !== null ? { docsDigest: row.docs_digest } : {}),
    ...(docsChangedAtMs !== undefined ? { docsChangedAtMs } : {}),
    ...(baselineAuditAtMs !== undefined ? { baselineAuditAtMs } : {}),
    ...(row.baseline !== null ? { baseline: JSON.parse(row.baseline) } : {}),
    ...(row.notified_state !== null
      ? { notifiedState: row.notified_state }
      : {}),
    ...(notifiedAtMs !== undefined ? { notifiedAtMs } : {}),
    ...(snoozedUntilMs !== undefined ? { snoozedUntilMs } : {}),
    ...(row.snoozed_by !== null ? { snoozedBy: row.snoozed_by } : {}),
  };
}
