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
import { DateTime, IANAZone } from 'luxon';

/*
 * Wall-clock time helpers shared by the schedule reader and the rotation math. Internal to the package.
 *
 * A "wall time" is a local date and time with no zone attached, held as the milliseconds it would be on a
 * UTC clock (so 2026-03-29 02:30 local is Date.UTC(2026, 2, 29, 2, 30)). Adding days or hours to a wall
 * time is then plain arithmetic without any daylight-saving jumps, and only the final mapping back to an
 * instant consults the zone's rules.
 */

/** One minute in milliseconds. */
export const MINUTE_MS = 60_000;
/** One hour in milliseconds. */
export const HOUR_MS = 60 * MINUTE_MS;
/** One calendar day of wall time in milliseconds. */
export const DAY_MS = 24 * HOUR_MS;

/** The local wall time of an instant in a zone. */
export function wallTimeOf(instant: number, zone: IANAZone): number {
  return instant + zone.offset(instant) * MINUTE_MS;
}

/**
 * The instant a local wall time denotes in a zone, resolved the way `Temporal`'s `'compatible'`
 * disambiguation (and RFC 5545) does, so the answer never depends on the current date:
 *
 * - a time that occurs twice (when clocks go back) is its first occurrence, in summer time;
 * - a time that does not exist (when clocks go forward) moves forward by the length of the gap, e.g.
 *   02:30 on 2026-03-29 in Europe/Berlin is 03:30 CEST. This is also what luxon does for such times.
 *
 * (luxon's own `DateTime.fromObject(…, { zone })` chooses between the two occurrences of a repeated time
 * by the offset in force *today*, which would make shift boundaries depend on the clock.)
 */
export function instantOf(wall: number, zone: IANAZone): number {
  // Offsets in force a day either side cover any transition near this wall time.
  const before = zone.offset(wall - DAY_MS);
  const after = zone.offset(wall + DAY_MS);
  const candidates = [before, after]
    .map(offset => wall - offset * MINUTE_MS)
    .filter(instant => wallTimeOf(instant, zone) === wall);
  if (candidates.length > 0) {
    return Math.min(...candidates);
  }
  // In a gap: read the wall time with the offset from before the jump, which lands after it.
  return wall - before * MINUTE_MS;
}

/** An instant as an ISO 8601 string with the zone's offset, e.g. `2026-11-02T09:00:00.000+01:00`. */
export function isoInZone(instant: number, zone: IANAZone): string {
  return DateTime.fromMillis(instant, { zone }).toISO()!;
}

/** A date and time as written in the annotation, before a zone is applied. */
export type WrittenDateTime =
  | {
      /** `YYYY-MM-DD` (a date) or `YYYY-MM-DDTHH:mm[:ss]` (a local date-time). */
      kind: 'local';
      /** The wall time of the given date, at 00:00 when only a date is written. */
      wall: number;
      /** Whether a time of day was written. */
      hasTime: boolean;
    }
  | {
      /** An ISO 8601 date-time with `Z` or an offset: an instant. */
      kind: 'instant';
      instant: number;
    };

const LOCAL_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const OFFSET_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:mm[:ss]` (local) or an ISO 8601 date-time with an offset; undefined
 * when the text is none of these or names a day or time that no calendar has (2026-02-30, 24:10).
 */
export function parseWrittenDateTime(
  value: unknown,
): WrittenDateTime | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const local = LOCAL_DATE_TIME.exec(text);
  if (local) {
    const [year, month, day, hour, minute, second] = local
      .slice(1)
      .map(part => (part === undefined ? 0 : Number(part)));
    const wall = Date.UTC(year, month - 1, day, hour, minute, second);
    const check = new Date(wall);
    const exists =
      check.getUTCFullYear() === year &&
      check.getUTCMonth() === month - 1 &&
      check.getUTCDate() === day &&
      hour < 24 &&
      minute < 60 &&
      second < 60;
    return exists
      ? { kind: 'local', wall, hasTime: local[4] !== undefined }
      : undefined;
  }
  if (OFFSET_DATE_TIME.test(text)) {
    const parsed = DateTime.fromISO(text, { setZone: true });
    return parsed.isValid
      ? { kind: 'instant', instant: parsed.toMillis() }
      : undefined;
  }
  return undefined;
}
