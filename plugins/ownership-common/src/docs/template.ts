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
  OPSGENIE_TEAM_ANNOTATION,
  PAGERDUTY_SERVICE_ANNOTATION,
  ON_CALL_ANNOTATION,
  SIGNAL_OPERATIONS_ANNOTATION,
} from '../annotations/keys';
import { readOwnershipAnnotations } from '../annotations/validation';
import { readSloDefinitions } from '../slo/definitions';
import { readOnCallSchedule } from '../onCall/schedule';

/**
 * The Backstage TechDocs annotation; a documentation site counts as the entity's docs.
 *
 * @public
 */
export const TECHDOCS_REF_ANNOTATION = 'backstage.io/techdocs-ref';

/**
 * One item of the ops-doc template: what a machine-readable operational document of an entity holds.
 *
 * @public
 */
export type DocFieldId =
  | 'owner'
  | 'description'
  | 'runbook'
  | 'dashboard'
  | 'alerts'
  | 'techdocs'
  | 'serviceName'
  | 'signalOperations'
  | 'slos'
  | 'onCall';

/**
 * How one template item is written and where.
 *
 * @public
 */
export interface DocFieldDefinition {
  id: DocFieldId;
  label: string;
  /** Where in the entity descriptor it goes, as a sentence fragment ("add … under metadata.links"). */
  hint: string;
}

/**
 * The ops-doc template, in the order it is shown. Backstage's own conventions come first (`spec.owner`,
 * `metadata.description`, `metadata.links` with `type: runbook | playbook | dashboard | alerts`,
 * `backstage.io/techdocs-ref`), then the suite's annotations.
 *
 * @public
 */
export const DOC_FIELDS: readonly DocFieldDefinition[] = [
  { id: 'owner', label: 'Owner', hint: 'set spec.owner to the owning group' },
  {
    id: 'description',
    label: 'Description',
    hint: 'write what the entity does in metadata.description',
  },
  {
    id: 'runbook',
    label: 'Runbook',
    hint: 'add a link with `type: runbook` (or `playbook`) under metadata.links',
  },
  {
    id: 'dashboard',
    label: 'Dashboard',
    hint: 'add a link with `type: dashboard` under metadata.links',
  },
  {
    id: 'alerts',
    label: 'Alerts',
    hint: 'add a link with `type: alerts` (the alert rules) under metadata.links',
  },
  {
    id: 'techdocs',
    label: 'TechDocs',
    hint: `add the ${TECHDOCS_REF_ANNOTATION} annotation`,
  },
  {
    id: 'serviceName',
    label: 'Tracing service name',
    hint: 'add the service-ownership.io/service-name annotation',
  },
  {
    id: 'signalOperations',
    label: 'Signal operations',
    hint: `add the ${SIGNAL_OPERATIONS_ANNOTATION} annotation`,
  },
  {
    id: 'slos',
    label: 'SLOs',
    hint: 'define at least one SLO in the service-ownership.io/slos annotation',
  },
  {
    id: 'onCall',
    label: 'On-call',
    hint: `give the owning group an on-call schedule (${ON_CALL_ANNOTATION}, ${PAGERDUTY_SERVICE_ANNOTATION} or ${OPSGENIE_TEAM_ANNOTATION})`,
  },
];

/**
 * Which template items each kind must have when nothing is configured (`ownership.docs.required`); kinds not
 * listed need an owner only.
 *
 * @public
 */
export const DEFAULT_REQUIRED_DOC_FIELDS: Readonly<
  Record<string, readonly DocFieldId[]>
> = {
  component: ['owner', 'description', 'runbook', 'dashboard', 'onCall'],
  resource: ['owner', 'description', 'runbook'],
  api: ['owner', 'description'],
  system: ['owner', 'description'],
  group: ['onCall'],
};

/**
 * The required items of a kind, from the configured map (lower-case kinds) or the defaults.
 *
 * @public
 */
export function requiredDocFields(
  kind: string,
  configured?: Readonly<Record<string, readonly DocFieldId[]>>,
): readonly DocFieldId[] {
  const key = kind.toLocaleLowerCase('en-US');
  return (
    configured?.[key] ??
    DEFAULT_REQUIRED_DOC_FIELDS[key] ??
    (['owner'] as const)
  );
}

/**
 * Whether a name is one of the template's items (for validating configuration).
 *
 * @public
 */
export function isDocFieldId(value: unknown): value is DocFieldId {
  return DOC_FIELDS.some(field => field.id === value);
}

/**
 * One template item as an entity has it.
 *
 * @public
 */
export interface DocFieldStatus {
  id: DocFieldId;
  label: string;
  required: boolean;
  present: boolean;
  /** What was found (e.g. the link's URL, `2 SLOs`) or why it does not count (e.g. `invalid: …`). */
  detail?: string;
  /** How to add it, when it is missing. */
  hint?: string;
}

/**
 * The result of the completeness check of one entity.
 *
 * @public
 */
export interface DocsCompleteness {
  fields: DocFieldStatus[];
  /** Labels of the required items that are missing, in template order. */
  missingRequired: string[];
}

function linksOfType(entity: Entity, types: string[]) {
  return (entity.metadata.links ?? []).filter(link =>
    types.includes((link.type ?? '').toLocaleLowerCase('en-US')),
  );
}

function hasText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function onCallSourceOf(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  if (hasText(annotations[PAGERDUTY_SERVICE_ANNOTATION])) {
    return `PagerDuty service ${annotations[PAGERDUTY_SERVICE_ANNOTATION]}`;
  }
  if (hasText(annotations[OPSGENIE_TEAM_ANNOTATION])) {
    return `Opsgenie team ${annotations[OPSGENIE_TEAM_ANNOTATION]}`;
  }
  if (annotations[ON_CALL_ANNOTATION] !== undefined) {
    return readOnCallSchedule(entity).schedule ? 'catalog rotation' : undefined;
  }
  return undefined;
}

/**
 * Checks an entity against the ops-doc template: every item, whether it is present, and the required ones that
 * are missing. On-call counts when the entity itself or its owner group (pass `ownerGroup`) has a valid catalog
 * rotation, a PagerDuty service or an Opsgenie team. Invalid values do not count, and say why.
 *
 * @public
 */
export function checkDocsCompleteness(
  entity: Entity,
  options: {
    now: Date;
    required: readonly DocFieldId[];
    ownerGroup?: Entity;
  },
): DocsCompleteness {
  const required = new Set(options.required);
  const { values, problems } = readOwnershipAnnotations(entity, options);
  const annotations = entity.metadata.annotations ?? {};
  const invalid = (annotation: string) =>
    problems.find(p => p.severity === 'error' && p.annotation === annotation);

  const check = (id: DocFieldId): { present: boolean; detail?: string } => {
    switch (id) {
      case 'owner':
        return hasText(entity.spec?.owner)
          ? { present: true, detail: String(entity.spec?.owner) }
          : { present: false };
      case 'description':
        return { present: hasText(entity.metadata.description) };
      case 'runbook':
      case 'dashboard':
      case 'alerts': {
        const links = linksOfType(
          entity,
          id === 'runbook' ? ['runbook', 'playbook'] : [id],
        );
        return links.length
          ? { present: true, detail: links.map(l => l.url).join(', ') }
          : { present: false };
      }
      case 'techdocs':
        return hasText(annotations[TECHDOCS_REF_ANNOTATION])
          ? { present: true, detail: annotations[TECHDOCS_REF_ANNOTATION] }
          : { present: false };
      case 'serviceName': {
        const problem = invalid('service-ownership.io/service-name');
        if (problem)
          return { present: false, detail: `invalid: ${problem.message}` };
        if (values.serviceNamesSource === 'none') return { present: false };
        return {
          present: true,
          detail: `${values.serviceNames.map(s => s.name).join(', ')}${
            values.serviceNamesSource === 'default' ? ' (the entity name)' : ''
          }`,
        };
      }
      case 'signalOperations': {
        const problem = invalid(SIGNAL_OPERATIONS_ANNOTATION);
        if (problem)
          return { present: false, detail: `invalid: ${problem.message}` };
        return values.signalOperations.length
          ? { present: true, detail: values.signalOperations.join(', ') }
          : { present: false };
      }
      case 'slos': {
        const { slos, problems: sloProblems } = readSloDefinitions(entity);
        if (slos.length) {
          return {
            present: true,
            detail: `${slos.length} SLO${slos.length === 1 ? '' : 's'}`,
          };
        }
        return sloProblems.length
          ? { present: false, detail: `invalid: ${sloProblems[0].message}` }
          : { present: false };
      }
      case 'onCall': {
        const own = onCallSourceOf(entity);
        if (own) return { present: true, detail: own };
        const ownerSource = options.ownerGroup
          ? onCallSourceOf(options.ownerGroup)
          : undefined;
        if (ownerSource) {
          return {
            present: true,
            detail: `${ownerSource} of ${options.ownerGroup!.metadata.name}`,
          };
        }
        if (annotations[ON_CALL_ANNOTATION] !== undefined) {
          return {
            present: false,
            detail: 'invalid: the on-call schedule has problems',
          };
        }
        return { present: false };
      }
      default:
        return { present: false };
    }
  };

  const fields: DocFieldStatus[] = DOC_FIELDS.map(field => {
    const { present, detail } = check(field.id);
    return {
      id: field.id,
      label: field.label,
      required: required.has(field.id),
      present,
      ...(detail ? { detail } : {}),
      ...(present ? {} : { hint: field.hint }),
    };
  });
  return {
    fields,
    missingRequired: fields
      .filter(f => f.required && !f.present)
      .map(f => f.label),
  };
}
