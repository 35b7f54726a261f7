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
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * Reads a positive number from config (the fallback when absent), refusing anything else with the key named:
 * `<where>.<key>` when the caller says where the config object sits (e.g. `ownership.docs`).
 */
export function readPositive(
  config: Config,
  key: string,
  fallback: number,
  where?: string,
): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0)) {
    throw new InputError(
      `Invalid config value ${
        where ? `${where}.` : ''
      }${key}=${value}; expected a positive number`,
    );
  }
  return value;
}
