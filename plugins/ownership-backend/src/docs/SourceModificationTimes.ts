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
import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { DocsModification } from '@service-ownership/plugin-ownership-common';
import { promises as fs } from 'fs';

/**
 * When the file an entity is defined in last changed: through Backstage's URL reader (the SCM integrations in
 * `integrations:` config, which also decide which hosts may be read) for `url:` locations, and the file's
 * modification time for `file:` locations. Answers are cached per location for `ttlMs`, failures too (so a
 * slow or failing host is asked once per period); `undefined` when unknown, and the caller falls back to the
 * catalog's own record.
 */
export class SourceModificationTimes {
  private readonly cache = new Map<
    string,
    { value: DocsModification | undefined; expiresMs: number }
  >();

  constructor(
    private readonly options: {
      urlReader?: UrlReaderService;
      logger: LoggerService;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  async of(entity: Entity): Promise<DocsModification | undefined> {
    const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
    if (!location) return undefined;
    const now = (this.options.now ?? Date.now)();
    const cached = this.cache.get(location);
    if (cached && cached.expiresMs > now) return cached.value;
    const value = await this.read(location);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(location, {
      value,
      expiresMs: now + (this.options.ttlMs ?? 15 * 60_000),
    });
    return value;
  }

  private async read(location: string): Promise<DocsModification | undefined> {
    let parsed: { type: string; target: string };
    try {
      parsed = parseLocationRef(location);
    } catch {
      return undefined;
    }
    try {
      if (parsed.type === 'file') {
        const stat = await fs.stat(parsed.target);
        return { at: stat.mtime.toISOString(), source: 'file' };
      }
      if (parsed.type === 'url' && this.options.urlReader) {
        const response = await this.options.urlReader.readUrl(parsed.target);
        return response.lastModifiedAt
          ? {
              at: response.lastModifiedAt.toISOString(),
              source: 'scm',
              url: parsed.target,
            }
          : undefined;
      }
    } catch (error) {
      this.options.logger.debug(
        `Could not tell when ${location} last changed; using the catalog's record instead: ${error}`,
      );
    }
    return undefined;
  }
}
