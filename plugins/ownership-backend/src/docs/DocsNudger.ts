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
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  DocsHealthState,
  EntityDocsHealth,
} from '@service-ownership/plugin-ownership-common';
import { DOCS_ENTITY_FIELDS, DocsHealthService } from './DocsHealthService';
import { DocsStore } from './DocsStore';

/** The notification topic of docs nudges (users can mute it in their notification settings). */
export const DOCS_NUDGE_TOPIC = 'docs-health';

const STATE_WORDS: Record<DocsHealthState, string> = {
  incomplete: 'incomplete',
  overdue: 'overdue for review',
  stale: 'stale (what they describe changed)',
  'due-soon': 'due for review soon',
  fresh: 'fresh',
};

/** What one run did. */
export interface NudgeRunSummary {
  evaluated: number;
  /** Notifications sent (one per entity, or one per owner with the digest). */
  sent: number;
  /** Entities whose nudge waits for the end of a snooze. */
  snoozed: number;
  /** Entities that needed a nudge but have no owner to send it to. */
  ownerless: number;
}

function entityPath(ref: string): string {
  const { kind, namespace, name } = parseEntityRef(ref);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`;
}

function displayName(health: EntityDocsHealth): string {
  return health.title ?? parseEntityRef(health.entityRef).name;
}

/**
 * The nudge task: tells the owners of tracked entities, through Backstage notifications, when their docs
 * enter a state that needs them (due soon, stale, overdue, incomplete by default) — once per change of
 * state: the state notified last is stored, becoming fresh is recorded silently, and a snoozed entity's
 * nudge waits until the snooze ends. With `digest`, each owner gets one notification per run listing all
 * their entities that changed state.
 */
export class DocsNudger {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      health: DocsHealthService;
      docs: DocsStore;
      notifications: NotificationService;
      logger: LoggerService;
    },
  ) {}

  async run(nowMs: number): Promise<NudgeRunSummary> {
    const { catalog, auth, health, docs, logger } = this.options;
    const settings = health.settings.nudges;
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      {
        filter: { kind: health.settings.kinds },
        fields: DOCS_ENTITY_FIELDS,
      },
      { credentials },
    );
    const entities = items.filter((e): e is Entity => Boolean(e));
    const evaluated = await health.evaluate(entities, { nowMs });
    const states = await docs.getStates(evaluated.map(h => h.entityRef));
    const summary: NudgeRunSummary = {
      evaluated: evaluated.length,
      sent: 0,
      snoozed: 0,
      ownerless: 0,
    };

    const due = new Map<string, EntityDocsHealth[]>();
    for (const item of evaluated) {
      const state = states.get(item.entityRef.toLocaleLowerCase('en-US'));
      if (state?.notifiedState === item.state) continue;
      if (!settings.states.includes(item.state)) {
        // Fresh again (or a state nobody is nudged about): remember it, so the next change is news.
        await docs.setNotified(item.entityRef, item.state, nowMs);
        continue;
      }
      if (item.snoozedUntil) {
        summary.snoozed += 1;
        continue;
      }
      if (!item.ownerRef) {
        summary.ownerless += 1;
        continue;
      }
      const list = due.get(item.ownerRef) ?? [];
      list.push(item);
      due.set(item.ownerRef, list);
    }

    for (const [ownerRef, list] of due) {
      const batches = settings.digest ? [list] : list.map(item => [item]);
      for (const batch of batches) {
        try {
          await this.send(ownerRef, batch, settings.digest);
          summary.sent += 1;
          for (const item of batch) {
            await docs.setNotified(item.entityRef, item.state, nowMs);
          }
        } catch (error) {
          // Not recorded as notified, so the next run tries again.
          logger.warn(
            `Could not notify ${ownerRef} about the docs of ${batch
              .map(item => item.entityRef)
              .join(', ')}: ${error}`,
          );
        }
      }
    }
    return summary;
  }

  private async send(
    ownerRef: string,
    batch: EntityDocsHealth[],
    digest: boolean,
  ): Promise<void> {
    const urgent = batch.some(
      item => item.state === 'overdue' || item.state === 'incomplete',
    );
    if (!digest) {
      const [item] = batch;
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: ownerRef },
        payload: {
          title: `The docs of ${displayName(item)} are ${
            STATE_WORDS[item.state]
          }`,
          description: `${item.reasons.join(
            '; ',
          )}. Review them and click "Mark as reviewed" on the entity page.`,
          link: entityPath(item.entityRef),
          severity: urgent ? 'high' : 'normal',
          topic: DOCS_NUDGE_TOPIC,
          // One notification per entity: a later state change updates it rather than piling up.
          scope: `docs-health:${item.entityRef}`,
        },
      });
      return;
    }
    const owner = parseEntityRef(ownerRef).name;
    await this.options.notifications.send({
      recipients: { type: 'entity', entityRef: ownerRef },
      payload: {
        title: `${batch.length} ${
          batch.length === 1 ? 'entity' : 'entities'
        } of ${owner} ${batch.length === 1 ? 'needs' : 'need'} a docs review`,
        description: batch
          .map(
            item =>
              `${displayName(item)}: ${STATE_WORDS[item.state]} (${
                item.reasons[0] ?? item.label
              })`,
          )
          .join('\n'),
        link: entityPath(ownerRef),
        severity: urgent ? 'high' : 'normal',
        topic: DOCS_NUDGE_TOPIC,
        scope: `docs-health-digest:${ownerRef}`,
      },
    });
  }
}
