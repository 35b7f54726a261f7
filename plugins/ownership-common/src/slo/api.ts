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

import type { OwnershipProblem } from '../annotations/validation';
import type { BurnRateCondition } from './budget';
import type { SliType, SloDefinition } from './definitions';

/**
 * Burn-rate state of an SLO: `ok`, `ticket` or `page` per the multi-window, multi-burn-rate conditions;
 * `no-data` when its window holds no request at all.
 *
 * @public
 */
export type SloState = 'ok' | 'ticket' | 'page' | 'no-data';

/**
 * The counts and burn rate of one burn-rate window (ending now) of an SLO.
 *
 * @public
 */
export interface SloBurnWindow {
  /** Nominal length, in minutes (5, 30, 60, 120, 360, 1440, 4320). */
  minutes: number;
  /** The window actually read: its far edge rounded to the window's precision (see `precisionMinutes`). */
  from: string;
  to: string;
  /** 1 for windows up to an hour (read from minute rows), 60 beyond (hour rows, far edge to the nearest hour). */
  precisionMinutes: number;
  good: number;
  total: number;
  burnRate: number;
}

/**
 * One UTC day of an SLO window: its counts, and the share of the window's budget left at the end of the day.
 *
 * @public
 */
export interface SloTrendPoint {
  /** Start of the UTC day (or of the window, for its first, partial day). */
  start: string;
  good: number;
  total: number;
  /**
   * Budget left at the end of this day: 1 − (bad so far) / (allowed bad over the whole window so far); 1 while
   * there was no request.
   */
  remaining: number;
}

/**
 * One SLO of an entity, evaluated now.
 *
 * @public
 */
export interface SloEvaluation {
  definition: SloDefinition;
  /** The trace service measured (the definition's `service`, or the entity's claimed one). */
  service: string;
  /** The SLO window read (rolling, ending now; far edge to the nearest hour). */
  window: { from: string; to: string; days: number };
  good: number;
  total: number;
  /** good / total; absent when the window holds no request. */
  attainment?: number;
  budget: {
    /** Bad requests the objective allows over the window. */
    allowedBad: number;
    bad: number;
    /** Share of the budget left (negative when overspent; 1 with no traffic). */
    remaining: number;
  };
  state: SloState;
  /** The condition that set `state` to ticket or page. */
  firing?: BurnRateCondition;
  burnWindows: SloBurnWindow[];
  /** One point per UTC day of the window, oldest first. */
  trend: SloTrendPoint[];
  /** Rollup rows read for this evaluation (all windows together). */
  rowsRead: number;
}

/**
 * The SLOs of an entity: the valid definitions evaluated, and the problems of the invalid ones.
 *
 * @public
 */
export interface EntitySlos {
  entityRef: string;
  /** The trace service the entity claims (absent when it claims none). */
  service?: string;
  evaluatedAt: string;
  slos: SloEvaluation[];
  /** Located problems of the SLO annotation; the definitions they concern are left out of `slos`. */
  problems: OwnershipProblem[];
  /** Where the entity's definition can be edited (its source location), when known. */
  editUrl?: string;
}

/**
 * Windows of the SLO charts.
 *
 * @public
 */
export type SloChartWindow = '1h' | '24h' | '7d';

/**
 * The windows of the SLO charts, shortest first.
 *
 * @public
 */
export const SLO_CHART_WINDOWS: readonly SloChartWindow[] = ['1h', '24h', '7d'];

/**
 * One step of an SLO's series: exact counts and the step's latency percentiles.
 *
 * @public
 */
export interface SloSeriesPoint {
  start: string;
  total: number;
  errorCount: number;
  /** Good requests of the SLI in the step. */
  good: number;
  /** Latency percentiles of the step's requests, in ms; absent when the step holds none. */
  p50Ms?: number;
  p99Ms?: number;
}

/**
 * One request drawn as a dot: an exemplar (one of the slowest or of the latest failed of its minute).
 *
 * @public
 */
export interface SloExemplar {
  traceId: string;
  spanId: string;
  start: string;
  durationMs: number;
  error: boolean;
  /** Whether the request was good for this SLO's SLI. */
  good: boolean;
}

/**
 * The chart data of one SLO over a chart window.
 *
 * @public
 */
export interface SloSeries {
  entityRef: string;
  slo: string;
  service: string;
  sli: SliType;
  objective: number;
  thresholdMs?: number;
  window: { from: string; to: string; stepSeconds: number };
  points: SloSeriesPoint[];
  exemplars: SloExemplar[];
  /**
   * Link template of the configured external trace UI (`{traceId}` is replaced), when one is configured; else
   * traces open in the suite's own trace view.
   */
  traceUrlTemplate?: string;
}

/**
 * An objective an entity could promise today, from what it achieved.
 *
 * @public
 */
export interface SloSuggestion {
  /** A valid SLO definition (name, operation, sli, threshold, objective, window). */
  definition: SloDefinition;
  /** The period the suggestion is based on, in days (7 or 30). */
  basisDays: number;
  /** Requests over the period, and how many were good for the suggested SLI. */
  total: number;
  good: number;
  /** What was achieved: attainment for error-rate/availability; p99 in ms for latency. */
  achieved: number;
  /** Share of the suggested budget the achieved level would have spent (≤ 0.5 by construction). */
  budgetSpent: number;
}

/**
 * Suggested SLOs for an entity, with the YAML to paste into its `service-ownership.io/slos` annotation.
 *
 * @public
 */
export interface SloSuggestions {
  entityRef: string;
  service?: string;
  suggestions: SloSuggestion[];
  /** The annotation holding every suggestion (based on the 30-day period when it has traffic, else 7 days). */
  yaml: string;
}

/**
 * What a downstream service contributes to one SLO on a signal operation, and the internal SLO it needs.
 *
 * @public
 */
export interface DependencySlo {
  /** Trace service. */
  service: string;
  /** The catalog entity claiming it, and its owner, when claimed. */
  entityRef?: string;
  owner?: string;
  /** Spans of this service per request of the signal operation, on average over the traces examined. */
  callsPerRequest: number;
  /** Share of the failing traces whose failure ends in this service (error-path walk). */
  errorShare: number;
  /** Share of the signal operation's time spent in this service itself (self time), over the traces examined. */
  latencyShare: number;
  /** The internal SLO this service should meet so the parent stays within budget. */
  suggested: SloDefinition;
  /** The annotation YAML to adopt it, on the entity claiming the service. */
  yaml: string;
}

/**
 * The dependency SLOs of an SLO on a signal operation, from its recent failing and slowest traces.
 *
 * @public
 */
export interface DependencySlos {
  entityRef: string;
  slo: string;
  /** Traces read (exemplars of the last 24 hours found in the recent-trace store), failing and slow among them. */
  tracesExamined: number;
  failingTraces: number;
  /** Services on the operation's path, most error share first. */
  dependencies: DependencySlo[];
}

/**
 * One SLO in a group's roll-up.
 *
 * @public
 */
export interface GroupSloEntry {
  entityRef: string;
  evaluation: SloEvaluation;
}

/**
 * Every SLO of a group's entities, budget remaining ascending (most at risk first).
 *
 * @public
 */
export interface GroupSlos {
  groupRef: string;
  evaluatedAt: string;
  slos: GroupSloEntry[];
  /** Entities whose SLO annotation has problems, with how many. */
  problems: Array<{ entityRef: string; count: number }>;
}

/**
 * Formats of {@link EntitySlos} export.
 *
 * @public
 */
export type SloExportFormat = 'sloth' | 'prometheus' | 'openslo';
