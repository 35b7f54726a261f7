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
import { ENTITY_STATUS_CATALOG_PROCESSING_TYPE } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AlphaEntity, EntityStatusItem } from '@backstage/catalog-model/alpha';
import { InputError } from '@backstage/errors';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  formatOwnershipProblem,
  readOnCallSchedule,
  readSloDefinitions,
  validateOwnershipAnnotations,
} from '@service-ownership/plugin-ownership-common';

/**
 * How invalid ownership annotations are reported during catalog processing.
 *
 * - `status` (default): each problem becomes a catalog processing status item on the entity, shown by the
 *   catalog's own "processing errors" panel on the entity page, while the entity itself keeps updating.
 * - `fail`: each error is emitted as a catalog processing error, which also stops the entity from being
 *   updated (or, for a new entity, from appearing) until the annotation is fixed. Strict, like schema errors.
 *
 * @public
 */
export type InvalidAnnotationsMode = 'status' | 'fail';

/**
 * Validates Service Ownership annotations while the catalog processes entities.
 *
 * @public
 */
export class OwnershipAnnotationsProcessor implements CatalogProcessor {
  private constructor(
    private readonly options: {
      mode: InvalidAnnotationsMode;
      logger: LoggerService;
      now: () => Date;
    },
  ) {}

  /**
   * Reads `ownership.catalog.invalidAnnotations` (default `status`).
   */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService; now?: () => Date },
  ): OwnershipAnnotationsProcessor {
    const key = 'ownership.catalog.invalidAnnotations';
    const mode = config.getOptionalString(key) ?? 'status';
    if (mode !== 'status' && mode !== 'fail') {
      throw new InputError(
        `Invalid config value ${key}="${mode}"; expected "status" or "fail"`,
      );
    }
    return new OwnershipAnnotationsProcessor({
      mode,
      logger: options.logger,
      now: options.now ?? (() => new Date()),
    });
  }

  getProcessorName(): string {
    return 'OwnershipAnnotationsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    // SLO definitions and on-call schedules are validated on their own, with problems located down to the
    // field and line.
    const problems = [
      ...validateOwnershipAnnotations(entity, { now: this.options.now() }),
      ...readSloDefinitions(entity).problems,
      ...readOnCallSchedule(entity).problems,
    ];
    if (problems.length === 0) {
      return entity;
    }
    const entityRef = stringifyEntityRef(entity);
    for (const problem of problems) {
      this.options.logger.warn(
        `${entityRef} at ${location.type}:${
          location.target
        }: ${formatOwnershipProblem(problem)}`,
      );
    }

    if (this.options.mode === 'fail') {
      for (const problem of problems.filter(p => p.severity === 'error')) {
        emit(
          processingResult.inputError(
            location,
            `${entityRef}: ${formatOwnershipProblem(problem)}`,
          ),
        );
      }
    }

    // The stitcher keeps status items the processed entity carries and appends its own, so problems
    // attached here appear in the catalog's processing-errors panel without failing the processing.
    const statusProblems =
      this.options.mode === 'fail'
        ? problems.filter(p => p.severity === 'warning')
        : problems;
    if (statusProblems.length === 0) {
      return entity;
    }
    const { status } = entity as AlphaEntity;
    const result: AlphaEntity = {
      ...entity,
      status: {
        ...status,
        items: [
          ...(status?.items ?? []),
          ...statusProblems.map<EntityStatusItem>(problem => ({
            type: ENTITY_STATUS_CATALOG_PROCESSING_TYPE,
            level: problem.severity,
            message: formatOwnershipProblem(problem),
            error: {
              name: 'InvalidOwnershipAnnotation',
              message: `${formatOwnershipProblem(problem)} (at ${
                location.type
              }:${location.target})`,
            },
          })),
        ],
      },
    };
    return result;
  }
}
