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
import { readPositive } from '../configValues';
import { checkBaseUrl } from '../onCall/vendorConfig';
import { VendorFetchOptions } from '../onCall/vendorFetch';

/** The kinds of upstream store the suite can read. */
export const TRACE_SOURCE_TYPES = [
  'jaeger',
  'zipkin',
  'tempo',
  'prometheus',
] as const;

export type TraceSourceType = (typeof TRACE_SOURCE_TYPES)[number];

/** One entry of `ownership.traceSources`, validated. */
export interface TraceSourceSettings {
  id: string;
  type: TraceSourceType;
  /** The HTTP client's options: base URL, auth headers (secrets), limits, breaker. */
  http: VendorFetchOptions;
  /** How often the source is polled, in seconds. */
  pollIntervalSeconds: number;
  /** How far behind now each poll stops, so late spans are still in the window, in seconds. */
  lagSeconds: number;
  /** Traces read per service and poll at most (trace stores). */
  maxTracesPerPoll: number;
  /** Only these services (all the store has when absent). */
  services?: string[];
  /** Prometheus: which metric names and labels to read. */
  flavor?: 'auto' | 'tempo' | 'otel-collector';
}

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Reads the auth of a source: `auth.bearerToken`, or `auth.basic.{username,password}`, plus any
 * `auth.headers` (e.g. `X-Scope-OrgID` for a Tempo tenant). Every value is a secret: it stays in the backend
 * and is cut out of error messages.
 */
function readAuth(
  config: Config,
  where: string,
): { headers: Record<string, string>; secrets: string[] } {
  const auth = config.getOptionalConfig('auth');
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  if (!auth) return { headers, secrets };
  const bearer = auth.getOptionalString('bearerToken');
  const basic = auth.getOptionalConfig('basic');
  if (bearer !== undefined && basic) {
    throw new InputError(
      `Invalid config value ${where}.auth: set bearerToken or basic, not both`,
    );
  }
  if (bearer !== undefined) {
    if (bearer.trim() === '') {
      throw new InputError(
        `Invalid config value ${where}.auth.bearerToken: it is empty (is its environment variable set?)`,
      );
    }
    headers.authorization = `Bearer ${bearer.trim()}`;
    secrets.push(bearer.trim());
  }
  if (basic) {
    const username = basic.getString('username');
    const password = basic.getString('password');
    const encoded = Buffer.from(`${username}:${password}`).toString('base64');
    headers.authorization = `Basic ${encoded}`;
    secrets.push(password, encoded);
  }
  const extra = auth.getOptionalConfig('headers');
  for (const name of extra?.keys() ?? []) {
    if (!/^[A-Za-z0-9-]+$/.test(name)) {
      throw new InputError(
        `Invalid config value ${where}.auth.headers: "${name}" is not a header name`,
      );
    }
    const value = extra!.getString(name);
    headers[name.toLocaleLowerCase('en-US')] = value;
    if (value.length >= 8) secrets.push(value);
  }
  return { headers, secrets };
}

/** Reads `ownership.traceSources`: the upstream stores to poll, each with its URL, auth and limits. */
export function readTraceSourceSettings(
  ownership: Config | undefined,
): TraceSourceSettings[] {
  const entries = ownership?.getOptionalConfigArray('traceSources') ?? [];
  const ids = new Set<string>();
  return entries.map((entry, i) => {
    const where = `ownership.traceSources[${i}]`;
    const id = entry.getString('id');
    if (!ID.test(id)) {
      throw new InputError(
        `Invalid config value ${where}.id=${id}; expected lower-case letters, digits and dashes`,
      );
    }
    if (ids.has(id) || id === 'embedded') {
      throw new InputError(
        `Invalid config value ${where}.id=${id}; ids must be unique and not "embedded"`,
      );
    }
    ids.add(id);
    const type = entry.getString('type');
    if (!TRACE_SOURCE_TYPES.includes(type as TraceSourceType)) {
      throw new InputError(
        `Invalid config value ${where}.type=${type}; expected one of ${TRACE_SOURCE_TYPES.join(
          ', ',
        )}`,
      );
    }
    const baseUrl = checkBaseUrl(
      entry.getString('baseUrl'),
      `${where}.baseUrl`,
    );
    const { headers, secrets } = readAuth(entry, where);
    const flavor = entry.getOptionalString('flavor');
    if (
      flavor !== undefined &&
      (type !== 'prometheus' ||
        !['auto', 'tempo', 'otel-collector'].includes(flavor))
    ) {
      throw new InputError(
        `Invalid config value ${where}.flavor=${flavor}; only prometheus sources take auto, tempo or otel-collector`,
      );
    }
    return {
      id,
      type: type as TraceSourceType,
      http: {
        vendor: `${type[0].toUpperCase()}${type.slice(1)} (${id})`,
        baseUrl,
        headers: { accept: 'application/json', ...headers },
        secrets,
        timeoutMs: readPositive(entry, 'timeoutMs', 15_000, where),
        // Polls read each window once; trace-by-id reads are cached by the caller.
        cacheTtlMs: 0,
        maxResponseBytes: readPositive(
          entry,
          'maxResponseBytes',
          20 * 1024 * 1024,
          where,
        ),
        breaker: {
          failureThreshold: readPositive(
            entry,
            'breaker.failureThreshold',
            5,
            where,
          ),
          cooldownMs:
            readPositive(entry, 'breaker.cooldownSeconds', 60, where) * 1000,
        },
      },
      pollIntervalSeconds: readPositive(
        entry,
        'pollIntervalSeconds',
        60,
        where,
      ),
      lagSeconds: entry.getOptionalNumber('lagSeconds') ?? 30,
      maxTracesPerPoll: readPositive(entry, 'maxTracesPerPoll', 200, where),
      ...(entry.getOptionalStringArray('services')
        ? { services: entry.getStringArray('services') }
        : {}),
      ...(flavor ? { flavor: flavor as TraceSourceSettings['flavor'] } : {}),
    };
  });
}
