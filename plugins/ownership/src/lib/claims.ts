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
  JAEGER_SERVICE_ANNOTATION,
  SERVICE_NAME_ANNOTATION,
  TelemetryClaimConflict,
} from '@service-ownership/plugin-ownership-common';
import { parseEntityRef } from '@backstage/catalog-model';

const CLAIM_WAYS: Record<TelemetryClaimConflict['source'], string> = {
  annotation: `the ${SERVICE_NAME_ANNOTATION} annotation`,
  jaeger: `the ${JAEGER_SERVICE_ANNOTATION} annotation`,
  default: 'their entity name',
};

/** `kind:name`, with the namespace when not `default`: contenders often share a name across kinds. */
function shortRef(entityRef: string): string {
  try {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return namespace === 'default'
      ? `${kind}:${name}`
      : `${kind}:${namespace}/${name}`;
  } catch {
    return entityRef;
  }
}

/**
 * A sentence about equally strong claims on one trace node: who claims it, how, and which claim wins (the
 * first by entity ref, as the backend decides).
 */
export function describeConflict(conflict: TelemetryClaimConflict): string {
  // The backend lets the first by entity ref win, comparing as localeCompare does.
  const refs = [...conflict.entityRefs].sort((a, b) => a.localeCompare(b));
  const names = refs.map(shortRef);
  const listed =
    names.length <= 2
      ? names.join(' and ')
      : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${conflict.node} is claimed by ${listed}, all through ${
    CLAIM_WAYS[conflict.source]
  }; ${
    names[0]
  } wins. Set ${SERVICE_NAME_ANNOTATION} on the entity that really runs it.`;
}
