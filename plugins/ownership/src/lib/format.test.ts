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
import {
  formatCountOf,
  formatErrorRate,
  formatLatency,
  formatRate,
  formatRelativeTime,
  humanizeEntityRef,
  shortTraceId,
  toMillis,
  widerWindow,
  windowDuration,
  windowOptionLabel,
} from './format';

describe('humanizeEntityRef', () => {
  it('drops the kind and the default namespace', () => {
    expect(humanizeEntityRef('group:default/team-checkout')).toBe(
      'team-checkout',
    );
  });

  it('keeps a namespace other than default', () => {
    expect(humanizeEntityRef('component:shop/orders')).toBe('shop/orders');
  });

  it('returns what does not parse as it is', () => {
    expect(humanizeEntityRef('component:')).toBe('component:');
  });
});

describe('formatRate', () => {
  it.each([
    [0, '0 req/s'],
    [250.4, '250 req/s'],
    [12.34, '12.3 req/s'],
    [1, '1 req/s'],
    [0.5, '30 req/min'],
    [0.1, '6 req/min'],
    [0.01, '0.6 req/min'],
    [0.0001, '< 0.1 req/min'],
  ])('formats %p req/s as %p', (rate, expected) => {
    expect(formatRate(rate)).toBe(expected);
  });
});

describe('formatErrorRate', () => {
  it.each([
    [0, '0%'],
    [0.0004, '< 0.1%'],
    [0.01, '1%'],
    [0.0125, '1.3%'],
    [0.5, '50%'],
  ])('formats %p as %p', (rate, expected) => {
    expect(formatErrorRate(rate)).toBe(expected);
  });
});

describe('formatLatency', () => {
  it.each([
    [undefined, '–'],
    [0.4, '< 1 ms'],
    [180.4, '180 ms'],
    [1450, '1.5 s'],
  ])('formats %p ms as %p', (ms, expected) => {
    expect(formatLatency(ms)).toBe(expected);
  });
});

describe('formatCountOf', () => {
  it('pluralizes and groups thousands', () => {
    expect(formatCountOf(1, 'call')).toBe('1 call');
    expect(formatCountOf(0, 'error')).toBe('0 errors');
    expect(formatCountOf(12000, 'call')).toBe('12,000 calls');
  });
});

describe('relative times', () => {
  const now = new Date('2026-11-20T12:00:00Z');

  it('describes a time relative to now', () => {
    expect(formatRelativeTime('2026-11-17T12:00:00Z', now)).toBe('3 days ago');
    expect(formatRelativeTime('2026-11-20T11:58:00Z', now)).toBe(
      '2 minutes ago',
    );
  });

  it('is empty for absent or invalid times', () => {
    expect(formatRelativeTime(undefined, now)).toBe('');
    expect(formatRelativeTime('yesterday', now)).toBe('');
    expect(toMillis('yesterday')).toBeUndefined();
    expect(toMillis('1970-01-01T00:00:01Z')).toBe(1000);
  });
});

describe('windows', () => {
  it('names each window', () => {
    expect(windowDuration('1h')).toBe('hour');
    expect(windowOptionLabel('24h')).toBe('Last 24 hours');
    expect(windowOptionLabel('30d')).toBe('Last 30 days');
  });

  it('suggests the next wider window, none after 30 days', () => {
    expect(widerWindow('1h')).toBe('24h');
    expect(widerWindow('7d')).toBe('30d');
    expect(widerWindow('30d')).toBeUndefined();
  });
});

describe('shortTraceId', () => {
  it('keeps the first 8 hex digits', () => {
    expect(shortTraceId('4bf92f3577b34da6a3ce929d0e0e4736')).toBe('4bf92f35');
  });
});
