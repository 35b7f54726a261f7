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
import { ObservedDependencySnapshot } from '@service-ownership/plugin-ownership-common';

/**
 * Answers which entities an entity was seen calling, from the observed dependency snapshot the ownership
 * backend serves.
 *
 * @public
 */
export interface ObservedDependencyLookup {
  /**
   * The full refs of the entities `entityRef` was seen calling. Refs are compared case-insensitively, as
   * the catalog does. Empty when there are none, and before any snapshot has loaded.
   */
  getTargets(entityRef: string): string[];
}

interface SourceEntry {
  /** The source ref as the snapshot spells it. */
  entityRef: string;
  /** Lower-cased target ref to the target ref as the snapshot spells it. */
  targets: Map<string, string>;
}

/**
 * An observed dependency snapshot indexed by source entity, in memory: plain data, no I/O.
 */
export class ObservedDependencyIndex implements ObservedDependencyLookup {
  /** The index before any snapshot has loaded. */
  static readonly empty = new ObservedDependencyIndex(new Map());

  private constructor(private readonly sources: Map<string, SourceEntry>) {}

  /** Indexes a validated snapshot; repeated edges count once. */
  static fromSnapshot(
    snapshot: ObservedDependencySnapshot,
  ): ObservedDependencyIndex {
    const sources = new Map<string, SourceEntry>();
    for (const { source, target } of snapshot.relations) {
      const key = source.toLocaleLowerCase('en-US');
      let entry = sources.get(key);
      if (!entry) {
        entry = { entityRef: source, targets: new Map() };
        sources.set(key, entry);
      }
      entry.targets.set(target.toLocaleLowerCase('en-US'), target);
    }
    return new ObservedDependencyIndex(sources);
  }

  getTargets(entityRef: string): string[] {
    const entry = this.sources.get(entityRef.toLocaleLowerCase('en-US'));
    return entry ? Array.from(entry.targets.values()) : [];
  }

  /** How many entities call at least one other, and how many edges there are. */
  get size(): { sources: number; relations: number } {
    let relations = 0;
    for (const entry of this.sources.values()) {
      relations += entry.targets.size;
    }
    return { sources: this.sources.size, relations };
  }

  /**
   * The source entities whose set of targets differs from `previous`, including those that are gone from
   * this index, sorted. Against {@link ObservedDependencyIndex.empty}, every source has changed.
   */
  changedSources(previous: ObservedDependencyIndex): string[] {
    const changed = new Array<string>();
    for (const [key, entry] of this.sources) {
      const before = previous.sources.get(key);
      if (!before || !sameKeys(before.targets, entry.targets)) {
        changed.push(entry.entityRef);
      }
    }
    for (const [key, entry] of previous.sources) {
      if (!this.sources.has(key)) {
        changed.push(entry.entityRef);
      }
    }
    return changed.sort();
  }
}

function sameKeys(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) {
    return false;
  }
  for (const key of a.keys()) {
    if (!b.has(key)) {
      return false;
    }
  }
  return true;
}
