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
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { z } from 'zod';

const entityPathSchema = z.object({
  kind: z.string().min(1).max(253),
  namespace: z.string().min(1).max(253),
  name: z.string().min(1).max(253),
});

/** Parses `kind`/`namespace`/`name` path parameters into an entity ref. */
export function entityRefFromPath(params: Record<string, string>): string {
  const parsed = entityPathSchema.safeParse(params);
  if (!parsed.success) {
    throw new InputError(
      `Invalid entity reference in path: ${parsed.error.issues
        .map(issue => `${issue.path.join('.')} ${issue.message}`)
        .join('; ')}`,
    );
  }
  return stringifyEntityRef(parsed.data);
}

/**
 * Reads the entity a route names with the caller's credentials, so the catalog's permissions apply; a 404
 * naming it (`No entity found …`, or `No group found …` for group routes) when the caller cannot see it.
 */
export async function requireEntity(
  catalog: CatalogService,
  entityRef: string,
  credentials: BackstageCredentials,
  what: 'entity' | 'group' = 'entity',
): Promise<Entity> {
  const entity = await catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) {
    throw new NotFoundError(`No ${what} found for ref '${entityRef}'`);
  }
  return entity;
}
