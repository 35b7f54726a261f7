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
import {
  EntityOnCall,
  OnCallPersonJson,
  OnCallShiftJson,
} from '@service-ownership/plugin-ownership-common';

// Fixed locales, as in format.ts, so times read the same for everyone and in tests. Absolute times use
// en-GB for its day-before-month order and 24-hour clock: `Mon 23 Nov, 09:00`.
const RELATIVE_LOCALE = 'en-US';
const TIME_LOCALE = 'en-GB';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const RELATIVE_FORMAT = new Intl.RelativeTimeFormat(RELATIVE_LOCALE, {
  numeric: 'always',
});

/** Names of the on-call providers this suite knows; others are shown by their id. */
const PROVIDER_NAMES: Record<string, string> = {
  catalog: 'the catalog schedule',
  pagerduty: 'PagerDuty',
  opsgenie: 'Opsgenie',
};

/**
 * The provider that answered, as people say it: `the catalog schedule`, `PagerDuty`, `Opsgenie`, or the
 * id of a company's own provider.
 */
export function onCallProviderName(providerId: string): string {
  return PROVIDER_NAMES[providerId] ?? providerId;
}

/** Where a roster comes from, for the card's subtitle: `from the catalog schedule`, `from PagerDuty`. */
export function onCallProviderLabel(providerId: string): string {
  return `from ${onCallProviderName(providerId)}`;
}

/** The title of the link to the schedule in the provider's UI: `Open the schedule in PagerDuty`. */
export function scheduleLinkTitle(providerId: string | undefined): string {
  return providerId && providerId !== 'catalog'
    ? `Open the schedule in ${onCallProviderName(providerId)}`
    : 'Open the schedule';
}

/**
 * A time relative to `now`, in the largest unit that still reads precisely: minutes below an hour, hours
 * below a day and a half, days beyond (`in 45 minutes`, `in 5 hours`, `in 3 days`, `2 hours ago`).
 * Rounded to the nearest unit: a handoff 2 days 20 hours away is `in 3 days`, not `in 2 days`.
 */
export function formatTimeFromNow(time: Date, now: Date): string {
  const difference = time.getTime() - now.getTime();
  const distance = Math.abs(difference);
  if (distance < MINUTE) {
    return 'now';
  }
  const minutes = Math.round(difference / MINUTE);
  if (Math.abs(minutes) < 60) {
    return RELATIVE_FORMAT.format(minutes, 'minute');
  }
  if (distance < 36 * HOUR) {
    return RELATIVE_FORMAT.format(Math.round(difference / HOUR), 'hour');
  }
  return RELATIVE_FORMAT.format(Math.round(difference / DAY), 'day');
}

/** One formatter per time zone: building an Intl.DateTimeFormat per call is slow. */
const WALL_CLOCK_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The day and time a clock in `timeZone` shows at `time` (`Mon 23 Nov, 09:00`); undefined for an unknown zone. */
export function formatWallClock(
  time: Date,
  timeZone: string,
): string | undefined {
  let format = WALL_CLOCK_FORMATS.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(TIME_LOCALE, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone,
      });
    } catch {
      // A RangeError: the zone is not an IANA time zone this browser knows.
      return undefined;
    }
    WALL_CLOCK_FORMATS.set(timeZone, format);
  }
  return format.format(time);
}

/**
 * A time as a clock in `timeZone` shows it, with the zone: `Mon 23 Nov, 09:00 Europe/Berlin`; undefined
 * when the zone is not a known IANA time zone.
 */
export function formatZonedTime(
  time: Date,
  timeZone: string,
): string | undefined {
  const wallClock = formatWallClock(time, timeZone);
  return wallClock === undefined ? undefined : `${wallClock} ${timeZone}`;
}

/**
 * The time zone of the viewer's browser, e.g. `America/New_York`. The one function here that reads the
 * environment rather than its arguments.
 */
export function browserTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A handoff time as the card shows it. */
export interface HandoffTime {
  /** `in 3 days`. */
  relative: string;
  /** In the schedule's time zone, `Mon 23 Nov, 09:00 Europe/Berlin`, when the schedule has a known one. */
  inScheduleZone?: string;
  /**
   * In the viewer's time zone, `Mon 23 Nov, 03:00 your time`; absent when the schedule's clock shows the
   * same (the viewer lives in the team's zone or one with the same offset).
   */
  inViewerZone?: string;
}

/**
 * A handoff (the end of a current shift, the start of the next) relative to `now`, in the schedule's time
 * zone and in the viewer's; undefined when the time does not parse.
 */
export function describeHandoff(
  iso: string,
  options: { now: Date; scheduleTimeZone?: string; viewerTimeZone: string },
): HandoffTime | undefined {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) {
    return undefined;
  }
  const result: HandoffTime = {
    relative: formatTimeFromNow(time, options.now),
  };
  const scheduleClock = options.scheduleTimeZone
    ? formatWallClock(time, options.scheduleTimeZone)
    : undefined;
  if (scheduleClock !== undefined) {
    result.inScheduleZone = `${scheduleClock} ${options.scheduleTimeZone}`;
  }
  const viewerClock = formatWallClock(time, options.viewerTimeZone);
  if (viewerClock !== undefined && viewerClock !== scheduleClock) {
    result.inViewerZone = `${viewerClock} your time`;
  }
  return result;
}

/**
 * The main line of a handoff: `Until Mon 23 Nov, 09:00 Europe/Berlin (in 3 days)` for the end of the current
 * shift, `From …` for the start of the next; in the schedule's zone when it has one, else the viewer's.
 */
export function describeHandoffLine(
  handoff: HandoffTime,
  side: 'until' | 'from',
): string {
  const absolute = handoff.inScheduleZone ?? handoff.inViewerZone;
  if (absolute === undefined) {
    return `${side === 'until' ? 'Hands over' : 'Takes over'} ${
      handoff.relative
    }`;
  }
  return `${side === 'until' ? 'Until' : 'From'} ${absolute} (${
    handoff.relative
  })`;
}

/** The shifts at one escalation level, in the order the provider gave them. */
export function shiftsAtLevel(
  shifts: OnCallShiftJson[],
  level: number,
): OnCallShiftJson[] {
  return shifts.filter(shift => shift.escalationLevel === level);
}

/** One escalation level as the card lists it. */
export interface EscalationRow {
  level: number;
  /** `immediately`, `after 15 min`. */
  delay: string;
  /** Who is on call at this level now, each once; the level's targets when no current shift says. */
  people: OnCallPersonJson[];
}

/** How long a level waits before it is paged: `immediately`, `after 15 min`. */
export function formatEscalationDelay(delayMinutes: number): string {
  return delayMinutes <= 0 ? 'immediately' : `after ${delayMinutes} min`;
}

function personKey(person: OnCallPersonJson): string {
  return person.userRef ?? person.email ?? person.name;
}

/**
 * The escalation levels with who is on call at each now: the people of the current shifts at that level
 * (a rotation's member of the week, an override), else the level's targets as the provider lists them.
 */
export function escalationRows(
  onCall: Pick<EntityOnCall, 'current' | 'escalation'>,
): EscalationRow[] {
  return [...onCall.escalation]
    .sort((a, b) => a.level - b.level)
    .map(level => {
      const current = shiftsAtLevel(onCall.current, level.level).map(
        shift => shift.person,
      );
      const people = current.length > 0 ? current : level.targets;
      const seen = new Set<string>();
      return {
        level: level.level,
        delay: formatEscalationDelay(level.delayMinutes),
        people: people.filter(person => {
          const key = personKey(person);
          if (seen.has(key)) {
            return false;
          }
          seen.add(key);
          return true;
        }),
      };
    });
}

/** Whether the answer holds a roster; without one the card explains `reason` and how to define a schedule. */
export function hasOnCallRoster(onCall: EntityOnCall): boolean {
  return onCall.providerId !== undefined;
}

/** One of the signed-in user's own shifts as the home card lists it. */
export interface MyShiftTimes {
  /** Whether the shift has started and not yet ended at `now`. */
  inProgress: boolean;
  /** `starts in 5 days`; `ends in 3 days` for a shift in progress. */
  relative: string;
  /**
   * From start to end on the viewer's clock: `Mon 16 Nov, 03:00 – Mon 23 Nov, 03:00 your time`, or
   * `Wed 25 Nov, 18:00 – 23:00 your time` within a day; undefined for an unknown zone.
   */
  range?: string;
}

/** A shift of the user's (start and end as ISO 8601) relative to `now` and in the viewer's time zone. */
export function describeMyShift(
  shift: { start: string; end: string },
  options: { now: Date; viewerTimeZone: string },
): MyShiftTimes | undefined {
  const { now, viewerTimeZone } = options;
  const start = new Date(shift.start);
  const end = new Date(shift.end);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    return undefined;
  }
  let relative: string;
  if (now < start) {
    relative = `starts ${formatTimeFromNow(start, now)}`;
  } else if (now < end) {
    relative = `ends ${formatTimeFromNow(end, now)}`;
  } else {
    relative = `ended ${formatTimeFromNow(end, now)}`;
  }
  const result: MyShiftTimes = {
    inProgress: start <= now && now < end,
    relative,
  };
  const from = formatWallClock(start, viewerTimeZone);
  const to = formatWallClock(end, viewerTimeZone);
  if (from !== undefined && to !== undefined) {
    // `Mon 23 Nov, 09:00`: the day before the comma, the time after it.
    const [fromDay] = from.split(', ');
    const [toDay, toTime] = to.split(', ');
    result.range = `${from} – ${fromDay === toDay ? toTime : to} your time`;
  }
  return result;
}

/** How much a team owns, for its line on the home card: `owns 4 entities`, `owns 1 entity`. */
export function formatOwnedEntityCount(count: number): string {
  if (count === 0) {
    return 'owns no catalog entities';
  }
  return `owns ${count} ${count === 1 ? 'entity' : 'entities'}`;
}

/** The length of a window in whole days, e.g. 14 for `MyOnCall`'s `from` and `to`; undefined when unreadable. */
export function windowDays(from: string, to: string): number | undefined {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY);
  return Number.isFinite(days) ? days : undefined;
}
