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

import { DependencySlo } from './api';
import { SloDefinition } from './definitions';
import { clean, MAX_SLO_NAME_LENGTH, percent, slugify } from './names';
import { niceThresholdMs, sloAnnotationYaml } from './suggest';

/**
 * What one downstream service contributes to a parent SLO, as measured by the caller (error-path walk and
 * self times over recent traces of the parent's operation).
 *
 * @public
 */
export interface DependencyContribution {
  /** Trace service. */
  service: string;
  /** The service's own (server) operation the internal SLO measures, e.g. `POST /payments`. */
  operation: string;
  /** Spans of this service's operation per request of the parent operation. */
  callsPerRequest: number;
  /** Share of the parent's failing requests whose failure ends in this service (0..1). */
  errorShare: number;
  /** Share of the parent operation's time spent in this service itself (0..1). */
  latencyShare: number;
}

/**
 * Input of {@link dependencySloTargets}.
 *
 * @public
 */
export interface DependencySloTargetsInput {
  /** The SLO on the parent (signal) operation. */
  parent: SloDefinition;
  /** The downstream services on its path. */
  dependencies: readonly DependencyContribution[];
}

/**
 * The internal SLO one downstream service needs, with the share of the parent's budget it was given.
 *
 * @public
 */
export type DependencySloTarget = Omit<DependencySlo, 'entityRef' | 'owner'> & {
  /**
   * The share of the parent's error budget (error-rate, availability) or latency threshold (latency) allotted
   * to this service, after the floor and renormalisation.
   */
  allottedShare: number;
};

/** The most nines an internal objective gets. */
const MAX_OBJECTIVE = 0.99999;

/**
 * Rounds an objective down to its leading nines and one more digit, with at least two decimals (0.99937 →
 * 0.9993, 0.987 → 0.98, 0.9951 → 0.995, 0.862 → 0.86), at most 0.99999: an objective a team can read and
 * adopt. Rounding down loosens it a little against the exact split; the floor of every share leaves slack for
 * that.
 *
 * @public
 */
export function roundObjectiveDown(objective: number): number {
  if (objective >= MAX_OBJECTIVE) return MAX_OBJECTIVE;
  const digits = clean(objective).toFixed(12).slice(2);
  const nines = /^9*/.exec(digits)![0].length;
  // At least two decimals: 0.862 keeps 0.86 (one digit would loosen it to 0.8).
  const decimals = Math.min(5, Math.max(2, nines + 1));
  const scale = 10 ** decimals;
  const rounded = clean(Math.floor(clean(objective * scale)) / scale);
  // Below 10 % two decimals keep less than two significant digits (or floor to 0, which is no objective):
  // keep two significant digits instead.
  if (objective >= 0.1) return rounded;
  const magnitude = 10 ** (Math.floor(Math.log10(objective)) - 1);
  return clean(Math.floor(clean(objective / magnitude)) * magnitude);
}

/** A share as a percentage with one decimal: 0.33333 → `33.3%`. */
function shareText(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** max(share, 1/(2n)) per service, renormalised to add up to 1. */
function flooredShares(shares: readonly number[]): number[] {
  const floor = 1 / (2 * shares.length);
  const floored = shares.map(share =>
    Math.max(Number.isFinite(share) ? share : 0, floor),
  );
  const sum = floored.reduce((a, b) => a + b, 0);
  return floored.map(share => share / sum);
}

/**
 * `<service slug>-for-<parent name>`, at most 63 characters. The service slug is shortened first, so the
 * internal SLOs one service gets for several parent SLOs keep distinct names.
 */
function internalSloName(service: string, parentName: string): string {
  const suffix = `-for-${slugify(parentName)}`;
  const room = Math.max(MAX_SLO_NAME_LENGTH - suffix.length, 8);
  return slugify(`${slugify(service, room, 'service')}${suffix}`);
}

/**
 * The internal SLO each downstream service needs so that the parent SLO stays within budget.
 *
 * - Error rate and availability: the parent's budget B = 1 − objective is split by error share, with a floor
 *   so a service that never failed still gets some: share′ = max(errorShare, 1/(2n)), renormalised over the
 *   n services. The service may fail share′ × B / max(callsPerRequest, 1) of its calls; its objective is one
 *   minus that, rounded down to its leading nines and one more digit (0.99937 → 0.9993; at most 0.99999).
 * - Latency: the service's threshold is the parent's threshold × latencyShare′ (same floor), rounded up to a
 *   nice value (see {@link niceThresholdMs}) but never above the parent's threshold; the objective is the
 *   parent's. The threshold bounds the service's own operation, per call.
 *
 * Names are `<service slug>-for-<parent name>` (at most 63 characters, the service slug shortened first); the
 * window is the parent's. Each
 * target carries its annotation YAML. Most error share first (then by service).
 *
 * @public
 */
export function dependencySloTargets(
  input: DependencySloTargetsInput,
): DependencySloTarget[] {
  const { parent, dependencies } = input;
  if (dependencies.length === 0) return [];
  if (parent.sli === 'latency' && parent.thresholdMs === undefined) {
    throw new Error(
      `SLO "${parent.name}" has a latency SLI but no threshold to split`,
    );
  }
  const shares = flooredShares(
    dependencies.map(d =>
      parent.sli === 'latency' ? d.latencyShare : d.errorShare,
    ),
  );
  const budget = clean(1 - parent.objective);

  return dependencies
    .map((dependency, i) => {
      const share = shares[i];
      const base = {
        name: internalSloName(dependency.service, parent.name),
        operation: dependency.operation,
        service: dependency.service,
        sli: parent.sli,
        windowDays: parent.windowDays,
      };
      let suggested: SloDefinition;
      if (parent.sli === 'latency') {
        const parentThreshold = parent.thresholdMs!;
        const thresholdMs = Math.min(
          niceThresholdMs(parentThreshold * share),
          parentThreshold,
        );
        suggested = {
          ...base,
          description: `Keeps ${
            parent.name
          } (${parentThreshold} ms) within its threshold: ${shareText(
            share,
          )} of its time is this service's own.`,
          thresholdMs,
          objective: parent.objective,
        };
      } else {
        const calls = Number.isFinite(dependency.callsPerRequest)
          ? Math.max(dependency.callsPerRequest, 1)
          : 1;
        const allowedBad = (share * budget) / calls;
        suggested = {
          ...base,
          description: `Keeps ${parent.name} (${percent(
            parent.objective,
          )}%) within budget with ${shareText(
            share,
          )} of its error budget (${clean(calls)} ${
            calls === 1 ? 'call' : 'calls'
          } per request).`,
          objective: roundObjectiveDown(1 - allowedBad),
        };
      }
      return {
        service: dependency.service,
        callsPerRequest: dependency.callsPerRequest,
        errorShare: dependency.errorShare,
        latencyShare: dependency.latencyShare,
        allottedShare: clean(share),
        suggested,
        yaml: sloAnnotationYaml([suggested]),
      };
    })
    .sort(
      (a, b) =>
        b.errorShare - a.errorShare || a.service.localeCompare(b.service),
    );
}
