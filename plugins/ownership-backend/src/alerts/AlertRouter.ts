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
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  alertHints,
  decideRoute,
  IncomingAlert,
  parseSignalOperations,
  RoutingDecision,
  SIGNAL_OPERATIONS_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import { OwnershipStore } from '../database/OwnershipStore';
import { EntityDirectory } from '../service/EntityDirectory';
import { routingTargetOf } from '../service/routingMap';
import { resolveSlos } from '../service/sloRoutes';

export interface AlertRoutingSettings {
  /** Traces are read from this long before the alert started. Default 10. */
  lookbackMinutes: number;
  /** At most this many failing traces are walked (the newest). Default 50. */
  maxTraces: number;
  /** Fewer failing traces are inconclusive. Default 3. */
  minFailingTraces: number;
  /** The culprit must explain this share of failing traces. Default 0.5. */
  minShare: number;
}

export const DEFAULT_ALERT_ROUTING: AlertRoutingSettings = {
  lookbackMinutes: 10,
  maxTraces: 50,
  minFailingTraces: 3,
  minShare: 0.5,
};

/** A signal an alert is about, as found from its labels and the catalog. */
export interface ResolvedSignal {
  service: string;
  operation: string;
  entityRef?: string;
  /** How it was found, e.g. "label span_name" / "SLO place-order-availability of component:default/orders". */
  via: string;
}

export class SignalNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignalNotFoundError';
  }
}

export interface RoutedAlert {
  window: { fromMs: number; toMs: number };
  signal: ResolvedSignal;
  decision: RoutingDecision;
}

function normalizeEntityRef(text: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(text, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Routes an alert by traces: finds its signal (operation and service, from labels or the catalog), reads the
 * recent traces of that operation from the store and lets {@link decideRoute} walk them.
 */
export class AlertRouter {
  constructor(
    private readonly options: {
      store: OwnershipStore;
      directory: EntityDirectory;
      settings: AlertRoutingSettings;
    },
  ) {}

  /** The entity an alert names (its `entity` label), normalized, for listing before it is routed. */
  static namedEntity(alert: IncomingAlert): string | undefined {
    const hint = alertHints(alert).entity;
    return hint ? normalizeEntityRef(hint) : undefined;
  }

  async resolveSignal(alert: IncomingAlert): Promise<ResolvedSignal> {
    const { index, entries } = await this.options.directory.get();
    const hints = alertHints(alert);
    let entityRef: string | undefined;
    if (hints.entity) {
      entityRef = normalizeEntityRef(hints.entity);
      if (!entityRef || !entries.has(entityRef)) {
        throw new SignalNotFoundError(
          `The alert names the entity "${hints.entity}", which is not a component, resource or system in the catalog`,
        );
      }
    }
    let service = hints.service;
    let operation = hints.operation;
    const via: string[] = [];
    if (operation) via.push('operation from the alert’s labels');
    if (!operation && hints.slo && entityRef) {
      const entity = entries.get(entityRef)!.entity;
      const slo = resolveSlos(entity, index).slos.find(
        s => s.definition.name === hints.slo,
      );
      if (slo) {
        operation = slo.definition.operation;
        service = service ?? slo.service;
        via.push(`operation of the SLO "${hints.slo}" of ${entityRef}`);
      }
    }
    if (!service && entityRef) {
      service = index.nodesOf(entityRef)[0];
      if (service) via.push(`service claimed by ${entityRef}`);
    }
    if (!operation && entityRef) {
      const text =
        entries.get(entityRef)!.entity.metadata.annotations?.[
          SIGNAL_OPERATIONS_ANNOTATION
        ];
      const parsed = text ? parseSignalOperations(text) : undefined;
      if (parsed?.ok && parsed.value.length > 0) {
        operation = parsed.value[0];
        via.push(`first signal operation of ${entityRef}`);
      }
    }
    if (!service) {
      throw new SignalNotFoundError(
        `The alert does not say which trace service it is about: set a label service, service_name or sloth_service, or entity (a catalog entity claiming a service)`,
      );
    }
    if (!operation) {
      throw new SignalNotFoundError(
        `The alert does not say which operation of ${service} it is about: set a label operation or span_name, sloth_slo (with entity), or give ${
          entityRef ?? 'the entity'
        } a ${SIGNAL_OPERATIONS_ANNOTATION} annotation`,
      );
    }
    if (!entityRef) {
      entityRef = index.resolve(service)?.entityRef;
    }
    return {
      service,
      operation,
      ...(entityRef ? { entityRef } : {}),
      via: via.join('; ') || 'service and operation from the alert’s labels',
    };
  }

  /** The window whose traces are walked: from `lookback` before the alert started (or now) until now. */
  windowOf(
    alert: IncomingAlert,
    nowMs: number,
  ): { fromMs: number; toMs: number } {
    const started = alert.startsAt ? Date.parse(alert.startsAt) : nowMs;
    return {
      fromMs:
        Math.min(started, nowMs) -
        this.options.settings.lookbackMinutes * 60_000,
      toMs: nowMs,
    };
  }

  async route(
    alert: IncomingAlert,
    options: { nowMs: number; window?: { fromMs: number; toMs: number } },
  ): Promise<RoutedAlert> {
    const { store, directory, settings } = this.options;
    const signal = await this.resolveSignal(alert);
    const window = options.window ?? this.windowOf(alert, options.nowMs);
    const ids = await store.findRecentTraceIds({
      service: signal.service,
      operation: signal.operation,
      fromMs: window.fromMs,
      toMs: window.toMs,
      limit: settings.maxTraces,
    });
    const traces = (
      await Promise.all(ids.map(id => store.getTraceSpans(id)))
    ).filter(spans => spans.length > 0);
    const snapshot = await directory.get();
    const { entries } = snapshot;
    const decision = decideRoute({
      signal: {
        service: signal.service,
        operation: signal.operation,
        ...(signal.entityRef ? { entityRef: signal.entityRef } : {}),
      },
      signalOwnerRef: signal.entityRef
        ? entries.get(signal.entityRef)?.owner
        : undefined,
      traces,
      resolve: node => routingTargetOf(snapshot, node),
      options: {
        minFailingTraces: settings.minFailingTraces,
        minShare: settings.minShare,
      },
    });
    return { window, signal, decision };
  }
}
