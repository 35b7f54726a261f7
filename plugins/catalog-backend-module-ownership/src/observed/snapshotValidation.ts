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
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ObservedDependencySnapshot } from '@service-ownership/plugin-ownership-common';

/**
 * Checks that a response body has the shape of an {@link ObservedDependencySnapshot}
 * and returns it with its entity refs written in full (`kind:namespace/name`).
 *
 * Hand-written rather than schema-driven because this package has no schema library; the error names the
 * first field that is wrong, e.g. `relations[2].target: expected a full entity ref such as
 * "component:default/orders", got "orders"`.
 */
export function parseObservedDependencySnapshot(
  body: unknown,
): ObservedDependencySnapshot {
  const snapshot = expectObject(body, 'the body');
  const relations = snapshot.relations;
  if (!Array.isArray(relations)) {
    fail('relations', 'expected an array', relations);
  }
  return {
    generatedAt: expectTimestamp(snapshot.generatedAt, 'generatedAt'),
    maxAgeSeconds: expectNonNegativeNumber(
      snapshot.maxAgeSeconds,
      'maxAgeSeconds',
    ),
    relations: relations.map((value, index) => {
      const path = `relations[${index}]`;
      const relation = expectObject(value, path);
      return {
        source: expectEntityRef(relation.source, `${path}.source`),
        target: expectEntityRef(relation.target, `${path}.target`),
        firstSeen: expectTimestamp(relation.firstSeen, `${path}.firstSeen`),
        lastSeen: expectTimestamp(relation.lastSeen, `${path}.lastSeen`),
      };
    }),
  };
}

function fail(path: string, expected: string, value: unknown): never {
  throw new InputError(
    `Invalid observed dependency snapshot: ${path}: ${expected}, got ${describeValue(
      value,
    )}`,
  );
}

function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (value !== null && typeof value === 'object') {
    return 'an object';
  }
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(path, 'expected an object', value);
  }
  return value as Record<string, unknown>;
}

function expectTimestamp(value: unknown, path: string): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    fail(path, 'expected an ISO 8601 timestamp', value);
  }
  return value;
}

function expectNonNegativeNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(path, 'expected a number of seconds, 0 or more', value);
  }
  return value;
}

function expectEntityRef(value: unknown, path: string): string {
  const expected =
    'expected a full entity ref such as "component:default/orders"';
  if (typeof value !== 'string') {
    fail(path, expected, value);
  }
  try {
    // Without a default kind, parseEntityRef refuses a ref that lacks one; a missing namespace means
    // `default`, as everywhere in the catalog.
    return stringifyEntityRef(parseEntityRef(value));
  } catch {
    return fail(path, expected, value);
  }
}
