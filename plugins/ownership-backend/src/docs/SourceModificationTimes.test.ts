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
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { SourceModificationTimes } from './SourceModificationTimes';

function entityAt(location?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders',
      annotations: location
        ? { 'backstage.io/managed-by-location': location }
        : {},
    },
  };
}

describe('SourceModificationTimes', () => {
  const logger = mockServices.logger.mock();

  it('reads the modification time of a file: location', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-mtime-'));
    const file = path.join(dir, 'catalog-info.yaml');
    fs.writeFileSync(file, 'kind: Component\n');
    const when = new Date('2026-03-04T05:06:07.000Z');
    fs.utimesSync(file, when, when);
    const times = new SourceModificationTimes({ logger });
    expect(await times.of(entityAt(`file:${file}`))).toEqual({
      at: '2026-03-04T05:06:07.000Z',
      source: 'file',
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('asks the URL reader for url: locations and caches the answer, failures too', async () => {
    const readUrl = jest
      .fn()
      .mockResolvedValueOnce({
        buffer: async () => Buffer.from(''),
        lastModifiedAt: new Date('2026-10-01T12:00:00.000Z'),
      })
      .mockRejectedValueOnce(
        new Error('NotAllowedError: host not in integrations'),
      );
    let now = 0;
    const times = new SourceModificationTimes({
      logger,
      urlReader: { readUrl } as any,
      ttlMs: 1000,
      now: () => now,
    });
    const url = 'https://github.com/acme/orders/blob/main/catalog-info.yaml';
    const expected = {
      at: '2026-10-01T12:00:00.000Z',
      source: 'scm',
      url,
    };
    expect(await times.of(entityAt(`url:${url}`))).toEqual(expected);
    expect(await times.of(entityAt(`url:${url}`))).toEqual(expected);
    expect(readUrl).toHaveBeenCalledTimes(1);

    // After the TTL the reader is asked again; its failure means "unknown", also cached.
    now = 2000;
    expect(await times.of(entityAt(`url:${url}`))).toBeUndefined();
    expect(await times.of(entityAt(`url:${url}`))).toBeUndefined();
    expect(readUrl).toHaveBeenCalledTimes(2);
  });

  it('answers undefined without a location, for a missing file, and when the reader has no date', async () => {
    const times = new SourceModificationTimes({
      logger,
      urlReader: {
        readUrl: async () => ({ buffer: async () => Buffer.from('') }),
      } as any,
    });
    expect(await times.of(entityAt())).toBeUndefined();
    expect(
      await times.of(entityAt('file:/nonexistent/catalog-info.yaml')),
    ).toBeUndefined();
    expect(
      await times.of(entityAt('url:https://example.com/catalog-info.yaml')),
    ).toBeUndefined();
    expect(await times.of(entityAt('not a location ref'))).toBeUndefined();
  });
});
