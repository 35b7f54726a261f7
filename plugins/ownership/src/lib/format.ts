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
import { parseEntityRef } from '@backstage/catalog-model';
import {
  DEPENDENCY_WINDOWS,
  DependencyWindow,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';

// Fixed locale: numbers read the same for everyone and tests do not depend on the machine's locale.
const LOCALE = 'en-US';

/** One formatter per precision: building an Intl.NumberFormat per call is slow for tables of many rows. */
const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();

/** A number in the fixed locale with at most `maximumFractionDigits` decimals: `1,234.5`. */
export function formatNumber(
  value: number,
  maximumFractionDigits: number,
): string {
  let format = NUMBER_FORMATS.get(maximumFractionDigits);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { maximumFractionDigits });
    NUMBER_FORMATS.set(maximumFractionDigits, format);
  }
  return format.format(value);
}

/**
 * An entity ref as people say it: `group:default/team-checkout` → `team-checkout`; the namespace is kept
 * when it is not `default` (`shop/team-checkout`). Anything that does not parse is returned as is.
 */
export function humanizeEntityRef(entityRef: string): string {
  try {
    const { namespace, name } = parseEntityRef(entityRef);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return entityRef;
  }
}

/**
 * A request rate: per second from 1 req/s up, per minute below, so quiet calls do not all read `0 req/s`.
 */
export function formatRate(ratePerSecond: number): string {
  if (ratePerSecond <= 0) {
    return '0 req/s';
  }
  if (ratePerSecond >= 1) {
    return `${formatNumber(ratePerSecond, ratePerSecond >= 100 ? 0 : 1)} req/s`;
  }
  const perMinute = ratePerSecond * 60;
  if (perMinute < 0.1) {
    return '< 0.1 req/min';
  }
  return `${formatNumber(perMinute, perMinute >= 10 ? 0 : 1)} req/min`;
}

/** An error ratio (0..1) as a percentage with one decimal; tiny but non-zero ratios stay visible. */
export function formatErrorRate(errorRate: number): string {
  if (errorRate <= 0) {
    return '0%';
  }
  if (errorRate < 0.001) {
    return '< 0.1%';
  }
  return `${formatNumber(errorRate * 100, 1)}%`;
}

/** Error ratio from which an error rate is shown as a problem. */
export const HIGH_ERROR_RATE = 0.01;

/** A latency in milliseconds: whole milliseconds below a second, seconds with one decimal above. */
export function formatLatency(ms: number | undefined): string {
  if (ms === undefined) {
    return '–';
  }
  if (ms < 1) {
    return '< 1 ms';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  return `${formatNumber(ms / 1000, 1)} s`;
}

/** A count with thousands separators. */
export function formatCount(count: number): string {
  return formatNumber(count, 0);
}

/** A count of something, pluralized: `1 call`, `1,200 calls`. */
export function formatCountOf(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;
}

/** An ISO 8601 time relative to `now` (`3 days ago`); '' when absent or not a valid time. */
export function formatRelativeTime(iso: string | undefined, now: Date): string {
  if (!iso) {
    return '';
  }
  const time = DateTime.fromISO(iso);
  if (!time.isValid) {
    return '';
  }
  return (
    time.toRelative({ base: DateTime.fromJSDate(now), locale: LOCALE }) ?? ''
  );
}

/** Milliseconds since the epoch of an ISO 8601 time, for sorting; undefined when absent or invalid. */
export function toMillis(iso: string | undefined): number | undefined {
  if (!iso) {
    return undefined;
  }
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toMillis() : undefined;
}

const WINDOW_DURATIONS: Record<DependencyWindow, string> = {
  '1h': 'hour',
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
};

/** The window as it ends "in the last …": `hour`, `24 hours`, `7 days`, `30 days`. */
export function windowDuration(window: DependencyWindow): string {
  return WINDOW_DURATIONS[window];
}

/** The window as a choice in a list: `Last hour`, `Last 24 hours`, … */
export function windowOptionLabel(window: DependencyWindow): string {
  return `Last ${windowDuration(window)}`;
}

/** The next wider window, or undefined for the widest. */
export function widerWindow(
  window: DependencyWindow,
): DependencyWindow | undefined {
  return DEPENDENCY_WINDOWS[DEPENDENCY_WINDOWS.indexOf(window) + 1];
}

/** A trace id shortened as trace UIs do (the first 8 hex digits). */
export function shortTraceId(traceId: string): string {
  return traceId.slice(0, 8);
}
