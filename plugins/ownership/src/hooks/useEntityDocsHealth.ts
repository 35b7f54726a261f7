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
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EntityDocsHealth } from '@service-ownership/plugin-ownership-common';
import { useCallback, useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../api';
import {
  publishDocsHealth,
  subscribeDocsHealth,
} from '../lib/docsHealthUpdates';

/** A docs health and when it arrived (relative times are counted from then). */
export interface ReceivedDocsHealth {
  health: EntityDocsHealth;
  receivedAt: Date;
}

/** The state of {@link useEntityDocsHealth}. */
export interface EntityDocsHealthState {
  value?: ReceivedDocsHealth;
  loading: boolean;
  error?: Error;
  /** Shows a new health (e.g. the answer of "Mark as reviewed") here and in every other badge and card of the entity. */
  update(health: EntityDocsHealth): void;
}

/**
 * The docs health of an entity, read once per entity and kept current with the updates other components of
 * the page publish (see `publishDocsHealth`).
 */
export function useEntityDocsHealth(
  entityRef: CompoundEntityRef | string,
): EntityDocsHealthState {
  const ownershipApi = useApi(ownershipApiRef);
  // The ref as a string: a refreshed entity object must not refetch the same health.
  const ref = stringifyEntityRef(
    typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef,
  );
  const [published, setPublished] = useState<ReceivedDocsHealth>();

  const fetched = useAsync(
    async (): Promise<ReceivedDocsHealth> => ({
      health: await ownershipApi.getDocsHealth(parseEntityRef(ref)),
      receivedAt: new Date(),
    }),
    [ownershipApi, ref],
  );

  useEffect(() => {
    setPublished(undefined);
    return subscribeDocsHealth(ref, health =>
      setPublished({ health, receivedAt: new Date() }),
    );
  }, [ref]);

  const update = useCallback(
    (health: EntityDocsHealth) => publishDocsHealth(health, ref),
    [ref],
  );

  if (published) {
    return { value: published, loading: false, update };
  }
  return {
    value: fetched.value,
    loading: fetched.loading,
    error: fetched.error,
    update,
  };
}
