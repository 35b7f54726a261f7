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
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * A downstream node an entity was seen calling, resolved to the entity that claims it when one does.
 *
 * @public
 */
export interface ObservedDependency {
  node: string;
  /** The claiming entity, absent for unowned nodes. */
  entityRef?: string;
  count: number;
}

/**
 * How an entity's declared `dependsOn` compares with what traces show it calling.
 *
 * @public
 */
export interface DependencyDrift {
  /** Observed and claimed by an entity, but not declared. */
  undeclared: ObservedDependency[];
  /** Declared, but not observed in the window the caller read (e.g. the last N days). */
  declaredNotObserved: string[];
  /** Declared and observed. */
  agreeing: ObservedDependency[];
  /** Observed nodes no entity claims: they cannot be declared until something in the catalog claims them. */
  unowned: ObservedDependency[];
  /**
   * The lines to add under the entity's `spec:` in `catalog-info.yaml` for the undeclared ones: only the list
   * items when `spec.dependsOn` exists (append them to it), else `dependsOn:` with the items; '' when none.
   */
  yamlToAdd: string;
}

/**
 * The entity refs an entity declares in `spec.dependsOn`, parsed with the catalog's defaults (the entity's
 * namespace; entries without a kind are skipped, as the catalog does). The spec, not the entity's
 * `dependsOn` relations, is what people wrote: with `emitDependsOn` switched on, the relations also hold the
 * observed dependencies, which would then always "agree".
 *
 * @public
 */
export function declaredDependencies(entity: Entity): string[] {
  const spec = entity.spec?.dependsOn;
  if (!Array.isArray(spec)) {
    return [];
  }
  const refs = new Set<string>();
  for (const value of spec) {
    if (typeof value !== 'string') continue;
    try {
      refs.add(
        stringifyEntityRef(
          parseEntityRef(value, {
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ),
      );
    } catch {
      // Not a valid ref: the catalog reports it itself.
    }
  }
  return [...refs];
}

/** `kind:name` when the target is in the entity's namespace (as people write it), else the full ref. */
function shortRef(targetRef: string, namespace: string): string {
  const { kind, namespace: targetNamespace, name } = parseEntityRef(targetRef);
  return targetNamespace === namespace
    ? `${kind}:${name}`
    : `${kind}:${targetNamespace}/${name}`;
}

/**
 * Compares declared and observed dependencies of an entity. Pure: the caller reads the observed callees over
 * the window that defines "not observed" (e.g. 30 days) and passes them in.
 *
 * @public
 */
export function computeDependencyDrift(
  entity: Entity,
  observed: ObservedDependency[],
): DependencyDrift {
  const self = stringifyEntityRef(entity);
  const declared = new Set(declaredDependencies(entity));
  const byRef = new Map<string, ObservedDependency>();
  const unowned: ObservedDependency[] = [];
  for (const dependency of observed) {
    if (!dependency.entityRef) {
      unowned.push(dependency);
      continue;
    }
    if (dependency.entityRef === self) continue;
    const existing = byRef.get(dependency.entityRef);
    byRef.set(
      dependency.entityRef,
      existing
        ? { ...existing, count: existing.count + dependency.count }
        : dependency,
    );
  }
  const busiestFirst = (a: ObservedDependency, b: ObservedDependency) =>
    b.count - a.count || a.node.localeCompare(b.node);
  const undeclared = [...byRef.values()]
    .filter(d => !declared.has(d.entityRef!))
    .sort(busiestFirst);
  const agreeing = [...byRef.values()]
    .filter(d => declared.has(d.entityRef!))
    .sort(busiestFirst);
  const declaredNotObserved = [...declared]
    .filter(ref => !byRef.has(ref))
    .sort();

  const namespace = entity.metadata.namespace ?? 'default';
  const yamlToAdd =
    undeclared.length === 0
      ? ''
      : [
          ...(Array.isArray(entity.spec?.dependsOn) ? [] : ['  dependsOn:']),
          ...undeclared.map(d => `    - ${shortRef(d.entityRef!, namespace)}`),
        ].join('\n');
  return {
    undeclared,
    declaredNotObserved,
    agreeing,
    unowned: unowned.sort(busiestFirst),
    yamlToAdd,
  };
}
