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

import { countRollupRows, planRollupReads } from './planRollupReads';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const LATER = at('2027-01-01T00:00:00Z');

describe('planRollupReads', () => {
  it('reads a 30-day window aligned to UTC days as 30 day rows', () => {
    const ranges = planRollupReads(
      at('2026-10-01T00:00:00Z'),
      at('2026-10-31T00:00:00Z'),
      LATER,
    );
    expect(ranges).toEqual([
      {
        level: 'day',
        startMs: at('2026-10-01T00:00:00Z'),
        endMs: at('2026-10-31T00:00:00Z'),
      },
    ]);
    expect(countRollupRows(ranges)).toBe(30);
  });

  it('reads an unaligned 30-day window as minutes, hours, days, hours, minutes: 112 rows instead of 43,200', () => {
    const ranges = planRollupReads(
      at('2026-10-01T10:17:30Z'),
      at('2026-10-31T10:16:30Z'),
      LATER,
    );
    expect(ranges).toEqual([
      {
        level: 'minute',
        startMs: at('2026-10-01T10:17:00Z'),
        endMs: at('2026-10-01T11:00:00Z'),
      },
      {
        level: 'hour',
        startMs: at('2026-10-01T11:00:00Z'),
        endMs: at('2026-10-02T00:00:00Z'),
      },
      {
        level: 'day',
        startMs: at('2026-10-02T00:00:00Z'),
        endMs: at('2026-10-31T00:00:00Z'),
      },
      {
        level: 'hour',
        startMs: at('2026-10-31T00:00:00Z'),
        endMs: at('2026-10-31T10:00:00Z'),
      },
      {
        level: 'minute',
        startMs: at('2026-10-31T10:00:00Z'),
        endMs: at('2026-10-31T10:17:00Z'),
      },
    ]);
    expect(countRollupRows(ranges)).toBe(43 + 13 + 29 + 10 + 17);
  });

  it('reads hours and days that have not ended by now at a finer level', () => {
    const now = at('2026-11-21T10:17:00Z');
    const ranges = planRollupReads(now - 2 * DAY_MS, now + 2 * HOUR_MS, now);
    expect(ranges).toEqual([
      {
        level: 'minute',
        startMs: at('2026-11-19T10:17:00Z'),
        endMs: at('2026-11-19T11:00:00Z'),
      },
      {
        level: 'hour',
        startMs: at('2026-11-19T11:00:00Z'),
        endMs: at('2026-11-20T00:00:00Z'),
      },
      {
        level: 'day',
        startMs: at('2026-11-20T00:00:00Z'),
        endMs: at('2026-11-21T00:00:00Z'),
      },
      {
        level: 'hour',
        startMs: at('2026-11-21T00:00:00Z'),
        endMs: at('2026-11-21T10:00:00Z'),
      },
      {
        level: 'minute',
        startMs: at('2026-11-21T10:00:00Z'),
        endMs: at('2026-11-21T12:17:00Z'),
      },
    ]);

    // A rollup job that needs 15 minutes after the hour: 09:00–10:00 is not ready at 10:10.
    const withDelay = planRollupReads(
      at('2026-11-21T08:00:00Z'),
      at('2026-11-21T10:10:00Z'),
      at('2026-11-21T10:10:00Z'),
      { rollupDelayMs: 15 * MINUTE_MS },
    );
    expect(withDelay).toEqual([
      {
        level: 'hour',
        startMs: at('2026-11-21T08:00:00Z'),
        endMs: at('2026-11-21T09:00:00Z'),
      },
      {
        level: 'minute',
        startMs: at('2026-11-21T09:00:00Z'),
        endMs: at('2026-11-21T10:10:00Z'),
      },
    ]);
  });

  it('treats every level as current without nowMs (rows merged into hours and days on write)', () => {
    expect(
      planRollupReads(at('2026-11-21T00:00:00Z'), at('2026-11-22T00:00:00Z')),
    ).toEqual([
      {
        level: 'day',
        startMs: at('2026-11-21T00:00:00Z'),
        endMs: at('2026-11-22T00:00:00Z'),
      },
    ]);
  });

  it('uses only levels that divide maxLevelMs, so rows fit in the steps of a series', () => {
    const from = at('2026-11-20T00:00:00Z');
    const to = at('2026-11-22T00:00:00Z');
    expect(planRollupReads(from, to, { maxLevelMs: 5 * MINUTE_MS })).toEqual([
      { level: 'minute', startMs: from, endMs: to },
    ]);
    expect(
      planRollupReads(from, to, LATER, { maxLevelMs: 6 * HOUR_MS }),
    ).toEqual([{ level: 'hour', startMs: from, endMs: to }]);
    expect(planRollupReads(from, to, { maxLevelMs: 90 * MINUTE_MS })).toEqual([
      { level: 'minute', startMs: from, endMs: to },
    ]);
  });

  it('covers any window exactly, in order, with aligned ranges', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const completeWindowRows: number[] = [];
    for (let i = 0; i < 500; i++) {
      const fromMs =
        at('2026-01-01T00:00:00Z') + Math.floor(random() * 300 * DAY_MS);
      const toMs = fromMs + Math.floor(random() * 40 * DAY_MS);
      const nowMs = fromMs + Math.floor(random() * 60 * DAY_MS);
      const ranges = planRollupReads(fromMs, toMs, nowMs);
      let cursor = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
      for (const range of ranges) {
        const length = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS }[
          range.level
        ];
        expect(range.startMs).toBe(cursor);
        expect(range.startMs % length).toBe(0);
        expect(range.endMs % length).toBe(0);
        expect(range.endMs).toBeGreaterThan(range.startMs);
        // hours and days only once they ended
        expect(range.level === 'minute' || range.endMs <= nowMs).toBe(true);
        cursor = range.endMs;
      }
      expect(cursor).toBe(
        toMs > fromMs ? Math.ceil(toMs / MINUTE_MS) * MINUTE_MS : cursor,
      );
      if (nowMs >= toMs) {
        completeWindowRows.push(countRollupRows(ranges));
      }
    }
    // whole days, plus at most 23 hours and 59 minutes at each edge
    expect(completeWindowRows.length).toBeGreaterThan(100);
    expect(Math.max(...completeWindowRows)).toBeLessThanOrEqual(
      40 + 2 * 23 + 2 * 59,
    );
  });

  it('returns nothing for an empty window and refuses unbounded ones', () => {
    expect(planRollupReads(LATER, LATER, LATER)).toEqual([]);
    expect(planRollupReads(LATER, LATER - 1, LATER)).toEqual([]);
    expect(() => planRollupReads(0, Number.POSITIVE_INFINITY)).toThrow(
      RangeError,
    );
  });
});
