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
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readTraceSourceSettings } from './sourceConfig';

function read(traceSources: unknown[] | undefined) {
  return readTraceSourceSettings(
    new ConfigReader(
      traceSources === undefined ? {} : ({ traceSources } as any),
    ),
  );
}

function errorOf(traceSources: unknown[]): Error {
  try {
    read(traceSources);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the config to be refused');
}

const tempo = {
  id: 'tempo-prod',
  type: 'tempo',
  baseUrl: 'http://tempo:3200/',
};

describe('readTraceSourceSettings', () => {
  it('reads no source when there is no config', () => {
    expect(readTraceSourceSettings(undefined)).toEqual([]);
    expect(read(undefined)).toEqual([]);
    expect(read([])).toEqual([]);
  });

  it('fills in the defaults', () => {
    expect(read([tempo])).toEqual([
      {
        id: 'tempo-prod',
        type: 'tempo',
        http: {
          vendor: 'Tempo (tempo-prod)',
          baseUrl: 'http://tempo:3200',
          headers: { accept: 'application/json' },
          secrets: [],
          timeoutMs: 15_000,
          cacheTtlMs: 0,
          maxResponseBytes: 20 * 1024 * 1024,
          breaker: { failureThreshold: 5, cooldownMs: 60_000 },
        },
        pollIntervalSeconds: 60,
        lagSeconds: 30,
        maxTracesPerPoll: 200,
      },
    ]);
  });

  it('reads every setting', () => {
    const [settings] = read([
      {
        id: 'prom',
        type: 'prometheus',
        baseUrl: 'https://prometheus.example.com/prom',
        pollIntervalSeconds: 120,
        lagSeconds: 0,
        maxTracesPerPoll: 50,
        services: ['orders', 'payments'],
        timeoutMs: 5000,
        maxResponseBytes: 1024,
        breaker: { failureThreshold: 2, cooldownSeconds: 10 },
        flavor: 'otel-collector',
      },
    ]);
    expect(settings).toEqual({
      id: 'prom',
      type: 'prometheus',
      http: expect.objectContaining({
        vendor: 'Prometheus (prom)',
        baseUrl: 'https://prometheus.example.com/prom',
        timeoutMs: 5000,
        maxResponseBytes: 1024,
        breaker: { failureThreshold: 2, cooldownMs: 10_000 },
      }),
      pollIntervalSeconds: 120,
      lagSeconds: 0,
      maxTracesPerPoll: 50,
      services: ['orders', 'payments'],
      flavor: 'otel-collector',
    });
  });

  it('turns a bearer token into a header and a secret', () => {
    const [settings] = read([
      { ...tempo, auth: { bearerToken: '  bearer-token-1  ' } },
    ]);
    expect(settings.http.headers).toEqual({
      accept: 'application/json',
      authorization: 'Bearer bearer-token-1',
    });
    expect(settings.http.secrets).toEqual(['bearer-token-1']);
  });

  it('turns basic credentials into a header, the password and the encoded pair being secrets', () => {
    const [settings] = read([
      {
        ...tempo,
        auth: { basic: { username: 'grafana', password: 'p4ssw0rd!' } },
      },
    ]);
    const encoded = Buffer.from('grafana:p4ssw0rd!').toString('base64');
    expect(settings.http.headers.authorization).toBe(`Basic ${encoded}`);
    expect(settings.http.secrets).toEqual(['p4ssw0rd!', encoded]);
    expect(settings.http.secrets).not.toContain('grafana');
  });

  it('adds extra headers, lower-cased, long values as secrets', () => {
    const [settings] = read([
      {
        ...tempo,
        auth: {
          bearerToken: 'bearer-token-1',
          headers: { 'X-Scope-OrgID': 'tenant-a', 'X-Short': 'abc' },
        },
      },
    ]);
    expect(settings.http.headers).toEqual({
      accept: 'application/json',
      authorization: 'Bearer bearer-token-1',
      'x-scope-orgid': 'tenant-a',
      'x-short': 'abc',
    });
    expect(settings.http.secrets).toEqual(['bearer-token-1', 'tenant-a']);
  });

  it('refuses both a bearer token and basic credentials', () => {
    const error = errorOf([
      {
        ...tempo,
        auth: {
          bearerToken: 'bearer-token-1',
          basic: { username: 'u', password: 'p' },
        },
      },
    ]);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'Invalid config value ownership.traceSources[0].auth: set bearerToken or basic, not both',
    );
  });

  it('refuses a blank bearer token', () => {
    expect(errorOf([{ ...tempo, auth: { bearerToken: '   ' } }]).message).toBe(
      'Invalid config value ownership.traceSources[0].auth.bearerToken: it is empty (is its environment variable set?)',
    );
    // The config reader itself refuses an empty string, naming the key.
    expect(
      errorOf([{ ...tempo, auth: { bearerToken: '' } }]).message,
    ).toContain(
      "traceSources[0].auth.bearerToken' in 'mock-config', got empty-string",
    );
  });

  it('refuses duplicate ids', () => {
    const error = errorOf([tempo, { ...tempo, type: 'jaeger' }]);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'Invalid config value ownership.traceSources[1].id=tempo-prod; ids must be unique and not "embedded"',
    );
  });

  it('refuses the id "embedded"', () => {
    expect(errorOf([{ ...tempo, id: 'embedded' }]).message).toBe(
      'Invalid config value ownership.traceSources[0].id=embedded; ids must be unique and not "embedded"',
    );
  });

  it.each(['Tempo', '-tempo', 'tempo_prod', 'tempo prod', 'a'.repeat(64)])(
    'refuses the id %j',
    id => {
      expect(errorOf([{ ...tempo, id }]).message).toBe(
        `Invalid config value ownership.traceSources[0].id=${id}; expected lower-case letters, digits and dashes`,
      );
    },
  );

  it('refuses an unknown type', () => {
    const error = errorOf([{ ...tempo, type: 'honeycomb' }]);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'Invalid config value ownership.traceSources[0].type=honeycomb; expected one of jaeger, zipkin, tempo, prometheus',
    );
  });

  it.each([
    [
      'https://user:secret@tempo.example.com',
      'Invalid config value ownership.traceSources[0].baseUrl; expected an http(s) URL without credentials, query or fragment',
    ],
    [
      'https://tempo.example.com/?orgId=1',
      'Invalid config value ownership.traceSources[0].baseUrl; expected an http(s) URL without credentials, query or fragment',
    ],
    [
      'https://tempo.example.com/#top',
      'Invalid config value ownership.traceSources[0].baseUrl; expected an http(s) URL without credentials, query or fragment',
    ],
    [
      'ftp://tempo.example.com',
      'Invalid config value ownership.traceSources[0].baseUrl=ftp://tempo.example.com; expected an http(s) URL, not ftp:',
    ],
    [
      'tempo:3200',
      'Invalid config value ownership.traceSources[0].baseUrl=tempo:3200; expected an http(s) URL, not tempo:',
    ],
    [
      'not a url',
      'Invalid config value ownership.traceSources[0].baseUrl=not a url; expected an http(s) URL',
    ],
  ])('refuses the base URL %s', (baseUrl, message) => {
    const error = errorOf([{ ...tempo, baseUrl }]);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(message);
    expect(error.message).not.toContain('secret@');
  });

  it('takes a flavor only for prometheus, and only a known one', () => {
    expect(
      read([
        { id: 'p', type: 'prometheus', baseUrl: 'http://p', flavor: 'tempo' },
      ])[0].flavor,
    ).toBe('tempo');
    expect(
      read([{ id: 'p', type: 'prometheus', baseUrl: 'http://p' }])[0].flavor,
    ).toBeUndefined();
    expect(errorOf([{ ...tempo, flavor: 'tempo' }]).message).toBe(
      'Invalid config value ownership.traceSources[0].flavor=tempo; only prometheus sources take auto, tempo or otel-collector',
    );
    expect(
      errorOf([
        { id: 'p', type: 'prometheus', baseUrl: 'http://p', flavor: 'mimir' },
      ]).message,
    ).toBe(
      'Invalid config value ownership.traceSources[0].flavor=mimir; only prometheus sources take auto, tempo or otel-collector',
    );
  });

  it.each([
    ['pollIntervalSeconds', 0],
    ['timeoutMs', -1],
    ['maxResponseBytes', 0],
    ['maxTracesPerPoll', 0],
  ])('refuses %s=%d', (key, value) => {
    expect(errorOf([{ ...tempo, [key]: value }]).message).toBe(
      `Invalid config value ownership.traceSources[0].${key}=${value}; expected a positive number`,
    );
  });

  it('refuses a breaker that is not positive', () => {
    expect(
      errorOf([{ ...tempo, breaker: { failureThreshold: 0 } }]).message,
    ).toBe(
      'Invalid config value ownership.traceSources[0].breaker.failureThreshold=0; expected a positive number',
    );
  });

  it('names the entry of a bad setting', () => {
    expect(
      errorOf([tempo, { id: 'zipkin', type: 'zipkin', baseUrl: 'file:///x' }])
        .message,
    ).toContain('ownership.traceSources[1].baseUrl=file:///x');
  });
});
