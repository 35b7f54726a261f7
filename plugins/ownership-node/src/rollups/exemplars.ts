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

import type { RollupExemplar } from './types';

/*
 * Which exemplars a bucket keeps: the `limit` slowest, and the `limit` latest failed. Both orders are total (ties
 * broken by start time, then ids) so that keeping the best of several buckets' exemplars gives the same answer
 * as keeping the best of all their requests: merging is exact, whatever the order of the merges.
 */

/** Whether `a` ranks before `b` among the slowest: longer, then later, then by ids. */
export function isSlower(a: RollupExemplar, b: RollupExemplar): boolean {
  if (a.durationNano !== b.durationNano) {
    return a.durationNano > b.durationNano;
  }
  if (a.startTimeUnixMs !== b.startTimeUnixMs) {
    return a.startTimeUnixMs > b.startTimeUnixMs;
  }
  return idsBefore(a, b);
}

/** Whether `a` ranks before `b` among the latest failed: later, then longer, then by ids. */
export function isLaterFailure(a: RollupExemplar, b: RollupExemplar): boolean {
  if (a.startTimeUnixMs !== b.startTimeUnixMs) {
    return a.startTimeUnixMs > b.startTimeUnixMs;
  }
  if (a.durationNano !== b.durationNano) {
    return a.durationNano > b.durationNano;
  }
  return idsBefore(a, b);
}

function idsBefore(a: RollupExemplar, b: RollupExemplar): boolean {
  if (a.traceId !== b.traceId) {
    return a.traceId < b.traceId;
  }
  return a.spanId < b.spanId;
}

/**
 * Inserts `candidate` into `kept` (ordered best first by `before`) if it ranks among the best `limit`.
 * Hot-path callers compare with the last kept entry first, so that a span that cannot make it allocates nothing.
 */
export function insertRanked(
  kept: RollupExemplar[],
  candidate: RollupExemplar,
  limit: number,
  before: (a: RollupExemplar, b: RollupExemplar) => boolean,
): void {
  let index = kept.length;
  while (index > 0 && before(candidate, kept[index - 1])) {
    index -= 1;
  }
  if (index >= limit) {
    return;
  }
  kept.splice(index, 0, candidate);
  if (kept.length > limit) {
    kept.pop();
  }
}

/** The slowest `limit`, then the latest failed `limit` not among them. */
export function selectExemplars(
  candidates: Iterable<RollupExemplar>,
  limit: number,
): RollupExemplar[] {
  const slowest: RollupExemplar[] = [];
  const failed: RollupExemplar[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const id = `${candidate.traceId}/${candidate.spanId}`;
    if (seen.has(id)) {
      continue;
    }
    seen.add(id);
    insertRanked(slowest, candidate, limit, isSlower);
    if (candidate.error) {
      insertRanked(failed, candidate, limit, isLaterFailure);
    }
  }
  return combineExemplars(slowest, failed);
}

/** `slowest` followed by the entries of `failed` not already in it. */
export function combineExemplars(
  slowest: RollupExemplar[],
  failed: RollupExemplar[],
): RollupExemplar[] {
  const combined = slowest.slice();
  for (const exemplar of failed) {
    if (!slowest.includes(exemplar)) {
      combined.push(exemplar);
    }
  }
  return combined;
}
