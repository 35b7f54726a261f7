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

/**
 * Alert intake: the payloads of Prometheus Alertmanager's webhook (version 4), Grafana alerting's webhook
 * (version 1, a superset of Alertmanager's) and a plain JSON form, read into one alert shape.
 *
 * Every problem names where it is (`alerts[2].labels.team`) so the sender's logs say what to fix.
 */

export type AlertSource = 'alertmanager' | 'grafana' | 'json';

export interface IncomingAlert {
  source: AlertSource;
  /** Deduplication key: group key + fingerprint + status + start, so a repeat notification is ignored. */
  dedupKey: string;
  /** Group key (Alertmanager, Grafana) or the plain form's `id`; PagerDuty's dedup_key when delivering. */
  groupKey: string;
  fingerprint: string;
  status: 'firing' | 'resolved';
  /** `alertname`, else the plain form's operation. */
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** When the alert started (ISO 8601), when the sender said. */
  startsAt?: string;
  generatorUrl?: string;
  /** One line for people: annotation `summary`, else `title`, else the name and labels. */
  summary: string;
}

export class AlertPayloadError extends Error {
  constructor(readonly location: string, readonly reason: string) {
    super(`${location}: ${reason}`);
    this.name = 'AlertPayloadError';
  }
}

/** Alertmanager caps a webhook at max_alerts; we cap what one request may carry. */
export const MAX_ALERTS_PER_PAYLOAD = 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value}"`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function stringMap(value: unknown, location: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    throw new AlertPayloadError(
      location,
      `must be an object of strings, got ${describe(value)}`,
    );
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw new AlertPayloadError(
        `${location}.${key}`,
        `must be a string, got ${describe(item)}`,
      );
    }
    out[key] = item;
  }
  return out;
}

function optionalString(
  record: Record<string, unknown>,
  key: string,
  location: string,
): string | undefined {
  const value = record[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new AlertPayloadError(
      `${location}.${key}`,
      `must be a string, got ${describe(value)}`,
    );
  }
  return value;
}

function timestamp(
  record: Record<string, unknown>,
  key: string,
  location: string,
): string | undefined {
  const value = optionalString(record, key, location);
  // Alertmanager sends Go's zero time (0001-01-01T00:00:00Z) for "not set".
  if (value === undefined || value.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new AlertPayloadError(
      `${location}.${key}`,
      `must be an RFC 3339 time, got "${value}"`,
    );
  }
  return new Date(ms).toISOString();
}

function status(value: unknown, location: string): 'firing' | 'resolved' {
  if (value === 'firing' || value === 'resolved') return value;
  throw new AlertPayloadError(
    location,
    `must be "firing" or "resolved", got ${describe(value)}`,
  );
}

/** A stable fingerprint of a label set when the sender gives none (FNV-1a over the sorted pairs). */
export function labelFingerprint(labels: Record<string, string>): string {
  let hash = 0xcbf29ce484222325n;
  const text = Object.keys(labels)
    .sort()
    .map(key => `${key}\u0000${labels[key]}`)
    .join('\u0001');
  for (const char of new TextEncoder().encode(text)) {
    hash ^= BigInt(char);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

function summaryOf(
  name: string,
  labels: Record<string, string>,
  annotations: Record<string, string>,
  fallback?: string,
): string {
  const text =
    annotations.summary ??
    annotations.title ??
    annotations.description ??
    fallback;
  if (text) return text;
  const shown = Object.entries(labels)
    .filter(([key]) => key !== 'alertname')
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  return shown ? `${name} (${shown})` : name;
}

/** An alert from its parts, with its deduplication key and without unset optional fields. */
function buildAlert(
  parts: Omit<IncomingAlert, 'dedupKey' | 'startsAt' | 'generatorUrl'> & {
    startsAt: string | undefined;
    generatorUrl: string | undefined;
  },
): IncomingAlert {
  const { startsAt, generatorUrl, ...rest } = parts;
  return {
    ...rest,
    dedupKey: [
      parts.groupKey,
      parts.fingerprint,
      parts.status,
      startsAt ?? '',
    ].join('|'),
    ...(startsAt ? { startsAt } : {}),
    ...(generatorUrl ? { generatorUrl } : {}),
  };
}

/** The `alerts` array of a payload, capped at {@link MAX_ALERTS_PER_PAYLOAD}. */
function alertsArray(value: unknown, hint: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new AlertPayloadError(
      'payload.alerts',
      `must be an array, got ${describe(value)}`,
    );
  }
  if (value.length > MAX_ALERTS_PER_PAYLOAD) {
    throw new AlertPayloadError(
      'payload.alerts',
      `holds ${value.length} alerts; at most ${MAX_ALERTS_PER_PAYLOAD} are accepted per request${hint}`,
    );
  }
  return value;
}

function readAlertmanager(
  body: Record<string, unknown>,
  source: 'alertmanager' | 'grafana',
): IncomingAlert[] {
  const groupKey = optionalString(body, 'groupKey', 'payload');
  if (groupKey === undefined) {
    throw new AlertPayloadError(
      'payload.groupKey',
      'is required in an Alertmanager/Grafana webhook payload',
    );
  }
  const items = alertsArray(body.alerts, ' (lower max_alerts)');
  const commonLabels = stringMap(body.commonLabels, 'payload.commonLabels');
  const commonAnnotations = stringMap(
    body.commonAnnotations,
    'payload.commonAnnotations',
  );
  const title = optionalString(body, 'title', 'payload');
  return items.map((item, i) => {
    const location = `payload.alerts[${i}]`;
    if (!isRecord(item)) {
      throw new AlertPayloadError(
        location,
        `must be an object, got ${describe(item)}`,
      );
    }
    const labels = {
      ...commonLabels,
      ...stringMap(item.labels, `${location}.labels`),
    };
    const annotations = {
      ...commonAnnotations,
      ...stringMap(item.annotations, `${location}.annotations`),
    };
    const alertStatus = status(item.status, `${location}.status`);
    const startsAt = timestamp(item, 'startsAt', location);
    const fingerprint =
      optionalString(item, 'fingerprint', location) ?? labelFingerprint(labels);
    const name = labels.alertname ?? title ?? 'alert';
    return buildAlert({
      source,
      groupKey,
      fingerprint,
      status: alertStatus,
      name,
      labels,
      annotations,
      startsAt,
      generatorUrl: optionalString(item, 'generatorURL', location),
      summary: summaryOf(name, labels, annotations),
    });
  });
}

/** Keys of the plain JSON form, besides `labels` and `annotations`. */
const PLAIN_KEYS = [
  'id',
  'status',
  'operation',
  'service',
  'entity',
  'summary',
  'startsAt',
];

function readPlain(
  item: Record<string, unknown>,
  location: string,
): IncomingAlert {
  for (const key of Object.keys(item)) {
    if (![...PLAIN_KEYS, 'labels', 'annotations'].includes(key)) {
      throw new AlertPayloadError(
        `${location}.${key}`,
        `is not a field of the plain alert form (expected ${[
          ...PLAIN_KEYS,
          'labels',
          'annotations',
        ].join(', ')})`,
      );
    }
  }
  const labels = stringMap(item.labels, `${location}.labels`);
  const annotations = stringMap(item.annotations, `${location}.annotations`);
  const operation = optionalString(item, 'operation', location);
  const service = optionalString(item, 'service', location);
  const entity = optionalString(item, 'entity', location);
  if (operation) labels.operation = operation;
  if (service) labels.service = service;
  if (entity) labels.entity = entity;
  if (!operation && !entity && !labels.alertname) {
    throw new AlertPayloadError(
      location,
      'needs "operation" (the signal operation, e.g. place_order) or "entity" (an entity ref whose signal operation is routed)',
    );
  }
  const alertStatus =
    item.status === undefined
      ? 'firing'
      : status(item.status, `${location}.status`);
  const startsAt = timestamp(item, 'startsAt', location);
  const name = labels.alertname ?? operation ?? entity ?? 'alert';
  const groupKey =
    optionalString(item, 'id', location) ?? `json:${labelFingerprint(labels)}`;
  const fingerprint = labelFingerprint(labels);
  const summaryText = optionalString(item, 'summary', location);
  return buildAlert({
    source: 'json',
    groupKey,
    fingerprint,
    status: alertStatus,
    name,
    labels,
    annotations,
    startsAt,
    generatorUrl: undefined,
    summary: summaryOf(name, labels, annotations, summaryText),
  });
}

/**
 * Reads a webhook body. Alertmanager (`version: "4"`), Grafana (`version: "1"` with `orgId`/`state`), or the
 * plain form: one object `{operation, service?, entity?, status?, summary?, id?, startsAt?, labels?,
 * annotations?}` or `{alerts: [those]}`. Throws {@link AlertPayloadError} naming the first problem.
 */
export function parseAlertPayload(body: unknown): IncomingAlert[] {
  if (!isRecord(body)) {
    throw new AlertPayloadError(
      'payload',
      `must be a JSON object, got ${describe(body)}`,
    );
  }
  if (body.version !== undefined) {
    if (body.version === '4') return readAlertmanager(body, 'alertmanager');
    if (body.version === '1') return readAlertmanager(body, 'grafana');
    throw new AlertPayloadError(
      'payload.version',
      `is ${describe(
        body.version,
      )}; expected "4" (Alertmanager webhook) or "1" (Grafana alerting webhook), or no version for the plain form`,
    );
  }
  if (body.alerts !== undefined) {
    const items = alertsArray(body.alerts, '');
    const extra = Object.keys(body).filter(key => key !== 'alerts');
    if (extra.length > 0) {
      throw new AlertPayloadError(
        `payload.${extra[0]}`,
        'is not expected beside "alerts" in the plain form (Alertmanager payloads carry version "4")',
      );
    }
    return items.map((item, i) => {
      if (!isRecord(item)) {
        throw new AlertPayloadError(
          `payload.alerts[${i}]`,
          `must be an object, got ${describe(item)}`,
        );
      }
      return readPlain(item, `payload.alerts[${i}]`);
    });
  }
  return [readPlain(body, 'payload')];
}
