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
  formatOwnershipProblem,
  isOwnershipAvailable,
  readOwnershipAnnotations,
  validateOwnershipAnnotations,
} from './validation';

const now = new Date('2026-11-21T12:00:00Z');

function component(
  annotations: Record<string, string>,
  kind = 'Component',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'orders', annotations },
    spec: { owner: 'team-checkout' },
  };
}

describe('isOwnershipAvailable', () => {
  it('is true when any service-ownership.io annotation is set', () => {
    expect(
      isOwnershipAvailable(
        component({ 'service-ownership.io/signal-operations': 'place_order' }),
      ),
    ).toBe(true);
  });

  it('is false for entities with only other annotations', () => {
    expect(
      isOwnershipAvailable(component({ 'backstage.io/techdocs-ref': 'dir:.' })),
    ).toBe(false);
    expect(
      isOwnershipAvailable({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
      }),
    ).toBe(false);
  });
});

describe('readOwnershipAnnotations', () => {
  it('reads every annotation of a well-documented entity', () => {
    const { values, problems } = readOwnershipAnnotations(
      component({
        'service-ownership.io/service-name': 'orders, shop/orders-worker',
        'service-ownership.io/signal-operations': 'place_order',
        'service-ownership.io/last-audited': '2026-09-15',
        'service-ownership.io/audit-interval': 'P60D',
      }),
      { now },
    );
    expect(problems).toEqual([]);
    expect(values).toEqual({
      serviceNames: [
        { name: 'orders' },
        { namespace: 'shop', name: 'orders-worker' },
      ],
      serviceNamesSource: 'annotation',
      signalOperations: ['place_order'],
      lastAudited: '2026-09-15T00:00:00.000Z',
      auditIntervalDays: 60,
    });
  });

  it('defaults the service name to metadata.name for components and resources only', () => {
    expect(readOwnershipAnnotations(component({}), { now }).values).toEqual(
      expect.objectContaining({
        serviceNames: [{ name: 'orders' }],
        serviceNamesSource: 'default',
      }),
    );
    expect(
      readOwnershipAnnotations(component({}, 'System'), { now }).values,
    ).toEqual(
      expect.objectContaining({ serviceNames: [], serviceNamesSource: 'none' }),
    );
  });

  it('does not fall back to the default when the annotation is present but malformed', () => {
    const { values, problems } = readOwnershipAnnotations(
      component({ 'service-ownership.io/service-name': 'order service' }),
      { now },
    );
    expect(values.serviceNames).toEqual([]);
    expect(values.serviceNamesSource).toBe('none');
    expect(problems).toHaveLength(1);
  });

  it('reports each malformed value with its location and keeps the valid ones', () => {
    const { values, problems } = readOwnershipAnnotations(
      component({
        'service-ownership.io/signal-operations': 'place_order',
        'service-ownership.io/last-audited': '2026-13-45',
        'service-ownership.io/audit-interval': 'quarterly',
      }),
      { now },
    );
    expect(values.signalOperations).toEqual(['place_order']);
    expect(values.lastAudited).toBeUndefined();
    expect(problems.map(formatOwnershipProblem)).toEqual([
      expect.stringMatching(
        /^metadata\.annotations\["service-ownership\.io\/last-audited"\]: "2026-13-45" is not a valid date/,
      ),
      'metadata.annotations["service-ownership.io/audit-interval"]: "quarterly" is not a duration; expected an ISO 8601 duration such as P90D or P12W, or 90d / 12w',
    ]);
    expect(problems.every(p => p.severity === 'error')).toBe(true);
  });

  it('warns about unknown keys under our prefix and suggests the intended one', () => {
    const problems = validateOwnershipAnnotations(
      component({ 'service-ownership.io/last-audit': '2026-01-01' }),
      { now },
    );
    expect(problems).toEqual([
      {
        severity: 'warning',
        annotation: 'service-ownership.io/last-audit',
        path: 'metadata.annotations["service-ownership.io/last-audit"]',
        value: '2026-01-01',
        message:
          'is not a known Service Ownership annotation and is ignored; did you mean "service-ownership.io/last-audited"?',
      },
    ]);
  });

  it('does not guess when nothing is close', () => {
    const [problem] = validateOwnershipAnnotations(
      component({ 'service-ownership.io/pager': 'x' }),
      { now },
    );
    expect(problem.message).toBe(
      'is not a known Service Ownership annotation and is ignored',
    );
  });

  it('reports non-string values instead of throwing', () => {
    const entity = component({});
    (entity.metadata.annotations as Record<string, unknown>)[
      'service-ownership.io/audit-interval'
    ] = 90;
    expect(validateOwnershipAnnotations(entity, { now })).toEqual([
      expect.objectContaining({ message: 'must be a string, got number' }),
    ]);
  });
});
