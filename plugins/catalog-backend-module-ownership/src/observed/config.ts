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
import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';

const KEY = 'ownership.catalog.observedDependencies';

/**
 * The settings under `ownership.catalog.observedDependencies`, with their defaults applied.
 */
export interface ObservedDependenciesConfig {
  /** Default true. */
  enabled: boolean;
  /** Default false. */
  emitDependsOn: boolean;
  /** How often the snapshot is loaded. Default every 60 seconds. */
  refreshInterval: SchedulerServiceTaskScheduleDefinition['frequency'];
}

/**
 * Reads `ownership.catalog.observedDependencies`; a malformed value throws with its key named.
 */
export function readObservedDependenciesConfig(
  config: Config,
): ObservedDependenciesConfig {
  const intervalKey = `${KEY}.refreshInterval`;
  return {
    enabled: config.getOptionalBoolean(`${KEY}.enabled`) ?? true,
    emitDependsOn: config.getOptionalBoolean(`${KEY}.emitDependsOn`) ?? false,
    refreshInterval: config.has(intervalKey)
      ? readDurationFromConfig(config, { key: intervalKey })
      : { seconds: 60 },
  };
}
