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
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  RELATION_OBSERVED_DEPENDENCY_OF,
  RELATION_OBSERVED_DEPENDS_ON,
} from '@service-ownership/plugin-ownership-common';
import { ObservedDependencyLookup } from './ObservedDependencyIndex';

/**
 * Options of {@link ObservedDependenciesProcessor}.
 *
 * @public
 */
export interface ObservedDependenciesProcessorOptions {
  /** Where the observed dependencies are read from, in memory (usually an {@link ObservedDependencySnapshotReader}). */
  dependencies: ObservedDependencyLookup;
  /** Also emit the standard `dependsOn` / `dependencyOf` relations. Default false. */
  emitDependsOn?: boolean;
}

/**
 * Writes the dependencies observed in traces into the catalog as relations: for each entity the source
 * entity was seen calling, `observedDependsOn` from the source and `observedDependencyOf` back from the
 * target, and, with `emitDependsOn`, the standard `dependsOn` / `dependencyOf` pair too.
 *
 * It only reads the in-memory snapshot it is given, never queries anything per entity. Before any snapshot
 * has loaded it emits nothing, so an entity processed in that window loses its observed relations until the
 * first load asks the catalog to reprocess it. Aging is the ownership backend's: an edge it leaves out of
 * the snapshot is no longer emitted the next time the entity is processed.
 *
 * @public
 */
export class ObservedDependenciesProcessor implements CatalogProcessor {
  private readonly dependencies: ObservedDependencyLookup;
  private readonly emitDependsOn: boolean;

  constructor(options: ObservedDependenciesProcessorOptions) {
    this.dependencies = options.dependencies;
    this.emitDependsOn = options.emitDependsOn ?? false;
  }

  getProcessorName(): string {
    return 'ObservedDependenciesProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const targets = this.dependencies.getTargets(stringifyEntityRef(entity));
    if (targets.length === 0) {
      return entity;
    }
    const self = getCompoundEntityRef(entity);
    for (const target of targets) {
      const targetRef = parseEntityRef(target);
      emit(
        processingResult.relation({
          source: self,
          type: RELATION_OBSERVED_DEPENDS_ON,
          target: targetRef,
        }),
      );
      emit(
        processingResult.relation({
          source: targetRef,
          type: RELATION_OBSERVED_DEPENDENCY_OF,
          target: self,
        }),
      );
      if (this.emitDependsOn) {
        emit(
          processingResult.relation({
            source: self,
            type: RELATION_DEPENDS_ON,
            target: targetRef,
          }),
        );
        emit(
          processingResult.relation({
            source: targetRef,
            type: RELATION_DEPENDENCY_OF,
            target: self,
          }),
        );
      }
    }
    return entity;
  }
}
