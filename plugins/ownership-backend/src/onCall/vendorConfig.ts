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
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { OnCallProvider } from '@service-ownership/plugin-ownership-node';
import {
  DEFAULT_OPSGENIE_API_BASE_URL,
  OpsgenieOnCallProvider,
} from './OpsgenieOnCallProvider';
import {
  DEFAULT_PAGERDUTY_API_BASE_URL,
  PagerDutyOnCallProvider,
} from './PagerDutyOnCallProvider';

const DEFAULT_CACHE_SECONDS = 60;
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Checks an http(s) base URL from config, refusing anything else, and credentials, a query or a fragment in
 * it, with the config key named (`where`); answers it without a trailing slash.
 */
export function checkBaseUrl(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(
      `Invalid config value ${where}=${value}; expected an http(s) URL`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(
      `Invalid config value ${where}=${value}; expected an http(s) URL, not ${url.protocol}`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InputError(
      `Invalid config value ${where}; expected an http(s) URL without credentials, query or fragment`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

/** Reads an http(s) base URL, refusing anything else with the key named. */
function readBaseUrl(config: Config, key: string, fallback: string): string {
  const value = config.getOptionalString('apiBaseUrl') ?? fallback;
  return checkBaseUrl(value, `${key}.apiBaseUrl`);
}

function readTuning(config: Config, key: string) {
  const cacheSeconds =
    config.getOptionalNumber('cacheSeconds') ?? DEFAULT_CACHE_SECONDS;
  if (!(cacheSeconds >= 0)) {
    throw new InputError(
      `Invalid config value ${key}.cacheSeconds=${cacheSeconds}; expected 0 (no cache) or more`,
    );
  }
  const timeoutMs = config.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) {
    throw new InputError(
      `Invalid config value ${key}.timeoutMs=${timeoutMs}; expected a positive number`,
    );
  }
  return { cacheTtlMs: cacheSeconds * 1000, timeoutMs };
}

/** A configured credential, or `undefined` (with a warning) when it is present but blank. */
function readSecret(
  config: Config,
  key: string,
  name: string,
  logger: LoggerService,
): string | undefined {
  const value = config.getOptionalString(name)?.trim();
  if (value === '') {
    logger.warn(`${key}.${name} is empty; that on-call provider stays off`);
    return undefined;
  }
  return value;
}

/**
 * The on-call providers of the paging vendors configured under `ownership.onCall`: PagerDuty when
 * `ownership.onCall.pagerDuty.apiToken` is set, Opsgenie when `ownership.onCall.opsgenie.apiKey` is set.
 * Throws an `InputError` naming the key for an invalid base URL, cache time or timeout.
 */
export function createVendorOnCallProviders(
  config: Config,
  options: { logger: LoggerService },
): OnCallProvider[] {
  const { logger } = options;
  const providers: OnCallProvider[] = [];

  const pagerDutyKey = 'ownership.onCall.pagerDuty';
  const pagerDuty = config.getOptionalConfig(pagerDutyKey);
  const apiToken =
    pagerDuty && readSecret(pagerDuty, pagerDutyKey, 'apiToken', logger);
  if (pagerDuty && apiToken) {
    const apiBaseUrl = readBaseUrl(
      pagerDuty,
      pagerDutyKey,
      DEFAULT_PAGERDUTY_API_BASE_URL,
    );
    providers.push(
      PagerDutyOnCallProvider.create({
        apiToken,
        apiBaseUrl,
        ...readTuning(pagerDuty, pagerDutyKey),
      }),
    );
    logger.info(`On-call provider pagerduty reads ${apiBaseUrl}`);
  }

  const opsgenieKey = 'ownership.onCall.opsgenie';
  const opsgenie = config.getOptionalConfig(opsgenieKey);
  const apiKey =
    opsgenie && readSecret(opsgenie, opsgenieKey, 'apiKey', logger);
  if (opsgenie && apiKey) {
    const apiBaseUrl = readBaseUrl(
      opsgenie,
      opsgenieKey,
      DEFAULT_OPSGENIE_API_BASE_URL,
    );
    providers.push(
      OpsgenieOnCallProvider.create({
        apiKey,
        apiBaseUrl,
        logger,
        ...readTuning(opsgenie, opsgenieKey),
      }),
    );
    logger.info(`On-call provider opsgenie reads ${apiBaseUrl}`);
  }

  return providers;
}
