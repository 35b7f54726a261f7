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
import { stringify } from 'yaml';
import { OwnershipProblem } from '../annotations/validation';
import { EntityOnCall } from '../onCall/api';
import { DocFieldStatus } from './template';
import {
  DocsAudit,
  DocsChange,
  DocsHealthState,
  DocsModification,
} from './health';

/**
 * The documentation health of one entity, as `GET /v1/entities/{kind}/{namespace}/{name}/docs-health` answers.
 *
 * @public
 */
export interface EntityDocsHealth {
  entityRef: string;
  kind: string;
  title?: string;
  ownerRef?: string;
  state: DocsHealthState;
  /** A few words for a badge, e.g. `Overdue 12 days`. */
  label: string;
  /** Every reason the docs need attention, most important first; empty when fresh. */
  reasons: string[];
  /** The ops-doc template as this entity has it. */
  fields: DocFieldStatus[];
  /** Labels of the required template items that are missing. */
  missingRequired: string[];
  lastAudited?: DocsAudit;
  lastModified?: DocsModification;
  /** Review interval in days, and where it comes from. */
  intervalDays: number;
  intervalSource: 'entity' | 'kind' | 'default';
  dueAt?: string;
  /** Whole days until the due date (negative when overdue). */
  daysUntilDue?: number;
  /** What changed since the last review. */
  changes: DocsChange[];
  /** Nudges are snoozed for this entity until then (ISO 8601). */
  snoozedUntil?: string;
  snoozedBy?: string;
  /** Whether the caller may mark the docs reviewed (a member of the owning group), and if not, why. */
  review: { allowed: boolean; reason?: string };
  /** Problems of the annotations the docs are read from. */
  problems: OwnershipProblem[];
}

/**
 * The docs health of the entities some groups own, most urgent first, as `GET /v1/docs-health` answers.
 *
 * @public
 */
export interface DocsHealthList {
  /** The owners whose entities are listed (the signed-in user's groups for `owner=me`). */
  owners: string[];
  /** How many entities per state, over all of the owners' tracked entities. */
  counts: Record<DocsHealthState, number>;
  total: number;
  /** The entities, most urgent first (most overdue first); only those needing attention with `attention=true`. */
  items: EntityDocsHealth[];
  /** Why the list is empty although it should not be (e.g. the user is in no group). */
  reason?: string;
}

/**
 * The body of `POST …/docs-health/reviews` ("Mark as reviewed").
 *
 * @public
 */
export interface DocsReviewRequest {
  comment?: string;
}

/**
 * The body of `POST …/docs-health/snooze`: stop nudges about this entity for some days (0 lifts the snooze).
 *
 * @public
 */
export interface DocsSnoozeRequest {
  days: number;
}

/**
 * One level of an escalation-policy summary.
 *
 * @public
 */
export interface EscalationPolicyLevel {
  level: number;
  /** Minutes after the alert before this level is paged. */
  delayMinutes: number;
  /** Who is on call at this level now. */
  onCallNow: string[];
  /** The level's targets (escalation layers) when the provider names them. */
  targets: string[];
}

/**
 * Owner → on-call schedule → escalation, for one entity: the configuration an incident tool needs.
 *
 * @public
 */
export interface EscalationPolicySummary {
  entityRef: string;
  ownerRef?: string;
  /** The group whose schedule applies. */
  groupRef?: string;
  /** `catalog`, `pagerduty`, `opsgenie`, …; absent when no schedule is known. */
  provider?: string;
  timeZone?: string;
  scheduleUrl?: string;
  levels: EscalationPolicyLevel[];
  /** Why there is no schedule, when there is none. */
  reason?: string;
}

/**
 * One line of the alert-routing map: a trace service, the entity claiming it, the owning team and its on-call.
 *
 * @public
 */
export interface AlertRoutingMapEntry {
  /** The trace service (OpenTelemetry `service.name`, or an uninstrumented peer's name). */
  service: string;
  entityRef: string;
  ownerRef?: string;
  /** The on-call provider of the owner, when known. */
  onCallProvider?: string;
  /** Who is first on call for the owner now. */
  onCallNow?: string[];
  /** The PagerDuty integration key annotation is set (the key itself stays in the catalog). */
  pagerDutyIntegration?: boolean;
}

/**
 * Service → team → on-call for every claimed trace service, as `GET /v1/docs/alert-routing-map` answers;
 * alert routing resolves culprits through the same map.
 *
 * @public
 */
export interface AlertRoutingMap {
  generatedAt: string;
  entries: AlertRoutingMapEntry[];
  /** Trace services claimed by more than one entity: routing uses the first claim and says so. */
  conflicts: Array<{ service: string; entityRefs: string[] }>;
}

/**
 * The machine-readable ops doc of one entity, as `GET /v1/entities/{kind}/{namespace}/{name}/ops-doc` answers
 * (JSON, or YAML with `format=yaml`).
 *
 * @public
 */
export interface OpsDocExport {
  entityRef: string;
  title?: string;
  description?: string;
  owner?: string;
  links: Record<string, Array<{ title?: string; url: string }>>;
  techdocsRef?: string;
  services: string[];
  signalOperations: string[];
  slos: Array<{
    name: string;
    operation: string;
    sli: string;
    objective: number;
    windowDays: number;
    thresholdMs?: number;
  }>;
  docsHealth: Pick<
    EntityDocsHealth,
    | 'state'
    | 'label'
    | 'reasons'
    | 'lastAudited'
    | 'lastModified'
    | 'dueAt'
    | 'intervalDays'
  >;
  escalationPolicy: EscalationPolicySummary;
  alertRouting: AlertRoutingMapEntry[];
}

/**
 * The on-call answer an escalation-policy summary is built from.
 *
 * @public
 */
export type EscalationSource = Pick<
  EntityOnCall,
  | 'entityRef'
  | 'groupRef'
  | 'providerId'
  | 'timeZone'
  | 'scheduleUrl'
  | 'current'
  | 'escalation'
  | 'reason'
>;

/**
 * Summarises an on-call answer as owner → schedule → escalation levels (pure).
 *
 * @public
 */
export function escalationPolicySummary(
  onCall: EscalationSource,
  ownerRef?: string,
): EscalationPolicySummary {
  const levels = new Map<number, EscalationPolicyLevel>();
  const level = (n: number) => {
    let entry = levels.get(n);
    if (!entry) {
      entry = { level: n, delayMinutes: 0, onCallNow: [], targets: [] };
      levels.set(n, entry);
    }
    return entry;
  };
  for (const shift of onCall.current) {
    level(shift.escalationLevel).onCallNow.push(shift.person.name);
  }
  for (const step of onCall.escalation) {
    const entry = level(step.level);
    entry.delayMinutes = step.delayMinutes;
    entry.targets.push(...step.targets.map(t => t.name));
  }
  return {
    entityRef: onCall.entityRef,
    ...(ownerRef ? { ownerRef } : {}),
    ...(onCall.groupRef ? { groupRef: onCall.groupRef } : {}),
    ...(onCall.providerId ? { provider: onCall.providerId } : {}),
    ...(onCall.timeZone ? { timeZone: onCall.timeZone } : {}),
    ...(onCall.scheduleUrl ? { scheduleUrl: onCall.scheduleUrl } : {}),
    levels: [...levels.values()].sort((a, b) => a.level - b.level),
    ...(onCall.reason ? { reason: onCall.reason } : {}),
  };
}

/**
 * Renders an export (ops doc, routing map) as YAML, keys in the order they were written.
 *
 * @public
 */
export function docsExportYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}
