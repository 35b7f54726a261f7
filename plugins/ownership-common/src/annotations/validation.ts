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
  AUDIT_INTERVAL_ANNOTATION,
  LAST_AUDITED_ANNOTATION,
  OWNERSHIP_ANNOTATIONS,
  SLOS_ANNOTATION,
  ON_CALL_ANNOTATION,
  OWNERSHIP_ANNOTATION_PREFIX,
  SERVICE_NAME_ANNOTATION,
  SIGNAL_OPERATIONS_ANNOTATION,
} from './keys';
import {
  parseAuditInterval,
  parseLastAudited,
  parseServiceNames,
  parseSignalOperations,
  ParseResult,
  TraceServiceName,
} from './parsers';

/**
 * A problem found in an entity's ownership annotations, located precisely enough to fix it.
 *
 * @public
 */
export interface OwnershipProblem {
  /** `error` when the value cannot be used; `warning` when it is ignored or suspicious. */
  severity: 'error' | 'warning';
  /** The annotation key the problem is about. */
  annotation: string;
  /** Where in the entity descriptor the value is, e.g. `metadata.annotations["service-ownership.io/last-audited"]`. */
  path: string;
  /** The value as written, when there is one. */
  value?: string;
  /** What is wrong and how to fix it, as a sentence that follows the annotation key. */
  message: string;
}

/**
 * The values of our annotations that parsed successfully (invalid ones are left out and reported as problems).
 *
 * @public
 */
export interface OwnershipAnnotationValues {
  /** Trace services the entity claims, from the annotation or, for components and resources, its name. */
  serviceNames: TraceServiceName[];
  /** Whether `serviceNames` came from the annotation or is the default derived from `metadata.name`. */
  serviceNamesSource: 'annotation' | 'default' | 'none';
  /** Signal operations (span names). */
  signalOperations: string[];
  /** Last audit, as an ISO 8601 timestamp. */
  lastAudited?: string;
  /** Audit interval in days, when the entity sets its own. */
  auditIntervalDays?: number;
}

/**
 * Kinds whose `metadata.name` doubles as their trace service name when the annotation is absent.
 *
 * @public
 */
export const KINDS_WITH_DEFAULT_SERVICE_NAME: readonly string[] = [
  'component',
  'resource',
];

/**
 * The location of an annotation in an entity descriptor, in the notation used by every problem message.
 *
 * @public
 */
export function annotationPath(annotation: string): string {
  return `metadata.annotations["${annotation}"]`;
}

/**
 * Renders a problem as one line, e.g. for the catalog's processing errors or a log.
 *
 * @public
 */
export function formatOwnershipProblem(problem: OwnershipProblem): string {
  return `${problem.path}: ${problem.message}`;
}

/**
 * Whether the entity carries at least one Service Ownership annotation.
 *
 * @public
 */
export function isOwnershipAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Object.keys(annotations).some(key =>
    key.startsWith(OWNERSHIP_ANNOTATION_PREFIX),
  );
}

/** Edit distance, to suggest the intended key for a mistyped one. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

function closestKnownAnnotation(key: string): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const known of OWNERSHIP_ANNOTATIONS) {
    const distance = editDistance(key, known);
    if (!best || distance < best.distance) {
      best = { key: known, distance };
    }
  }
  return best && best.distance <= 4 ? best.key : undefined;
}

/**
 * Reads and validates every Service Ownership annotation of an entity.
 *
 * Pure: the caller passes `now` (used to refuse audit dates in the future). Never throws on malformed
 * values; each one becomes a located problem and the other annotations are still read.
 *
 * @public
 */
export function readOwnershipAnnotations(
  entity: Entity,
  options: { now: Date },
): { values: OwnershipAnnotationValues; problems: OwnershipProblem[] } {
  const annotations = entity.metadata.annotations ?? {};
  const problems: OwnershipProblem[] = [];

  function read<T>(
    annotation: string,
    parse: (value: string) => ParseResult<T>,
  ): T | undefined {
    const raw: unknown = annotations[annotation];
    if (raw === undefined) {
      return undefined;
    }
    if (typeof raw !== 'string') {
      problems.push({
        severity: 'error',
        annotation,
        path: annotationPath(annotation),
        value: String(raw),
        message: `must be a string, got ${typeof raw}`,
      });
      return undefined;
    }
    const result = parse(raw);
    if (result.ok) {
      return result.value;
    }
    problems.push({
      severity: 'error',
      annotation,
      path: annotationPath(annotation),
      value: raw,
      message: result.message,
    });
    return undefined;
  }

  const serviceNames = read(SERVICE_NAME_ANNOTATION, parseServiceNames);
  const signalOperations = read(
    SIGNAL_OPERATIONS_ANNOTATION,
    parseSignalOperations,
  );
  const lastAudited = read(LAST_AUDITED_ANNOTATION, value =>
    parseLastAudited(value, options),
  );
  const auditIntervalDays = read(AUDIT_INTERVAL_ANNOTATION, parseAuditInterval);

  for (const key of Object.keys(annotations)) {
    if (
      key.startsWith(OWNERSHIP_ANNOTATION_PREFIX) &&
      !OWNERSHIP_ANNOTATIONS.includes(key) &&
      // SLO definitions and on-call schedules are validated on their own (readSloDefinitions,
      // readOnCallSchedule), with their own located problems.
      key !== SLOS_ANNOTATION &&
      key !== ON_CALL_ANNOTATION
    ) {
      const suggestion = closestKnownAnnotation(key);
      problems.push({
        severity: 'warning',
        annotation: key,
        path: annotationPath(key),
        value: annotations[key],
        message: `is not a known Service Ownership annotation and is ignored${
          suggestion ? `; did you mean "${suggestion}"?` : ''
        }`,
      });
    }
  }

  const defaultsToName = KINDS_WITH_DEFAULT_SERVICE_NAME.includes(
    entity.kind.toLocaleLowerCase('en-US'),
  );
  let serviceNamesSource: OwnershipAnnotationValues['serviceNamesSource'] =
    'none';
  if (serviceNames) {
    serviceNamesSource = 'annotation';
  } else if (
    defaultsToName &&
    annotations[SERVICE_NAME_ANNOTATION] === undefined
  ) {
    serviceNamesSource = 'default';
  }

  return {
    values: {
      serviceNames:
        serviceNames ??
        (serviceNamesSource === 'default'
          ? [{ name: entity.metadata.name }]
          : []),
      serviceNamesSource,
      signalOperations: signalOperations ?? [],
      lastAudited: lastAudited?.toISOString(),
      auditIntervalDays,
    },
    problems,
  };
}

/**
 * Validates an entity's Service Ownership annotations and returns the located problems (empty when all is well).
 *
 * @public
 */
export function validateOwnershipAnnotations(
  entity: Entity,
  options: { now: Date },
): OwnershipProblem[] {
  return readOwnershipAnnotations(entity, options).problems;
}
