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
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { TraceSourceHealthJson } from '@service-ownership/plugin-ownership-common';
import express from 'express';
import Router from 'express-promise-router';
import { SourceState, SourceStateStore } from './SourceStateStore';

/** One configured upstream source as the sources page lists it. */
export interface ConfiguredSource {
  id: string;
  type: string;
  kind: 'traces' | 'metrics';
  pollIntervalSeconds: number;
  lagSeconds: number;
}

/** The health of one upstream source, as `GET /v1/sources` answers it. */
export type TraceSourceHealth = TraceSourceHealthJson;

const iso = (ms?: number) =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/** The health of a source from its stored state (pure). */
export function sourceHealth(
  source: ConfiguredSource,
  state: SourceState | undefined,
  nowMs: number,
): TraceSourceHealth {
  const staleAfterMs =
    3 * source.pollIntervalSeconds * 1000 + source.lagSeconds * 1000;
  let status: TraceSourceHealth['status'] = 'pending';
  if (state?.lastSuccessAtMs !== undefined) {
    status = nowMs - state.lastSuccessAtMs > staleAfterMs ? 'stale' : 'ok';
  }
  if (
    state?.lastError &&
    (state.lastErrorAtMs ?? 0) >= (state.lastSuccessAtMs ?? 0)
  ) {
    status = status === 'stale' ? 'stale' : 'failing';
  }
  const poll = state?.lastPoll;
  return {
    id: source.id,
    type: source.type,
    kind: source.kind,
    status,
    pollIntervalSeconds: source.pollIntervalSeconds,
    ...(state?.lastAttemptAtMs !== undefined
      ? { lastAttemptAt: iso(state.lastAttemptAtMs) }
      : {}),
    ...(state?.lastSuccessAtMs !== undefined
      ? { lastSuccessAt: iso(state.lastSuccessAtMs) }
      : {}),
    ...(state?.lastError ? { lastError: state.lastError } : {}),
    ...(state?.lastErrorAtMs !== undefined
      ? { lastErrorAt: iso(state.lastErrorAtMs) }
      : {}),
    consecutiveFailures: state?.consecutiveFailures ?? 0,
    ...(state?.cursorMs !== undefined
      ? { lagSeconds: Math.max(0, Math.round((nowMs - state.cursorMs) / 1000)) }
      : {}),
    ...(poll
      ? {
          lastPoll: {
            from: iso(poll.fromMs)!,
            to: iso(poll.toMs)!,
            spans: poll.spans,
            traces: poll.traces,
            edges: poll.edges,
            ...(poll.rows !== undefined ? { rows: poll.rows } : {}),
            ...(poll.samplingRate !== undefined
              ? { samplingRate: poll.samplingRate }
              : {}),
            durationMs: poll.durationMs,
          },
        }
      : {}),
  };
}

/**
 * `GET /v1/sources`: the embedded store's intake counters, every configured upstream source with its health
 * (last successful poll, lag, last error, what the last poll read and at what sampling rate), and the on-call
 * providers — what a platform team looks at when a widget is empty.
 */
export function createSourceRoutes(options: {
  httpAuth: HttpAuthService;
  sources: ConfiguredSource[];
  state: SourceStateStore;
  embedded: () => unknown;
  onCallProviders: Array<{ id: string }>;
  now?: () => number;
}): express.Router {
  const router = Router();
  router.get('/v1/sources', async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const states = new Map(
      (await options.state.list()).map(state => [state.id, state]),
    );
    const nowMs = (options.now ?? Date.now)();
    res.json({
      embedded: options.embedded(),
      traceSources: options.sources.map(source =>
        sourceHealth(source, states.get(source.id), nowMs),
      ),
      onCallProviders: options.onCallProviders
        .filter(provider => provider.id !== 'catalog')
        .map(provider => ({ id: provider.id })),
    });
  });
  return router;
}
