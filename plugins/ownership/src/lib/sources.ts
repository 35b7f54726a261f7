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
import type {
  TraceSourceHealthJson,
  TraceSourcesStatus,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { formatNumber } from './format';

/** Where the trace sources page is mounted; the staleness banner links to it. */
export const TRACE_SOURCES_PATH = '/service-ownership/sources';

/** How often the trace sources page reads the sources again, in seconds. */
export const TRACE_SOURCES_REFRESH_SECONDS = 30;

type SourceStatus = TraceSourceHealthJson['status'];

/** The colour of a status chip (a ToneChip's tone). */
export type SourceStatusTone = 'success' | 'warning' | 'error' | 'neutral';

const STATUS_TONES: Record<SourceStatus, SourceStatusTone> = {
  ok: 'success',
  pending: 'neutral',
  failing: 'error',
  stale: 'warning',
};

/** The colour of a source's status chip: ok green, pending grey, failing red, stale orange. */
export function sourceStatusTone(status: SourceStatus): SourceStatusTone {
  return STATUS_TONES[status];
}

/** What a source's status means, for the chip's tooltip. */
export function describeSourceStatus(source: TraceSourceHealthJson): string {
  const interval = formatSeconds(source.pollIntervalSeconds);
  switch (source.status) {
    case 'ok':
      return `The last poll succeeded; polled every ${interval}.`;
    case 'failing':
      return 'The last poll failed: the data read before is still served, but nothing new arrives until a poll succeeds.';
    case 'stale':
      return `No successful poll for more than three poll intervals (${interval} each): the data from this source is out of date.`;
    default:
      return 'Not polled successfully yet: the first poll has not run or has not finished.';
  }
}

/** Whether a source's data is out of date or not arriving: its last poll failed, or it is stale. */
export function isSourceUnhealthy(source: TraceSourceHealthJson): boolean {
  return source.status === 'failing' || source.status === 'stale';
}

/** The ids of the sources that are failing or stale, in the order the backend lists them. */
export function unhealthySourceIds(status: TraceSourcesStatus): string[] {
  return status.traceSources.filter(isSourceUnhealthy).map(source => source.id);
}

/**
 * A duration in seconds as people say it, at most two units: `45 s`, `5 min`, `2 h 5 min`, `3 d 4 h`.
 */
export function formatSeconds(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const units: Array<[number, string]> = [
    [86400, 'd'],
    [3600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, unit] of units) {
    if (parts.length === 2) {
      break;
    }
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) {
      parts.push(`${count} ${unit}`);
    } else if (parts.length > 0) {
      // `2 h 0 min` reads as noise: stop at the first empty unit after a filled one.
      break;
    }
  }
  return parts.join(' ');
}

/** A poll's duration in milliseconds: `850 ms`, `2.3 s`. */
export function formatPollDuration(ms: number): string {
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  return `${formatNumber(ms / 1000, 1)} s`;
}

/**
 * A sampling rate below 1 as a percentage (`10 %`, `0.5 %`, `< 0.01 %`); undefined when everything was read
 * (no rate, or a rate of 1 or more).
 */
export function formatSamplingRate(
  rate: number | undefined,
): string | undefined {
  if (rate === undefined || rate >= 1) {
    return undefined;
  }
  const percent = rate * 100;
  if (percent < 0.01) {
    return '< 0.01 %';
  }
  let digits = 0;
  if (percent < 1) {
    digits = 2;
  } else if (percent < 10) {
    digits = 1;
  }
  return `${formatNumber(percent, digits)} %`;
}

/** An ISO 8601 time in the viewer's zone, to the second: `2026-11-21 22:03:15 GMT+1`; '' when invalid. */
export function formatAbsoluteTime(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toFormat('yyyy-MM-dd HH:mm:ss ZZZZ') : '';
}

/** A poll window `from`–`to` in the viewer's zone: `22:01:00 – 22:02:00`, with the dates when they differ. */
export function formatPollWindow(from: string, to: string): string {
  const start = DateTime.fromISO(from);
  const end = DateTime.fromISO(to);
  if (!start.isValid || !end.isValid) {
    return `${from} – ${to}`;
  }
  const sameDay = start.hasSame(end, 'day');
  return `${start.toFormat('yyyy-MM-dd HH:mm:ss')} – ${end.toFormat(
    sameDay ? 'HH:mm:ss' : 'yyyy-MM-dd HH:mm:ss',
  )}`;
}
