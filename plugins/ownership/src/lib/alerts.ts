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
  AlertChannel,
  AlertDeliveryJson,
  AlertRoutingRecord,
  AlertState,
  ConfidenceLevel,
  RouteCandidate,
  RouteStep,
  RoutingDecision,
} from '@service-ownership/plugin-ownership-common';
import { formatWallClock } from './onCall';
import { humanizeEntityRef } from './format';
import { formatPercent } from './slo';

/**
 * Where the alert routing page is mounted: the backend's notifications and PagerDuty events link to
 * `<this>/<alert id>`, so the app must mount the page here.
 */
export const ALERT_ROUTING_PATH = '/service-ownership/alerts';

/** The page of one routing decision: `/service-ownership/alerts/42`. */
export function alertLink(id: string): string {
  return `${ALERT_ROUTING_PATH}/${encodeURIComponent(id)}`;
}

/** Whether two candidates are the same place: same service, peer and entity. */
export function isSameCandidate(
  a: RouteCandidate,
  b: RouteCandidate | undefined,
): boolean {
  return (
    b !== undefined &&
    a.service === b.service &&
    a.peer === b.peer &&
    a.entityRef === b.entityRef
  );
}

/** A share of failing traces as a whole percentage: `0.6` → `60 %`. */
export function formatShare(share: number): string {
  return formatPercent(share, 0);
}

/**
 * The confidence of a decision as its chip reads: `high · 92 %`; a fallback (level `none`) has no share to
 * give, so it reads `none`.
 */
export function formatConfidence(
  decision: Pick<RoutingDecision, 'confidence' | 'confidenceLevel'>,
): string {
  if (decision.confidenceLevel === 'none') {
    return 'none';
  }
  return `${decision.confidenceLevel} · ${formatShare(decision.confidence)}`;
}

/** What a confidence level means, for the chip's tooltip. */
export function describeConfidence(level: ConfidenceLevel): string {
  switch (level) {
    case 'high':
      return 'At least 80 % of at least 10 failing traces end at the culprit.';
    case 'medium':
      return 'At least half of the failing traces end at the culprit.';
    case 'low':
      return 'Less than half of the failing traces end at the culprit.';
    default:
      return 'A fallback: the traces did not decide, the alerting entity’s owner is paged.';
  }
}

/** Colour family of a confidence chip. */
export type ConfidenceTone = 'success' | 'warning' | 'error' | 'neutral';

/** High green, medium amber, low red, none (a fallback) grey. */
export function confidenceTone(level: ConfidenceLevel): ConfidenceTone {
  switch (level) {
    case 'high':
      return 'success';
    case 'medium':
      return 'warning';
    case 'low':
      return 'error';
    default:
      return 'neutral';
  }
}

/** `traces · medium · 100 %`, `fallback`: how a decision was reached, for tables. */
export function describeMethodAndConfidence(
  decision: Pick<RoutingDecision, 'method' | 'confidence' | 'confidenceLevel'>,
): string {
  return decision.method === 'fallback'
    ? 'fallback'
    : `traces · ${formatConfidence(decision)}`;
}

/** How one step of the walked path ended. */
export type StepMarker = 'error' | 'timeout' | 'ok';

/**
 * How step `index` of a walked path ended: `error` with an error status of its own; `timeout` for the last
 * step when the walk reached it because its caller gave up waiting on it (reason `timeout`); else `ok`
 * (the start span of a signal that did not fail itself).
 */
export function stepMarker(
  steps: readonly RouteStep[],
  index: number,
  reason: string,
): StepMarker {
  if (steps[index]?.error) {
    return 'error';
  }
  if (index === steps.length - 1 && reason === 'timeout') {
    return 'timeout';
  }
  return 'ok';
}

/**
 * A step's outcome in words: `error (HTTP 502): card declined`, `timeout: its caller gave up waiting`,
 * `ok`.
 */
export function describeStepStatus(
  step: RouteStep,
  marker: StepMarker,
): string {
  if (marker === 'timeout') {
    return 'timeout: its caller gave up waiting';
  }
  if (marker === 'ok') {
    return 'ok';
  }
  const http =
    step.httpStatusCode === undefined ? '' : ` (HTTP ${step.httpStatusCode})`;
  const message = step.statusMessage ? `: ${step.statusMessage}` : '';
  return `error${http}${message}`;
}

/** `orders place_order`: the signal an alert was routed on, or undefined before it was decided. */
export function describeSignal(record: AlertRoutingRecord): string | undefined {
  const signal = record.decision?.signal;
  return signal ? `${signal.service} ${signal.operation}` : undefined;
}

/**
 * Who the alert went to, in words: the owner group (`team-payments`), else why nobody (`nobody: failed`,
 * `not routed yet`, `no owner`).
 */
export function describeRoutedTo(record: AlertRoutingRecord): string {
  if (record.state === 'pending') {
    return 'not routed yet';
  }
  if (record.state === 'failed') {
    return 'nobody: routing failed';
  }
  const ownerRef = record.decision?.target?.ownerRef;
  return ownerRef ? humanizeEntityRef(ownerRef) : 'nobody: no owner';
}

const STATE_LABELS: Record<AlertState, string> = {
  pending: 'waiting to be routed',
  routed: 'routed',
  failed: 'failed',
};

/** The processing state of an alert as the tables show it. */
export function alertStateLabel(state: AlertState): string {
  return STATE_LABELS[state];
}

const CHANNEL_LABELS: Record<AlertChannel, string> = {
  notifications: 'Backstage notification',
  pagerduty: 'PagerDuty',
  webhook: 'Webhook',
};

/** A delivery channel as people say it: `Backstage notification`, `PagerDuty`, `Webhook`. */
export function channelLabel(channel: AlertChannel): string {
  return CHANNEL_LABELS[channel];
}

/** `Backstage notification, PagerDuty`, or `nothing` for an empty list. */
export function describeChannels(channels: readonly AlertChannel[]): string {
  return channels.length === 0
    ? 'nothing'
    : channels.map(channelLabel).join(', ');
}

/** Colour family of a delivery status: sent green, failed red, skipped grey. */
export function deliveryTone(
  status: AlertDeliveryJson['status'],
): ConfidenceTone {
  if (status === 'sent') {
    return 'success';
  }
  return status === 'failed' ? 'error' : 'neutral';
}

/**
 * A time as a clock in `timeZone` shows it, `Fri 20 Nov, 11:58`; the ISO text itself when it does not parse
 * or the zone is unknown.
 */
export function formatAlertTime(iso: string, timeZone: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) {
    return iso;
  }
  return formatWallClock(time, timeZone) ?? iso;
}

/** The dry-run form as typed. */
export interface DryRunForm {
  operation: string;
  service: string;
  entityRef: string;
}

/** The plain alert form the backend reads (`{operation, service?, entity?}`), blanks left out. */
export function dryRunPayload(form: DryRunForm): {
  operation: string;
  service?: string;
  entity?: string;
} {
  const service = form.service.trim();
  const entity = form.entityRef.trim();
  return {
    operation: form.operation.trim(),
    ...(service ? { service } : {}),
    ...(entity ? { entity } : {}),
  };
}

/**
 * A `datetime-local` input's value (`2026-11-20T10:00`, the viewer's wall clock) as an ISO 8601 instant;
 * undefined when blank or not a time.
 */
export function localInputToIso(value: string): string | undefined {
  if (value.trim() === '') {
    return undefined;
  }
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/** A time as a `datetime-local` input's value, on the viewer's wall clock, to the minute. */
export function toLocalInputValue(time: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(
    time.getDate(),
  )}T${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

/**
 * The custom window of a dry run (a replay) from the form's `datetime-local` values: both times as ISO
 * instants, or the problem with them.
 */
export function dryRunWindow(
  from: string,
  to: string,
): { window: { from: string; to: string } } | { error: string } {
  const fromIso = localInputToIso(from);
  const toIso = localInputToIso(to);
  if (fromIso === undefined || toIso === undefined) {
    return { error: 'Give both the start and the end of the window.' };
  }
  if (Date.parse(fromIso) >= Date.parse(toIso)) {
    return { error: 'The start must be before the end.' };
  }
  return { window: { from: fromIso, to: toIso } };
}
