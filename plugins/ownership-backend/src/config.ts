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
import { IngestPipelineOptions } from './ingest/IngestPipeline';
import { DependencySettings } from './service/dependencyRoutes';
import { SloSettings } from './service/sloRoutes';

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
  /** How long the catalog read behind the dependency views is reused. */
  catalogCacheMs: number;
}

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0)) {
    throw new InputError(
      `Invalid config value ${key}=${value}; expected a positive number`,
    );
  }
  return value;
}

/** Reads `ownership.*` settings; refuses impossible values with the key named. */
export function readOwnershipConfig(root: Config): OwnershipSettings {
  const config = root.getOptionalConfig('ownership');
  const get = (key: string, fallback: number) =>
    config ? positive(config, key, fallback) : fallback;
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
