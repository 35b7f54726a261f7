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
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readPositive } from './configValues';
import { IngestPipelineOptions } from './ingest/IngestPipeline';
import { DependencySettings } from './service/dependencyRoutes';
import { SloSettings } from './service/sloRoutes';
import {
  AlertDeliverySettings,
  AlertRouteConfig,
} from './alerts/AlertDelivery';
import { DEFAULT_DOCS_SETTINGS, DocsSettings } from './docs/DocsHealthService';
import {
  readTraceSourceSettings,
  TraceSourceSettings,
} from './sources/sourceConfig';
import {
  DocFieldId,
  DOC_FIELDS,
  DocsHealthState,
  isDocFieldId,
} from '@service-ownership/plugin-ownership-common';
import {
  AlertRoutingSettings,
  DEFAULT_ALERT_ROUTING,
} from './alerts/AlertRouter';

/** The backend's settings, read once at start-up with the defaults documented in config.d.ts. */
export interface OwnershipSettings {
  maxBodyBytes: number;
  maxInFlightBytes: number;
  retryAfterSeconds: number;
  flushIntervalSeconds: number;
  pipeline: IngestPipelineOptions;
  retentionDays: { minute: number; hour: number; day: number };
  dependencies: DependencySettings;
  slos: SloSettings;
  alerts: AlertSettings;
  docs: DocsSettings;
  /** Upstream trace stores to poll (`ownership.traceSources`). */
  traceSources: TraceSourceSettings[];
  /** How long the catalog read behind the dependency views is reused. */
  catalogCacheMs: number;
}

/** Reads `ownership.*` settings; refuses impossible values with the key named. */
export function readOwnershipConfig(root: Config): OwnershipSettings {
  const config = root.getOptionalConfig('ownership');
  const get = (key: string, fallback: number) =>
    config ? readPositive(config, key, fallback) : fallback;
  const sampleRate =
    config?.getOptionalNumber('recentTraces.sampleRate') ?? 0.1;
  if (!(sampleRate >= 0 && sampleRate <= 1)) {
    throw new InputError(
      `Invalid config value ownership.recentTraces.sampleRate=${sampleRate}; expected a number from 0 to 1`,
    );
  }
  const maxBufferedSpans = get('ingest.maxBufferedSpans', 200_000);
  return {
    maxBodyBytes: get('ingest.maxBodyBytes', 20 * 1024 * 1024),
    maxInFlightBytes: get('ingest.maxInFlightBytes', 64 * 1024 * 1024),
    retryAfterSeconds: get('ingest.retryAfterSeconds', 5),
    flushIntervalSeconds: get('ingest.flushIntervalSeconds', 5),
    pipeline: {
      maxBufferedSpans,
      pairingWaitMs: get('pairing.waitSeconds', 10) * 1000,
      pairingMaxPending: get('pairing.maxPending', 10_000),
      traceSampleRate: sampleRate,
      traceSettleMs: get('recentTraces.settleSeconds', 15) * 1000,
      maxRecentSpans: get('recentTraces.maxSpans', 200_000),
    },
    retentionDays: {
      minute: get('retention.minuteDays', 2),
      hour: get('retention.hourDays', 35),
      day: get('retention.dayDays', 400),
    },
    dependencies: {
      relationMaxAgeMs:
        get('dependencies.relationMaxAgeHours', 168) * 3_600_000,
      driftWindowDays: get('dependencies.driftWindowDays', 30),
    },
    catalogCacheMs: get('dependencies.catalogCacheSeconds', 30) * 1000,
    slos: readSloSettings(config),
    alerts: readAlertSettings(root, config),
    docs: readDocsSettings(config, get('dependencies.driftWindowDays', 30)),
    traceSources: readTraceSourceSettings(config),
  };
}

const DOCS_STATES: DocsHealthState[] = [
  'incomplete',
  'overdue',
  'stale',
  'due-soon',
  'fresh',
];

function days(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > 3650) {
    throw new InputError(
      `Invalid config value ownership.docs.${key}=${value}; expected a whole number of days from 1 to 3650`,
    );
  }
  return value;
}

/** `ownership.docs`: review intervals, tracked kinds, required template items and nudges. */
export function readDocsSettings(
  config: Config | undefined,
  dependencyWindowDays: number,
): DocsSettings {
  const defaults = DEFAULT_DOCS_SETTINGS;
  const docs = config?.getOptionalConfig('docs');
  if (!docs) return { ...defaults, dependencyWindowDays };
  const lowerKeys = <T>(record: Record<string, T>) =>
    Object.fromEntries(
      Object.entries(record).map(([k, v]) => [k.toLocaleLowerCase('en-US'), v]),
    );
  const intervalDaysByKind: Record<string, number> = {};
  const intervals = docs.getOptionalConfig('intervalDaysByKind');
  for (const kind of intervals?.keys() ?? []) {
    intervalDaysByKind[kind] = days(docs, `intervalDaysByKind.${kind}`, 90);
  }
  const required: Record<string, DocFieldId[]> = {};
  const requiredConfig = docs.getOptionalConfig('required');
  for (const kind of requiredConfig?.keys() ?? []) {
    const fields = requiredConfig!.getStringArray(kind);
    for (const field of fields) {
      if (!isDocFieldId(field)) {
        throw new InputError(
          `Invalid config value ownership.docs.required.${kind}: "${field}" is not an item of the ops-doc template; expected one of ${DOC_FIELDS.map(
            f => f.id,
          ).join(', ')}`,
        );
      }
    }
    required[kind] = fields as DocFieldId[];
  }
  const states = docs.getOptionalStringArray('nudges.states');
  for (const state of states ?? []) {
    if (!DOCS_STATES.includes(state as DocsHealthState)) {
      throw new InputError(
        `Invalid config value ownership.docs.nudges.states: "${state}"; expected some of ${DOCS_STATES.join(
          ', ',
        )}`,
      );
    }
  }
  const positiveNumber = (key: string, fallback: number) =>
    readPositive(docs, key, fallback, 'ownership.docs');
  return {
    defaultIntervalDays: days(
      docs,
      'intervalDays',
      defaults.defaultIntervalDays,
    ),
    intervalDaysByKind: lowerKeys(intervalDaysByKind),
    dueSoonDays: days(docs, 'dueSoonDays', defaults.dueSoonDays),
    kinds: (docs.getOptionalStringArray('kinds') ?? defaults.kinds).map(k =>
      k.toLocaleLowerCase('en-US'),
    ),
    required: lowerKeys(required),
    dependencyWindowDays,
    maxSnoozeDays: days(docs, 'maxSnoozeDays', defaults.maxSnoozeDays),
    nudges: {
      enabled:
        docs.getOptionalBoolean('nudges.enabled') ?? defaults.nudges.enabled,
      frequencyMinutes: positiveNumber(
        'nudges.frequencyMinutes',
        defaults.nudges.frequencyMinutes,
      ),
      initialDelaySeconds: positiveNumber(
        'nudges.initialDelaySeconds',
        defaults.nudges.initialDelaySeconds,
      ),
      digest:
        docs.getOptionalBoolean('nudges.digest') ?? defaults.nudges.digest,
      states:
        (states as DocsHealthState[] | undefined) ?? defaults.nudges.states,
    },
  };
}

export interface AlertSettings {
  routing: AlertRoutingSettings;
  delivery: AlertDeliverySettings;
  /** Routed alerts are kept this many days. */
  retentionDays: number;
}

function httpUrl(value: string, key: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(value)) {
    throw new InputError(
      `Invalid config value ${key}=${value}; expected an http(s) URL`,
    );
  }
  return value;
}

/** A route's `pagerDuty`: `true` (the target entity's key) or `{ routingKey }`. */
function pagerDutyRoute(value: unknown, at: string): { routingKey?: string } {
  if (value === true) return {};
  const routingKey = (value as { routingKey?: unknown }).routingKey;
  if (routingKey === undefined) return {};
  if (typeof routingKey !== 'string' || routingKey === '') {
    throw new InputError(
      `Invalid config value ${at}.pagerDuty.routingKey; expected a non-empty string`,
    );
  }
  return { routingKey };
}

/** `ownership.alerts`: routing thresholds, delivery routes (first match wins), PagerDuty's events URL. */
function readAlertSettings(
  root: Config,
  config: Config | undefined,
): AlertSettings {
  const alerts = config?.getOptionalConfig('alerts');
  const get = (key: string, fallback: number) =>
    alerts ? readPositive(alerts, key, fallback) : fallback;
  const minShare =
    alerts?.getOptionalNumber('minShare') ?? DEFAULT_ALERT_ROUTING.minShare;
  if (!(minShare > 0 && minShare <= 1)) {
    throw new InputError(
      `Invalid config value ownership.alerts.minShare=${minShare}; expected a share above 0, at most 1`,
    );
  }
  const routes: AlertRouteConfig[] = (
    alerts?.getOptionalConfigArray('routes') ?? []
  ).map((route, i) => {
    const at = `ownership.alerts.routes[${i}]`;
    const webhook = route.getOptionalConfig('webhook');
    const pagerDuty = route.getOptional('pagerDuty');
    if (
      pagerDuty !== undefined &&
      typeof pagerDuty !== 'boolean' &&
      (typeof pagerDuty !== 'object' || pagerDuty === null)
    ) {
      throw new InputError(
        `Invalid config value ${at}.pagerDuty; expected true, false or { routingKey }`,
      );
    }
    const match = route.getOptionalConfig('match');
    return {
      name: route.getOptionalString('name') ?? `route ${i + 1}`,
      match: Object.fromEntries(
        (match?.keys() ?? []).map(key => [key, match!.getString(key)]),
      ),
      notifications: route.getOptionalBoolean('notifications') ?? true,
      ...(pagerDuty === true || typeof pagerDuty === 'object'
        ? { pagerDuty: pagerDutyRoute(pagerDuty, at) }
        : {}),
      ...(webhook
        ? {
            webhook: {
              url: httpUrl(webhook.getString('url'), `${at}.webhook.url`),
              headers: Object.fromEntries(
                (webhook.getOptionalConfig('headers')?.keys() ?? []).map(
                  key => [key, webhook.getString(`headers.${key}`)],
                ),
              ),
            },
          }
        : {}),
    };
  });
  return {
    routing: {
      lookbackMinutes: get(
        'lookbackMinutes',
        DEFAULT_ALERT_ROUTING.lookbackMinutes,
      ),
      maxTraces: get('maxTraces', DEFAULT_ALERT_ROUTING.maxTraces),
      minFailingTraces: get(
        'minFailingTraces',
        DEFAULT_ALERT_ROUTING.minFailingTraces,
      ),
      minShare,
    },
    delivery: {
      routes,
      pagerDutyEventsUrl: httpUrl(
        alerts?.getOptionalString('pagerDutyEventsUrl') ??
          'https://events.pagerduty.com/v2/enqueue',
        'ownership.alerts.pagerDutyEventsUrl',
      ),
      appBaseUrl:
        root.getOptionalString('app.baseUrl') ?? 'http://localhost:3000',
    },
    retentionDays: get('retentionDays', 30),
  };
}

/** `ownership.slos`: the trace link template must be an http(s) URL holding `{traceId}`. */
function readSloSettings(config: Config | undefined): SloSettings {
  const template = config?.getOptionalString('slos.traceUrlTemplate');
  if (template === undefined) return {};
  if (
    !/^https?:\/\/[^\s]+$/.test(template) ||
    !template.includes('{traceId}')
  ) {
    throw new InputError(
      `Invalid config value ownership.slos.traceUrlTemplate=${template}; expected an http(s) URL containing {traceId}, e.g. https://jaeger.example.com/trace/{traceId}`,
    );
  }
  return { traceUrlTemplate: template };
}
