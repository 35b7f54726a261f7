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
import { DateTime, IANAZone } from 'luxon';
import type { OnCallPersonJson, OnCallShiftJson } from './api';
import type { OnCallLayer, OnCallSchedule } from './schedule';
import { DAY_MS, HOUR_MS, instantOf, MINUTE_MS, wallTimeOf } from './wallTime';

/*
 * Rotation math. Shift boundaries are computed on the local wall clock of the schedule's zone and only then
 * mapped to instants, so daylight-saving changes never move a handoff:
 *
 * - Day and week rotations: shift k starts on the start date plus k × rotation calendar days, at the handoff
 *   time. A weekly 09:00 handoff stays at 09:00 local time, so its UTC instant moves by an hour when the
 *   clocks change, and the shift spanning the change is an hour shorter or longer.
 * - Hour rotations (1, 2, 3, 4, 6, 8 or 12 h): shift k starts at start + k × rotation hours of *wall-clock*
 *   time, which lands on handoff + n × rotation every local day (e.g. 09:00 and 21:00 for 12h). A 12h shift
 *   spanning the spring change is 11 real hours long, one spanning the autumn change 13.
 * - A boundary at a local time that does not exist (02:30 on a spring-forward day) moves forward by the gap,
 *   to 03:30, like luxon does; a boundary at a local time that occurs twice is its first occurrence. The
 *   shift before it ends exactly where the next begins, so shifts never overlap or leave a gap; they only
 *   get shorter or longer. A 1h rotation may get a shift of length zero in the skipped hour: its member is
 *   simply not on call that day.
 */

/**
 * One regular shift of a layer, before overrides.
 *
 * @public
 */
export interface OnCallRotationShift {
  /** 0 for the first shift from the layer's start, counting up. */
  index: number;
  /** Catalog user ref of the member on call: `members[index mod members.length]`. */
  member: string;
  /** Inclusive. */
  start: Date;
  /** Exclusive: the start of the next shift. */
  end: Date;
}

/**
 * A person on call, as a catalog user.
 *
 * @public
 */
export interface OnCallRosterPerson {
  /** e.g. `user:default/alice`. */
  userRef: string;
  /** The name part of the ref, e.g. `alice`. */
  name: string;
}

/**
 * One stretch of on-call duty at one level with overrides applied; {@link OnCallShiftJson} with dates.
 *
 * Consecutive shifts of the same person are merged, so `start` and `end` are when that person actually
 * takes over and hands over.
 *
 * @public
 */
export interface OnCallRosterShift {
  person: OnCallRosterPerson;
  escalationLevel: number;
  /** Inclusive. */
  start: Date;
  /** Exclusive. */
  end: Date;
  /** Whether any part of the stretch is an override rather than the rotation. */
  override: boolean;
}

/**
 * Who is on call now and who comes next, per escalation level.
 *
 * @public
 */
export interface OnCallRoster {
  /** One entry per level that has someone on call now, in level order. */
  current: OnCallRosterShift[];
  /** Per level, the next person to take over after `current` ends, in level order. */
  next: OnCallRosterShift[];
}

/**
 * One escalation level and who it pages now; the shape of `EntityOnCall`'s `escalation` items.
 *
 * @public
 */
export interface OnCallEscalationLevel {
  level: number;
  /** Wait at the previous level before this one is paged; 0 for level 1. */
  delayMinutes: number;
  /** The person on call at this level (none before the layer's start). */
  targets: OnCallRosterPerson[];
}

/** How many shifts {@link rosterAt} looks through for a change of person, unless told. */
const DEFAULT_HORIZON_SHIFTS = 100;

function instantOfIso(iso: string): number {
  return DateTime.fromISO(iso, { setZone: true }).toMillis();
}

/** The boundaries of a layer's regular shifts, computed on the zone's wall clock. */
interface LayerClock {
  /** The instant shift `k` starts (also for k < 0, before the layer starts). */
  boundary(k: number): number;
  /** The shift containing the instant, undefined before the first one. */
  indexAt(instant: number): number | undefined;
}

function clockOf(layer: OnCallLayer, zone: IANAZone): LayerClock {
  const step =
    'days' in layer.rotation
      ? layer.rotation.days * DAY_MS
      : layer.rotation.hours * HOUR_MS;
  const grid = Math.min(step, DAY_MS);
  const handoff = (layer.handoff.hour * 60 + layer.handoff.minute) * MINUTE_MS;
  // The first boundary on the wall clock: the start's local time snapped down to the handoff grid. A start
  // that fell into a spring-forward gap was moved forward when it was placed; snapping recovers the
  // intended wall time, so later boundaries keep the handoff time.
  const startWall = wallTimeOf(instantOfIso(layer.start), zone);
  const midnight = startWall - (((startWall % DAY_MS) + DAY_MS) % DAY_MS);
  const anchor =
    midnight +
    handoff +
    Math.floor((startWall - midnight - handoff) / grid) * grid;
  const boundary = (k: number) => instantOf(anchor + k * step, zone);
  return {
    boundary,
    indexAt(instant) {
      // Estimate on the wall clock, then correct for the hours daylight saving adds or removes.
      let k = Math.floor((wallTimeOf(instant, zone) - anchor) / step);
      while (boundary(k) > instant) k--;
      while (boundary(k + 1) <= instant) k++;
      return k < 0 ? undefined : k;
    },
  };
}

/** A piece of a level's timeline in which one person (or nobody) is on call. */
interface Segment {
  member?: string;
  /** Inclusive; -Infinity before the layer's start when no override precedes. */
  start: number;
  /** Exclusive; always after the instant the segment was looked up at. */
  end: number;
  override: boolean;
}

interface Timeline {
  layer: OnCallLayer;
  /** The segment containing the instant. */
  segmentAt(instant: number): Segment;
}

function timelineOf(schedule: OnCallSchedule, layer: OnCallLayer): Timeline {
  const clock = clockOf(layer, IANAZone.create(schedule.timeZone));
  const overrides = schedule.overrides
    .filter(override => override.level === layer.level)
    .map(override => ({
      member: override.member,
      from: instantOfIso(override.from),
      to: instantOfIso(override.to),
    }));
  return {
    layer,
    segmentAt(instant) {
      // Where overrides overlap, the one written last wins.
      let winner = -1;
      overrides.forEach((override, index) => {
        if (override.from <= instant && instant < override.to) winner = index;
      });
      if (winner >= 0) {
        const override = overrides[winner];
        let start = override.from;
        let end = override.to;
        for (const later of overrides.slice(winner + 1)) {
          if (later.to <= instant) start = Math.max(start, later.to);
          else if (later.from > instant) end = Math.min(end, later.from);
        }
        return { member: override.member, start, end, override: true };
      }
      const index = clock.indexAt(instant);
      let start = index === undefined ? -Infinity : clock.boundary(index);
      let end = clock.boundary(index === undefined ? 0 : index + 1);
      for (const override of overrides) {
        if (override.to <= instant) start = Math.max(start, override.to);
        else if (override.from > instant) end = Math.min(end, override.from);
      }
      return {
        member:
          index === undefined
            ? undefined
            : layer.members[index % layer.members.length],
        start,
        end,
        override: false,
      };
    },
  };
}

/**
 * Extends a segment over the following ones of the same person: without limit while they start before
 * `until`, then for at most `steps` more.
 */
function extendForward(
  timeline: Timeline,
  segment: Segment,
  until: number,
  steps: number,
): Segment {
  let merged = segment;
  let taken = 0;
  while (merged.member !== undefined) {
    const following = timeline.segmentAt(merged.end);
    if (following.member !== merged.member) break;
    if (following.start >= until) {
      if (taken >= steps) break;
      taken++;
    }
    merged = {
      ...merged,
      end: following.end,
      override: merged.override || following.override,
    };
  }
  return merged;
}

/** Extends a segment over at most `steps` preceding ones of the same person. */
function extendBackward(
  timeline: Timeline,
  segment: Segment,
  steps: number,
): Segment {
  let merged = segment;
  for (let taken = 0; taken < steps; taken++) {
    if (merged.member === undefined || merged.start === -Infinity) break;
    const preceding = timeline.segmentAt(merged.start - 1);
    if (preceding.member !== merged.member) break;
    merged = {
      ...merged,
      start: preceding.start,
      override: merged.override || preceding.override,
    };
  }
  return merged;
}

function personOf(userRef: string): OnCallRosterPerson {
  try {
    return { userRef, name: parseEntityRef(userRef).name };
  } catch {
    return { userRef, name: userRef };
  }
}

function rosterShiftOf(
  timeline: Timeline,
  segment: Segment,
): OnCallRosterShift {
  return {
    person: personOf(segment.member!),
    escalationLevel: timeline.layer.level,
    start: new Date(segment.start),
    end: new Date(segment.end),
    override: segment.override,
  };
}

/**
 * The regular shift of a layer at an instant, before overrides: its index counted from the layer's start,
 * its member and its bounds. Undefined before the layer's start.
 *
 * Boundaries follow the local wall clock of `zone` (see the module notes: handoffs stay at their local time
 * across daylight-saving changes, so shifts spanning a change are an hour shorter or longer).
 *
 * @public
 */
export function shiftAt(
  layer: OnCallLayer,
  zone: string,
  at: Date,
): OnCallRotationShift | undefined {
  const clock = clockOf(layer, IANAZone.create(zone));
  const index = clock.indexAt(at.getTime());
  if (index === undefined) return undefined;
  return {
    index,
    member: layer.members[index % layer.members.length],
    start: new Date(clock.boundary(index)),
    end: new Date(clock.boundary(index + 1)),
  };
}

/**
 * Who is on call at `now` at every level, and who takes over next, with overrides applied.
 *
 * - `current`: the person on call at `now` per level, from when they took over to when they hand over. An
 *   override covering `now` replaces the rotation's member for its interval; an override that starts before
 *   the regular shift ends cuts it short.
 * - `next`: per level, the next person different from the current one, with their stretch. Levels whose
 *   rotation has not started have no current entry but their first member as next.
 *
 * Consecutive shifts of one person are merged; `horizonShifts` (default 100) bounds how many shifts are
 * looked through for a change of person, so a single-member layer ends its current stretch there and has
 * no next entry.
 *
 * @public
 */
export function rosterAt(
  schedule: OnCallSchedule,
  now: Date,
  options?: { horizonShifts?: number },
): OnCallRoster {
  const horizon = options?.horizonShifts ?? DEFAULT_HORIZON_SHIFTS;
  const roster: OnCallRoster = { current: [], next: [] };
  for (const layer of schedule.layers) {
    const timeline = timelineOf(schedule, layer);
    const current = extendBackward(
      timeline,
      extendForward(
        timeline,
        timeline.segmentAt(now.getTime()),
        -Infinity,
        horizon,
      ),
      horizon,
    );
    if (current.member !== undefined) {
      roster.current.push(rosterShiftOf(timeline, current));
    }
    let probe = current.end;
    for (let step = 0; step < horizon; step++) {
      const segment = timeline.segmentAt(probe);
      if (segment.member !== undefined && segment.member !== current.member) {
        roster.next.push(
          rosterShiftOf(
            timeline,
            extendForward(timeline, segment, -Infinity, horizon),
          ),
        );
        break;
      }
      probe = segment.end;
    }
  }
  return roster;
}

/**
 * The stretches of duty of one user at any level, with overrides applied, that overlap `[from, to)`, in
 * order of start (then level). Stretches are reported whole, so the first may start before `from` and the
 * last end after `to`. The work grows with the number of shifts in the range: callers bound it.
 *
 * `userRef` is compared case-insensitively; a bare name means `user:default/<name>`.
 *
 * @public
 */
export function upcomingShifts(
  schedule: OnCallSchedule,
  userRef: string,
  from: Date,
  to: Date,
): OnCallRosterShift[] {
  const user = normalisedUserRef(userRef);
  const start = from.getTime();
  const end = to.getTime();
  const shifts: OnCallRosterShift[] = [];
  if (!(start < end)) return shifts;
  for (const layer of schedule.layers) {
    const timeline = timelineOf(schedule, layer);
    let stretch = extendBackward(
      timeline,
      extendForward(
        timeline,
        timeline.segmentAt(start),
        end,
        DEFAULT_HORIZON_SHIFTS,
      ),
      DEFAULT_HORIZON_SHIFTS,
    );
    for (;;) {
      if (
        stretch.member !== undefined &&
        normalisedUserRef(stretch.member) === user &&
        stretch.end > start
      ) {
        shifts.push(rosterShiftOf(timeline, stretch));
      }
      if (stretch.end >= end) break;
      stretch = extendForward(
        timeline,
        timeline.segmentAt(stretch.end),
        end,
        DEFAULT_HORIZON_SHIFTS,
      );
    }
  }
  return shifts.sort(
    (a, b) =>
      a.start.getTime() - b.start.getTime() ||
      a.escalationLevel - b.escalationLevel,
  );
}

/**
 * The escalation policy at `now`: per level, the wait before it is paged and the person on call there
 * (overrides applied). Suits `EntityOnCall`'s `escalation`.
 *
 * @public
 */
export function escalationOf(
  schedule: OnCallSchedule,
  now: Date,
): OnCallEscalationLevel[] {
  return schedule.layers.map(layer => {
    const segment = timelineOf(schedule, layer).segmentAt(now.getTime());
    return {
      level: layer.level,
      delayMinutes: layer.delayMinutes,
      targets: segment.member === undefined ? [] : [personOf(segment.member)],
    };
  });
}

/**
 * A roster shift (of this rotation, or any provider's) as the API answers it: ISO 8601 instants, `override`
 * only when true.
 *
 * @public
 */
export function toOnCallShiftJson(shift: {
  person: OnCallPersonJson;
  escalationLevel: number;
  start: Date;
  end: Date;
  override?: boolean;
}): OnCallShiftJson {
  return {
    person: { ...shift.person },
    escalationLevel: shift.escalationLevel,
    start: shift.start.toISOString(),
    end: shift.end.toISOString(),
    ...(shift.override ? { override: true } : {}),
  };
}

function normalisedUserRef(ref: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'user' }));
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
}
