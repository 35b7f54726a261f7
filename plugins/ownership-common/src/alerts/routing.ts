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

import type { Span } from '../spans/types';
import { ErrorPath, signalErrorPaths } from '../traces/errorPath';
import type { IncomingAlert } from './intake';

/**
 * Routing by traces (adaptive paging): an alert on a signal operation goes to the team owning the service
 * where its failing traces actually fail, found by walking each trace from the signal span down the failing
 * children ({@link signalErrorPaths}).
 */

/** Alert labels (then annotations) read for the signal, first match wins. */
export const ALERT_HINT_KEYS = {
  /** The signal operation: ours, the spanmetrics connector's label, an explicit one. */
  operation: ['operation', 'span_name', 'signal_operation'],
  /** The trace service of the signal: ours, spanmetrics' (Collector; Tempo), Sloth's. */
  service: ['service', 'service_name', 'sloth_service'],
  /** The catalog entity alerted on, e.g. from the rules our SLO export writes (`entity` label). */
  entity: ['entity', 'backstage_entity', 'backstage_io_entity'],
  /** The SLO alerted on (Sloth's label, from our exported rules), whose operation is the signal. */
  slo: ['sloth_slo', 'slo'],
} as const;

export interface AlertHints {
  operation?: string;
  service?: string;
  entity?: string;
  slo?: string;
}

/** What an alert says about its signal, from its labels, else its annotations. */
export function alertHints(
  alert: Pick<IncomingAlert, 'labels' | 'annotations'>,
): AlertHints {
  const hints: AlertHints = {};
  for (const [hint, keys] of Object.entries(ALERT_HINT_KEYS) as Array<
    [keyof AlertHints, readonly string[]]
  >) {
    for (const source of [alert.labels, alert.annotations]) {
      const key = keys.find(k => source[k]);
      if (key && hints[hint] === undefined) hints[hint] = source[key];
    }
  }
  return hints;
}

/** A catalog entity claiming a trace node, and its owner. */
export interface RouteEntity {
  entityRef: string;
  ownerRef?: string;
}

/** Where failing traces end, grouped by who would be paged. */
export interface RouteCandidate {
  /** Trace service of the culprit span. */
  service: string;
  /** The uninstrumented peer the culprit span called, when it ended in such a call. */
  peer?: string;
  /** The entity claiming the peer (when it is in the catalog), else the one claiming the service. */
  entityRef?: string;
  ownerRef?: string;
  /** Failing signal traces ending here. */
  count: number;
  /** count / failing signal traces. */
  share: number;
  /** Up to 3 of those traces, newest first as given. */
  traceIds: string[];
}

export interface RouteStep {
  service: string;
  operation: string;
  spanId: string;
  kind: Span['kind'];
  error: boolean;
  durationMs: number;
  statusMessage?: string;
  httpStatusCode?: number;
}

export type ConfidenceLevel = 'high' | 'medium' | 'low' | 'none';

export interface RoutingDecision {
  signal: { service: string; operation: string; entityRef?: string };
  /** `traces` when the failing traces point at a culprit; `fallback` when the alerting entity's owner is paged. */
  method: 'traces' | 'fallback';
  /** Why this target, in a sentence. */
  reason: string;
  /** Share of failing traces that end at the chosen culprit (0 for a fallback). */
  confidence: number;
  confidenceLevel: ConfidenceLevel;
  tracesExamined: number;
  failingTraces: number;
  /** Most failing traces first. */
  candidates: RouteCandidate[];
  culprit?: RouteCandidate;
  /** The entity whose owner is paged, and that owner. */
  target?: RouteEntity;
  /** The walked path of the newest failing trace ending at the culprit. */
  examplePath?: {
    traceId: string;
    reason: ErrorPath['reason'];
    steps: RouteStep[];
  };
}

export interface RoutingOptions {
  /** Fewer failing traces than this are inconclusive. Default 3. */
  minFailingTraces?: number;
  /** The culprit must explain at least this share of failing traces. Default 0.5. */
  minShare?: number;
}

const percent = (share: number) => `${Math.round(share * 100)} %`;

function confidenceLevel(share: number, failing: number): ConfidenceLevel {
  if (share >= 0.8 && failing >= 10) return 'high';
  if (share >= 0.5) return 'medium';
  return 'low';
}

function stepOf(span: Span): RouteStep {
  return {
    service: span.serviceName,
    operation: span.name,
    spanId: span.spanId,
    kind: span.kind,
    error: span.error,
    durationMs: span.durationNano / 1e6,
    ...(span.statusMessage ? { statusMessage: span.statusMessage } : {}),
    ...(span.httpStatusCode !== undefined
      ? { httpStatusCode: span.httpStatusCode }
      : {}),
  };
}

/** Where failing traces end, as the routing reason says it: `payments`, `payments → psp.example.net`. */
export function candidateWhere(
  candidate: Pick<RouteCandidate, 'service' | 'peer'>,
): string {
  return candidate.peer
    ? `${candidate.service} → ${candidate.peer}`
    : candidate.service;
}

/**
 * Decides who is paged for an alert on `signal`, from traces holding it (newest first). The failing ones
 * are walked to their culprit; culprits are grouped by the entity that would be paged (an uninstrumented
 * peer the catalog knows, e.g. a payment provider, is its own entity). The largest group wins when it holds
 * at least `minShare` of at least `minFailingTraces` failing traces and its entity has an owner; otherwise
 * the owner of the alerting entity is paged, and the reason says why.
 */
export function decideRoute(input: {
  signal: { service: string; operation: string; entityRef?: string };
  /** Owner of the alerting entity (the fallback). */
  signalOwnerRef?: string;
  traces: ReadonlyArray<readonly Span[]>;
  /** The entity claiming a trace node (service or peer), if any. */
  resolve(node: string): RouteEntity | undefined;
  options?: RoutingOptions;
}): RoutingDecision {
  const { signal, resolve } = input;
  const minFailing = input.options?.minFailingTraces ?? 3;
  const minShare = input.options?.minShare ?? 0.5;
  const { tracesExamined, paths } = signalErrorPaths(input.traces, signal);
  const failingTraces = paths.length;

  const groups = new Map<
    string,
    { candidate: RouteCandidate; newest: ErrorPath }
  >();
  for (const path of paths) {
    const service = path.culprit.serviceName;
    const peerEntity = path.peer !== undefined ? resolve(path.peer) : undefined;
    const entity = peerEntity ?? resolve(service);
    const key = `${entity?.entityRef ?? `service:${service}`}|${
      path.peer ?? ''
    }|${service}`;
    const group = groups.get(key);
    if (group) {
      group.candidate.count++;
      if (group.candidate.traceIds.length < 3) {
        group.candidate.traceIds.push(path.culprit.traceId);
      }
    } else {
      groups.set(key, {
        newest: path,
        candidate: {
          service,
          ...(path.peer !== undefined ? { peer: path.peer } : {}),
          ...(entity ? { entityRef: entity.entityRef } : {}),
          ...(entity?.ownerRef ? { ownerRef: entity.ownerRef } : {}),
          count: 1,
          share: 0,
          traceIds: [path.culprit.traceId],
        },
      });
    }
  }
  const ranked = [...groups.values()]
    .map(group => {
      group.candidate.share = group.candidate.count / failingTraces;
      return group;
    })
    .sort(
      (a, b) =>
        b.candidate.count - a.candidate.count ||
        candidateWhere(a.candidate).localeCompare(candidateWhere(b.candidate)),
    );
  const candidates = ranked.map(group => group.candidate);
  const base = {
    signal,
    tracesExamined,
    failingTraces,
    candidates,
  };
  const signalName = `${signal.service} ${signal.operation}`;
  const top = ranked[0];
  const example = top
    ? {
        traceId: top.newest.culprit.traceId,
        reason: top.newest.reason,
        steps: top.newest.path.map(stepOf),
      }
    : undefined;
  const fallback = (why: string): RoutingDecision => {
    const target = signal.entityRef
      ? {
          entityRef: signal.entityRef,
          ...(input.signalOwnerRef ? { ownerRef: input.signalOwnerRef } : {}),
        }
      : undefined;
    let whom = `no one: ${signalName} is not claimed by a catalog entity`;
    if (target && target.ownerRef) {
      whom = `the owner of ${target.entityRef}, the alerting entity`;
    } else if (target) {
      whom = `no one: ${target.entityRef} has no owner`;
    }
    return {
      ...base,
      method: 'fallback',
      reason: `${why}; routed to ${whom}.`,
      confidence: 0,
      confidenceLevel: 'none',
      ...(target ? { target } : {}),
      ...(example ? { examplePath: example } : {}),
    };
  };

  if (tracesExamined === 0) {
    return fallback(`No trace of ${signalName} in the window`);
  }
  if (failingTraces === 0) {
    return fallback(
      `None of the ${tracesExamined} traces of ${signalName} in the window failed`,
    );
  }
  if (failingTraces < minFailing) {
    return fallback(
      `Only ${failingTraces} failing trace${
        failingTraces === 1 ? '' : 's'
      } of ${signalName} in the window (at least ${minFailing} are needed)`,
    );
  }
  if (top.candidate.share < minShare) {
    return fallback(
      `Inconclusive: the ${failingTraces} failing traces end in ${ranked
        .slice(0, 3)
        .map(
          g => `${candidateWhere(g.candidate)} (${percent(g.candidate.share)})`,
        )
        .join(', ')}; none explains ${percent(minShare)}`,
    );
  }
  const culprit = top.candidate;
  if (!culprit.entityRef) {
    return {
      ...fallback(
        `${percent(culprit.share)} of failing traces end in ${candidateWhere(
          culprit,
        )}, which no catalog entity claims`,
      ),
      culprit,
    };
  }
  if (!culprit.ownerRef) {
    return {
      ...fallback(
        `${percent(culprit.share)} of failing traces end in ${candidateWhere(
          culprit,
        )} (${culprit.entityRef}), which has no owner`,
      ),
      culprit,
    };
  }
  const via =
    top.newest.reason === 'timeout'
      ? ', reached through a call that ran to its caller’s deadline'
      : '';
  const self =
    culprit.entityRef === signal.entityRef
      ? ` (the alerting entity itself)`
      : '';
  return {
    ...base,
    method: 'traces',
    reason: `${
      culprit.count
    } of ${failingTraces} failing traces of ${signalName} (${percent(
      culprit.share,
    )}) end in ${candidateWhere(culprit)}${via}; routed to ${
      culprit.ownerRef
    }, owner of ${culprit.entityRef}${self}.`,
    confidence: culprit.share,
    confidenceLevel: confidenceLevel(culprit.share, failingTraces),
    culprit,
    target: { entityRef: culprit.entityRef, ownerRef: culprit.ownerRef },
    examplePath: example,
  };
}
