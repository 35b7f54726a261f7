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
  dependenciesAddedSince,
  describeDocsChange,
  detectDocsChanges,
  DOCS_HEALTH_STATES,
  docsFreshness,
  DocsFreshnessInput,
  docsSnapshotOf,
  DocsSnapshot,
  stableDigest,
} from './health';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const ROTATION = [
  'timeZone: Europe/Berlin',
  "handoff: '09:00'",
  'rotation: 1w',
  "start: '2026-11-02'",
  'members: [alice, bob, guest]',
].join('\n');

const SLO_LATENCY = [
  '- name: place-order-latency',
  '  operation: place_order',
  '  sli: latency',
  '  threshold: 300ms',
  '  objective: 99%',
  '  window: 28d',
].join('\n');

const SLO_ERRORS = [
  '- name: checkout-errors',
  '  operation: POST /checkout',
  '  sli: error-rate',
  '  objective: 99.9%',
  '  window: 7d',
].join('\n');

function component(
  annotations: Record<string, string> = {},
  owner = 'team-checkout',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders', annotations },
    spec: { type: 'service', owner },
  };
}

function group(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', annotations },
    spec: { type: 'team', children: [] },
  };
}

describe('DOCS_HEALTH_STATES', () => {
  it('orders the states most urgent first', () => {
    expect(DOCS_HEALTH_STATES).toEqual([
      'incomplete',
      'overdue',
      'stale',
      'due-soon',
      'fresh',
    ]);
  });
});

describe('stableDigest', () => {
  it('is a 16-digit hex string, the same for the same value', () => {
    const digest = stableDigest({ a: 1, b: ['x', 'y'] });
    expect(digest).toMatch(/^[0-9a-f]{16}$/);
    expect(stableDigest({ a: 1, b: ['x', 'y'] })).toBe(digest);
  });

  it('does not depend on the order of keys, at any depth', () => {
    expect(stableDigest({ a: 1, b: { c: 2, d: 3 } })).toBe(
      stableDigest({ b: { d: 3, c: 2 }, a: 1 }),
    );
  });

  it('ignores keys whose value is undefined, as JSON does', () => {
    expect(stableDigest({ a: 1, b: undefined })).toBe(stableDigest({ a: 1 }));
  });

  it('differs for different values', () => {
    const digests = [
      stableDigest({ a: 1 }),
      stableDigest({ a: 2 }),
      stableDigest({ a: '1' }),
      stableDigest({ b: 1 }),
      stableDigest(['x', 'y']),
      stableDigest(['y', 'x']),
      stableDigest('x'),
      stableDigest(null),
      stableDigest({ objective: 0.99 }),
      stableDigest({ objective: 0.999 }),
    ];
    expect(new Set(digests).size).toBe(digests.length);
  });
});

describe('docsSnapshotOf', () => {
  it('digests each SLO definition, sorted by name', () => {
    const snapshot = docsSnapshotOf(
      component({
        'service-ownership.io/slos': `${SLO_LATENCY}\n${SLO_ERRORS}`,
      }),
      {},
    );
    expect(snapshot.slos).toEqual([
      {
        name: 'checkout-errors',
        digest: stableDigest({
          name: 'checkout-errors',
          operation: 'POST /checkout',
          sli: 'error-rate',
          objective: 0.999,
          windowDays: 7,
        }),
      },
      {
        name: 'place-order-latency',
        digest: stableDigest({
          name: 'place-order-latency',
          operation: 'place_order',
          sli: 'latency',
          thresholdMs: 300,
          objective: 0.99,
          windowDays: 28,
        }),
      },
    ]);
    expect(snapshot).not.toHaveProperty('dependencies');
  });

  it('records the owner and no schedule when there is none', () => {
    expect(docsSnapshotOf(component(), {})).toEqual({
      slos: [],
      onCall: {
        ownerRef: 'group:default/team-checkout',
        rotation: undefined,
        pagerDutyService: undefined,
        opsgenieTeam: undefined,
      },
    });
  });

  it('takes the on-call rotation from the entity, else from its owner group', () => {
    const digest = stableDigest(ROTATION);
    expect(
      docsSnapshotOf(
        component({ 'service-ownership.io/on-call': ROTATION }),
        {},
      ).onCall.rotation,
    ).toBe(digest);
    expect(
      docsSnapshotOf(component(), {
        ownerGroup: group({ 'service-ownership.io/on-call': ROTATION }),
      }).onCall.rotation,
    ).toBe(digest);
    const other = ROTATION.replace('1w', '2w');
    expect(
      docsSnapshotOf(component({ 'service-ownership.io/on-call': ROTATION }), {
        ownerGroup: group({ 'service-ownership.io/on-call': other }),
      }).onCall.rotation,
    ).toBe(digest);
  });

  it('takes the PagerDuty and Opsgenie annotations from the entity, else from its owner group', () => {
    expect(
      docsSnapshotOf(
        component({ 'pagerduty.com/service-id': ' POWN ' }, 'group:shop/ops'),
        {
          ownerGroup: group({
            'pagerduty.com/service-id': 'PGROUP',
            'opsgenie.com/team': 'checkout',
          }),
        },
      ).onCall,
    ).toEqual({
      ownerRef: 'group:shop/ops',
      rotation: undefined,
      pagerDutyService: 'POWN',
      opsgenieTeam: 'checkout',
    });
    expect(
      docsSnapshotOf(component({ 'pagerduty.com/service-id': ' ' }), {
        ownerGroup: group({ 'pagerduty.com/service-id': 'PGROUP' }),
      }).onCall.pagerDutyService,
    ).toBe('PGROUP');
  });

  it('records the dependencies sorted and without duplicates', () => {
    expect(
      docsSnapshotOf(component(), {
        dependencies: [
          'trace:psp-legacy',
          'component:default/payments',
          'component:default/inventory',
          'trace:psp-legacy',
        ],
      }).dependencies,
    ).toEqual([
      'component:default/inventory',
      'component:default/payments',
      'trace:psp-legacy',
    ]);
    expect(
      docsSnapshotOf(component(), { dependencies: [] }).dependencies,
    ).toEqual([]);
  });
});

describe('detectDocsChanges', () => {
  const base: DocsSnapshot = {
    dependencies: ['component:default/inventory', 'component:default/payments'],
    slos: [
      { name: 'checkout-errors', digest: 'aaaa' },
      { name: 'place-order-latency', digest: 'bbbb' },
    ],
    onCall: {
      ownerRef: 'group:default/team-checkout',
      rotation: 'rrrr',
      pagerDutyService: 'P1',
      opsgenieTeam: 'checkout',
    },
  };

  it('finds nothing when nothing changed', () => {
    expect(detectDocsChanges(base, { ...base })).toEqual([]);
    const entity = component({
      'service-ownership.io/slos': SLO_LATENCY,
      'service-ownership.io/on-call': ROTATION,
    });
    expect(
      detectDocsChanges(
        docsSnapshotOf(entity, { dependencies: ['b', 'a'] }),
        docsSnapshotOf(entity, { dependencies: ['a', 'b', 'a'] }),
      ),
    ).toEqual([]);
  });

  it('finds dependencies added and removed', () => {
    expect(
      detectDocsChanges(base, {
        ...base,
        dependencies: ['component:default/inventory', 'trace:psp'],
      }),
    ).toEqual([
      {
        aspect: 'dependencies',
        added: ['trace:psp'],
        removed: ['component:default/payments'],
      },
    ]);
  });

  it('compares dependencies only when both snapshots recorded them', () => {
    const { dependencies: _, ...withoutDependencies } = base;
    expect(
      detectDocsChanges(withoutDependencies, {
        ...base,
        dependencies: ['trace:psp'],
      }),
    ).toEqual([]);
    expect(detectDocsChanges(base, withoutDependencies)).toEqual([]);
  });

  it('finds SLOs added, removed and changed', () => {
    expect(
      detectDocsChanges(base, {
        ...base,
        slos: [
          { name: 'availability', digest: 'cccc' },
          { name: 'place-order-latency', digest: 'dddd' },
        ],
      }),
    ).toEqual([
      {
        aspect: 'slos',
        added: ['availability'],
        removed: ['checkout-errors'],
        changed: ['place-order-latency'],
      },
    ]);
  });

  it('notices an edited objective in the SLO annotation', () => {
    const before = docsSnapshotOf(
      component({
        'service-ownership.io/slos': `${SLO_LATENCY}\n${SLO_ERRORS}`,
      }),
      {},
    );
    const after = docsSnapshotOf(
      component({
        'service-ownership.io/slos': `${SLO_LATENCY.replace(
          '99%',
          '99.5%',
        )}\n${SLO_ERRORS}`,
      }),
      {},
    );
    expect(detectDocsChanges(before, after)).toEqual([
      {
        aspect: 'slos',
        added: [],
        removed: [],
        changed: ['place-order-latency'],
      },
    ]);
  });

  it('finds an owner change', () => {
    expect(
      detectDocsChanges(
        docsSnapshotOf(component({}, 'team-checkout'), {}),
        docsSnapshotOf(component({}, 'team-payments'), {}),
      ),
    ).toEqual([{ aspect: 'onCall', changed: ['owner'] }]);
  });

  it("notices an edit of the owner group's rotation", () => {
    const entity = component();
    expect(
      detectDocsChanges(
        docsSnapshotOf(entity, {
          ownerGroup: group({ 'service-ownership.io/on-call': ROTATION }),
        }),
        docsSnapshotOf(entity, {
          ownerGroup: group({
            'service-ownership.io/on-call': ROTATION.replace(
              'members: [alice, bob, guest]',
              'members: [alice, bob]',
            ),
          }),
        }),
      ),
    ).toEqual([{ aspect: 'onCall', changed: ['on-call rotation'] }]);
  });

  it('lists every on-call change, and each aspect in order', () => {
    expect(
      detectDocsChanges(base, {
        dependencies: ['component:default/inventory'],
        slos: base.slos,
        onCall: {
          ownerRef: 'group:default/team-payments',
          rotation: undefined,
          pagerDutyService: 'P2',
          opsgenieTeam: undefined,
        },
      }),
    ).toEqual([
      {
        aspect: 'dependencies',
        added: [],
        removed: ['component:default/payments'],
      },
      {
        aspect: 'onCall',
        changed: [
          'owner',
          'on-call rotation',
          'PagerDuty service',
          'Opsgenie team',
        ],
      },
    ]);
  });
});

describe('dependenciesAddedSince', () => {
  const auditAtMs = Date.parse('2026-03-01T00:00:00Z');
  const dependencies = [
    { dependency: 'trace:psp', firstSeenMs: auditAtMs + DAY },
    { dependency: 'component:default/inventory', firstSeenMs: auditAtMs + 1 },
    { dependency: 'component:default/payments', firstSeenMs: auditAtMs },
    { dependency: 'component:default/old', firstSeenMs: auditAtMs - DAY },
    { dependency: 'trace:psp', firstSeenMs: auditAtMs + 2 * DAY },
  ];

  it('claims the dependencies first seen after the audit, sorted and unique', () => {
    expect(
      dependenciesAddedSince(dependencies, {
        auditAtMs,
        observedSinceMs: auditAtMs - 30 * DAY,
      }),
    ).toEqual([
      {
        aspect: 'dependencies',
        added: ['component:default/inventory', 'trace:psp'],
        removed: [],
      },
    ]);
  });

  it('claims nothing unless observation started before the audit', () => {
    expect(dependenciesAddedSince(dependencies, { auditAtMs })).toEqual([]);
    expect(
      dependenciesAddedSince(dependencies, {
        auditAtMs,
        observedSinceMs: auditAtMs,
      }),
    ).toEqual([]);
    expect(
      dependenciesAddedSince(dependencies, {
        auditAtMs,
        observedSinceMs: auditAtMs + DAY,
      }),
    ).toEqual([]);
    expect(
      dependenciesAddedSince(dependencies, {
        auditAtMs,
        observedSinceMs: auditAtMs - 1,
      }),
    ).toHaveLength(1);
  });

  it('claims nothing when nothing is newer than the audit', () => {
    expect(
      dependenciesAddedSince(
        [{ dependency: 'trace:psp', firstSeenMs: auditAtMs }],
        { auditAtMs, observedSinceMs: 0 },
      ),
    ).toEqual([]);
  });
});

describe('describeDocsChange', () => {
  it('describes dependency changes with short names', () => {
    expect(
      describeDocsChange({
        aspect: 'dependencies',
        added: ['component:default/payment-provider', 'trace:redis'],
        removed: ['trace:psp-legacy', 'resource:shop/orders-db'],
      }),
    ).toBe(
      'observed dependencies changed: + payment-provider, + redis, − psp-legacy, − resource:shop/orders-db',
    );
  });

  it('describes SLO changes', () => {
    expect(
      describeDocsChange({
        aspect: 'slos',
        added: ['availability'],
        removed: ['checkout-errors'],
        changed: ['place-order-latency'],
      }),
    ).toBe(
      'SLO definitions changed: + availability, − checkout-errors, ~ place-order-latency',
    );
  });

  it('describes on-call changes', () => {
    expect(
      describeDocsChange({
        aspect: 'onCall',
        changed: ['owner', 'on-call rotation'],
      }),
    ).toBe('on-call mapping changed: owner, on-call rotation');
  });
});

describe('docsFreshness', () => {
  const reviewed = '2026-01-01T00:00:00.000Z';
  const due = Date.parse('2026-04-01T00:00:00.000Z');

  function freshness(
    nowMs: number,
    overrides: Partial<DocsFreshnessInput> = {},
  ) {
    return docsFreshness({
      now: new Date(nowMs),
      lastAudited: { at: reviewed, source: 'annotation' },
      intervalDays: 90,
      dueSoonDays: 14,
      missingRequired: [],
      changes: [],
      ...overrides,
    });
  }

  it('is fresh well before the due date', () => {
    expect(freshness(Date.parse('2026-02-01T00:00:00Z'))).toEqual({
      state: 'fresh',
      label: 'Fresh',
      reasons: [],
      basis: 'audit',
      dueAt: '2026-04-01T00:00:00.000Z',
      daysUntilDue: 59,
    });
  });

  it('is due soon from exactly the start of the warning period', () => {
    const start = due - 14 * DAY;
    expect(freshness(start - 1)).toEqual({
      state: 'fresh',
      label: 'Fresh',
      reasons: [],
      basis: 'audit',
      dueAt: '2026-04-01T00:00:00.000Z',
      daysUntilDue: 15,
    });
    expect(freshness(start)).toEqual({
      state: 'due-soon',
      label: 'Due in 14 days',
      reasons: ['review due in 14 days (2026-04-01)'],
      basis: 'audit',
      dueAt: '2026-04-01T00:00:00.000Z',
      daysUntilDue: 14,
    });
  });

  it('is due soon one millisecond before the due date', () => {
    expect(freshness(due - 1)).toEqual({
      state: 'due-soon',
      label: 'Due in 1 day',
      reasons: ['review due in 1 day (2026-04-01)'],
      basis: 'audit',
      dueAt: '2026-04-01T00:00:00.000Z',
      daysUntilDue: 1,
    });
  });

  it('rounds part days up before the due date', () => {
    expect(freshness(due - 23 * HOUR)).toMatchObject({
      state: 'due-soon',
      label: 'Due in 1 day',
      daysUntilDue: 1,
    });
    expect(freshness(due - 25 * HOUR)).toMatchObject({
      label: 'Due in 2 days',
      daysUntilDue: 2,
    });
    expect(freshness(due - 2 * DAY)).toMatchObject({
      label: 'Due in 2 days',
      daysUntilDue: 2,
    });
  });

  it('is overdue from exactly the due date', () => {
    const result = freshness(due);
    expect(result).toEqual({
      state: 'overdue',
      label: 'Overdue 0 days',
      reasons: [
        'review overdue by 0 days (last reviewed 2026-01-01, every 90 days)',
      ],
      basis: 'audit',
      dueAt: '2026-04-01T00:00:00.000Z',
      daysUntilDue: 0,
    });
    // A positive zero, so that `daysUntilDue < 0` style checks and Object.is agree with the JSON.
    expect(Object.is(result.daysUntilDue, 0)).toBe(true);
    expect(Object.is(freshness(due + 23 * HOUR).daysUntilDue, 0)).toBe(true);
  });

  it('counts whole days overdue', () => {
    expect(freshness(due + DAY)).toEqual({
      state: 'overdue',
      label: 'Overdue 1 day',
      reasons: [
        'review overdue by 1 day (last reviewed 2026-01-01, every 90 days)',
      ],
      basis: 'audit',
      dueAt: '2026-04-01T00:00:00.000Z',
      daysUntilDue: -1,
    });
    expect(freshness(due + 12 * DAY + 5 * HOUR)).toMatchObject({
      label: 'Overdue 12 days',
      daysUntilDue: -12,
      reasons: [
        'review overdue by 12 days (last reviewed 2026-01-01, every 90 days)',
      ],
    });
  });

  it('counts from the last modification when never reviewed', () => {
    const lastModified = {
      at: '2026-01-01T00:00:00.000Z',
      source: 'scm' as const,
    };
    expect(
      freshness(Date.parse('2026-02-01T00:00:00Z'), {
        lastAudited: undefined,
        lastModified,
      }),
    ).toEqual({
      state: 'fresh',
      label: 'Fresh',
      reasons: [],
      basis: 'modification',
      dueAt: '2026-04-01T00:00:00.000Z',
      daysUntilDue: 59,
    });
    expect(
      freshness(due + 3 * DAY, { lastAudited: undefined, lastModified }),
    ).toEqual({
      state: 'overdue',
      label: 'Overdue 3 days',
      reasons: [
        'review overdue by 3 days (never reviewed; last changed 2026-01-01, every 90 days)',
      ],
      basis: 'modification',
      dueAt: '2026-04-01T00:00:00.000Z',
      daysUntilDue: -3,
    });
  });

  it('prefers the last review over the last modification', () => {
    expect(
      freshness(due + DAY, {
        lastModified: { at: '2026-03-01T00:00:00.000Z', source: 'file' },
      }),
    ).toMatchObject({ state: 'overdue', basis: 'audit', daysUntilDue: -1 });
  });

  it('is overdue without a review or a modification date', () => {
    expect(
      freshness(due, { lastAudited: undefined, lastModified: undefined }),
    ).toEqual({
      state: 'overdue',
      label: 'Never reviewed',
      reasons: ['never reviewed, and no modification date is known'],
    });
  });

  it('is incomplete whatever the dates, keeping every reason', () => {
    expect(
      freshness(due + 2 * DAY, { missingRequired: ['Runbook', 'On-call'] }),
    ).toEqual({
      state: 'incomplete',
      label: 'Incomplete: 2 missing',
      reasons: [
        'missing Runbook, On-call',
        'review overdue by 2 days (last reviewed 2026-01-01, every 90 days)',
      ],
      basis: 'audit',
      dueAt: '2026-04-01T00:00:00.000Z',
      daysUntilDue: -2,
    });
    expect(
      freshness(Date.parse('2026-02-01T00:00:00Z'), {
        missingRequired: ['Owner'],
      }),
    ).toMatchObject({
      state: 'incomplete',
      label: 'Incomplete: 1 missing',
      reasons: ['missing Owner'],
    });
  });

  it('is stale when something changed and the dates are fine', () => {
    expect(
      freshness(Date.parse('2026-02-01T00:00:00Z'), {
        changes: [
          { aspect: 'dependencies', added: ['trace:psp'], removed: [] },
          { aspect: 'onCall', changed: ['owner'] },
        ],
      }),
    ).toEqual({
      state: 'stale',
      label: 'Stale: dependencies, on-call changed',
      reasons: [
        'observed dependencies changed: + psp since the last review',
        'on-call mapping changed: owner since the last review',
      ],
      basis: 'audit',
      dueAt: '2026-04-01T00:00:00.000Z',
      daysUntilDue: 59,
    });
  });

  it('is stale rather than due soon, and says both', () => {
    expect(
      freshness(due - DAY, {
        changes: [
          { aspect: 'slos', added: [], removed: [], changed: ['latency'] },
        ],
      }),
    ).toMatchObject({
      state: 'stale',
      label: 'Stale: SLOs changed',
      reasons: [
        'SLO definitions changed: ~ latency since the last review',
        'review due in 1 day (2026-04-01)',
      ],
    });
  });

  it('is overdue rather than stale, and says both', () => {
    expect(
      freshness(due + DAY, {
        changes: [{ aspect: 'onCall', changed: ['Opsgenie team'] }],
      }),
    ).toMatchObject({
      state: 'overdue',
      label: 'Overdue 1 day',
      reasons: [
        'review overdue by 1 day (last reviewed 2026-01-01, every 90 days)',
        'on-call mapping changed: Opsgenie team since the last review',
      ],
    });
  });

  it('counts from the instant of an audit written with an offset', () => {
    // 23:30 on 1 March in New York is 04:30 on 2 March in UTC.
    const at = new Date('2026-03-01T23:30:00-05:00').toISOString();
    expect(at).toBe('2026-03-02T04:30:00.000Z');
    const input = {
      lastAudited: { at, source: 'review' as const, by: 'user:default/alice' },
      intervalDays: 30,
    };
    const dueAt = Date.parse('2026-04-01T04:30:00.000Z');
    expect(freshness(dueAt - 30 * 60_000, input)).toEqual({
      state: 'due-soon',
      label: 'Due in 1 day',
      reasons: ['review due in 1 day (2026-04-01)'],
      basis: 'audit',
      dueAt: '2026-04-01T04:30:00.000Z',
      daysUntilDue: 1,
    });
    expect(freshness(dueAt, input)).toMatchObject({
      state: 'overdue',
      label: 'Overdue 0 days',
      reasons: [
        'review overdue by 0 days (last reviewed 2026-03-02, every 30 days)',
      ],
      dueAt: '2026-04-01T04:30:00.000Z',
    });
  });

  it('compares instants, not local dates, for offsets ahead of UTC too', () => {
    // Midnight on 1 January in Tokyo is 15:00 on 31 December in UTC.
    const at = new Date('2026-01-01T00:00:00+09:00').toISOString();
    expect(
      freshness(due - 9 * HOUR, { lastAudited: { at, source: 'review' } }),
    ).toMatchObject({
      state: 'overdue',
      label: 'Overdue 0 days',
      dueAt: '2026-03-31T15:00:00.000Z',
      daysUntilDue: 0,
    });
  });
});
