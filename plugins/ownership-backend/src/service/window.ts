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
import { InputError } from '@backstage/errors';

/** A validated query window. */
export interface QueryWindow {
  fromMs: number;
  toMs: number;
  stepMs: number;
}

const SHORTHAND_MS: Record<string, number> = {
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

/** Steps a series may use, in seconds: whole minutes up to a day, so buckets align with rollups. */
export const ALLOWED_STEPS_SECONDS = [
  60, 300, 900, 1800, 3600, 10800, 21600, 43200, 86400,
];

/** Longest window a query may span. */
export const MAX_WINDOW_MS = 400 * 86_400_000;
/** Most points a series may have. */
export const MAX_POINTS = 1500;

function parseInstant(name: string, value: string): number {
  const asNumber = Number(value);
  const ms = /^\d+$/.test(value) ? asNumber : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new InputError(
      `Query parameter "${name}" is "${value}"; expected an ISO 8601 timestamp (2026-11-21T12:00:00Z) or milliseconds since the epoch`,
    );
  }
  return ms;
}

/** An optional query parameter: absent, or one non-empty string (a repeated or empty one is a 400). */
export function optionalParam(
  query: Record<string, unknown>,
  name: string,
): string | undefined {
  const value = query[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value === '') {
    throw new InputError(
      `Query parameter "${name}" must be a non-empty string, given once`,
    );
  }
  return value;
}

/** A required query parameter: one non-empty string. */
export function requiredParam(
  query: Record<string, unknown>,
  name: string,
): string {
  const value = optionalParam(query, name);
  if (value === undefined) {
    throw new InputError(`Query parameter "${name}" is required`);
  }
  return value;
}

/**
 * Reads `window` (one of 5m, 15m, 1h, 6h, 24h, 7d, 30d) or `from`/`to`, and `step` (seconds), from a query
 * string. Defaults: the last hour up to `now`, and the smallest allowed step giving at most 120 points.
 */
export function parseWindow(
  query: Record<string, unknown>,
  now: number,
): QueryWindow {
  const windowName = optionalParam(query, 'window');
  const fromText = optionalParam(query, 'from');
  const toText = optionalParam(query, 'to');
  const stepText = optionalParam(query, 'step');

  let toMs = toText !== undefined ? parseInstant('to', toText) : now;
  let fromMs: number;
  if (windowName !== undefined) {
    if (fromText !== undefined) {
      throw new InputError('Give either "window" or "from", not both');
    }
    const length = SHORTHAND_MS[windowName];
    if (length === undefined) {
      throw new InputError(
        `Query parameter "window" is "${windowName}"; expected one of ${Object.keys(
          SHORTHAND_MS,
        ).join(', ')}`,
      );
    }
    fromMs = toMs - length;
  } else {
    fromMs =
      fromText !== undefined
        ? parseInstant('from', fromText)
        : toMs - 3_600_000;
  }
  if (fromMs >= toMs) {
    throw new InputError(
      `The window is empty: "from" (${new Date(
        fromMs,
      ).toISOString()}) must be before "to" (${new Date(toMs).toISOString()})`,
    );
  }
  if (toMs - fromMs > MAX_WINDOW_MS) {
    throw new InputError(
      `The window is longer than ${MAX_WINDOW_MS / 86_400_000} days`,
    );
  }

  let stepSeconds: number;
  if (stepText !== undefined) {
    stepSeconds = Number(stepText);
    if (!ALLOWED_STEPS_SECONDS.includes(stepSeconds)) {
      throw new InputError(
        `Query parameter "step" is "${stepText}"; expected one of ${ALLOWED_STEPS_SECONDS.join(
          ', ',
        )} (seconds)`,
      );
    }
  } else {
    stepSeconds =
      ALLOWED_STEPS_SECONDS.find(s => (toMs - fromMs) / (s * 1000) <= 120) ??
      86400;
  }
  const stepMs = stepSeconds * 1000;
  // Align the window on the step so buckets line up with rollups.
  fromMs = Math.floor(fromMs / stepMs) * stepMs;
  toMs = Math.ceil(toMs / stepMs) * stepMs;
  const points = (toMs - fromMs) / stepMs;
  if (points > MAX_POINTS) {
    throw new InputError(
      `A step of ${stepSeconds} s over this window gives ${points} points; at most ${MAX_POINTS} are allowed, use a larger step`,
    );
  }
  return { fromMs, toMs, stepMs };
}
