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

/**
 * Shared annotation keys, predicates, validation and the pure domain core of Service Ownership for Backstage.
 *
 * Nothing here does I/O or reads the clock: callers pass `now`.
 *
 * @packageDocumentation
 */

export * from './annotations/keys';
export * from './annotations/parsers';
export * from './annotations/validation';
export * from './summary/summary';
export type * from './spans/types';
export * from './dependencies/telemetryIndex';
export * from './dependencies/drift';
export * from './dependencies/api';
export * from './dependencies/graph';
export * from './slo/definitions';
export * from './slo/budget';
export * from './slo/api';
export * from './slo/export';
export * from './slo/suggest';
export * from './slo/dependencySlos';
export * from './traces/errorPath';
export * from './onCall/api';
export * from './onCall/schedule';
export * from './onCall/rotation';
export * from './alerts/intake';
export * from './alerts/routing';
export type * from './alerts/api';
export * from './docs/template';
export * from './docs/health';
export * from './docs/api';
export type * from './sources/api';
