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
import { EntityDocsHealth } from '@service-ownership/plugin-ownership-common';

/**
 * A module-level channel for docs-health updates: when "Mark as reviewed" or a snooze answers an entity's new
 * health, every badge and card of that entity on the page shows it without asking the backend again. The
 * cards are siblings on an entity page with no common provider of this plugin, hence a module-level channel
 * rather than a React context.
 */

type Listener = (health: EntityDocsHealth) => void;

const listeners = new Map<string, Set<Listener>>();

/** Entity refs compare case-insensitively, as the catalog compares them. */
function keyOf(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}

/** Tells every subscriber of the entity (by default the health's own entity) its new docs health. */
export function publishDocsHealth(
  health: EntityDocsHealth,
  entityRef: string = health.entityRef,
): void {
  const keys = new Set([keyOf(entityRef), keyOf(health.entityRef)]);
  for (const key of keys) {
    for (const listener of [...(listeners.get(key) ?? [])]) {
      listener(health);
    }
  }
}

/** Calls `listener` with each new docs health of the entity; returns the unsubscribe function. */
export function subscribeDocsHealth(
  entityRef: string,
  listener: Listener,
): () => void {
  const key = keyOf(entityRef);
  let set = listeners.get(key);
  if (!set) {
    set = new Set();
    listeners.set(key, set);
  }
  set.add(listener);
  return () => {
    const current = listeners.get(key);
    current?.delete(listener);
    if (current?.size === 0) {
      listeners.delete(key);
    }
  };
}
