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
import { readOnCallSchedule } from './schedule';

const PATH = 'metadata.annotations["service-ownership.io/on-call"]';

/** A group whose on-call annotation is the given lines (line numbers start at 1). */
function group(lines: string[] | string, namespace?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-checkout',
      ...(namespace ? { namespace } : {}),
      annotations: {
        'service-ownership.io/on-call': Array.isArray(lines)
          ? lines.join('\n')
          : lines,
      },
    },
    spec: { type: 'team', children: [] },
  };
}

/** The located paths of the problems, in order. */
function pathsOf(lines: string[]): string[] {
  const { schedule, problems } = readOnCallSchedule(group(lines));
  expect(schedule).toBeUndefined();
  expect(problems.every(problem => problem.severity === 'error')).toBe(true);
  return problems.map(problem => problem.path);
}

const VALID = [
  'timeZone: Europe/Berlin',
  "handoff: '09:00'",
  'rotation: 1w',
  "start: '2026-11-02'",
  'members: [alice, bob, guest]',
];

describe('readOnCallSchedule', () => {
  it('reads the documented example into a normalised schedule', () => {
    const { schedule, problems } = readOnCallSchedule(
      group([
        ...VALID,
        'escalation:',
        '  - after: 15m',
        '    members: [carol]',
      ]),
    );
    expect(problems).toEqual([]);
    const primary = {
      members: ['user:default/alice', 'user:default/bob', 'user:default/guest'],
      rotation: { days: 7 },
      start: '2026-11-02T09:00:00.000+01:00',
      handoff: { hour: 9, minute: 0 },
    };
    expect(schedule).toEqual({
      timeZone: 'Europe/Berlin',
      handoff: { hour: 9, minute: 0 },
      rotation: { days: 7 },
      start: '2026-11-02T09:00:00.000+01:00',
      layers: [
        { level: 1, delayMinutes: 0, ...primary },
        {
          level: 2,
          delayMinutes: 15,
          ...primary,
          members: ['user:default/carol'],
        },
      ],
      overrides: [],
    });
  });

  it('has no schedule and no problems without the annotation', () => {
    expect(
      readOnCallSchedule({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'team-checkout' },
      }),
    ).toEqual({ problems: [] });
  });

  it.each([
    ['1d', { days: 1 }],
    ['2w', { days: 14 }],
    ['P7D', { days: 7 }],
    ['P1W', { days: 7 }],
    ['12h', { hours: 12 }],
    ['PT8H', { hours: 8 }],
    ['1h', { hours: 1 }],
  ])('reads the rotation %s', (rotation, expected) => {
    const { schedule, problems } = readOnCallSchedule(
      group([
        'timeZone: Europe/Berlin',
        `rotation: ${rotation}`,
        "start: '2026-11-02'",
        'members: [alice]',
      ]),
    );
    expect(problems).toEqual([]);
    expect(schedule?.rotation).toEqual(expected);
  });

  it.each([
    ['15m', 15],
    ['1h', 60],
    ['1h30m', 90],
    ['PT45M', 45],
    ['30', 30],
  ])('reads the escalation delay %s', (after, minutes) => {
    const { schedule, problems } = readOnCallSchedule(
      group([...VALID, 'escalation:', `  - { after: ${after}, members: [x] }`]),
    );
    expect(problems).toEqual([]);
    expect(schedule?.layers[1].delayMinutes).toBe(minutes);
  });

  it('resolves members in the group namespace, keeps refs and duplicates', () => {
    const { schedule, problems } = readOnCallSchedule(
      group(
        [
          'timeZone: Europe/Berlin',
          'rotation: 1d',
          "start: '2026-11-02'",
          'members: [alice, user:team/x, default/bob, User:Other/Carol, alice]',
        ],
        'payments',
      ),
    );
    expect(problems).toEqual([]);
    expect(schedule?.layers[0].members).toEqual([
      'user:payments/alice',
      'user:team/x',
      'user:default/bob',
      'user:other/carol',
      'user:payments/alice',
    ]);
  });

  it('takes the handoff from a start with a time, and checks a start against the handoff', () => {
    const read = (lines: string[]) => readOnCallSchedule(group(lines));
    const inferred = read([
      'timeZone: America/New_York',
      'rotation: 12h',
      "start: '2026-11-02T08:30'",
      'members: [alice]',
    ]);
    expect(inferred.problems).toEqual([]);
    expect(inferred.schedule?.handoff).toEqual({ hour: 8, minute: 30 });
    expect(inferred.schedule?.start).toBe('2026-11-02T08:30:00.000-05:00');

    // 21:00 is a handoff of a 12h rotation handing over at 09:00.
    expect(
      read([
        'timeZone: Europe/Berlin',
        "handoff: '09:00'",
        'rotation: 12h',
        "start: '2026-11-02T21:00'",
        'members: [alice]',
      ]).schedule?.start,
    ).toBe('2026-11-02T21:00:00.000+01:00');

    const { problems } = read([
      'timeZone: Europe/Berlin',
      "handoff: '09:00'",
      'rotation: 1w',
      "start: '2026-11-02T10:00'",
      'members: [alice]',
    ]);
    expect(problems).toEqual([
      {
        severity: 'error',
        annotation: 'service-ownership.io/on-call',
        path: `${PATH}.start (line 4)`,
        value: '2026-11-02T10:00',
        message:
          'starts at 10:00, which is not a handoff of this 7d rotation (09:00); write the date alone or a time on a handoff',
      },
    ]);
  });

  it('places a start at a nonexistent local time after the gap, as luxon does', () => {
    const { schedule } = readOnCallSchedule(
      group([
        'timeZone: America/New_York',
        "handoff: '02:30'",
        'rotation: 1d',
        "start: '2026-03-08'",
        'members: [alice]',
      ]),
    );
    expect(schedule?.start).toBe('2026-03-08T03:30:00.000-04:00');
  });

  it('gives escalation layers their own rotation, handoff and start, defaulting to the primary', () => {
    const { schedule, problems } = readOnCallSchedule(
      group([
        ...VALID,
        'escalation:',
        '  - after: 15m',
        '    members: [carol, dave]',
        '    rotation: 1d',
        "    handoff: '10:00'",
        '  - after: 1h',
        '    members: [erin]',
        "    start: '2026-11-05T09:00'",
      ]),
    );
    expect(problems).toEqual([]);
    expect(schedule?.layers.slice(1)).toEqual([
      {
        level: 2,
        delayMinutes: 15,
        members: ['user:default/carol', 'user:default/dave'],
        rotation: { days: 1 },
        handoff: { hour: 10, minute: 0 },
        start: '2026-11-02T10:00:00.000+01:00',
      },
      {
        level: 3,
        delayMinutes: 60,
        members: ['user:default/erin'],
        rotation: { days: 7 },
        handoff: { hour: 9, minute: 0 },
        start: '2026-11-05T09:00:00.000+01:00',
      },
    ]);
  });

  it('reads overrides in local time, as ISO with an offset, or as dates at the handoff', () => {
    const { schedule, problems } = readOnCallSchedule(
      group([
        ...VALID,
        'escalation:',
        '  - { after: 15m, members: [carol], handoff: "10:00" }',
        'overrides:',
        "  - { member: carol, from: '2026-11-04T12:00', to: '2026-11-05T12:00' }",
        "  - { member: dave, from: '2026-11-06T08:00:00Z', to: '2026-11-06T12:00+01:00', level: 2 }",
        "  - { member: erin, from: '2026-11-07', to: '2026-11-08', level: 2 }",
      ]),
    );
    expect(problems).toEqual([]);
    expect(schedule?.overrides).toEqual([
      {
        level: 1,
        member: 'user:default/carol',
        from: '2026-11-04T12:00:00.000+01:00',
        to: '2026-11-05T12:00:00.000+01:00',
      },
      {
        level: 2,
        member: 'user:default/dave',
        from: '2026-11-06T09:00:00.000+01:00',
        to: '2026-11-06T12:00:00.000+01:00',
      },
      {
        level: 2,
        member: 'user:default/erin',
        from: '2026-11-07T10:00:00.000+01:00',
        to: '2026-11-08T10:00:00.000+01:00',
      },
    ]);
  });

  describe('problems', () => {
    it('locates a bad time zone', () => {
      const { problems } = readOnCallSchedule(
        group(['timeZone: Europe/Berln', ...VALID.slice(1)]),
      );
      expect(problems).toEqual([
        {
          severity: 'error',
          annotation: 'service-ownership.io/on-call',
          path: `${PATH}.timeZone (line 1)`,
          value: 'Europe/Berln',
          message:
            'must be an IANA time zone name such as Europe/Berlin or America/New_York',
        },
      ]);
    });

    it('locates a bad handoff', () => {
      const { problems } = readOnCallSchedule(
        group([VALID[0], "handoff: '25:00'", ...VALID.slice(2)]),
      );
      expect(problems).toEqual([
        expect.objectContaining({
          path: `${PATH}.handoff (line 2)`,
          value: '25:00',
          message:
            "must be a local time of day as 'HH:mm' on a 24-hour clock, e.g. '09:00'",
        }),
      ]);
    });

    it.each(['5h', '24h', '0d', '10x', 'P1M', '1.5d'])(
      'locates the bad rotation %s',
      rotation => {
        const { problems } = readOnCallSchedule(
          group([
            ...VALID.slice(0, 2),
            `rotation: ${rotation}`,
            ...VALID.slice(3),
          ]),
        );
        expect(problems).toEqual([
          expect.objectContaining({
            path: `${PATH}.rotation (line 3)`,
            value: rotation,
          }),
        ]);
        expect(problems[0].message).toMatch(
          rotation === '24h' ? /in days .* 1d/ : /hours that divide a day/,
        );
      },
    );

    it('locates empty members and bad members', () => {
      expect(pathsOf([...VALID.slice(0, 4), 'members: []'])).toEqual([
        `${PATH}.members (line 5)`,
      ]);
      const { problems } = readOnCallSchedule(
        group([
          ...VALID.slice(0, 4),
          'members:',
          '  - alice',
          '  - group:default/team-b',
          '  - 42',
          '  - "not a name"',
        ]),
      );
      expect(
        problems.map(({ path, value, message }) => ({ path, value, message })),
      ).toEqual([
        {
          path: `${PATH}.members[1] (line 7)`,
          value: 'group:default/team-b',
          message: 'must be a user, not a group; list the people by name',
        },
        {
          path: `${PATH}.members[2] (line 8)`,
          value: '42',
          message:
            'must be a user: a name such as alice or an entity ref such as user:default/alice',
        },
        {
          path: `${PATH}.members[3] (line 9)`,
          value: 'not a name',
          message:
            'must be a user: a name such as alice or an entity ref such as user:default/alice',
        },
      ]);
    });

    it('names the allowed fields for an unknown field', () => {
      const { problems } = readOnCallSchedule(group([...VALID, 'rotaton: 2w']));
      expect(problems).toEqual([
        expect.objectContaining({
          path: `${PATH}.rotaton (line 6)`,
          message:
            'is not a field of an on-call schedule; expected one of timeZone, handoff, rotation, start, members, escalation, overrides',
        }),
      ]);
    });

    it('locates missing required fields at the mapping', () => {
      expect(pathsOf(['handoff: "09:00"', 'members: [alice]'])).toEqual([
        `${PATH}.timeZone (line 1)`,
        `${PATH}.rotation (line 1)`,
        `${PATH}.start (line 1)`,
      ]);
    });

    it('locates an override that does not end after it starts', () => {
      const { problems } = readOnCallSchedule(
        group([
          ...VALID,
          'overrides:',
          '  - member: carol',
          "    from: '2026-11-05T12:00'",
          "    to: '2026-11-05T12:00'",
        ]),
      );
      expect(problems).toEqual([
        expect.objectContaining({
          path: `${PATH}.overrides[0].to (line 9)`,
          value: '2026-11-05T12:00',
          message: 'must be after from (2026-11-05T12:00)',
        }),
      ]);
    });

    it('reports YAML syntax errors with line and column', () => {
      const { schedule, problems } = readOnCallSchedule(
        group(['timeZone: Europe/Berlin', 'members: [alice,', 'rotation: 1w']),
      );
      expect(schedule).toBeUndefined();
      expect(problems).toHaveLength(1);
      expect(problems[0].path).toBe(PATH);
      expect(problems[0].message).toMatch(
        /^is not valid YAML: .* \(line 3, column 1\); expected a mapping/,
      );
    });

    it('reports duplicate keys as YAML errors', () => {
      const { problems } = readOnCallSchedule(
        group([...VALID, 'rotation: 1d']),
      );
      expect(problems[0].message).toMatch(
        /^is not valid YAML: Map keys must be unique .*\(line 6, column 1\)/,
      );
    });

    it('wants a mapping', () => {
      expect(pathsOf(['- timeZone: Europe/Berlin'])).toEqual([
        `${PATH} (line 1)`,
      ]);
    });

    it('reports every wrong field, whatever the others', () => {
      expect(
        pathsOf([
          'timeZone: Mars/Olympus',
          "handoff: '9h'",
          'rotation: 5h',
          "start: '2026-02-30'",
          'members: alice',
          'escalation:',
          '  - members: []',
          '    pager: true',
          '  - after: soon',
          '    members: [bob]',
          "    start: 'monday'",
          '  - just a string',
          'overrides:',
          "  - { member: carol, from: 'tomorrow', level: 5 }",
          "  - { member: 'group:x', from: '2026-11-05T12:00', to: '2026-11-04T12:00' }",
          'owner: team-b',
        ]),
      ).toEqual([
        `${PATH}.owner (line 16)`,
        `${PATH}.timeZone (line 1)`,
        `${PATH}.handoff (line 2)`,
        `${PATH}.rotation (line 3)`,
        `${PATH}.start (line 4)`,
        `${PATH}.members (line 5)`,
        `${PATH}.escalation[0].pager (line 8)`,
        `${PATH}.escalation[0].after (line 7)`,
        `${PATH}.escalation[0].members (line 7)`,
        `${PATH}.escalation[1].after (line 9)`,
        `${PATH}.escalation[1].start (line 11)`,
        `${PATH}.escalation[2] (line 12)`,
        `${PATH}.overrides[0].level (line 14)`,
        `${PATH}.overrides[0].from (line 14)`,
        `${PATH}.overrides[0].to (line 14)`,
        `${PATH}.overrides[1].member (line 15)`,
        // Compared on the local clock, as the zone is unknown.
        `${PATH}.overrides[1].to (line 15)`,
      ]);
    });

    it('does not return a schedule when one field is wrong and the others are right', () => {
      const { schedule, problems } = readOnCallSchedule(
        group([
          ...VALID,
          'escalation:',
          '  - after: 15m',
          '    members: [carol]',
          '    rotation: 3h',
          "    handoff: '09:00'",
          "    start: '2026-11-02T10:00'",
        ]),
      );
      expect(schedule).toBeUndefined();
      expect(problems.map(problem => problem.path)).toEqual([
        `${PATH}.escalation[0].start (line 11)`,
      ]);
      expect(problems[0].message).toBe(
        'starts at 10:00, which is not a handoff of this 3h rotation (00:00, 03:00, 06:00, 09:00, 12:00, 15:00, 18:00, 21:00); write the date alone or a time on a handoff',
      );
    });
  });
});
