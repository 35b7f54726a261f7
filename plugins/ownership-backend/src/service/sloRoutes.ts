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
import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  culpritServices,
  dependencyContributions,
  DependencySlos,
  dependencySloTargets,
  EntitySlos,
  GroupSlos,
  OperationAchievement,
  sloAnnotationYaml,
  SloExportFormat,
  SloSuggestions,
  suggestObjectives,
  toOpenSlo,
  toPrometheusRules,
  toSlothSpec,
  OwnershipProblem,
  readSloDefinitions,
  SLO_CHART_WINDOWS,
  SloChartWindow,
  SloDefinition,
  SloEvaluation,
  SloSeries,
  SLOS_ANNOTATION,
  TelemetryIndex,
} from '@service-ownership/plugin-ownership-common';
import {
  evaluateSlo,
  goodCount,
  LatencySketch,
  planRollupReads,
  planSloEvaluation,
  RollupReadRange,
  SloRow,
  toSliSeries,
} from '@service-ownership/plugin-ownership-node';
import express from 'express';
import Router from 'express-promise-router';
import {
  OwnershipStore,
  RollupRow,
  SpanSeriesKey,
} from '../database/OwnershipStore';
import { sourceLocationOf } from './dependencyRoutes';
import { entityRefFromPath, requireEntity } from './pathEntity';
import { EntityDirectory } from './EntityDirectory';
import { windowJson } from './traceRoutes';
import { optionalParam, parseWindow } from './window';

/** Settings of the SLO views, from `ownership.slos`. */
export interface SloSettings {
  /** Link template of an external trace UI, `{traceId}` replaced (e.g. Jaeger's `…/trace/{traceId}`). */
  traceUrlTemplate?: string;
}

/** Span kinds that measure an operation where it is served: the caller's client/producer spans would count it twice. */
const SERVED_KINDS = new Set(['server', 'consumer', 'internal', 'unspecified']);
const NANOS_PER_MS = 1e6;
const MAX_EXEMPLARS = 600;
const DAY_MS = 86_400_000;
/** Traces read for the dependency SLOs of one SLO: its latest failed and slowest requests of the last day. */
const MAX_DEPENDENCY_TRACES = 60;
/** Operations of a service that get suggestions: the busiest. */
const MAX_SUGGESTED_OPERATIONS = 5;
const EXPORT_FORMATS: SloExportFormat[] = ['sloth', 'prometheus', 'openslo'];

/** Chart windows: 5-minute steps from minute rows where they are kept (2 days), hourly steps beyond. */
const CHART_STEP_SECONDS: Record<SloChartWindow, number> = {
  '1h': 300,
  '24h': 300,
  '7d': 3600,
};

/** The SLO's trace service: its own `service`, else the first the entity claims. */
export function sloService(
  definition: SloDefinition,
  claimed: string | undefined,
): string | undefined {
  return definition.service ?? claimed;
}

/** Reads the rows of an operation where it is served, for the given ranges. */
export async function readServedRows(
  store: OwnershipStore,
  service: string,
  operation: string,
  ranges: RollupReadRange[],
): Promise<RollupRow<SpanSeriesKey>[]> {
  const rows = await store.readSpanRollups({ ranges, service, operation });
  return rows.filter(row => SERVED_KINDS.has(row.key.kind));
}

/** Evaluates one SLO now: one read of the store covering all its windows. */
export async function evaluateOne(
  store: OwnershipStore,
  definition: SloDefinition,
  service: string,
  nowMs: number,
): Promise<SloEvaluation> {
  const plan = planSloEvaluation(nowMs, definition.windowDays);
  const rows: SloRow[] = await readServedRows(
    store,
    service,
    definition.operation,
    plan.reads,
  );
  return evaluateSlo(definition, service, rows, plan);
}

/**
 * The definitions of an entity with a service to measure each on; definitions without one become problems
 * (the entity claims no trace service and the SLO names none).
 */
export function resolveSlos(
  entity: Entity,
  index: TelemetryIndex,
): {
  service?: string;
  slos: Array<{ definition: SloDefinition; service: string }>;
  problems: OwnershipProblem[];
  /** Names of the SLOs left out because of their problems. */
  invalidNames: string[];
} {
  const { slos, problems, invalidNames } = readSloDefinitions(entity);
  const claimed = index.nodesOf(stringifyEntityRef(entity))[0];
  const resolved: Array<{ definition: SloDefinition; service: string }> = [];
  slos.forEach(definition => {
    const service = sloService(definition, claimed);
    if (service === undefined) {
      problems.push({
        severity: 'error',
        annotation: SLOS_ANNOTATION,
        path: `metadata.annotations["${SLOS_ANNOTATION}"] (SLO "${definition.name}")`,
        message:
          'has no trace service to measure: the entity claims none (set service-ownership.io/service-name) and the SLO sets no "service"',
      });
      invalidNames.push(definition.name);
      return;
    }
    resolved.push({ definition, service });
  });
  return { service: claimed, slos: resolved, problems, invalidNames };
}

/** The chart window of a query: `window` = 1h (default), 24h or 7d. */
function chartWindow(query: Record<string, unknown>): SloChartWindow {
  const text = optionalParam(query, 'window') ?? '1h';
  if (!(SLO_CHART_WINDOWS as readonly string[]).includes(text)) {
    throw new InputError(
      `Query parameter "window" is "${text}"; expected one of ${SLO_CHART_WINDOWS.join(
        ', ',
      )}`,
    );
  }
  return text as SloChartWindow;
}

/**
 * The SLO views: an entity's SLOs evaluated now, the chart series of one, and a group's roll-up.
 */
export function createSloRoutes(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  store: OwnershipStore;
  directory: EntityDirectory;
  settings: SloSettings;
  now: () => number;
}): express.Router {
  const { httpAuth, catalog, store, directory, settings, now } = options;
  const router = Router();

  /** The entity of the path, read with the caller's credentials (so the catalog's permissions apply). */
  const loadEntity = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = entityRefFromPath(req.params);
    const entity = await requireEntity(catalog, entityRef, credentials);
    const { index, entries } = await directory.get();
    return { entity, entityRef: stringifyEntityRef(entity), index, entries };
  };

  /** One SLO of the path's entity, by name, with its service; 404 when it has none of that name. */
  const loadSlo = async (req: express.Request) => {
    const loaded = await loadEntity(req);
    const resolved = resolveSlos(loaded.entity, loaded.index);
    const slo = resolved.slos.find(s => s.definition.name === req.params.slo);
    if (!slo) {
      const invalid = resolved.invalidNames.includes(req.params.slo);
      throw new NotFoundError(
        `Entity '${loaded.entityRef}' has no valid SLO named '${
          req.params.slo
        }'${invalid ? ' (its definition has problems)' : ''}`,
      );
    }
    return { ...loaded, ...slo };
  };

  router.get('/v1/entities/:kind/:namespace/:name/slos', async (req, res) => {
    const { entity, entityRef, index } = await loadEntity(req);
    const at = now();
    const resolved = resolveSlos(entity, index);
    const slos = await Promise.all(
      resolved.slos.map(({ definition, service }) =>
        evaluateOne(store, definition, service, at),
      ),
    );
    const editUrl = sourceLocationOf(entity);
    const body: EntitySlos = {
      entityRef,
      ...(resolved.service ? { service: resolved.service } : {}),
      evaluatedAt: new Date(at).toISOString(),
      slos,
      problems: resolved.problems,
      ...(editUrl ? { editUrl } : {}),
    };
    res.json(body);
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/slos/:slo/series',
    async (req, res) => {
      const windowName = chartWindow(req.query);
      const { entityRef, definition, service } = await loadSlo(req);
      const window = parseWindow(
        { window: windowName, step: String(CHART_STEP_SECONDS[windowName]) },
        now(),
      );
      const rows = await readServedRows(
        store,
        service,
        definition.operation,
        planRollupReads(window.fromMs, window.toMs, {
          maxLevelMs: window.stepMs,
        }),
      );
      const spec = { sli: definition.sli, thresholdMs: definition.thresholdMs };
      const points = toSliSeries(rows, window, { maxExemplars: 0 });
      const exemplars = rows
        .flatMap(row => row.aggregate.exemplars)
        .filter(
          e =>
            e.startTimeUnixMs >= window.fromMs &&
            e.startTimeUnixMs < window.toMs,
        )
        .sort((a, b) => a.startTimeUnixMs - b.startTimeUnixMs);
      // Keep the latest when there are too many to draw.
      const drawn = exemplars.slice(-MAX_EXEMPLARS);
      const body: SloSeries = {
        entityRef,
        slo: definition.name,
        service,
        sli: definition.sli,
        objective: definition.objective,
        ...(definition.thresholdMs !== undefined
          ? { thresholdMs: definition.thresholdMs }
          : {}),
        window: windowJson(window),
        points: points.map(point => ({
          start: new Date(point.startMs).toISOString(),
          total: point.count,
          errorCount: point.errorCount,
          good: goodCount(point.aggregate, spec),
          ...(point.p50Nano !== null
            ? { p50Ms: point.p50Nano / NANOS_PER_MS }
            : {}),
          ...(point.p99Nano !== null
            ? { p99Ms: point.p99Nano / NANOS_PER_MS }
            : {}),
        })),
        exemplars: drawn.map(e => ({
          traceId: e.traceId,
          spanId: e.spanId,
          start: new Date(e.startTimeUnixMs).toISOString(),
          durationMs: e.durationNano / NANOS_PER_MS,
          error: e.error,
          good:
            definition.sli === 'latency'
              ? e.durationNano <= (definition.thresholdMs ?? 0) * NANOS_PER_MS
              : !e.error,
        })),
        ...(settings.traceUrlTemplate
          ? { traceUrlTemplate: settings.traceUrlTemplate }
          : {}),
      };
      res.json(body);
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/slos/suggestions',
    async (req, res) => {
      const { entity, entityRef, index } = await loadEntity(req);
      const service = index.nodesOf(entityRef)[0];
      const body: SloSuggestions = {
        entityRef,
        ...(service ? { service } : {}),
        suggestions: [],
        yaml: '',
      };
      if (service) {
        const at = now();
        const signals = new Set(
          (
            entity.metadata.annotations?.[
              'service-ownership.io/signal-operations'
            ] ?? ''
          )
            .split(',')
            .map(op => op.trim())
            .filter(Boolean),
        );
        // The last 7 days are suggested from too when they differ from the last 30 (a younger service's
        // 30 days are its 7).
        const monthTotals = new Map<string, number>();
        for (const basisDays of [30, 7]) {
          const achievements = (
            await achievementsOf(
              store,
              service,
              at - basisDays * DAY_MS,
              at,
              basisDays,
              signals,
            )
          ).filter(a => monthTotals.get(a.operation) !== a.total);
          if (basisDays === 30) {
            achievements.forEach(a => monthTotals.set(a.operation, a.total));
          }
          body.suggestions.push(
            ...suggestObjectives(achievements, { entityService: service }),
          );
        }
        const preferred = body.suggestions.some(s => s.basisDays === 30)
          ? 30
          : 7;
        body.yaml = sloAnnotationYaml(
          body.suggestions
            .filter(s => s.basisDays === preferred)
            .map(s => s.definition),
        );
      }
      res.json(body);
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/slos/export',
    async (req, res) => {
      const format = optionalParam(req.query, 'format') ?? 'sloth';
      if (!(EXPORT_FORMATS as string[]).includes(format)) {
        throw new InputError(
          `Query parameter "format" is "${format}"; expected one of ${EXPORT_FORMATS.join(
            ', ',
          )}`,
        );
      }
      const metrics = optionalParam(req.query, 'metrics') ?? 'otel-collector';
      if (metrics !== 'otel-collector' && metrics !== 'tempo') {
        throw new InputError(
          `Query parameter "metrics" is "${metrics}"; expected otel-collector (the Collector's spanmetrics connector) or tempo (Tempo's metrics-generator)`,
        );
      }
      const { entity, entityRef, index } = await loadEntity(req);
      const resolved = resolveSlos(entity, index);
      if (resolved.slos.length === 0) {
        throw new NotFoundError(
          `Entity '${entityRef}' has no valid SLO to export${
            resolved.problems.length
              ? ` (${resolved.problems.length} problem(s) in its definitions)`
              : ''
          }`,
        );
      }
      const exportOptions = {
        service: resolved.service ?? resolved.slos[0].service,
        entityRef,
        owner: entity.relations?.find(r => r.type === RELATION_OWNED_BY)
          ?.targetRef,
        metrics: metrics as 'otel-collector' | 'tempo',
      };
      const definitions = resolved.slos.map(s => s.definition);
      const generate = {
        sloth: toSlothSpec,
        prometheus: toPrometheusRules,
        openslo: toOpenSlo,
      }[format as SloExportFormat];
      res
        .type('text/yaml')
        .set(
          'Content-Disposition',
          `attachment; filename="${entity.metadata.name}-slos.${format}.yaml"`,
        )
        .send(generate(definitions, exportOptions));
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/slos/:slo/dependencies',
    async (req, res) => {
      const { entityRef, definition, service, index, entries } = await loadSlo(
        req,
      );
      const at = now();
      const rows = await readServedRows(
        store,
        service,
        definition.operation,
        planRollupReads(at - DAY_MS, at),
      );
      // The latest failed requests first, then the slowest: the traces that explain errors and latency.
      const exemplars = rows.flatMap(row => row.aggregate.exemplars);
      const ids = [
        ...new Set([
          ...exemplars
            .filter(e => e.error)
            .sort((a, b) => b.startTimeUnixMs - a.startTimeUnixMs)
            .map(e => e.traceId),
          ...exemplars
            .sort((a, b) => b.durationNano - a.durationNano)
            .map(e => e.traceId),
        ]),
      ].slice(0, MAX_DEPENDENCY_TRACES);
      const traces = (
        await Promise.all(ids.map(id => store.getTraceSpans(id)))
      ).filter(spans => spans.length > 0);
      const signal = { service, operation: definition.operation };
      const culprits = culpritServices(traces, signal);
      const contributions = dependencyContributions(traces, signal, culprits);
      const body: DependencySlos = {
        entityRef,
        slo: definition.name,
        tracesExamined: culprits.tracesExamined,
        failingTraces: culprits.failingTraces,
        dependencies: dependencySloTargets({
          parent: definition,
          dependencies: contributions,
        })
          .filter(target => target.service !== service)
          .map(({ allottedShare: _share, ...target }) => {
            const claim = index.resolve(target.service);
            const owner = claim
              ? entries.get(claim.entityRef)?.owner
              : undefined;
            return {
              ...target,
              ...(claim ? { entityRef: claim.entityRef } : {}),
              ...(owner ? { owner } : {}),
            };
          }),
      };
      res.json(body);
    },
  );

  router.get('/v1/groups/:namespace/:name/slos', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const groupRef = entityRefFromPath({ ...req.params, kind: 'group' });
    const group = await requireEntity(catalog, groupRef, credentials, 'group');
    const self = stringifyEntityRef(group);
    const { index, entries } = await directory.get();
    const at = now();
    const owned = [...entries.entries()]
      .filter(([, entry]) => entry.owner === self)
      .sort(([a], [b]) => a.localeCompare(b));
    const body: GroupSlos = {
      groupRef: self,
      evaluatedAt: new Date(at).toISOString(),
      slos: [],
      problems: [],
    };
    for (const [entityRef, entry] of owned) {
      const resolved = resolveSlos(entry.entity, index);
      if (resolved.problems.length > 0) {
        body.problems.push({ entityRef, count: resolved.problems.length });
      }
      for (const { definition, service } of resolved.slos) {
        body.slos.push({
          entityRef,
          evaluation: await evaluateOne(store, definition, service, at),
        });
      }
    }
    body.slos.sort(
      (a, b) =>
        a.evaluation.budget.remaining - b.evaluation.budget.remaining ||
        a.entityRef.localeCompare(b.entityRef) ||
        a.evaluation.definition.name.localeCompare(
          b.evaluation.definition.name,
        ),
    );
    res.json(body);
  });

  return router;
}

/**
 * What each served operation of a service achieved over a period: counts, p99 and good-at-threshold from its
 * merged sketch; signal operations first, then the busiest.
 */
async function achievementsOf(
  store: OwnershipStore,
  service: string,
  fromMs: number,
  toMs: number,
  basisDays: number,
  signals: Set<string>,
): Promise<OperationAchievement[]> {
  const rows = await store.readSpanRollups({
    ranges: planRollupReads(fromMs, toMs),
    service,
  });
  const byOperation = new Map<
    string,
    { total: number; errorCount: number; sketch: LatencySketch }
  >();
  for (const row of rows) {
    if (!SERVED_KINDS.has(row.key.kind)) continue;
    const entry = byOperation.get(row.key.operation) ?? {
      total: 0,
      errorCount: 0,
      sketch: new LatencySketch(),
    };
    entry.total += row.aggregate.count;
    entry.errorCount += row.aggregate.errorCount;
    entry.sketch.merge(LatencySketch.fromProto(row.aggregate.sketch));
    byOperation.set(row.key.operation, entry);
  }
  return [...byOperation.entries()]
    .sort(
      ([a, x], [b, y]) =>
        Number(signals.has(b)) - Number(signals.has(a)) || y.total - x.total,
    )
    .slice(0, MAX_SUGGESTED_OPERATIONS)
    .map(([operation, entry]) => {
      const p99 = entry.sketch.quantile(0.99);
      return {
        service,
        operation,
        basisDays,
        total: entry.total,
        errorCount: entry.errorCount,
        ...(p99 !== undefined ? { p99Ms: p99 / NANOS_PER_MS } : {}),
        goodAtThreshold: (thresholdMs: number) =>
          entry.sketch.countAtOrBelow(thresholdMs * NANOS_PER_MS),
      };
    });
}
