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
import { ResponseError } from '@backstage/errors';
import {
  AUDIT_INTERVAL_ANNOTATION,
  DocsAudit,
  DocsHealthState,
  DocsModification,
  EntityDocsHealth,
  LAST_AUDITED_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { formatRelativeTime, humanizeEntityRef } from './format';

// Fixed locale: dates read the same for everyone and tests do not depend on the machine's locale.
const LOCALE = 'en-US';

/** The palette entry a docs-health state is drawn with. */
export type DocsHealthTone = 'error' | 'warning' | 'success' | 'neutral';

const STATE_TONES: Record<DocsHealthState, DocsHealthTone> = {
  incomplete: 'error',
  overdue: 'error',
  stale: 'warning',
  'due-soon': 'warning',
  fresh: 'success',
};

/** How a docs-health state is coloured: incomplete and overdue red, stale and due soon amber, fresh green. */
export function docsHealthTone(state: DocsHealthState): DocsHealthTone {
  return STATE_TONES[state];
}

const STATE_LABELS: Record<DocsHealthState, string> = {
  incomplete: 'Incomplete',
  overdue: 'Overdue',
  stale: 'Stale',
  'due-soon': 'Due soon',
  fresh: 'Fresh',
};

/** The name of a docs-health state, for counts (`Overdue`, `Due soon`). */
export function docsHealthStateLabel(state: DocsHealthState): string {
  return STATE_LABELS[state];
}

/** A day of an ISO 8601 time, as annotation dates are meant (UTC): `11 Oct 2026`; '' when invalid. */
export function formatDocsDate(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const time = DateTime.fromISO(iso, { zone: 'utc' });
  return time.isValid ? time.toFormat('d LLL yyyy', { locale: LOCALE }) : '';
}

/** A day with how long ago or ahead it is: `11 Oct 2026 (1 month ago)`. */
export function formatDocsDateWithRelative(iso: string, now: Date): string {
  const date = formatDocsDate(iso);
  const relative = formatRelativeTime(iso, now);
  return relative ? `${date} (${relative})` : date;
}

/** Whole days as the due date is counted: `in 5 days`, `today`, `12 days ago`. */
export function formatDaysFromToday(days: number): string {
  if (days === 0) {
    return 'today';
  }
  const count = Math.abs(days);
  const unit = `${count} day${count === 1 ? '' : 's'}`;
  return days > 0 ? `in ${unit}` : `${unit} ago`;
}

/** Where a last review comes from: the annotation, or "Mark as reviewed" in the portal. */
export function describeAuditSource(audit: DocsAudit): string {
  return audit.source === 'review'
    ? 'marked as reviewed in the portal'
    : `from the ${LAST_AUDITED_ANNOTATION} annotation`;
}

/** The last review in a line: `11 Oct 2026 (1 month ago) by alice, marked as reviewed in the portal`. */
export function describeLastReviewed(
  audit: DocsAudit | undefined,
  now: Date,
): string {
  if (!audit) {
    return 'Never reviewed';
  }
  const by = audit.by ? ` by ${humanizeEntityRef(audit.by)}` : '';
  return `${formatDocsDateWithRelative(
    audit.at,
    now,
  )}${by}, ${describeAuditSource(audit)}`;
}

const MODIFICATION_SOURCES: Record<DocsModification['source'], string> = {
  scm: 'last commit in source control',
  file: 'modification time of the catalog file',
  catalog: 'when the catalog first saw the current version',
};

/** Where a modification date comes from. */
export function describeModificationSource(
  source: DocsModification['source'],
): string {
  return MODIFICATION_SOURCES[source];
}

/** The last modification in a line: `18 Nov 2026 (2 days ago), last commit in source control`. */
export function describeLastModified(
  modification: DocsModification | undefined,
  now: Date,
): string {
  if (!modification) {
    return 'Unknown';
  }
  return `${formatDocsDateWithRelative(
    modification.at,
    now,
  )}, ${describeModificationSource(modification.source)}`;
}

/** The review interval and where it is set: `Every 90 days (the default for components)`. */
export function describeReviewInterval(
  health: Pick<EntityDocsHealth, 'intervalDays' | 'intervalSource' | 'kind'>,
): string {
  const every = `Every ${health.intervalDays} day${
    health.intervalDays === 1 ? '' : 's'
  }`;
  switch (health.intervalSource) {
    case 'entity':
      return `${every} (the ${AUDIT_INTERVAL_ANNOTATION} annotation)`;
    case 'kind':
      return `${every} (configured for ${health.kind.toLocaleLowerCase(
        LOCALE,
      )} entities)`;
    default:
      return `${every} (the default)`;
  }
}

/** When the next review is due: `25 Nov 2026 (in 5 days)`, `8 Nov 2026 (12 days ago)`, or why there is no date. */
export function describeDue(
  health: Pick<EntityDocsHealth, 'dueAt' | 'daysUntilDue'>,
): string {
  if (!health.dueAt) {
    return 'Now: never reviewed, and no modification date is known';
  }
  const date = formatDocsDate(health.dueAt);
  return health.daysUntilDue === undefined
    ? date
    : `${date} (${formatDaysFromToday(health.daysUntilDue)})`;
}

/** Whether nudges about the entity are snoozed at `now`. */
export function isSnoozed(
  health: Pick<EntityDocsHealth, 'snoozedUntil'>,
  now: Date,
): boolean {
  if (!health.snoozedUntil) {
    return false;
  }
  const until = Date.parse(health.snoozedUntil);
  return !Number.isNaN(until) && until > now.getTime();
}

/** `Nudges snoozed until 27 Nov 2026 by bob`. */
export function describeSnooze(
  health: Pick<EntityDocsHealth, 'snoozedUntil' | 'snoozedBy'>,
): string {
  const by = health.snoozedBy
    ? ` by ${humanizeEntityRef(health.snoozedBy)}`
    : '';
  return `Nudges snoozed until ${formatDocsDate(health.snoozedUntil)}${by}`;
}

/** How an entity is named in lists and button names: its title, else its name. */
export function docsEntityName(
  health: Pick<EntityDocsHealth, 'title' | 'entityRef'>,
): string {
  return health.title ?? humanizeEntityRef(health.entityRef);
}

/** `orders-ops-doc.yaml`. */
export function opsDocFileName(name: string, format: 'json' | 'yaml'): string {
  return `${name}-ops-doc.${format}`;
}

/** `N entities`, `1 entity`. */
export function formatEntityCount(count: number): string {
  return `${count} ${count === 1 ? 'entity' : 'entities'}`;
}

/**
 * What to tell the user about a failed action: the backend's own message (e.g. why a review was refused)
 * rather than `Request failed with 403 Forbidden`.
 */
export function actionErrorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    const message = error.body?.error?.message ?? error.cause?.message;
    return message ? message : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

const STATE_DESCRIPTIONS: Record<DocsHealthState, string> = {
  incomplete: 'A required item of the ops-doc template is missing',
  overdue: 'The review interval has passed',
  stale: 'What the docs describe changed since the last review',
  'due-soon': 'The next review falls due soon',
  fresh: 'Complete, reviewed in time, and unchanged since the review',
};

/** What a docs-health state means, for tooltips. */
export function describeDocsHealthState(state: DocsHealthState): string {
  return STATE_DESCRIPTIONS[state];
}
