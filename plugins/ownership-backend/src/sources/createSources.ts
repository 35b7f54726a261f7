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
import {
  SpanMetricsSource,
  TraceSource,
} from '@service-ownership/plugin-ownership-node';
import { createVendorFetch } from '../onCall/vendorFetch';
import { JaegerTraceSource } from './jaeger/JaegerTraceSource';
import { PrometheusMetricsSource } from './prometheus/PrometheusMetricsSource';
import { PollSettings, DEFAULT_POLL_SETTINGS } from './SourcePoller';
import { TraceSourceSettings } from './sourceConfig';
import { TempoTraceSource } from './tempo/TempoTraceSource';
import { ZipkinTraceSource } from './zipkin/ZipkinTraceSource';

/** A source to poll: what it is, how it is polled. */
export type PolledSource = {
  settings: PollSettings;
} & (
  | { kind: 'traces'; source: TraceSource }
  | { kind: 'metrics'; source: SpanMetricsSource }
);

/** Builds the configured upstream sources (`ownership.traceSources`), each with its own HTTP client. */
export function createConfiguredSources(
  settings: TraceSourceSettings[],
  options: { logger: LoggerService },
): PolledSource[] {
  return settings.map(entry => {
    const http = createVendorFetch(entry.http);
    const logger = options.logger.child({ traceSource: entry.id });
    const poll: PollSettings = {
      ...DEFAULT_POLL_SETTINGS,
      pollIntervalSeconds: entry.pollIntervalSeconds,
      lagSeconds: entry.lagSeconds,
      maxTracesPerPoll: entry.maxTracesPerPoll,
      ...(entry.services ? { services: entry.services } : {}),
    };
    switch (entry.type) {
      case 'jaeger':
        return {
          kind: 'traces',
          settings: poll,
          source: new JaegerTraceSource({ id: entry.id, http, logger }),
        };
      case 'zipkin':
        return {
          kind: 'traces',
          settings: poll,
          source: new ZipkinTraceSource({ id: entry.id, http, logger }),
        };
      case 'tempo':
        return {
          kind: 'traces',
          settings: poll,
          source: new TempoTraceSource({ id: entry.id, http, logger }),
        };
      case 'prometheus':
      default:
        return {
          kind: 'metrics',
          settings: poll,
          source: new PrometheusMetricsSource({
            id: entry.id,
            http,
            logger,
            flavor: entry.flavor ?? 'auto',
          }),
        };
    }
  });
}
