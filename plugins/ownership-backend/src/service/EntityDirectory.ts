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
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  buildTelemetryIndex,
  TelemetryIndex,
} from '@service-ownership/plugin-ownership-common';

/** What the dependency views need to know about a catalog entity. */
export interface DirectoryEntry {
  kind: string;
  title?: string;
  /** The owner, from the entity's `ownedBy` relation. */
  owner?: string;
  /** The systems (or other entities) it is part of. */
  partOf: string[];
  /** The entity as read (the {@link OWNERSHIP_ENTITY_FIELDS} only), e.g. for its SLO annotation. */
  entity: Entity;
}

/** The catalog as the dependency views see it: who claims which trace node, and entity details. */
export interface EntityDirectorySnapshot {
  index: TelemetryIndex;
  entries: Map<string, DirectoryEntry>;
  loadedAtMs: number;
}

/** Kinds that can claim trace nodes (components and resources by default, any kind by annotation). */
const KINDS = ['component', 'resource', 'system'];
/** The entity fields ownership views are built from: claims, titles, owners and relations. */
export const OWNERSHIP_ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'relations',
];

/**
 * A cached read of the catalog entities that can claim trace nodes, with the telemetry index built from them.
 * Requests share one load; the load is redone when older than `ttlMs`. When the catalog cannot be read, the
 * last good copy is served (and the failure logged); with none, requests fail with a 503 naming the cause.
 *
 * The read uses the plugin's own credentials, so every user sees the same mapping of trace nodes to
 * entities; the entity pages those nodes link to still apply the user's permissions.
 */
export class EntityDirectory {
  private current: EntityDirectorySnapshot | undefined;
  private loading: Promise<EntityDirectorySnapshot> | undefined;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      ttlMs: number;
      now?: () => number;
    },
  ) {}

  async get(): Promise<EntityDirectorySnapshot> {
    const now = (this.options.now ?? Date.now)();
    if (this.current && now - this.current.loadedAtMs < this.options.ttlMs) {
      return this.current;
    }
    if (!this.loading) {
      this.loading = this.load(now).finally(() => {
        this.loading = undefined;
      });
    }
    try {
      return await this.loading;
    } catch (error) {
      if (this.current) {
        this.options.logger.warn(
          `Could not re-read the catalog for the dependency views; serving the copy from ${new Date(
            this.current.loadedAtMs,
          ).toISOString()}: ${error}`,
        );
        return this.current;
      }
      throw new ServiceUnavailableError(
        `Could not read the catalog to map trace services to entities: ${error}`,
      );
    }
  }

  private async load(now: number): Promise<EntityDirectorySnapshot> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      { filter: { kind: KINDS }, fields: OWNERSHIP_ENTITY_FIELDS },
      { credentials },
    );
    const entities = items.filter((e): e is Entity => Boolean(e));
    const entries = new Map<string, DirectoryEntry>();
    for (const entity of entities) {
      const relations = entity.relations ?? [];
      entries.set(stringifyEntityRef(entity), {
        kind: entity.kind,
        title: entity.metadata.title,
        owner: relations.find(r => r.type === RELATION_OWNED_BY)?.targetRef,
        partOf: relations
          .filter(r => r.type === RELATION_PART_OF)
          .map(r => r.targetRef),
        entity,
      });
    }
    const snapshot = {
      index: buildTelemetryIndex(entities, { now: new Date(now) }),
      entries,
      loadedAtMs: now,
    };
    this.current = snapshot;
    return snapshot;
  }
}
