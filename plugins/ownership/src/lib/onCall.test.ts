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
import { NOW } from '../__fixtures__/shop';
import {
  alice,
  bob,
  carol,
  contractor,
  ordersOnCall,
  overriddenOnCall,
} from '../__fixtures__/onCall';
import {
  describeHandoff,
  describeHandoffLine,
  describeMyShift,
  escalationRows,
  formatEscalationDelay,
  formatOwnedEntityCount,
  formatTimeFromNow,
  formatZonedTime,
  hasOnCallRoster,
  onCallProviderLabel,
  onCallProviderName,
  scheduleLinkTitle,
  shiftsAtLevel,
  windowDays,
} from './onCall';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

function after(milliseconds: number): Date {
  return new Date(NOW.getTime() + milliseconds);
}

describe('onCallProviderLabel', () => {
  it('names the providers this suite knows', () => {
    expect(onCallProviderLabel('catalog')).toBe('from the catalog schedule');
    expect(onCallProviderLabel('pagerduty')).toBe('from PagerDuty');
    expect(onCallProviderLabel('opsgenie')).toBe('from Opsgenie');
  });

  it("shows a company's own provider by its id", () => {
    expect(onCallProviderLabel('acme-pager')).toBe('from acme-pager');
    expect(onCallProviderName('acme-pager')).toBe('acme-pager');
  });
});

describe('scheduleLinkTitle', () => {
  it('names the provider whose UI the link opens', () => {
    expect(scheduleLinkTitle('pagerduty')).toBe(
      'Open the schedule in PagerDuty',
    );
    expect(scheduleLinkTitle('opsgenie')).toBe('Open the schedule in Opsgenie');
    expect(scheduleLinkTitle('catalog')).toBe('Open the schedule');
    expect(scheduleLinkTitle(undefined)).toBe('Open the schedule');
  });
});

describe('formatTimeFromNow', () => {
  it('counts minutes below an hour', () => {
    expect(formatTimeFromNow(after(20 * 1000), NOW)).toBe('now');
    expect(formatTimeFromNow(after(MINUTE), NOW)).toBe('in 1 minute');
    expect(formatTimeFromNow(after(45 * MINUTE), NOW)).toBe('in 45 minutes');
    expect(formatTimeFromNow(after(-10 * MINUTE), NOW)).toBe('10 minutes ago');
  });

  it('counts hours below a day and a half', () => {
    expect(formatTimeFromNow(after(59.7 * MINUTE), NOW)).toBe('in 1 hour');
    expect(formatTimeFromNow(after(5 * HOUR + 20 * MINUTE), NOW)).toBe(
      'in 5 hours',
    );
    expect(formatTimeFromNow(after(30 * HOUR), NOW)).toBe('in 30 hours');
    expect(formatTimeFromNow(after(-2 * HOUR), NOW)).toBe('2 hours ago');
  });

  it('counts days beyond, rounded to the nearest day', () => {
    // Friday 12:00 UTC to Monday 08:00 UTC: 2 days and 20 hours.
    expect(formatTimeFromNow(new Date('2026-11-23T08:00:00Z'), NOW)).toBe(
      'in 3 days',
    );
    expect(formatTimeFromNow(after(40 * HOUR), NOW)).toBe('in 2 days');
    expect(formatTimeFromNow(new Date('2026-11-16T08:00:00Z'), NOW)).toBe(
      '4 days ago',
    );
  });
});

describe('formatZonedTime', () => {
  const handoff = new Date('2026-11-23T08:00:00Z');

  it('shows the clock of the zone, with the zone', () => {
    expect(formatZonedTime(handoff, 'Europe/Berlin')).toBe(
      'Mon 23 Nov, 09:00 Europe/Berlin',
    );
    expect(formatZonedTime(handoff, 'America/New_York')).toBe(
      'Mon 23 Nov, 03:00 America/New_York',
    );
    expect(formatZonedTime(handoff, 'Asia/Tokyo')).toBe(
      'Mon 23 Nov, 17:00 Asia/Tokyo',
    );
  });

  it('follows daylight saving time', () => {
    expect(
      formatZonedTime(new Date('2026-07-06T07:00:00Z'), 'Europe/Berlin'),
    ).toBe('Mon 6 Jul, 09:00 Europe/Berlin');
  });

  it('shows the day on which the clock of the zone is', () => {
    expect(
      formatZonedTime(new Date('2026-11-23T02:00:00Z'), 'America/Los_Angeles'),
    ).toBe('Sun 22 Nov, 18:00 America/Los_Angeles');
  });

  it('gives nothing for a zone it does not know', () => {
    expect(formatZonedTime(handoff, 'Europe/Atlantis')).toBeUndefined();
  });
});

describe('describeHandoff', () => {
  it("is relative, in the schedule's zone and in the viewer's", () => {
    expect(
      describeHandoff('2026-11-23T08:00:00.000Z', {
        now: NOW,
        scheduleTimeZone: 'Europe/Berlin',
        viewerTimeZone: 'America/New_York',
      }),
    ).toEqual({
      relative: 'in 3 days',
      inScheduleZone: 'Mon 23 Nov, 09:00 Europe/Berlin',
      inViewerZone: 'Mon 23 Nov, 03:00 your time',
    });
  });

  it("leaves out the viewer's time when their clock shows the same", () => {
    const options = { now: NOW, scheduleTimeZone: 'Europe/Berlin' };
    expect(
      describeHandoff('2026-11-23T08:00:00Z', {
        ...options,
        viewerTimeZone: 'Europe/Berlin',
      }),
    ).toEqual({
      relative: 'in 3 days',
      inScheduleZone: 'Mon 23 Nov, 09:00 Europe/Berlin',
    });
    expect(
      describeHandoff('2026-11-23T08:00:00Z', {
        ...options,
        viewerTimeZone: 'Europe/Paris',
      })?.inViewerZone,
    ).toBeUndefined();
  });

  it("shows only the viewer's time when the schedule has no zone, or an unknown one", () => {
    const expected = {
      relative: 'in 3 days',
      inViewerZone: 'Mon 23 Nov, 08:00 your time',
    };
    expect(
      describeHandoff('2026-11-23T08:00:00Z', {
        now: NOW,
        viewerTimeZone: 'UTC',
      }),
    ).toEqual(expected);
    expect(
      describeHandoff('2026-11-23T08:00:00Z', {
        now: NOW,
        scheduleTimeZone: 'Europe/Atlantis',
        viewerTimeZone: 'UTC',
      }),
    ).toEqual(expected);
  });

  it('gives nothing for a time that does not parse', () => {
    expect(
      describeHandoff('next monday', { now: NOW, viewerTimeZone: 'UTC' }),
    ).toBeUndefined();
  });
});

describe('describeHandoffLine', () => {
  const handoff = {
    relative: 'in 3 days',
    inScheduleZone: 'Mon 23 Nov, 09:00 Europe/Berlin',
    inViewerZone: 'Mon 23 Nov, 03:00 your time',
  };

  it("says until or from when, in the schedule's zone first", () => {
    expect(describeHandoffLine(handoff, 'until')).toBe(
      'Until Mon 23 Nov, 09:00 Europe/Berlin (in 3 days)',
    );
    expect(describeHandoffLine(handoff, 'from')).toBe(
      'From Mon 23 Nov, 09:00 Europe/Berlin (in 3 days)',
    );
    expect(
      describeHandoffLine({ ...handoff, inScheduleZone: undefined }, 'until'),
    ).toBe('Until Mon 23 Nov, 03:00 your time (in 3 days)');
  });

  it('is relative only when no clock can show it', () => {
    expect(describeHandoffLine({ relative: 'in 3 days' }, 'until')).toBe(
      'Hands over in 3 days',
    );
    expect(describeHandoffLine({ relative: 'in 3 days' }, 'from')).toBe(
      'Takes over in 3 days',
    );
  });
});

describe('escalation', () => {
  it('describes the delay of a level', () => {
    expect(formatEscalationDelay(0)).toBe('immediately');
    expect(formatEscalationDelay(15)).toBe('after 15 min');
    expect(formatEscalationDelay(90)).toBe('after 90 min');
  });

  it('picks the shifts of one level', () => {
    expect(
      shiftsAtLevel(ordersOnCall.next, 1).map(shift => shift.person),
    ).toEqual([bob]);
    expect(shiftsAtLevel(ordersOnCall.next, 3)).toEqual([]);
  });

  it('lists each level in order with who is on call there now', () => {
    expect(
      escalationRows({
        current: ordersOnCall.current,
        escalation: [...ordersOnCall.escalation].reverse(),
      }),
    ).toEqual([
      { level: 1, delay: 'immediately', people: [alice] },
      { level: 2, delay: 'after 15 min', people: [carol] },
    ]);
    expect(escalationRows(overriddenOnCall)[0].people).toEqual([contractor]);
  });

  it("falls back to the level's targets, each once, when no current shift says", () => {
    expect(
      escalationRows({
        current: [],
        escalation: [
          { level: 1, delayMinutes: 0, targets: [alice, bob, alice] },
        ],
      }),
    ).toEqual([{ level: 1, delay: 'immediately', people: [alice, bob] }]);
  });
});

describe('hasOnCallRoster', () => {
  it('holds when a provider answered', () => {
    expect(hasOnCallRoster(ordersOnCall)).toBe(true);
    expect(
      hasOnCallRoster({ ...ordersOnCall, providerId: undefined, reason: 'x' }),
    ).toBe(false);
  });
});

describe('describeMyShift', () => {
  const viewer = { now: NOW, viewerTimeZone: 'America/New_York' };

  it("says when an upcoming shift starts, and its range on the viewer's clock", () => {
    expect(
      describeMyShift(
        { start: '2026-11-30T08:00:00.000Z', end: '2026-12-07T08:00:00.000Z' },
        viewer,
      ),
    ).toEqual({
      inProgress: false,
      relative: 'starts in 10 days',
      range: 'Mon 30 Nov, 03:00 – Mon 7 Dec, 03:00 your time',
    });
  });

  it('says when a shift in progress ends', () => {
    expect(
      describeMyShift(
        { start: '2026-11-16T08:00:00.000Z', end: '2026-11-23T08:00:00.000Z' },
        viewer,
      ),
    ).toEqual({
      inProgress: true,
      relative: 'ends in 3 days',
      range: 'Mon 16 Nov, 03:00 – Mon 23 Nov, 03:00 your time',
    });
    expect(
      describeMyShift(
        { start: NOW.toISOString(), end: '2026-11-20T13:00:00.000Z' },
        viewer,
      ),
    ).toMatchObject({ inProgress: true, relative: 'ends in 1 hour' });
  });

  it('writes the day once for a shift within a day', () => {
    expect(
      describeMyShift(
        { start: '2026-11-25T23:00:00.000Z', end: '2026-11-26T04:00:00.000Z' },
        viewer,
      )?.range,
    ).toBe('Wed 25 Nov, 18:00 – 23:00 your time');
  });

  it('says a shift is over once it ended, and gives no range for an unknown zone', () => {
    expect(
      describeMyShift(
        { start: '2026-11-19T08:00:00.000Z', end: '2026-11-20T10:00:00.000Z' },
        { now: NOW, viewerTimeZone: 'Mars/Olympus' },
      ),
    ).toEqual({ inProgress: false, relative: 'ended 2 hours ago' });
    expect(
      describeMyShift({ start: 'soon', end: 'later' }, viewer),
    ).toBeUndefined();
  });
});

describe('formatOwnedEntityCount', () => {
  it('counts what a team owns, in words', () => {
    expect(formatOwnedEntityCount(0)).toBe('owns no catalog entities');
    expect(formatOwnedEntityCount(1)).toBe('owns 1 entity');
    expect(formatOwnedEntityCount(12)).toBe('owns 12 entities');
  });
});

describe('windowDays', () => {
  it('is the length of a window in whole days', () => {
    expect(
      windowDays('2026-11-20T12:00:00.000Z', '2026-12-04T12:00:00.000Z'),
    ).toBe(14);
    expect(windowDays('soon', 'later')).toBeUndefined();
  });
});
