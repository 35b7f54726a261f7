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
  escalationOf,
  ON_CALL_ANNOTATION,
  readOnCallSchedule,
  rosterAt,
} from '@service-ownership/plugin-ownership-common';
import {
  OnCallProvider,
  OnCallRoster,
} from '@service-ownership/plugin-ownership-node';

/**
 * The embedded on-call provider: the rotation a Group defines in its `service-ownership.io/on-call`
 * annotation. An invalid schedule gives no roster (its problems are reported by the on-call route).
 */
export class CatalogOnCallProvider implements OnCallProvider {
  readonly id = 'catalog';

  supports(entity: Entity): boolean {
    return (
      entity.kind.toLocaleLowerCase('en-US') === 'group' &&
      entity.metadata.annotations?.[ON_CALL_ANNOTATION] !== undefined
    );
  }

  async getRoster(request: {
    entity: Entity;
    now: Date;
  }): Promise<OnCallRoster | undefined> {
    const { schedule } = readOnCallSchedule(request.entity);
    if (!schedule) return undefined;
    const { current, next } = rosterAt(schedule, request.now);
    return {
      providerId: this.id,
      timeZone: schedule.timeZone,
      current,
      next,
      escalation: escalationOf(schedule, request.now),
    };
  }
}
