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
import { ConfiguredSource, sourceHealth } from './sourceRoutes';
import { SourceState } from './SourceStateStore';

const NOW = Date.UTC(2026, 10, 21, 10, 0, 0);
const SECOND = 1000;
const tempo: ConfiguredSource = {
  id: 'tempo-prod',
  type: 'tempo',
  kind: 'traces',
  pollIntervalSeconds: 60,
  lagSeconds: 30,
};

function state(values: Partial<SourceState>): SourceState {
  return { id: 'tempo-prod', type: 'tempo', consecutiveFailures: 0, ...values };
}

describe('sourceHealth', () => {
  it('is pending, with only the configuration, before any poll', () => {
    expect(sourceHealth(tempo, undefined, NOW)).toEqual({
      id: 'tempo-prod',
      type: 'tempo',
      kind: 'traces',
      status: 'pending',
      pollIntervalSeconds: 60,
      consecutiveFailures: 0,
    });
  });

  it('is pending while the first poll runs', () => {
    expect(
      sourceHealth(tempo, state({ lastAttemptAtMs: NOW - SECOND }), NOW),
    ).toEqual({
      id: 'tempo-prod',
      type: 'tempo',
      kind: 'traces',
      status: 'pending',
      pollIntervalSeconds: 60,
      lastAttemptAt: '2026-11-21T09:59:59.000Z',
      consecutiveFailures: 0,
    });
  });

  it('is ok after a recent success, with the lag and what the poll read', () => {
    expect(
      sourceHealth(
        tempo,
        state({
          cursorMs: NOW - 90 * SECOND,
          lastAttemptAtMs: NOW - 40 * SECOND,
          lastSuccessAtMs: NOW - 39 * SECOND,
          // An earlier failure, since recovered from.
          lastErrorAtMs: NOW - 100 * SECOND,
          lastPoll: {
            fromMs: NOW - 150 * SECOND,
            toMs: NOW - 90 * SECOND,
            spans: 1200,
            traces: 80,
            edges: 6,
            samplingRate: 0.4,
            durationMs: 830,
          },
        }),
        NOW,
      ),
    ).toEqual({
      id: 'tempo-prod',
      type: 'tempo',
      kind: 'traces',
      status: 'ok',
      pollIntervalSeconds: 60,
      lastAttemptAt: '2026-11-21T09:59:20.000Z',
      lastSuccessAt: '2026-11-21T09:59:21.000Z',
      lastErrorAt: '2026-11-21T09:58:20.000Z',
      consecutiveFailures: 0,
      lagSeconds: 90,
      lastPoll: {
        from: '2026-11-21T09:57:30.000Z',
        to: '2026-11-21T09:58:30.000Z',
        spans: 1200,
        traces: 80,
        edges: 6,
        samplingRate: 0.4,
        durationMs: 830,
      },
    });
  });

  it('shows the rows of a metrics source and leaves out absent figures', () => {
    const health = sourceHealth(
      { ...tempo, id: 'prom', type: 'prometheus', kind: 'metrics' },
      state({
        id: 'prom',
        type: 'prometheus',
        cursorMs: NOW - 30 * SECOND - 400,
        lastSuccessAtMs: NOW,
        lastPoll: {
          fromMs: NOW - 90 * SECOND,
          toMs: NOW - 30 * SECOND,
          spans: 5000,
          traces: 0,
          edges: 4,
          rows: 31,
          durationMs: 20,
        },
      }),
      NOW,
    );
    expect(health.kind).toBe('metrics');
    expect(health.lagSeconds).toBe(30);
    expect(health.lastPoll).toEqual({
      from: '2026-11-21T09:58:30.000Z',
      to: '2026-11-21T09:59:30.000Z',
      spans: 5000,
      traces: 0,
      edges: 4,
      rows: 31,
      durationMs: 20,
    });
  });

  it('is failing when the last poll failed, keeping what was read before', () => {
    const health = sourceHealth(
      tempo,
      state({
        cursorMs: NOW - 150 * SECOND,
        lastAttemptAtMs: NOW - 10 * SECOND,
        lastSuccessAtMs: NOW - 70 * SECOND,
        lastError: 'Tempo (tempo-prod) GET /api/search failed with HTTP 502',
        lastErrorAtMs: NOW - 9 * SECOND,
        consecutiveFailures: 1,
        lastPoll: {
          fromMs: NOW - 210 * SECOND,
          toMs: NOW - 150 * SECOND,
          spans: 1,
          traces: 1,
          edges: 0,
          durationMs: 5,
        },
      }),
      NOW,
    );
    expect(health).toEqual(
      expect.objectContaining({
        status: 'failing',
        lastSuccessAt: '2026-11-21T09:58:50.000Z',
        lastError: 'Tempo (tempo-prod) GET /api/search failed with HTTP 502',
        lastErrorAt: '2026-11-21T09:59:51.000Z',
        consecutiveFailures: 1,
        lagSeconds: 150,
      }),
    );
    expect(health.lastPoll?.to).toBe('2026-11-21T09:57:30.000Z');
  });

  it('is failing when it never succeeded', () => {
    expect(
      sourceHealth(
        tempo,
        state({
          lastAttemptAtMs: NOW - 5 * SECOND,
          lastError: 'ECONNREFUSED',
          lastErrorAtMs: NOW - 5 * SECOND,
          consecutiveFailures: 12,
        }),
        NOW,
      ),
    ).toEqual({
      id: 'tempo-prod',
      type: 'tempo',
      kind: 'traces',
      status: 'failing',
      pollIntervalSeconds: 60,
      lastAttemptAt: '2026-11-21T09:59:55.000Z',
      lastError: 'ECONNREFUSED',
      lastErrorAt: '2026-11-21T09:59:55.000Z',
      consecutiveFailures: 12,
    });
  });

  it('is not failing for an error older than the last success', () => {
    expect(
      sourceHealth(
        tempo,
        state({
          lastSuccessAtMs: NOW - 5 * SECOND,
          lastError: 'old',
          lastErrorAtMs: NOW - 65 * SECOND,
        }),
        NOW,
      ).status,
    ).toBe('ok');
  });

  it('turns stale three poll intervals (plus the lag) after the last success', () => {
    // 3 × 60 s + 30 s = 210 s.
    const at = (agoSeconds: number, extra: Partial<SourceState> = {}) =>
      sourceHealth(
        tempo,
        state({ lastSuccessAtMs: NOW - agoSeconds * SECOND, ...extra }),
        NOW,
      ).status;
    expect(at(210)).toBe('ok');
    expect(at(211)).toBe('stale');
    // Stale wins over failing: the data is old, whatever the reason.
    expect(
      at(600, {
        lastError: 'down',
        lastErrorAtMs: NOW - SECOND,
        consecutiveFailures: 7,
      }),
    ).toBe('stale');
    expect(
      sourceHealth(
        { ...tempo, pollIntervalSeconds: 300, lagSeconds: 0 },
        state({ lastSuccessAtMs: NOW - 899 * SECOND }),
        NOW,
      ).status,
    ).toBe('ok');
  });

  it('never reports a negative lag', () => {
    expect(
      sourceHealth(
        tempo,
        state({ cursorMs: NOW + 5 * SECOND, lastSuccessAtMs: NOW }),
        NOW,
      ).lagSeconds,
    ).toBe(0);
  });
});
