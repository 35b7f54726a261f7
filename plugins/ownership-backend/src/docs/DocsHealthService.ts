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
import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_MEMBER_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  checkDocsCompleteness,
  dependenciesAddedSince,
  detectDocsChanges,
  DocFieldId,
  DocsAudit,
  docsFreshness,
  DocsHealthState,
  DOCS_HEALTH_STATES,
  DocsModification,
  DocsSnapshot,
  docsSnapshotOf,
  EntityDocsHealth,
  ownerRefOf,
  readOwnershipAnnotations,
  requiredDocFields,
  SERVICE_NAME_ANNOTATION,
  SIGNAL_OPERATIONS_ANNOTATION,
  SLOS_ANNOTATION,
  stableDigest,
  TECHDOCS_REF_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import { ObservedEdge, OwnershipStore } from '../database/OwnershipStore';
import {
  EntityDirectory,
  EntityDirectorySnapshot,
} from '../service/EntityDirectory';
import { DocsStore } from './DocsStore';
import { calleeKey, ObservedCallee, observedCallees } from './observedCallees';
import { SourceModificationTimes } from './SourceModificationTimes';

const DAY_MS = 86_400_000;

/** `ownership.docs` settings. */
export interface DocsSettings {
  /** Review interval when neither the entity nor its kind sets one. */
  defaultIntervalDays: number;
  /** Review interval per kind (lower-case). */
  intervalDaysByKind: Record<string, number>;
  /** How long before the due date docs count as due soon. */
  dueSoonDays: number;
  /** The kinds whose docs are tracked (listed, nudged). */
  kinds: string[];
  /** Required template items per kind (lower-case); unlisted kinds use the defaults. */
  required: Record<string, DocFieldId[]>;
  /** How far back "observed dependencies" reach, in days (the dependency drift's window). */
  dependencyWindowDays: number;
  /** Longest snooze, in days. */
  maxSnoozeDays: number;
  nudges: {
    enabled: boolean;
    frequencyMinutes: number;
    initialDelaySeconds: number;
    /** One notification per owner and run listing every entity that changed state, instead of one per entity. */
    digest: boolean;
    /** The states that nudge owners. */
    states: DocsHealthState[];
  };
}

export const DEFAULT_DOCS_SETTINGS: DocsSettings = {
  defaultIntervalDays: 90,
  intervalDaysByKind: {},
  dueSoonDays: 14,
  kinds: ['component', 'resource', 'api', 'system'],
  required: {},
  dependencyWindowDays: 30,
  maxSnoozeDays: 90,
  nudges: {
    enabled: true,
    frequencyMinutes: 60,
    initialDelaySeconds: 60,
    digest: false,
    states: ['incomplete', 'overdue', 'stale', 'due-soon'],
  },
};

/** Who is asking: the signed-in user and the groups whose docs they may review. */
export interface DocsViewer {
  userRef: string;
  /** Lower-case refs of the user and the groups they are a member of. */
  ownership: Set<string>;
}

/** The entity fields docs health reads: the ops-doc template, relations and the location. */
export const DOCS_ENTITY_FIELDS = [
  'kind',
  'metadata',
  'spec.owner',
  'relations',
];

/** What evaluating entities reads once for all of them. */
interface DocsContext {
  ownerGroups: Map<string, Entity>;
  directory: EntityDirectorySnapshot;
  observed: ObservedEdge[];
  observedSinceMs?: number;
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * The digest of what an entity's ops doc says: when it changes, the docs were modified (the catalog's
 * last-modified when the source location cannot tell).
 */
function opsDocDigest(entity: Entity): string {
  const annotations = entity.metadata.annotations ?? {};
  return stableDigest({
    description: entity.metadata.description,
    links: entity.metadata.links ?? [],
    owner: entity.spec?.owner,
    annotations: [
      SERVICE_NAME_ANNOTATION,
      SIGNAL_OPERATIONS_ANNOTATION,
      SLOS_ANNOTATION,
      TECHDOCS_REF_ANNOTATION,
    ].map(key => annotations[key]),
  });
}

/**
 * Documentation health: the completeness of the ops-doc template, freshness from the last review (the
 * annotation or a review recorded in the portal) or last modification, and change-driven staleness against the
 * snapshot of the last review. The one place these are computed: the entity and list routes, the exports and
 * the nudge task all call it.
 */
export class DocsHealthService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      store: OwnershipStore;
      docs: DocsStore;
      directory: EntityDirectory;
      modificationTimes: SourceModificationTimes;
      settings: DocsSettings;
      logger: LoggerService;
    },
  ) {}

  get settings(): DocsSettings {
    return this.options.settings;
  }

  /** Whether docs health tracks entities of this kind (lists and nudges only show tracked kinds). */
  tracks(kind: string): boolean {
    return this.options.settings.kinds.includes(lower(kind));
  }

  /** The user behind the credentials and the groups they belong to (catalog membership). */
  async viewerOf(
    credentials: BackstageCredentials,
  ): Promise<DocsViewer | undefined> {
    const principal = credentials.principal as { userEntityRef?: string };
    if (!principal?.userEntityRef) return undefined;
    const userRef = principal.userEntityRef;
    const ownership = new Set([lower(userRef)]);
    const service = await this.options.auth.getOwnServiceCredentials();
    const user = await this.options.catalog.getEntityByRef(userRef, {
      credentials: service,
    });
    for (const relation of user?.relations ?? []) {
      if (relation.type === RELATION_MEMBER_OF) {
        ownership.add(lower(relation.targetRef));
      }
    }
    return { userRef, ownership };
  }

  /** Why the viewer may not review an entity's docs, or undefined when they may. */
  reviewRefusal(
    entity: Entity,
    viewer: DocsViewer | undefined,
  ): string | undefined {
    const ownerRef = ownerRefOf(entity);
    if (!ownerRef) {
      return 'The entity has no owner, so nobody can review its docs; set spec.owner';
    }
    if (!viewer) {
      return 'Only a signed-in member of the owning group can mark the docs reviewed';
    }
    if (!viewer.ownership.has(lower(ownerRef))) {
      return `Only members of ${ownerRef} can mark these docs reviewed; ${viewer.userRef} is not one`;
    }
    return undefined;
  }

  /** The docs health of entities, in the order given. */
  async evaluate(
    entities: Entity[],
    options: { nowMs: number; viewer?: DocsViewer },
  ): Promise<EntityDocsHealth[]> {
    if (entities.length === 0) return [];
    return this.evaluateIn(
      entities,
      await this.loadContext(entities, options.nowMs),
      options,
    );
  }

  /** What evaluating (or reviewing) entities reads besides their own rows: owner groups, claims, observed edges. */
  private async loadContext(
    entities: Entity[],
    nowMs: number,
  ): Promise<DocsContext> {
    const [ownerGroups, directory, observed] = await Promise.all([
      this.ownerGroupsOf(entities),
      this.options.directory.get(),
      this.options.store.readObservedEdges({
        seenSinceMs:
          nowMs - this.options.settings.dependencyWindowDays * DAY_MS,
      }),
    ]);
    return {
      ownerGroups,
      directory,
      observed,
      // The suite has been observing at least since its oldest edge still seen.
      observedSinceMs: observed.length
        ? Math.min(...observed.map(edge => edge.firstSeenMs))
        : undefined,
    };
  }

  /** The owner group whose on-call and rotation apply to an entity (none for groups themselves). */
  private ownerGroupOf(entity: Entity, context: DocsContext) {
    const ownerRef = ownerRefOf(entity);
    return ownerRef && lower(entity.kind) !== 'group'
      ? context.ownerGroups.get(lower(ownerRef))
      : undefined;
  }

  /** What the entity's docs describe now, observed dependencies included, and those callees. */
  private currentSnapshot(
    entity: Entity,
    context: DocsContext,
    nowMs: number,
  ): { snapshot: DocsSnapshot; callees: ObservedCallee[] } {
    const callees = observedCallees(context.observed, context.directory.index, {
      roots: new Set([stringifyEntityRef(entity)]),
      sinceMs: nowMs - this.options.settings.dependencyWindowDays * DAY_MS,
    });
    return {
      snapshot: docsSnapshotOf(entity, {
        ownerGroup: this.ownerGroupOf(entity, context),
        dependencies: callees.map(calleeKey),
      }),
      callees,
    };
  }

  private async evaluateIn(
    entities: Entity[],
    context: DocsContext,
    options: { nowMs: number; viewer?: DocsViewer },
  ): Promise<EntityDocsHealth[]> {
    const { settings, docs } = this.options;
    const now = new Date(options.nowMs);
    const refs = entities.map(e => stringifyEntityRef(e));
    const [reviews, states] = await Promise.all([
      docs.latestReviews(refs),
      docs.getStates(refs),
    ]);
    const { observedSinceMs } = context;

    return Promise.all(
      entities.map(async (entity, i) => {
        const ref = refs[i];
        const key = lower(ref);
        const kind = lower(entity.kind);
        const ownerRef = ownerRefOf(entity);
        const ownerGroup = this.ownerGroupOf(entity, context);
        const { values, problems } = readOwnershipAnnotations(entity, {
          now,
        });
        const completeness = checkDocsCompleteness(entity, {
          now,
          required: requiredDocFields(kind, settings.required),
          ownerGroup,
        });

        // Last modified: the source location, else when the suite first saw this version of the ops doc.
        const state = states.get(key);
        const digest = opsDocDigest(entity);
        let docsChangedAtMs = state?.docsChangedAtMs;
        if (state?.docsDigest !== digest || docsChangedAtMs === undefined) {
          docsChangedAtMs = await docs.observeDocsDigest(
            ref,
            digest,
            options.nowMs,
          );
        }
        const lastModified: DocsModification =
          (await this.options.modificationTimes.of(entity)) ?? {
            at: new Date(docsChangedAtMs).toISOString(),
            source: 'catalog',
          };

        // Last audited: the later of the annotation and the latest review recorded in the portal.
        const review = reviews.get(key);
        let lastAudited: DocsAudit | undefined;
        if (values.lastAudited) {
          lastAudited = { at: values.lastAudited, source: 'annotation' };
        }
        if (
          review &&
          (!lastAudited || review.reviewedAtMs >= Date.parse(lastAudited.at))
        ) {
          lastAudited = {
            at: new Date(review.reviewedAtMs).toISOString(),
            source: 'review',
            by: review.reviewedBy,
            ...(review.comment ? { comment: review.comment } : {}),
          };
        }

        const { snapshot: current, callees } = this.currentSnapshot(
          entity,
          context,
          options.nowMs,
        );
        let changes = [] as ReturnType<typeof detectDocsChanges>;
        if (lastAudited?.source === 'review' && review) {
          changes = detectDocsChanges(review.snapshot, current);
        } else if (lastAudited) {
          // An annotation audit has no recorded snapshot: SLOs and on-call are compared with what the suite
          // saw when it first met this audit date; dependencies by when they were first observed.
          const auditAtMs = Date.parse(lastAudited.at);
          const { dependencies: _deps, ...withoutDependencies } = current;
          const baseline =
            state?.baselineAuditAtMs === auditAtMs && state.baseline
              ? state.baseline
              : await docs.ensureBaseline(ref, auditAtMs, withoutDependencies);
          changes = [
            ...dependenciesAddedSince(
              callees.map(c => ({
                dependency: calleeKey(c),
                firstSeenMs: c.firstSeenMs,
              })),
              { auditAtMs, observedSinceMs },
            ),
            ...detectDocsChanges(baseline, withoutDependencies),
          ];
        }

        let intervalDays = settings.defaultIntervalDays;
        let intervalSource: EntityDocsHealth['intervalSource'] = 'default';
        if (values.auditIntervalDays) {
          intervalDays = values.auditIntervalDays;
          intervalSource = 'entity';
        } else if (settings.intervalDaysByKind[kind]) {
          intervalDays = settings.intervalDaysByKind[kind];
          intervalSource = 'kind';
        }

        const freshness = docsFreshness({
          now,
          lastAudited,
          lastModified,
          intervalDays,
          dueSoonDays: settings.dueSoonDays,
          missingRequired: completeness.missingRequired,
          changes,
        });
        const refusal = this.reviewRefusal(entity, options.viewer);
        const snoozed =
          state?.snoozedUntilMs !== undefined &&
          state.snoozedUntilMs > options.nowMs;
        const health: EntityDocsHealth = {
          entityRef: ref,
          kind: entity.kind,
          ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
          ...(ownerRef ? { ownerRef } : {}),
          state: freshness.state,
          label: freshness.label,
          reasons: freshness.reasons,
          fields: completeness.fields,
          missingRequired: completeness.missingRequired,
          ...(lastAudited ? { lastAudited } : {}),
          lastModified,
          intervalDays,
          intervalSource,
          ...(freshness.dueAt ? { dueAt: freshness.dueAt } : {}),
          ...(freshness.daysUntilDue === undefined
            ? {}
            : { daysUntilDue: freshness.daysUntilDue }),
          changes,
          ...(snoozed
            ? {
                snoozedUntil: new Date(state!.snoozedUntilMs!).toISOString(),
                ...(state!.snoozedBy ? { snoozedBy: state!.snoozedBy } : {}),
              }
            : {}),
          review: refusal
            ? { allowed: false, reason: refusal }
            : { allowed: true },
          problems,
        };
        return health;
      }),
    );
  }

  /**
   * Records a review by a member of the owning group, with a snapshot of what the docs describe now (observed
   * dependencies included), and answers the new health.
   */
  async markReviewed(
    entity: Entity,
    options: { nowMs: number; viewer: DocsViewer; comment?: string },
  ): Promise<EntityDocsHealth> {
    const ref = stringifyEntityRef(entity);
    const context = await this.loadContext([entity], options.nowMs);
    const { snapshot } = this.currentSnapshot(entity, context, options.nowMs);
    await this.options.docs.addReview({
      entityRef: ref,
      reviewedAtMs: options.nowMs,
      reviewedBy: options.viewer.userRef,
      ...(options.comment ? { comment: options.comment } : {}),
      snapshot,
    });
    // The same reads answer the new health: nothing changed but the review.
    const [health] = await this.evaluateIn([entity], context, options);
    return health;
  }

  /** The owner groups of entities, read once each with the plugin's own credentials. */
  private async ownerGroupsOf(
    entities: Entity[],
  ): Promise<Map<string, Entity>> {
    const refs = [
      ...new Set(
        entities
          .map(entity => ownerRefOf(entity))
          .filter((ref): ref is string => {
            if (!ref) return false;
            try {
              return (
                parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group'
              );
            } catch {
              return false;
            }
          }),
      ),
    ];
    const groups = new Map<string, Entity>();
    if (refs.length === 0) return groups;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: DOCS_ENTITY_FIELDS },
      { credentials },
    );
    items.forEach((item, i) => {
      if (item) groups.set(lower(refs[i]), item);
    });
    return groups;
  }
}

/** Most overdue first; then the more urgent state; then by ref. */
export function compareByUrgency(
  a: EntityDocsHealth,
  b: EntityDocsHealth,
): number {
  const due = (h: EntityDocsHealth) => h.daysUntilDue ?? -Infinity;
  return (
    due(a) - due(b) ||
    DOCS_HEALTH_STATES.indexOf(a.state) - DOCS_HEALTH_STATES.indexOf(b.state) ||
    a.entityRef.localeCompare(b.entityRef)
  );
}
