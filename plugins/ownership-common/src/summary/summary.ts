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
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { OWNERSHIP_ANNOTATIONS } from '../annotations/keys';
import {
  isOwnershipAvailable,
  OwnershipAnnotationValues,
  OwnershipProblem,
  readOwnershipAnnotations,
} from '../annotations/validation';

/**
 * One of our annotations as set on an entity: its raw value and whether it is usable.
 *
 * @public
 */
export interface OwnershipAnnotationState {
  annotation: string;
  /** The raw value, absent when the entity does not set it. */
  value?: string;
  status: 'valid' | 'invalid' | 'absent';
}

/**
 * A short line about a related entity (what a group owns, what a system is made of).
 *
 * @public
 */
export interface RelatedEntitySummary {
  entityRef: string;
  kind: string;
  title?: string;
  /** Owner of the related entity, as an entity ref. */
  ownerRef?: string;
  hasOwnershipAnnotations: boolean;
  /** Number of problems with severity `error` in its annotations. */
  errorCount: number;
  /** Number of problems with severity `warning` in its annotations. */
  warningCount: number;
}

/**
 * What the suite knows about an entity's ownership: who owns it, our annotations and their problems.
 * Returned by `GET /api/ownership/v1/entities/{kind}/{namespace}/{name}/summary`.
 *
 * @public
 */
export interface OwnershipSummary {
  entityRef: string;
  kind: string;
  title?: string;
  /** Owner as an entity ref, from the resolved `ownedBy` relation or else `spec.owner`. */
  ownerRef?: string;
  hasOwnershipAnnotations: boolean;
  annotations: OwnershipAnnotationState[];
  values: OwnershipAnnotationValues;
  problems: OwnershipProblem[];
  /**
   * For groups: the entities they own; for systems: their components and resources. Absent for other kinds.
   */
  related?: {
    relation: 'ownerOf' | 'hasPart';
    /** How many related entities the catalog has; `entities` lists at most the first 500 by name. */
    total: number;
    entities: RelatedEntitySummary[];
  };
}

/**
 * The owner of an entity as a full entity ref: the catalog's resolved `ownedBy` relation when present,
 * otherwise `spec.owner` completed with the defaults the catalog applies (kind Group, the entity's namespace).
 *
 * @public
 */
export function ownerRefOf(entity: Entity): string | undefined {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) {
    return relation.targetRef;
  }
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner === '') {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Builds the ownership summary of one entity (without `related`, which needs a catalog query).
 *
 * @public
 */
export function buildOwnershipSummary(
  entity: Entity,
  options: { now: Date },
): OwnershipSummary {
  const { values, problems } = readOwnershipAnnotations(entity, options);
  const annotations = entity.metadata.annotations ?? {};
  const invalid = new Set(
    problems.filter(p => p.severity === 'error').map(p => p.annotation),
  );
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind,
    title: entity.metadata.title,
    ownerRef: ownerRefOf(entity),
    hasOwnershipAnnotations: isOwnershipAvailable(entity),
    annotations: OWNERSHIP_ANNOTATIONS.map(annotation => {
      const value = annotations[annotation];
      if (value === undefined) {
        return { annotation, status: 'absent' };
      }
      return {
        annotation,
        value,
        status: invalid.has(annotation) ? 'invalid' : 'valid',
      };
    }),
    values,
    problems,
  };
}

/**
 * Builds the short line shown for an entity in a group's or system's ownership summary.
 *
 * @public
 */
export function summarizeRelatedEntity(
  entity: Entity,
  options: { now: Date },
): RelatedEntitySummary {
  const { problems } = readOwnershipAnnotations(entity, options);
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind,
    title: entity.metadata.title,
    ownerRef: ownerRefOf(entity),
    hasOwnershipAnnotations: isOwnershipAvailable(entity),
    errorCount: problems.filter(p => p.severity === 'error').length,
    warningCount: problems.filter(p => p.severity === 'warning').length,
  };
}
