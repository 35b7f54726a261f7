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
  ANNOTATION_EDIT_URL,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_VIEW_URL,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  buildEntityGraph,
  classifyTraceNodes,
  computeDependencyDrift,
  DependencyGraphEdge,
  DependencyGraphNode,
  EntityDependencies,
  findUnownedNodes,
  GroupDependencies,
  ObservedDependencySnapshot,
  observedEntityDependencies,
  summarizeTeamDependencies,
  UnownedTraffic,
} from '@service-ownership/plugin-ownership-common';
import {
  mergeRollupAggregates,
  planRollupReads,
} from '@service-ownership/plugin-ownership-node';
import express from 'express';
import Router from 'express-promise-router';
import {
  EdgeSeriesKey,
  OwnershipStore,
  RollupAggregate,
  RollupRow,
} from '../database/OwnershipStore';
import { EntityDirectory } from './EntityDirectory';
import { observedCallees } from '../docs/observedCallees';
import { entityRefFromPath, requireEntity } from './pathEntity';
import { edgeId, edgeMetrics, mergeByKey, windowJson } from './traceRoutes';
import { optionalParam, parseWindow, QueryWindow } from './window';

/** Settings of the dependency views, from `ownership.dependencies`. */
export interface DependencySettings {
  /** Edges not seen for this long are left out of the catalog relations. */
  relationMaxAgeMs: number;
  /** "Declared but not observed" means not seen for this many days. */
  driftWindowDays: number;
}

const SAMPLE_TRACE_IDS = 5;
const DAY_MS = 86_400_000;

/** The window of a dependency view: `window` (or from/to), the last 24 hours by default. */
function dependencyWindow(
  query: Record<string, unknown>,
  now: number,
): QueryWindow {
  const explicit = query.window !== undefined || query.from !== undefined;
  return parseWindow(explicit ? query : { ...query, window: '24h' }, now);
}

function parseDepth(query: Record<string, unknown>): number {
  const text = optionalParam(query, 'depth');
  if (text === undefined) return 1;
  if (!/^[1-3]$/.test(text)) {
    throw new InputError(
      `Query parameter "depth" is "${text}"; expected 1, 2 or 3 (hops)`,
    );
  }
  return Number(text);
}

/** One trace-level edge over the window: merged aggregate (exact counts) and requests per step. */
interface WindowEdge extends EdgeSeriesKey {
  count: number;
  errorCount: number;
  aggregate: RollupAggregate;
  trend: number[];
}

function windowEdges(
  rows: RollupRow<EdgeSeriesKey>[],
  window: QueryWindow,
): WindowEdge[] {
  const steps = Math.max(
    1,
    Math.round((window.toMs - window.fromMs) / window.stepMs),
  );
  const trends = new Map<string, number[]>();
  for (const row of rows) {
    const id = edgeId(row.key);
    const trend = trends.get(id) ?? new Array<number>(steps).fill(0);
    const step = Math.min(
      steps - 1,
      Math.max(
        0,
        Math.floor((row.bucketStartMs - window.fromMs) / window.stepMs),
      ),
    );
    trend[step] += row.aggregate.count;
    trends.set(id, trend);
  }
  return mergeByKey(rows, edgeId)
    .filter(({ aggregate }) => aggregate.count > 0)
    .map(({ key, aggregate }) => ({
      ...key,
      count: aggregate.count,
      errorCount: aggregate.errorCount,
      aggregate,
      trend: trends.get(edgeId(key))!,
    }));
}

/** Where the entity's definition can be edited or viewed, when the catalog knows an http(s) location. */
export function sourceLocationOf(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const candidates = [
    annotations[ANNOTATION_EDIT_URL],
    annotations[ANNOTATION_VIEW_URL],
    annotations[ANNOTATION_SOURCE_LOCATION]?.replace(/^url:/, ''),
  ];
  return candidates.find(url => url && /^https?:\/\//.test(url));
}

/**
 * The dependency views: an entity's observed dependency graph with drift, a group's traffic with other teams,
 * unowned traffic, and the snapshot the catalog module turns into relations.
 */
export function createDependencyRoutes(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  store: OwnershipStore;
  directory: EntityDirectory;
  settings: DependencySettings;
  now: () => number;
}): express.Router {
  const { httpAuth, catalog, store, directory, settings, now } = options;
  const router = Router();
  const authenticate = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const readWindowEdges = async (window: QueryWindow) =>
    windowEdges(
      await store.readEdgeRollups({
        ranges: planRollupReads(window.fromMs, window.toMs, {
          maxLevelMs: window.stepMs,
        }),
      }),
      window,
    );

  router.get(
    '/v1/entities/:kind/:namespace/:name/dependencies',
    async (req, res) => {
      const credentials = await authenticate(req);
      const entityRef = entityRefFromPath(req.params);
      const window = dependencyWindow(req.query, now());
      const depth = parseDepth(req.query);
      const entity = await requireEntity(catalog, entityRef, credentials);
      const self = stringifyEntityRef(entity);
      const { index, entries } = await directory.get();

      // A system is drawn from its parts; anything else from itself.
      const isSystem = entity.kind.toLocaleLowerCase('en-US') === 'system';
      const rootIds = isSystem
        ? [...entries.entries()]
            .filter(([, entry]) => entry.partOf.includes(self))
            .map(([ref]) => ref)
            .filter(ref => index.nodesOf(ref).length > 0)
        : [self];
      const traceNodes = [
        ...new Set(rootIds.flatMap(ref => index.nodesOf(ref))),
      ];
      const claimSource = isSystem
        ? index.claimSourceOf(self) ?? (rootIds.length ? 'default' : undefined)
        : index.claimSourceOf(self);
      const nodeKeys = new Set(
        traceNodes.map(n => n.toLocaleLowerCase('en-US')),
      );

      const edges = await readWindowEdges(window);
      const graph = buildEntityGraph(edges, { index, rootIds, depth });
      const observed = await store.readObservedEdges({
        seenSinceMs: Math.min(
          window.fromMs,
          now() - settings.driftWindowDays * DAY_MS,
        ),
      });
      const seenById = new Map(observed.map(edge => [edgeId(edge), edge]));
      const seconds = (window.toMs - window.fromMs) / 1000;

      const nodes: DependencyGraphNode[] = graph.nodes.map(node => {
        const entry = node.entityRef ? entries.get(node.entityRef) : undefined;
        return {
          ...node,
          kind: entry?.kind,
          title: entry?.title,
          owner: entry?.owner,
        };
      });
      const graphEdges: DependencyGraphEdge[] = graph.edges.map(edge => {
        const [first, ...rest] = edge.traceEdges;
        const aggregate = rest.reduce(
          (sum, e) => mergeRollupAggregates(sum, e.aggregate),
          first.aggregate,
        );
        const seen = edge.traceEdges
          .map(e => seenById.get(edgeId(e)))
          .filter(e => e !== undefined);
        const trend = first.trend.map((_, i) =>
          edge.traceEdges.reduce((sum, e) => sum + e.trend[i], 0),
        );
        const sampleTraceIds = [
          ...new Set(
            [...aggregate.exemplars]
              .sort((a, b) => b.startTimeUnixMs - a.startTimeUnixMs)
              .map(e => e.traceId),
          ),
        ].slice(0, SAMPLE_TRACE_IDS);
        return {
          from: edge.from,
          to: edge.to,
          connectionType: edge.connectionType,
          ...edgeMetrics(aggregate, seconds),
          firstSeen: seen.length
            ? new Date(Math.min(...seen.map(e => e.firstSeenMs))).toISOString()
            : undefined,
          lastSeen: seen.length
            ? new Date(Math.max(...seen.map(e => e.lastSeenMs))).toISOString()
            : undefined,
          sampleTraceIds,
          trend,
        };
      });

      // Drift: callees over the last `driftWindowDays` days, from the observed-edge provenance.
      const driftSince = now() - settings.driftWindowDays * DAY_MS;
      const callees = observedCallees(observed, index, {
        roots: new Set(rootIds),
        sinceMs: driftSince,
      }).map(({ firstSeenMs: _first, ...callee }) => callee);
      const drift = computeDependencyDrift(entity, callees);

      const body: EntityDependencies = {
        entityRef: self,
        window: windowJson(window),
        depth,
        traceNodes,
        claimSource,
        conflicts: index.conflicts.filter(c => nodeKeys.has(c.node)),
        nodes,
        edges: graphEdges,
        drift: {
          ...drift,
          windowDays: settings.driftWindowDays,
          sourceLocation: sourceLocationOf(entity),
        },
      };
      res.json(body);
    },
  );

  router.get('/v1/groups/:namespace/:name/dependencies', async (req, res) => {
    const credentials = await authenticate(req);
    const groupRef = entityRefFromPath({ ...req.params, kind: 'group' });
    const window = dependencyWindow(req.query, now());
    const group = await requireEntity(catalog, groupRef, credentials, 'group');
    const self = stringifyEntityRef(group);
    const { index, entries } = await directory.get();
    const owned = new Set(
      [...entries.entries()]
        .filter(([, entry]) => entry.owner === self)
        .map(([ref]) => ref),
    );
    const edges = await readWindowEdges(window);
    const summary = summarizeTeamDependencies(edges, {
      index,
      groupEntityRefs: owned,
      ownerOf: ref => entries.get(ref)?.owner,
      windowSeconds: (window.toMs - window.fromMs) / 1000,
    });
    const body: GroupDependencies = {
      groupRef: self,
      window: windowJson(window),
      entityRefs: [...owned]
        .filter(ref => index.nodesOf(ref).length > 0)
        .sort(),
      ...summary,
    };
    res.json(body);
  });

  router.get('/v1/unowned', async (req, res) => {
    await authenticate(req);
    const window = dependencyWindow(req.query, now());
    const { index } = await directory.get();
    const edges = await readWindowEdges(window);
    const types = classifyTraceNodes(edges);
    const body: UnownedTraffic = {
      window: windowJson(window),
      nodes: findUnownedNodes(edges, index).map(node => ({
        ...node,
        nodeType: types.get(node.node) ?? 'service',
      })),
    };
    res.json(body);
  });

  router.get('/v1/dependencies/snapshot', async (req, res) => {
    await authenticate(req);
    const at = now();
    const { index } = await directory.get();
    const observed = await store.readObservedEdges({
      seenSinceMs: at - settings.relationMaxAgeMs,
    });
    const body: ObservedDependencySnapshot = {
      generatedAt: new Date(at).toISOString(),
      maxAgeSeconds: settings.relationMaxAgeMs / 1000,
      relations: observedEntityDependencies(observed, index).map(r => ({
        source: r.source,
        target: r.target,
        firstSeen: new Date(r.firstSeenMs).toISOString(),
        lastSeen: new Date(r.lastSeenMs).toISOString(),
      })),
    };
    res.json(body);
  });

  return router;
}
