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
import { Span } from '@service-ownership/plugin-ownership-common';
import { TraceSource } from '@service-ownership/plugin-ownership-node';

/** Traces kept in the read-through cache at most. */
const MAX_ENTRIES = 500;

/**
 * Trace by id from the upstream trace stores, for traces the embedded store does not keep (it keeps a sample):
 * asks each source in turn, and caches answers (absent ones too, briefly) so a trace view or an alert
 * routing pass does not hit the upstream again for the same id.
 */
export class UpstreamTraceLookup {
  private readonly cache = new Map<
    string,
    { spans: Span[] | undefined; expiresMs: number }
  >();

  constructor(
    private readonly options: {
      sources: TraceSource[];
      logger: LoggerService;
      ttlMs?: number;
      missTtlMs?: number;
      now?: () => number;
    },
  ) {}

  get enabled(): boolean {
    return this.options.sources.length > 0;
  }

  async getTrace(traceId: string): Promise<Span[] | undefined> {
    const now = (this.options.now ?? Date.now)();
    const id = traceId.toLowerCase();
    const cached = this.cache.get(id);
    if (cached && cached.expiresMs > now) return cached.spans;
    let spans: Span[] | undefined;
    const failures: string[] = [];
    for (const source of this.options.sources) {
      try {
        spans = await source.getTrace({ traceId: id });
      } catch (error) {
        failures.push(`${source.id}: ${error}`);
        continue;
      }
      if (spans && spans.length > 0) break;
      // An empty answer is a miss: cached briefly, like `undefined`, not for the hit TTL.
      spans = undefined;
    }
    if (!spans && failures.length === this.options.sources.length) {
      // Every source failed: say so rather than "not found", and do not cache it.
      throw new Error(
        `No trace source could be asked for trace ${id}: ${failures.join(
          '; ',
        )}`,
      );
    }
    if (this.cache.size >= MAX_ENTRIES) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(id, {
      spans,
      expiresMs:
        now +
        (spans
          ? this.options.ttlMs ?? 10 * 60_000
          : this.options.missTtlMs ?? 30_000),
    });
    return spans;
  }
}
