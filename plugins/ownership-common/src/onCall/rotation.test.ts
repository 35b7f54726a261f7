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
import { DateTime, Settings } from 'luxon';
import {
  escalationOf,
  rosterAt,
  shiftAt,
  toOnCallShiftJson,
  upcomingShifts,
} from './rotation';
import { OnCallSchedule, readOnCallSchedule } from './schedule';

/** A schedule from annotation lines; fails the test on any problem. */
function scheduleOf(lines: string[]): OnCallSchedule {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-checkout',
      annotations: { 'service-ownership.io/on-call': lines.join('\n') },
    },
  };
  const { schedule, problems } = readOnCallSchedule(entity);
  expect(problems).toEqual([]);
  return schedule!;
}

const at = (iso: string) => new Date(iso);
/** One millisecond earlier. */
const justBefore = (iso: string) => new Date(Date.parse(iso) - 1);
const hoursOf = (shift: { start: Date; end: Date }) =>
  (shift.end.getTime() - shift.start.getTime()) / 3_600_000;

/** The member (name only) and UTC bounds of the regular shift at an instant. */
function regular(schedule: OnCallSchedule, when: Date, level = 1) {
  const shift = shiftAt(schedule.layers[level - 1], schedule.timeZone, when);
  return (
    shift && {
      index: shift.index,
      member: shift.member.replace('user:default/', ''),
      start: shift.start.toISOString(),
      end: shift.end.toISOString(),
    }
  );
}

/** A roster shift as `name start–end` in UTC, with `*` for overrides. */
function brief(shift: {
  person: { name: string };
  escalationLevel: number;
  start: Date;
  end: Date;
  override: boolean;
}) {
  return `L${shift.escalationLevel} ${
    shift.person.name
  } ${shift.start.toISOString()} – ${shift.end.toISOString()}${
    shift.override ? ' *' : ''
  }`;
}

describe('shiftAt', () => {
  const weekly = scheduleOf([
    'timeZone: Europe/Berlin',
    "handoff: '09:00'",
    'rotation: 1w',
    "start: '2026-11-02'",
    'members: [alice, bob, carol]',
  ]);

  it('hands over exactly at the handoff', () => {
    // 2026-11-09 09:00 in Berlin (CET, UTC+1).
    expect(regular(weekly, at('2026-11-09T08:00:00.000Z'))).toEqual({
      index: 1,
      member: 'bob',
      start: '2026-11-09T08:00:00.000Z',
      end: '2026-11-16T08:00:00.000Z',
    });
    expect(regular(weekly, justBefore('2026-11-09T08:00:00.000Z'))).toEqual({
      index: 0,
      member: 'alice',
      start: '2026-11-02T08:00:00.000Z',
      end: '2026-11-09T08:00:00.000Z',
    });
    // The rotation wraps around: shift 3 is alice's again.
    expect(regular(weekly, at('2026-11-23T08:00:00.000Z'))?.member).toBe(
      'alice',
    );
  });

  it('has no shift before the start', () => {
    expect(
      shiftAt(
        weekly.layers[0],
        weekly.timeZone,
        justBefore('2026-11-02T08:00:00.000Z'),
      ),
    ).toBeUndefined();
    expect(regular(weekly, at('2026-11-02T08:00:00.000Z'))?.index).toBe(0);
  });

  it('keeps a weekly 09:00 handoff across the EU daylight-saving changes', () => {
    const berlin = scheduleOf([
      'timeZone: Europe/Berlin',
      'rotation: 1w',
      "start: '2026-03-23'",
      'members: [alice, bob]',
    ]);
    // Clocks go forward on Sunday 2026-03-29: Monday's 09:00 is 07:00 UTC, no longer 08:00.
    const spring = regular(berlin, justBefore('2026-03-30T07:00:00.000Z'))!;
    expect(spring).toEqual({
      index: 0,
      member: 'alice',
      start: '2026-03-23T08:00:00.000Z',
      end: '2026-03-30T07:00:00.000Z',
    });
    expect(regular(berlin, at('2026-03-30T07:00:00.000Z'))?.member).toBe('bob');
    expect(
      hoursOf(
        shiftAt(berlin.layers[0], berlin.timeZone, at('2026-03-24T00:00Z'))!,
      ),
    ).toBe(7 * 24 - 1);
    // Clocks go back on Sunday 2026-10-25: Monday's 09:00 is 08:00 UTC again.
    const autumn = shiftAt(
      berlin.layers[0],
      berlin.timeZone,
      justBefore('2026-10-26T08:00:00.000Z'),
    )!;
    expect(autumn.start.toISOString()).toBe('2026-10-19T07:00:00.000Z');
    expect(autumn.end.toISOString()).toBe('2026-10-26T08:00:00.000Z');
    expect(hoursOf(autumn)).toBe(7 * 24 + 1);
    expect(regular(berlin, at('2026-10-26T08:00:00.000Z'))).toMatchObject({
      index: 31,
      member: 'bob',
    });
    // Every handoff of the year is at 09:00 local time on a Monday.
    for (let week = 0; week < 52; week++) {
      const when = new Date(Date.parse('2026-03-23T12:00Z') + week * 6048e5);
      const { start } = shiftAt(berlin.layers[0], berlin.timeZone, when)!;
      const local = DateTime.fromJSDate(start, { zone: 'Europe/Berlin' });
      expect(local.toFormat('ccc HH:mm')).toBe('Mon 09:00');
    }
  });

  it('keeps a weekly 09:00 handoff across the US daylight-saving changes', () => {
    const newYork = scheduleOf([
      'timeZone: America/New_York',
      'rotation: 1w',
      "start: '2026-03-02'",
      'members: [alice, bob]',
    ]);
    // 2026-03-08: EST (UTC-5) to EDT (UTC-4).
    expect(regular(newYork, at('2026-03-05T00:00Z'))).toEqual({
      index: 0,
      member: 'alice',
      start: '2026-03-02T14:00:00.000Z',
      end: '2026-03-09T13:00:00.000Z',
    });
    expect(regular(newYork, at('2026-03-09T13:00:00.000Z'))?.member).toBe(
      'bob',
    );
    // 2026-11-01: back to EST.
    expect(regular(newYork, justBefore('2026-11-02T14:00:00.000Z'))).toEqual({
      index: 34,
      member: 'alice',
      start: '2026-10-26T13:00:00.000Z',
      end: '2026-11-02T14:00:00.000Z',
    });
    expect(regular(newYork, at('2026-11-02T14:00:00.000Z'))?.member).toBe(
      'bob',
    );
  });

  it('moves a handoff at a nonexistent local time forward, keeping shifts contiguous', () => {
    // What luxon does with 02:30 on the spring-forward day in New York: it becomes 03:30 EDT.
    expect(
      DateTime.fromObject(
        { year: 2026, month: 3, day: 8, hour: 2, minute: 30 },
        { zone: 'America/New_York' },
      ).toISO(),
    ).toBe('2026-03-08T03:30:00.000-04:00');
    const daily = scheduleOf([
      'timeZone: America/New_York',
      "handoff: '02:30'",
      'rotation: 1d',
      "start: '2026-03-06'",
      'members: [alice, bob, carol]',
    ]);
    const shifts = [0, 1, 2, 3].map(
      day =>
        regular(
          daily,
          new Date(Date.parse('2026-03-06T12:00Z') + day * 864e5),
        )!,
    );
    expect(shifts).toEqual([
      {
        index: 0,
        member: 'alice',
        start: '2026-03-06T07:30:00.000Z',
        end: '2026-03-07T07:30:00.000Z',
      },
      {
        index: 1,
        member: 'bob',
        start: '2026-03-07T07:30:00.000Z',
        // 02:30 EST does not exist on 2026-03-08: carol takes over at 03:30 EDT, the same UTC instant.
        end: '2026-03-08T07:30:00.000Z',
      },
      {
        index: 2,
        member: 'carol',
        start: '2026-03-08T07:30:00.000Z',
        // Back to 02:30 local (EDT) the next day, so carol's shift has 23 hours.
        end: '2026-03-09T06:30:00.000Z',
      },
      {
        index: 3,
        member: 'alice',
        start: '2026-03-09T06:30:00.000Z',
        end: '2026-03-10T06:30:00.000Z',
      },
    ]);
  });

  it.each(['2026-07-01T00:00Z', '2026-12-01T00:00Z'])(
    'takes the first occurrence of a handoff at a repeated local time, whatever the date today (%s)',
    today => {
      // luxon resolves a repeated local time by the offset in force "now"; ours must not depend on it.
      const realNow = Settings.now;
      Settings.now = () => Date.parse(today);
      try {
        const daily = scheduleOf([
          'timeZone: America/New_York',
          "handoff: '01:30'",
          'rotation: 1d',
          "start: '2026-10-31'",
          "overrides: [{ member: carol, from: '2026-11-01T01:30', to: '2026-11-01T01:45' }]",
          'members: [alice, bob]',
        ]);
        // 01:30 happens twice on 2026-11-01; bob takes over at the first, 01:30 EDT, and has 25 hours.
        expect(regular(daily, at('2026-11-01T12:00Z'))).toEqual({
          index: 1,
          member: 'bob',
          start: '2026-11-01T05:30:00.000Z',
          end: '2026-11-02T06:30:00.000Z',
        });
        expect(daily.overrides[0].from).toBe('2026-11-01T01:30:00.000-04:00');
      } finally {
        Settings.now = realNow;
      }
    },
  );

  it('keeps a 12h rotation on the local clock across a daylight-saving change', () => {
    const twelve = scheduleOf([
      'timeZone: Europe/Berlin',
      "handoff: '09:00'",
      'rotation: 12h',
      "start: '2026-03-28'",
      'members: [alice, bob]',
    ]);
    expect(regular(twelve, at('2026-03-29T00:00Z'))).toEqual({
      index: 1,
      member: 'bob',
      // 21:00 CET to 09:00 CEST: a night of 11 hours.
      start: '2026-03-28T20:00:00.000Z',
      end: '2026-03-29T07:00:00.000Z',
    });
    expect(regular(twelve, at('2026-03-29T07:00:00.000Z'))).toEqual({
      index: 2,
      member: 'alice',
      start: '2026-03-29T07:00:00.000Z',
      end: '2026-03-29T19:00:00.000Z',
    });
    // In autumn the night has 13 hours.
    const night = shiftAt(
      twelve.layers[0],
      twelve.timeZone,
      at('2026-10-25T03:00Z'),
    )!;
    expect(night.start.toISOString()).toBe('2026-10-24T19:00:00.000Z');
    expect(hoursOf(night)).toBe(13);
  });

  it('gives the skipped hour of a 1h rotation no length', () => {
    const hourly = scheduleOf([
      'timeZone: Europe/Berlin',
      "handoff: '00:00'",
      'rotation: 1h',
      "start: '2026-03-29'",
      'members: [a, b, c, d]',
    ]);
    // 00:00 and 01:00 CET, then 02:00 (which does not exist) and 03:00 CEST are the same instant.
    expect(regular(hourly, at('2026-03-29T00:30Z'))).toMatchObject({
      index: 1,
      member: 'b',
      end: '2026-03-29T01:00:00.000Z',
    });
    expect(regular(hourly, at('2026-03-29T01:00Z'))).toMatchObject({
      index: 3,
      member: 'd',
      start: '2026-03-29T01:00:00.000Z',
      end: '2026-03-29T02:00:00.000Z',
    });
  });
});

describe('rosterAt', () => {
  const base = [
    'timeZone: Europe/Berlin',
    "handoff: '09:00'",
    'rotation: 1w',
    "start: '2026-11-02'",
  ];

  it('answers the current and next person of every level', () => {
    const schedule = scheduleOf([
      ...base,
      'members: [alice, bob]',
      'escalation:',
      '  - after: 15m',
      '    members: [carol, dave]',
      '    rotation: 1d',
      "    handoff: '10:00'",
    ]);
    const roster = rosterAt(schedule, at('2026-11-04T12:00Z'));
    expect(roster.current.map(brief)).toEqual([
      'L1 alice 2026-11-02T08:00:00.000Z – 2026-11-09T08:00:00.000Z',
      // Day 2 of the daily layer: 2026-11-04 10:00 CET.
      'L2 carol 2026-11-04T09:00:00.000Z – 2026-11-05T09:00:00.000Z',
    ]);
    expect(roster.next.map(brief)).toEqual([
      'L1 bob 2026-11-09T08:00:00.000Z – 2026-11-16T08:00:00.000Z',
      'L2 dave 2026-11-05T09:00:00.000Z – 2026-11-06T09:00:00.000Z',
    ]);
    expect(toOnCallShiftJson(roster.current[0])).toEqual({
      person: { userRef: 'user:default/alice', name: 'alice' },
      escalationLevel: 1,
      start: '2026-11-02T08:00:00.000Z',
      end: '2026-11-09T08:00:00.000Z',
    });
  });

  it('has nobody current before the start, and the first member next', () => {
    const roster = rosterAt(
      scheduleOf([...base, 'members: [alice, bob]']),
      at('2026-10-01T00:00Z'),
    );
    expect(roster.current).toEqual([]);
    expect(roster.next.map(brief)).toEqual([
      'L1 alice 2026-11-02T08:00:00.000Z – 2026-11-09T08:00:00.000Z',
    ]);
  });

  it('keeps a single member on call with nobody next', () => {
    const schedule = scheduleOf([...base, 'members: [alice]']);
    const roster = rosterAt(schedule, at('2026-11-20T00:00Z'), {
      horizonShifts: 2,
    });
    // The current stretch looks 2 shifts either way for a change of person, and finds none.
    expect(roster.current.map(brief)).toEqual([
      'L1 alice 2026-11-02T08:00:00.000Z – 2026-12-07T08:00:00.000Z',
    ]);
    expect(roster.next).toEqual([]);
  });

  it('merges consecutive shifts of a member listed twice', () => {
    const schedule = scheduleOf([
      ...base.slice(0, 2),
      'rotation: 1d',
      base[3],
      'members: [alice, alice, bob]',
    ]);
    expect(regular(schedule, at('2026-11-03T12:00Z'))).toMatchObject({
      index: 1,
      member: 'alice',
    });
    const first = rosterAt(schedule, at('2026-11-03T12:00Z'));
    expect(first.current.map(brief)).toEqual([
      'L1 alice 2026-11-02T08:00:00.000Z – 2026-11-04T08:00:00.000Z',
    ]);
    expect(first.next.map(brief)).toEqual([
      'L1 bob 2026-11-04T08:00:00.000Z – 2026-11-05T08:00:00.000Z',
    ]);
    expect(rosterAt(schedule, at('2026-11-04T12:00Z')).next.map(brief)).toEqual(
      ['L1 alice 2026-11-05T08:00:00.000Z – 2026-11-07T08:00:00.000Z'],
    );
  });

  describe('overrides', () => {
    const schedule = scheduleOf([
      ...base,
      'members: [alice, bob]',
      'escalation:',
      '  - after: 30m',
      '    members: [dave, erin]',
      'overrides:',
      "  - { member: carol, from: '2026-11-04T12:00', to: '2026-11-05T12:00' }",
      "  - { member: frank, from: '2026-11-03T00:00', to: '2026-11-10T00:00', level: 2 }",
    ]);

    it('replaces part of the current shift', () => {
      const roster = rosterAt(schedule, at('2026-11-04T15:00Z'));
      expect(roster.current.map(brief)).toEqual([
        'L1 carol 2026-11-04T11:00:00.000Z – 2026-11-05T11:00:00.000Z *',
        'L2 frank 2026-11-02T23:00:00.000Z – 2026-11-09T23:00:00.000Z *',
      ]);
      expect(roster.next.map(brief)).toEqual([
        // alice has the rest of her week back.
        'L1 alice 2026-11-05T11:00:00.000Z – 2026-11-09T08:00:00.000Z',
        // frank's override runs past the handoff, into erin's week.
        'L2 erin 2026-11-09T23:00:00.000Z – 2026-11-16T08:00:00.000Z',
      ]);
    });

    it('makes an override that starts before the shift ends the next one', () => {
      const roster = rosterAt(schedule, at('2026-11-02T12:00Z'));
      expect(roster.current.map(brief)).toEqual([
        'L1 alice 2026-11-02T08:00:00.000Z – 2026-11-04T11:00:00.000Z',
        'L2 dave 2026-11-02T08:00:00.000Z – 2026-11-02T23:00:00.000Z',
      ]);
      expect(roster.next.map(brief)).toEqual([
        'L1 carol 2026-11-04T11:00:00.000Z – 2026-11-05T11:00:00.000Z *',
        'L2 frank 2026-11-02T23:00:00.000Z – 2026-11-09T23:00:00.000Z *',
      ]);
    });

    it('pages the override at its level', () => {
      expect(escalationOf(schedule, at('2026-11-04T15:00Z'))).toEqual([
        {
          level: 1,
          delayMinutes: 0,
          targets: [{ userRef: 'user:default/carol', name: 'carol' }],
        },
        {
          level: 2,
          delayMinutes: 30,
          targets: [{ userRef: 'user:default/frank', name: 'frank' }],
        },
      ]);
      expect(escalationOf(schedule, at('2026-11-02T12:00Z'))).toEqual([
        {
          level: 1,
          delayMinutes: 0,
          targets: [{ userRef: 'user:default/alice', name: 'alice' }],
        },
        {
          level: 2,
          delayMinutes: 30,
          targets: [{ userRef: 'user:default/dave', name: 'dave' }],
        },
      ]);
    });

    it('lets the later of two overlapping overrides win', () => {
      const overlapping = scheduleOf([
        ...base,
        'members: [alice, bob]',
        'overrides:',
        "  - { member: carol, from: '2026-11-03T00:00', to: '2026-11-06T00:00' }",
        "  - { member: dave, from: '2026-11-04T00:00', to: '2026-11-05T00:00' }",
      ]);
      const during = rosterAt(overlapping, at('2026-11-04T12:00Z'));
      expect(during.current.map(brief)).toEqual([
        'L1 dave 2026-11-03T23:00:00.000Z – 2026-11-04T23:00:00.000Z *',
      ]);
      expect(during.next.map(brief)).toEqual([
        'L1 carol 2026-11-04T23:00:00.000Z – 2026-11-05T23:00:00.000Z *',
      ]);
      expect(
        rosterAt(overlapping, at('2026-11-03T12:00Z')).current.map(brief),
      ).toEqual([
        'L1 carol 2026-11-02T23:00:00.000Z – 2026-11-03T23:00:00.000Z *',
      ]);
    });
  });
});

describe('escalationOf', () => {
  it('follows each layer with its own rotation', () => {
    const schedule = scheduleOf([
      'timeZone: America/New_York',
      "handoff: '09:00'",
      'rotation: 1w',
      "start: '2026-11-02'",
      'members: [alice, bob]',
      'escalation:',
      '  - after: 15m',
      '    members: [carol, dave, erin]',
      '    rotation: 12h',
      '  - after: 1h',
      '    members: [manager]',
    ]);
    const targetsAt = (iso: string) =>
      escalationOf(schedule, at(iso)).map(({ level, delayMinutes, targets }) =>
        [level, delayMinutes, ...targets.map(target => target.name)].join(' '),
      );
    // Monday 2026-11-02 10:00 EST: alice's week, carol's first 12 hours.
    expect(targetsAt('2026-11-02T15:00Z')).toEqual([
      '1 0 alice',
      '2 15 carol',
      '3 60 manager',
    ]);
    // 21:00 EST: dave.
    expect(targetsAt('2026-11-03T02:00Z')).toEqual([
      '1 0 alice',
      '2 15 dave',
      '3 60 manager',
    ]);
    // Tuesday 09:00 EST: erin; the next Monday 09:00: bob, and carol again (14 shifts later, 14 mod 3 = 2 → erin).
    expect(targetsAt('2026-11-03T14:00Z')).toEqual([
      '1 0 alice',
      '2 15 erin',
      '3 60 manager',
    ]);
    expect(targetsAt('2026-11-09T14:00Z')).toEqual([
      '1 0 bob',
      '2 15 erin',
      '3 60 manager',
    ]);
    // Before the start nobody is paged.
    expect(targetsAt('2026-11-01T00:00Z')).toEqual(['1 0', '2 15', '3 60']);
  });
});

describe('upcomingShifts', () => {
  const schedule = scheduleOf([
    'timeZone: Europe/Berlin',
    'rotation: 1w',
    "start: '2026-11-02'",
    'members: [alice, bob, carol]',
    'escalation:',
    '  - after: 15m',
    '    members: [bob, dave]',
    'overrides:',
    "  - { member: erin, from: '2026-11-10T09:00', to: '2026-11-11T09:00' }",
    "  - { member: bob, from: '2026-11-25T18:00', to: '2026-11-26T09:00' }",
  ]);

  it("lists a user's stretches at every level, with overrides", () => {
    expect(
      upcomingShifts(
        schedule,
        'user:default/bob',
        at('2026-11-05T00:00Z'),
        at('2026-12-01T00:00Z'),
      ).map(brief),
    ).toEqual([
      'L2 bob 2026-11-02T08:00:00.000Z – 2026-11-09T08:00:00.000Z',
      'L1 bob 2026-11-09T08:00:00.000Z – 2026-11-10T08:00:00.000Z',
      'L1 bob 2026-11-11T08:00:00.000Z – 2026-11-16T08:00:00.000Z',
      'L2 bob 2026-11-16T08:00:00.000Z – 2026-11-23T08:00:00.000Z',
      'L1 bob 2026-11-25T17:00:00.000Z – 2026-11-26T08:00:00.000Z *',
      // Both levels from 2026-11-30: reported whole, past the end of the range.
      'L1 bob 2026-11-30T08:00:00.000Z – 2026-12-07T08:00:00.000Z',
      'L2 bob 2026-11-30T08:00:00.000Z – 2026-12-07T08:00:00.000Z',
    ]);
  });

  it('accepts a bare name and answers nothing for an empty range', () => {
    expect(
      upcomingShifts(
        schedule,
        'erin',
        at('2026-11-01T00:00Z'),
        at('2026-12-01T00:00Z'),
      ).map(brief),
    ).toEqual([
      'L1 erin 2026-11-10T08:00:00.000Z – 2026-11-11T08:00:00.000Z *',
    ]);
    expect(
      upcomingShifts(
        schedule,
        'bob',
        at('2026-12-01T00:00Z'),
        at('2026-12-01T00:00Z'),
      ),
    ).toEqual([]);
  });
});
