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
import { Entity } from '@backstage/catalog-model';
import {
  ON_CALL_ANNOTATION,
  OPSGENIE_TEAM_ANNOTATION,
  PAGERDUTY_SERVICE_ANNOTATION,
} from '../annotations/keys';
import { readSloDefinitions } from '../slo/definitions';
import { ownerRefOf } from '../summary/summary';

const DAY_MS = 86_400_000;

/**
 * The health of an entity's operational documentation, worst first:
 * `incomplete` (a required item of the template is missing), `overdue` (the review interval has passed),
 * `stale` (what the docs describe changed since the last review: observed dependencies, SLO definitions or the
 * on-call mapping), `due-soon` (the review falls due within the warning period) and `fresh`.
 *
 * @public
 */
export type DocsHealthState =
  | 'incomplete'
  | 'overdue'
  | 'stale'
  | 'due-soon'
  | 'fresh';

/**
 * The states in order of urgency, most urgent first.
 *
 * @public
 */
export const DOCS_HEALTH_STATES: readonly DocsHealthState[] = [
  'incomplete',
  'overdue',
  'stale',
  'due-soon',
  'fresh',
];

/**
 * When the docs were last reviewed, and how we know.
 *
 * @public
 */
export interface DocsAudit {
  /** ISO 8601 timestamp. */
  at: string;
  /** `annotation`: the `service-ownership.io/last-audited` date; `review`: "Mark as reviewed" in the portal. */
  source: 'annotation' | 'review';
  /** Who reviewed (a user entity ref), for reviews recorded in the portal. */
  by?: string;
  comment?: string;
}

/**
 * When the entity's definition last changed, and how we know.
 *
 * @public
 */
export interface DocsModification {
  /** ISO 8601 timestamp. */
  at: string;
  /**
   * `scm`: the source file's last commit or `Last-Modified` through Backstage's URL reader; `file`: the
   * modification time of a `file:` location; `catalog`: when the suite first saw the current version of the
   * entity's ops-doc items in the catalog.
   */
  source: 'scm' | 'file' | 'catalog';
  url?: string;
}

/**
 * What the docs describe, as recorded at a review, to tell later whether it changed.
 *
 * @public
 */
export interface DocsSnapshot {
  /**
   * The entity's observed callees (entity refs, or `trace:<node>` for unclaimed nodes), sorted; absent when
   * not recorded (annotation audits, whose dependency changes come from first-seen times instead).
   */
  dependencies?: string[];
  /** SLO definitions by name, with a digest of each. */
  slos: Array<{ name: string; digest: string }>;
  /** The on-call mapping: who owns the entity and where its on-call schedule lives. */
  onCall: {
    ownerRef?: string;
    /** Digest of the catalog rotation that applies (the entity's or its owner group's), if any. */
    rotation?: string;
    pagerDutyService?: string;
    opsgenieTeam?: string;
  };
}

/**
 * One thing that changed since the last review.
 *
 * @public
 */
export type DocsChange =
  | { aspect: 'dependencies'; added: string[]; removed: string[] }
  | { aspect: 'slos'; added: string[]; removed: string[]; changed: string[] }
  | { aspect: 'onCall'; changed: string[] };

/**
 * A short, stable digest of a JSON value (FNV-1a over its canonical JSON, keys sorted), the same in the
 * browser and the backend. For change detection, not for security.
 *
 * @public
 */
export function stableDigest(value: unknown): string {
  const canonical = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
    if (v && typeof v === 'object') {
      return `{${Object.keys(v as object)
        .sort()
        .filter(k => (v as Record<string, unknown>)[k] !== undefined)
        .map(
          k =>
            `${JSON.stringify(k)}:${canonical(
              (v as Record<string, unknown>)[k],
            )}`,
        )
        .join(',')}}`;
    }
    return JSON.stringify(v) ?? 'null';
  };
  const json = canonical(value);
  // Two independent 32-bit FNV-1a lanes make accidental collisions negligible for this purpose.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

/**
 * What an entity's docs describe now: its SLO definitions, its on-call mapping (from the entity, or from its
 * owner group for anything but groups) and, when given, its observed dependencies.
 *
 * @public
 */
export function docsSnapshotOf(
  entity: Entity,
  options: { ownerGroup?: Entity; dependencies?: string[] },
): DocsSnapshot {
  const { slos } = readSloDefinitions(entity);
  const own = entity.metadata.annotations ?? {};
  const group = options.ownerGroup?.metadata.annotations ?? {};
  const pick = (key: string) => text(own[key]) ?? text(group[key]);
  const rotation = own[ON_CALL_ANNOTATION] ?? group[ON_CALL_ANNOTATION];
  return {
    ...(options.dependencies
      ? { dependencies: [...new Set(options.dependencies)].sort() }
      : {}),
    slos: slos
      .map(slo => ({ name: slo.name, digest: stableDigest(slo) }))
      .sort((x, y) => x.name.localeCompare(y.name)),
    onCall: {
      ownerRef: ownerRefOf(entity),
      rotation:
        typeof rotation === 'string' ? stableDigest(rotation) : undefined,
      pagerDutyService: pick(PAGERDUTY_SERVICE_ANNOTATION),
      opsgenieTeam: pick(OPSGENIE_TEAM_ANNOTATION),
    },
  };
}

/**
 * What changed between the snapshot taken at the last review and now. Dependencies are compared only when both
 * snapshots recorded them.
 *
 * @public
 */
export function detectDocsChanges(
  reviewed: DocsSnapshot,
  current: DocsSnapshot,
): DocsChange[] {
  const changes: DocsChange[] = [];
  if (reviewed.dependencies && current.dependencies) {
    const before = new Set(reviewed.dependencies);
    const after = new Set(current.dependencies);
    const added = current.dependencies.filter(d => !before.has(d));
    const removed = reviewed.dependencies.filter(d => !after.has(d));
    if (added.length || removed.length) {
      changes.push({ aspect: 'dependencies', added, removed });
    }
  }
  const before = new Map(reviewed.slos.map(s => [s.name, s.digest]));
  const after = new Map(current.slos.map(s => [s.name, s.digest]));
  const added = [...after.keys()].filter(name => !before.has(name));
  const removed = [...before.keys()].filter(name => !after.has(name));
  const changed = [...after.keys()].filter(
    name => before.has(name) && before.get(name) !== after.get(name),
  );
  if (added.length || removed.length || changed.length) {
    changes.push({ aspect: 'slos', added, removed, changed });
  }
  const onCallChanged: string[] = [];
  const was = reviewed.onCall;
  const is = current.onCall;
  if (was.ownerRef !== is.ownerRef) onCallChanged.push('owner');
  if (was.rotation !== is.rotation) onCallChanged.push('on-call rotation');
  if (was.pagerDutyService !== is.pagerDutyService) {
    onCallChanged.push('PagerDuty service');
  }
  if (was.opsgenieTeam !== is.opsgenieTeam) onCallChanged.push('Opsgenie team');
  if (onCallChanged.length) {
    changes.push({ aspect: 'onCall', changed: onCallChanged });
  }
  return changes;
}

/**
 * Dependencies first observed after an audit that has no recorded snapshot (an annotation date): only
 * claimed when the trace store was already observing before the audit, since an edge first seen at the
 * start of observation may well be older than the audit.
 *
 * @public
 */
export function dependenciesAddedSince(
  dependencies: ReadonlyArray<{ dependency: string; firstSeenMs: number }>,
  options: { auditAtMs: number; observedSinceMs?: number },
): DocsChange[] {
  if (
    options.observedSinceMs === undefined ||
    options.observedSinceMs >= options.auditAtMs
  ) {
    return [];
  }
  const added = [
    ...new Set(
      dependencies
        .filter(d => d.firstSeenMs > options.auditAtMs)
        .map(d => d.dependency),
    ),
  ].sort();
  return added.length ? [{ aspect: 'dependencies', added, removed: [] }] : [];
}

/**
 * Renders a change as a short phrase, e.g. `dependencies changed: + payment-provider, − psp-legacy`.
 *
 * @public
 */
export function describeDocsChange(change: DocsChange): string {
  const name = (ref: string) =>
    ref.replace(/^trace:/, '').replace(/^[a-z]+:default\//, '');
  const list = (prefix: string, items: string[]) =>
    items.map(item => `${prefix} ${name(item)}`);
  switch (change.aspect) {
    case 'dependencies':
      return `observed dependencies changed: ${[
        ...list('+', change.added),
        ...list('−', change.removed),
      ].join(', ')}`;
    case 'slos':
      return `SLO definitions changed: ${[
        ...list('+', change.added),
        ...list('−', change.removed),
        ...list('~', change.changed),
      ].join(', ')}`;
    case 'onCall':
    default:
      return `on-call mapping changed: ${change.changed.join(', ')}`;
  }
}

/**
 * Everything the freshness rules look at.
 *
 * @public
 */
export interface DocsFreshnessInput {
  now: Date;
  lastAudited?: DocsAudit;
  lastModified?: DocsModification;
  /** Review interval in days. */
  intervalDays: number;
  /** How many days before the due date the docs count as due soon. */
  dueSoonDays: number;
  /** Labels of required template items that are missing. */
  missingRequired: readonly string[];
  changes: readonly DocsChange[];
}

/**
 * The verdict of the freshness rules.
 *
 * @public
 */
export interface DocsFreshness {
  state: DocsHealthState;
  /** A few words for a badge, e.g. `Overdue 12 days`. */
  label: string;
  /** Every reason the docs need attention, most important first; empty when fresh. */
  reasons: string[];
  /** What the due date counts from: the last review, or the last modification when never reviewed. */
  basis?: 'audit' | 'modification';
  /** When the next review is due (ISO 8601), when a basis is known. */
  dueAt?: string;
  /** Whole days until the due date (negative when overdue); absent without a due date. */
  daysUntilDue?: number;
}

const ASPECT_WORDS: Record<DocsChange['aspect'], string> = {
  dependencies: 'dependencies',
  slos: 'SLOs',
  onCall: 'on-call',
};

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The freshness rules, on plain data. The due date is the last review plus the interval; without any review,
 * the last modification (writing the docs counts as their first review); without either, the docs are overdue.
 * A review is due from the due date itself (the boundary is overdue), and due soon from `dueSoonDays` before.
 * Missing required items make the docs incomplete whatever the dates; changes since the last review make
 * otherwise timely docs stale. Time zones: every instant is compared as such (annotation dates are midnight
 * UTC), and day counts are whole 24-hour days.
 *
 * @public
 */
export function docsFreshness(input: DocsFreshnessInput): DocsFreshness {
  const nowMs = input.now.getTime();
  const reasons: string[] = [];
  let basis: DocsFreshness['basis'];
  let baseMs: number | undefined;
  if (input.lastAudited) {
    basis = 'audit';
    baseMs = Date.parse(input.lastAudited.at);
  } else if (input.lastModified) {
    basis = 'modification';
    baseMs = Date.parse(input.lastModified.at);
  }
  const dueMs =
    baseMs === undefined || Number.isNaN(baseMs)
      ? undefined
      : baseMs + input.intervalDays * DAY_MS;
  let daysUntilDue: number | undefined;
  if (dueMs !== undefined) {
    daysUntilDue =
      dueMs > nowMs
        ? Math.ceil((dueMs - nowMs) / DAY_MS)
        : // `0 -` rather than unary minus: the first overdue day is 0, not -0.
          0 - Math.floor((nowMs - dueMs) / DAY_MS);
  }

  const overdue = dueMs === undefined || nowMs >= dueMs;
  const dueSoon = !overdue && nowMs >= dueMs! - input.dueSoonDays * DAY_MS;

  if (input.missingRequired.length) {
    reasons.push(`missing ${input.missingRequired.join(', ')}`);
  }
  if (dueMs === undefined) {
    reasons.push('never reviewed, and no modification date is known');
  } else if (overdue) {
    const since =
      basis === 'audit'
        ? `last reviewed ${isoDate(baseMs!)}`
        : `never reviewed; last changed ${isoDate(baseMs!)}`;
    reasons.push(
      `review overdue by ${-daysUntilDue!} day${
        daysUntilDue === -1 ? '' : 's'
      } (${since}, every ${input.intervalDays} days)`,
    );
  }
  for (const change of input.changes) {
    reasons.push(`${describeDocsChange(change)} since the last review`);
  }
  if (dueSoon) {
    reasons.push(
      `review due in ${daysUntilDue} day${
        daysUntilDue === 1 ? '' : 's'
      } (${isoDate(dueMs!)})`,
    );
  }

  let state: DocsHealthState = 'fresh';
  let label = 'Fresh';
  if (input.missingRequired.length) {
    state = 'incomplete';
    label = `Incomplete: ${input.missingRequired.length} missing`;
  } else if (overdue) {
    state = 'overdue';
    label =
      dueMs === undefined
        ? 'Never reviewed'
        : `Overdue ${-daysUntilDue!} day${daysUntilDue === -1 ? '' : 's'}`;
  } else if (input.changes.length) {
    state = 'stale';
    label = `Stale: ${input.changes
      .map(c => ASPECT_WORDS[c.aspect])
      .join(', ')} changed`;
  } else if (dueSoon) {
    state = 'due-soon';
    label = `Due in ${daysUntilDue} day${daysUntilDue === 1 ? '' : 's'}`;
  }
  return {
    state,
    label,
    reasons,
    ...(basis ? { basis } : {}),
    ...(dueMs === undefined ? {} : { dueAt: new Date(dueMs).toISOString() }),
    ...(daysUntilDue === undefined ? {} : { daysUntilDue }),
  };
}
