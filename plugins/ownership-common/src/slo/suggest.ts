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

import { stringify } from 'yaml';
import { SloSuggestion } from './api';
import { SloDefinition } from './definitions';
import { clean, MAX_SLO_NAME_LENGTH, percent, slugify } from './names';

/**
 * Objectives offered, loosest first: an SLO is suggested at the highest one the achieved level keeps.
 *
 * @public
 */
export const SLO_OBJECTIVE_LADDER: readonly number[] = [
  0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999,
];

const NICE_THRESHOLDS_MS = [
  10, 20, 25, 50, 75, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000,
  2500, 3000, 5000, 7500,
];
/** Beyond the list, the last decade repeats ×10: 10 s, 15 s, 20 s, 25 s, 30 s, 50 s, 75 s, 100 s, … */
const NICE_DECADE_MS = [1000, 1500, 2000, 2500, 3000, 5000, 7500];

/**
 * The smallest "nice" latency threshold at or above `ms`: 10, 20, 25, 50, 75, 100, 150, 200, 250, 300, 400,
 * 500, 750, 1000, 1500, 2000, 2500, 3000, 5000, 7500 ms, then 10, 15, 20, 25, 30, 50, 75 s and so on ×10.
 *
 * @public
 */
export function niceThresholdMs(ms: number): number {
  const value = clean(ms);
  const listed = NICE_THRESHOLDS_MS.find(nice => nice >= value);
  if (listed !== undefined) return listed;
  for (let scale = 10; ; scale *= 10) {
    const found = NICE_DECADE_MS.find(nice => nice * scale >= value);
    if (found !== undefined) return found * scale;
  }
}

/**
 * The highest objective of {@link SLO_OBJECTIVE_LADDER} whose budget the bad ratio would spend at most half
 * of (bad ratio ≤ ½ × (1 − objective)); undefined when even 90 % is not kept that well.
 */
function highestKeptObjective(badRatio: number): number | undefined {
  const kept = SLO_OBJECTIVE_LADDER.filter(
    objective => 2 * badRatio <= clean(1 - objective) + 1e-12,
  );
  return kept.length > 0 ? kept[kept.length - 1] : undefined;
}

/**
 * What one operation achieved over the basis period, as counted by the caller.
 *
 * @public
 */
export interface OperationAchievement {
  /** Trace service (`service.name`). */
  service: string;
  /** Span name. */
  operation: string;
  /** Days the counts cover (7 or 30). */
  basisDays: number;
  total: number;
  errorCount: number;
  /** p99 latency over the period, in ms; without it no latency SLO is suggested. */
  p99Ms?: number;
  /** Requests that took at most `thresholdMs` (the caller reads them from its latency sketch). */
  goodAtThreshold: (thresholdMs: number) => number;
}

/**
 * Options of {@link suggestObjectives}.
 *
 * @public
 */
export interface SuggestObjectivesOptions {
  /** Operations with fewer requests over their period get no suggestion. Default 100. */
  minRequests?: number;
  /**
   * The entity's own trace service: definitions on it leave `service` out (the annotation's default).
   * Definitions on every other service name it.
   */
  entityService?: string;
}

/** The SLO window every suggestion uses. */
const SUGGESTED_WINDOW_DAYS = 30;

/**
 * Suggests SLOs an entity could promise today, per operation, from what it achieved ("what can you provide
 * today"):
 *
 * - operations with fewer than `minRequests` requests are skipped;
 * - error rate: the highest objective of {@link SLO_OBJECTIVE_LADDER} such that the achieved error ratio
 *   spends at most half its budget (errors / total ≤ ½ × (1 − objective)); none when no objective qualifies;
 * - latency (when `p99Ms` is known): the threshold is p99 × 1.2 rounded up by {@link niceThresholdMs}; the
 *   objective is the highest of the ladder that `goodAtThreshold(threshold) / total` keeps with the same
 *   half-budget rule.
 *
 * Names are `<operation slug>-latency` and `<operation slug>-errors` (slug: lower-case, other characters
 * turned into dashes; suffixed `-2`, `-3` … when two operations share a slug). The window is always 30 days.
 * Latency comes before errors for each operation, operations in input order.
 *
 * @public
 */
export function suggestObjectives(
  input: readonly OperationAchievement[],
  options: SuggestObjectivesOptions = {},
): SloSuggestion[] {
  const minRequests = options.minRequests ?? 100;
  const usedSlugs = new Set<string>();
  const suggestions: SloSuggestion[] = [];
  const longestSuffix = '-latency'.length;

  for (const operation of input) {
    if (!(operation.total >= minRequests) || operation.total <= 0) continue;
    const slug = uniqueSlug(
      slugify(
        operation.operation,
        MAX_SLO_NAME_LENGTH - longestSuffix,
        'operation',
      ),
      usedSlugs,
      MAX_SLO_NAME_LENGTH - longestSuffix,
    );
    const base = {
      operation: operation.operation,
      ...(operation.service !== options.entityService
        ? { service: operation.service }
        : {}),
      windowDays: SUGGESTED_WINDOW_DAYS,
    };

    if (operation.p99Ms !== undefined && operation.p99Ms > 0) {
      const thresholdMs = niceThresholdMs(operation.p99Ms * 1.2);
      const good = Math.min(
        operation.total,
        Math.max(0, operation.goodAtThreshold(thresholdMs)),
      );
      const badRatio = (operation.total - good) / operation.total;
      const objective = highestKeptObjective(badRatio);
      if (objective !== undefined) {
        suggestions.push({
          definition: {
            name: `${slug}-latency`,
            ...base,
            sli: 'latency',
            thresholdMs,
            objective,
          },
          basisDays: operation.basisDays,
          total: operation.total,
          good,
          achieved: operation.p99Ms,
          budgetSpent: clean(badRatio / clean(1 - objective)),
        });
      }
    }

    const errors = Math.min(operation.total, Math.max(0, operation.errorCount));
    const badRatio = errors / operation.total;
    const objective = highestKeptObjective(badRatio);
    if (objective !== undefined) {
      const good = operation.total - errors;
      suggestions.push({
        definition: {
          name: `${slug}-errors`,
          ...base,
          sli: 'error-rate',
          objective,
        },
        basisDays: operation.basisDays,
        total: operation.total,
        good,
        achieved: good / operation.total,
        budgetSpent: clean(badRatio / clean(1 - objective)),
      });
    }
  }
  return suggestions;
}

/** `slug`, or `slug-2`, `slug-3` … when taken; recorded as taken. */
function uniqueSlug(slug: string, used: Set<string>, maxLength: number) {
  let candidate = slug;
  for (let n = 2; used.has(candidate); n++) {
    const suffix = `-${n}`;
    candidate = `${slug
      .slice(0, maxLength - suffix.length)
      .replace(/-+$/, '')}${suffix}`;
  }
  used.add(candidate);
  return candidate;
}

/** `300ms`, `1.5ms`: the annotation's threshold notation. */
function thresholdText(thresholdMs: number): string {
  return `${clean(thresholdMs)}ms`;
}

/**
 * Renders SLO definitions in the YAML of the `service-ownership.io/slos` annotation, as
 * `readSloDefinitions` reads it: `threshold` as `300ms`, `objective` as `99.9%`, `window` as `30d`.
 * Every value goes through a YAML library, so operation names with quotes, colons or `#` stay intact.
 *
 * @public
 */
export function sloAnnotationYaml(
  definitions: readonly SloDefinition[],
): string {
  return stringify(
    definitions.map(definition => ({
      name: definition.name,
      ...(definition.description !== undefined
        ? { description: definition.description }
        : {}),
      operation: definition.operation,
      ...(definition.service !== undefined
        ? { service: definition.service }
        : {}),
      sli: definition.sli,
      ...(definition.thresholdMs !== undefined
        ? { threshold: thresholdText(definition.thresholdMs) }
        : {}),
      objective: `${percent(definition.objective)}%`,
      window: `${definition.windowDays}d`,
    })),
    { lineWidth: 0 },
  );
}
