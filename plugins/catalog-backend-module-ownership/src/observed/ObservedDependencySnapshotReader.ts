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
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ResponseError, stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ObservedDependencySnapshot } from '@service-ownership/plugin-ownership-common';
import {
  ObservedDependencyIndex,
  ObservedDependencyLookup,
} from './ObservedDependencyIndex';
import { parseObservedDependencySnapshot } from './snapshotValidation';

/** The id of the scheduled task that calls {@link ObservedDependencySnapshotReader.refresh}. */
export const OBSERVED_DEPENDENCIES_REFRESH_TASK_ID =
  'ownership-observed-dependencies-refresh';

const OWNERSHIP_PLUGIN_ID = 'ownership';
const SNAPSHOT_PATH = '/v1/dependencies/snapshot';
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_REFRESHES_PER_ROUND = 200;

/**
 * Options of {@link ObservedDependencySnapshotReader.create}.
 *
 * @public
 */
export interface ObservedDependencySnapshotReaderOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  /** Used to ask the catalog to reprocess the entities whose observed dependencies changed. */
  catalog: CatalogService;
  /** How long one snapshot request may take, in milliseconds. Default 10 000. */
  requestTimeoutMs?: number;
  /**
   * At most this many entities are refreshed per round (default 200); the others pick the change up at
   * their next scheduled processing.
   */
  maxRefreshesPerRound?: number;
}

/**
 * Keeps the observed dependency snapshot of the ownership backend (`GET /v1/dependencies/snapshot`) in
 * memory, for {@link ObservedDependenciesProcessor} to read without any I/O per entity.
 *
 * Each {@link ObservedDependencySnapshotReader.refresh} loads the snapshot and asks the catalog to reprocess
 * the entities whose observed dependencies changed, so relations appear and age out within one refresh
 * instead of waiting for the catalog's processing interval. A failed load keeps the last good snapshot.
 *
 * @public
 */
export class ObservedDependencySnapshotReader
  implements ObservedDependencyLookup
{
  private index = ObservedDependencyIndex.empty;
  private loaded?: Pick<ObservedDependencySnapshot, 'generatedAt'>;
  private failing = false;

  private constructor(
    private readonly options: Required<ObservedDependencySnapshotReaderOptions>,
  ) {}

  static create(
    options: ObservedDependencySnapshotReaderOptions,
  ): ObservedDependencySnapshotReader {
    return new ObservedDependencySnapshotReader({
      ...options,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      maxRefreshesPerRound:
        options.maxRefreshesPerRound ?? DEFAULT_MAX_REFRESHES_PER_ROUND,
    });
  }

  getTargets(entityRef: string): string[] {
    return this.index.getTargets(entityRef);
  }

  /**
   * Loads the snapshot, and when it loads, asks the catalog to refresh each source entity whose set of
   * targets changed (every source on the first load, and sources that disappeared). Never throws: a failed
   * load is logged as a warning once per streak of failures, and the last good snapshot stays in use.
   */
  async refresh(options?: { signal?: AbortSignal }): Promise<void> {
    const { logger } = this.options;
    let url: string | undefined;
    let snapshot: ObservedDependencySnapshot;
    try {
      url = `${await this.options.discovery.getBaseUrl(
        OWNERSHIP_PLUGIN_ID,
      )}${SNAPSHOT_PATH}`;
      snapshot = await this.fetchSnapshot(url, options?.signal);
    } catch (error) {
      this.reportFailure(url, error);
      return;
    }

    const next = ObservedDependencyIndex.fromSnapshot(snapshot);
    const changed = next.changedSources(this.index);
    const { sources, relations } = next.size;
    const summary = `${relations} relations from ${sources} entities, generated at ${snapshot.generatedAt}`;
    if (this.failing) {
      logger.info(`Observed dependencies load again from ${url}: ${summary}`);
    } else if (!this.loaded) {
      logger.info(`Loaded observed dependencies from ${url}: ${summary}`);
    } else {
      logger.debug(`Loaded observed dependencies from ${url}: ${summary}`);
    }
    this.index = next;
    this.loaded = { generatedAt: snapshot.generatedAt };
    this.failing = false;

    await this.refreshEntities(changed, options?.signal);
  }

  private async fetchSnapshot(
    url: string,
    signal: AbortSignal | undefined,
  ): Promise<ObservedDependencySnapshot> {
    const { auth, requestTimeoutMs } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: OWNERSHIP_PLUGIN_ID,
    });
    const timeout = AbortSignal.timeout(requestTimeoutMs);
    try {
      const response = await fetch(url, {
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
        },
        // The catalog sends a service token here; a redirect could carry it elsewhere.
        redirect: 'manual',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (
        response.type === 'opaqueredirect' ||
        (response.status >= 300 && response.status < 400)
      ) {
        throw new Error(
          `answered ${response.status} redirecting to ${
            response.headers.get('location') ?? 'nowhere'
          }; redirects are not followed`,
        );
      }
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        if (timeout.aborted) {
          throw error;
        }
        throw new Error(`the body is not valid JSON: ${stringifyError(error)}`);
      }
      return parseObservedDependencySnapshot(body);
    } catch (error) {
      if (timeout.aborted && !signal?.aborted) {
        throw new Error(`no complete answer within ${requestTimeoutMs} ms`);
      }
      throw error;
    }
  }

  private reportFailure(url: string | undefined, error: unknown) {
    const kept = this.loaded
      ? `keeping the snapshot generated at ${this.loaded.generatedAt}`
      : 'no observed relations are emitted until one loads';
    const message = `Could not load observed dependencies from ${
      url ?? `the ${OWNERSHIP_PLUGIN_ID} plugin`
    }, ${kept}: ${stringifyError(error)}`;
    // One warning per streak of failures: a backend that is down for an hour should not log every minute.
    if (this.failing) {
      this.options.logger.debug(message);
    } else {
      this.options.logger.warn(message);
    }
    this.failing = true;
  }

  private async refreshEntities(
    entityRefs: string[],
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (entityRefs.length === 0) {
      return;
    }
    const { auth, catalog, logger, maxRefreshesPerRound } = this.options;
    const batch = entityRefs.slice(0, maxRefreshesPerRound);
    if (batch.length < entityRefs.length) {
      logger.info(
        `Observed dependencies of ${entityRefs.length} entities changed; refreshing ${batch.length} of them now, the others update at their next catalog processing`,
      );
    }
    const credentials = await auth.getOwnServiceCredentials();
    // One at a time: a first load can touch hundreds of entities, and the catalog need not take them all at once.
    for (const entityRef of batch) {
      if (signal?.aborted) {
        return;
      }
      try {
        await catalog.refreshEntity(entityRef, { credentials });
      } catch (error) {
        logger.warn(
          `Could not ask the catalog to refresh ${entityRef}, whose observed dependencies changed: ${stringifyError(
            error,
          )}`,
        );
      }
    }
  }
}
