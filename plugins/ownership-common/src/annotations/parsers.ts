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
import { DateTime, Duration } from 'luxon';

/**
 * The result of parsing one annotation value: either the value, or a human-readable reason it is wrong.
 *
 * @public
 */
export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; message: string };

/**
 * One trace service an entity claims, as written in the service-name annotation.
 *
 * @public
 */
export interface TraceServiceName {
  /** `service.namespace`, when the entry was written as `namespace/name`. */
  namespace?: string;
  /** `service.name`. */
  name: string;
}

const WHITESPACE = /\s/;

function splitList(value: string): string[] {
  return value.split(',').map(item => item.trim());
}

function listProblem(
  items: string[],
  what: string,
): ParseResult<never> | undefined {
  if (items.length === 1 && items[0] === '') {
    return { ok: false, message: `is empty; expected one or more ${what}` };
  }
  const emptyAt = items.findIndex(item => item === '');
  if (emptyAt >= 0) {
    return {
      ok: false,
      message: `has an empty entry at position ${
        emptyAt + 1
      }; separate ${what} with single commas`,
    };
  }
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item)) {
      return { ok: false, message: `lists "${item}" more than once` };
    }
    seen.add(item);
  }
  return undefined;
}

/**
 * Parses the service-name annotation: comma-separated `name` or `namespace/name` entries.
 *
 * @public
 */
export function parseServiceNames(
  value: string,
): ParseResult<TraceServiceName[]> {
  const items = splitList(value);
  const problem = listProblem(items, 'service names');
  if (problem) {
    return problem;
  }
  const names: TraceServiceName[] = [];
  for (const item of items) {
    if (WHITESPACE.test(item)) {
      return {
        ok: false,
        message: `entry "${item}" contains whitespace; service.name values are written without spaces and separated by commas`,
      };
    }
    const parts = item.split('/');
    if (parts.length > 2 || parts.some(part => part === '')) {
      return {
        ok: false,
        message: `entry "${item}" is not of the form "name" or "namespace/name"`,
      };
    }
    names.push(
      parts.length === 2
        ? { namespace: parts[0], name: parts[1] }
        : { name: parts[0] },
    );
  }
  return { ok: true, value: names };
}

/**
 * Parses the signal-operations annotation: comma-separated span names.
 *
 * Span names may contain spaces (`POST /checkout`), so only commas separate entries.
 *
 * @public
 */
export function parseSignalOperations(value: string): ParseResult<string[]> {
  const items = splitList(value);
  return listProblem(items, 'operation names') ?? { ok: true, value: items };
}

/**
 * Parses the last-audited annotation: a calendar date `YYYY-MM-DD` or an ISO 8601 timestamp, interpreted in
 * UTC when it has no offset. A date later than `now` is rejected: an audit cannot have happened in the future.
 *
 * @public
 */
export function parseLastAudited(
  value: string,
  options: { now: Date },
): ParseResult<Date> {
  const trimmed = value.trim();
  if (trimmed === '') {
    return { ok: false, message: 'is empty; expected a date like 2026-01-31' };
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    return {
      ok: false,
      message: `"${trimmed}" is not a date; expected YYYY-MM-DD, e.g. 2026-01-31`,
    };
  }
  const parsed = DateTime.fromISO(trimmed, { zone: 'utc' });
  if (!parsed.isValid) {
    return {
      ok: false,
      message: `"${trimmed}" is not a valid date (${
        parsed.invalidExplanation ?? parsed.invalidReason
      }); expected YYYY-MM-DD, e.g. 2026-01-31`,
    };
  }
  if (parsed.toMillis() > options.now.getTime()) {
    return {
      ok: false,
      message: `"${trimmed}" is in the future; record the date the review actually happened`,
    };
  }
  return { ok: true, value: parsed.toJSDate() };
}

const SHORTHAND_INTERVAL = /^(\d+)\s*([dw])$/i;

/**
 * Parses the audit-interval annotation into whole days: `P90D`, `P12W`, `P1W3D`, or the shorthand `90d`/`12w`.
 * Months and years are refused because their length in days is ambiguous.
 *
 * @public
 */
export function parseAuditInterval(value: string): ParseResult<number> {
  const trimmed = value.trim();
  const shorthand = SHORTHAND_INTERVAL.exec(trimmed);
  let days: number;
  if (shorthand) {
    days = Number(shorthand[1]) * (shorthand[2].toLowerCase() === 'w' ? 7 : 1);
  } else {
    const duration = Duration.fromISO(trimmed.toUpperCase());
    if (!duration.isValid) {
      return {
        ok: false,
        message: `"${trimmed}" is not a duration; expected an ISO 8601 duration such as P90D or P12W, or 90d / 12w`,
      };
    }
    const units = duration.toObject();
    if (units.years || units.quarters || units.months) {
      return {
        ok: false,
        message: `"${trimmed}" uses months or years, whose length varies; write it in days or weeks, e.g. P90D`,
      };
    }
    if (units.hours || units.minutes || units.seconds || units.milliseconds) {
      return {
        ok: false,
        message: `"${trimmed}" is not a whole number of days; audit intervals are counted in days, e.g. P90D`,
      };
    }
    days = duration.as('days');
  }
  if (!Number.isInteger(days) || days < 1) {
    return {
      ok: false,
      message: `"${trimmed}" must be at least one day`,
    };
  }
  return { ok: true, value: days };
}
