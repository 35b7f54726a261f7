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
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  LAST_AUDITED_ANNOTATION,
  ON_CALL_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import { DatabaseOwnershipStore } from '../database/DatabaseOwnershipStore';
import { EntityDirectory } from '../service/EntityDirectory';
import {
  DEFAULT_DOCS_SETTINGS,
  DocsHealthService,
  DocsSettings,
} from './DocsHealthService';
import { DOCS_NUDGE_TOPIC, DocsNudger } from './DocsNudger';
import { DocsStore } from './DocsStore';
import { SourceModificationTimes } from './SourceModificationTimes';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const DAY = 86_400_000;
// Wednesday 2026-11-25, 10:00 UTC.
const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);

const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';
const ALICE = 'user:default/alice';
const LEGACY = 'component:default/legacy';
const SCRATCH = 'component:default/scratch';
const SHIPPING = 'component:default/shipping';

const ROTATION = `timeZone: Europe/Berlin
handoff: '09:00'
rotation: 1w
start: '2026-11-02'
members: [alice]
`;

function group(name: string, annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'team', children: [] },
  };
}

function component(
  name: string,
  owner: string | undefined,
  options: {
    annotations?: Record<string, string>;
    links?: boolean;
    title?: string;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(options.title ? { title: options.title } : {}),
      description: `The ${name} service`,
      annotations: options.annotations ?? {},
      ...(options.links === false
        ? {}
        : {
            links: [
              { url: `https://runbooks.example.com/${name}`, type: 'runbook' },
              {
                url: `https://grafana.example.com/d/${name}`,
                type: 'dashboard',
              },
            ],
          }),
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      ...(owner ? { owner } : {}),
    },
    relations: owner
      ? [{ type: 'ownedBy', targetRef: `group:default/${owner}` }]
      : [],
  };
}

/**
 * team-a (with an on-call rotation): orders (complete, never reviewed: fresh from its first sighting),
 * legacy (complete, audited in January: overdue), scratch (no links: incomplete); team-b (no rotation):
 * shipping (incomplete: no on-call); orphan has no owner (incomplete, nobody to tell).
 */
function catalogEntities(): Entity[] {
  return [
    group('team-a', { [ON_CALL_ANNOTATION]: ROTATION }),
    group('team-b'),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'alice', namespace: 'default' },
      spec: { memberOf: ['team-a'] },
      relations: [{ type: 'memberOf', targetRef: TEAM_A }],
    },
    component('orders', 'team-a'),
    component('legacy', 'team-a', {
      title: 'Legacy billing',
      annotations: { [LAST_AUDITED_ANNOTATION]: '2026-01-05' },
    }),
    component('scratch', 'team-a', { links: false }),
    component('shipping', 'team-b'),
    component('orphan', undefined),
  ];
}

async function setup(
  options: {
    settings?: Partial<Omit<DocsSettings, 'nudges'>> & {
      nudges?: Partial<DocsSettings['nudges']>;
    };
    entities?: Entity[];
  } = {},
) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseOwnershipStore.create({
    database: mockServices.database({ knex }),
  });
  const docs = new DocsStore(store.knex);
  const entities = options.entities ?? catalogEntities();
  const catalog = catalogServiceMock({ entities });
  const auth = mockServices.auth();
  const logger = mockServices.logger.mock();
  const settings: DocsSettings = {
    ...DEFAULT_DOCS_SETTINGS,
    ...options.settings,
    nudges: { ...DEFAULT_DOCS_SETTINGS.nudges, ...options.settings?.nudges },
  };
  const health = new DocsHealthService({
    catalog,
    auth,
    store,
    docs,
    directory: new EntityDirectory({ catalog, auth, logger, ttlMs: 0 }),
    modificationTimes: new SourceModificationTimes({ logger }),
    settings,
    logger,
  });
  const send = jest.fn<Promise<void>, [NotificationSendOptions]>(
    async () => {},
  );
  const nudger = new DocsNudger({
    catalog,
    auth,
    health,
    docs,
    notifications: { send },
    logger,
  });
  const entity = (ref: string) =>
    entities.find(
      e =>
        `${e.kind.toLocaleLowerCase('en-US')}:default/${e.metadata.name}` ===
        ref,
    )!;
  return { nudger, send, docs, health, entity, logger };
}

/** Who got which entity's nudge, in the order they were sent. */
function sentTo(send: jest.Mock) {
  return send.mock.calls.map(([options]: [NotificationSendOptions]) => [
    (options.recipients as { entityRef: string }).entityRef,
    options.payload.scope,
  ]);
}

describe('DocsNudger', () => {
  it('tells the owner of each overdue or incomplete entity once, and counts the ownerless', async () => {
    const { nudger, send } = await setup();

    const summary = await nudger.run(T0);
    expect(summary).toEqual({
      evaluated: 5,
      sent: 3,
      snoozed: 0,
      ownerless: 1,
    });
    expect(
      sentTo(send).sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    ).toEqual([
      [TEAM_A, `docs-health:${LEGACY}`],
      [TEAM_A, `docs-health:${SCRATCH}`],
      [TEAM_B, `docs-health:${SHIPPING}`],
    ]);

    const byScope = (scope: string) =>
      send.mock.calls.find(([o]) => o.payload.scope === scope)![0];
    expect(byScope(`docs-health:${LEGACY}`)).toEqual({
      recipients: { type: 'entity', entityRef: TEAM_A },
      payload: {
        // The title names the entity (its title when it has one) and the state.
        title: 'The docs of Legacy billing are overdue for review',
        description: expect.stringMatching(
          /^review overdue by \d+ days \(last reviewed 2026-01-05, every 90 days\)\. Review them and click "Mark as reviewed" on the entity page\.$/,
        ),
        link: '/catalog/default/component/legacy',
        severity: 'high',
        topic: DOCS_NUDGE_TOPIC,
        scope: `docs-health:${LEGACY}`,
      },
    });
    expect(byScope(`docs-health:${SCRATCH}`)).toEqual({
      recipients: { type: 'entity', entityRef: TEAM_A },
      payload: expect.objectContaining({
        title: 'The docs of scratch are incomplete',
        description: expect.stringContaining('missing Runbook, Dashboard'),
        link: '/catalog/default/component/scratch',
        severity: 'high',
        topic: 'docs-health',
      }),
    });
    expect(byScope(`docs-health:${SHIPPING}`).payload).toMatchObject({
      title: 'The docs of shipping are incomplete',
      description: expect.stringContaining('missing On-call'),
      link: '/catalog/default/component/shipping',
    });
  });

  it('sends nothing on the next run while the states stay the same', async () => {
    const { nudger, send } = await setup();
    await nudger.run(T0);
    send.mockClear();

    expect(await nudger.run(T0 + 60_000)).toEqual({
      evaluated: 5,
      sent: 0,
      snoozed: 0,
      ownerless: 1,
    });
    expect(await nudger.run(T0 + DAY)).toMatchObject({ sent: 0 });
    expect(send).not.toHaveBeenCalled();
  });

  it('records fresh silently after a review, and nudges again when the docs fall overdue', async () => {
    const { nudger, send, docs, health, entity } = await setup();
    await nudger.run(T0);
    expect(sentTo(send)).toContainEqual([TEAM_A, `docs-health:${LEGACY}`]);
    send.mockClear();

    const T1 = T0 + 2 * DAY;
    const reviewed = await health.markReviewed(entity(LEGACY), {
      nowMs: T1,
      viewer: { userRef: ALICE, ownership: new Set([ALICE, TEAM_A]) },
    });
    expect(reviewed.state).toBe('fresh');

    expect(await nudger.run(T1)).toMatchObject({ sent: 0 });
    expect(send).not.toHaveBeenCalled();
    expect((await docs.getStates([LEGACY])).get(LEGACY)).toMatchObject({
      notifiedState: 'fresh',
      notifiedAtMs: T1,
    });

    // Due soon is a state of its own (14 days before the due date by default).
    await nudger.run(T1 + 80 * DAY);
    expect(sentTo(send)).toContainEqual([TEAM_A, `docs-health:${LEGACY}`]);
    expect(
      send.mock.calls.find(
        ([o]) => o.payload.scope === `docs-health:${LEGACY}`,
      )![0].payload,
    ).toMatchObject({
      title: 'The docs of Legacy billing are due for review soon',
      severity: 'normal',
    });
    send.mockClear();

    // The review interval (90 days) passes: overdue again, so the owners hear of it again.
    await nudger.run(T1 + 91 * DAY);
    const legacy = send.mock.calls.find(
      ([o]) => o.payload.scope === `docs-health:${LEGACY}`,
    );
    expect(legacy?.[0]).toMatchObject({
      recipients: { type: 'entity', entityRef: TEAM_A },
      payload: {
        title: 'The docs of Legacy billing are overdue for review',
        severity: 'high',
      },
    });
    send.mockClear();
    expect(await nudger.run(T1 + 92 * DAY)).toMatchObject({ sent: 0 });
  });

  it('nudges again when the state changes from one nudged state to another', async () => {
    const { nudger, send, entity } = await setup();
    await nudger.run(T0);
    send.mockClear();

    // Someone deletes the runbook and dashboard links of the overdue entity: now incomplete.
    delete entity(LEGACY).metadata.links;
    expect(await nudger.run(T0 + DAY)).toMatchObject({ sent: 1 });
    expect(send.mock.calls[0][0]).toMatchObject({
      recipients: { type: 'entity', entityRef: TEAM_A },
      payload: {
        title: 'The docs of Legacy billing are incomplete',
        // The same scope: the notification about the entity is updated rather than a second one added.
        scope: `docs-health:${LEGACY}`,
      },
    });
  });

  it('holds a snoozed entity back until the snooze ends, then nudges', async () => {
    const { nudger, send, docs } = await setup();
    await docs.setSnooze(LEGACY, T0 + 7 * DAY, ALICE);

    expect(await nudger.run(T0)).toEqual({
      evaluated: 5,
      sent: 2,
      snoozed: 1,
      ownerless: 1,
    });
    expect(sentTo(send).map(([, scope]) => scope)).not.toContain(
      `docs-health:${LEGACY}`,
    );
    send.mockClear();

    // Still snoozed: counted, not sent, and not marked notified.
    expect(await nudger.run(T0 + 3 * DAY)).toMatchObject({
      sent: 0,
      snoozed: 1,
    });
    expect(send).not.toHaveBeenCalled();
    expect(
      (await docs.getStates([LEGACY])).get(LEGACY)?.notifiedState,
    ).toBeUndefined();

    // The snooze ended: the nudge goes out, once.
    expect(await nudger.run(T0 + 7 * DAY + 1)).toMatchObject({
      sent: 1,
      snoozed: 0,
    });
    expect(sentTo(send)).toEqual([[TEAM_A, `docs-health:${LEGACY}`]]);
    send.mockClear();
    expect(await nudger.run(T0 + 8 * DAY)).toMatchObject({ sent: 0 });
    expect(send).not.toHaveBeenCalled();
  });

  it('lifts the snooze when the snooze is cleared', async () => {
    const { nudger, send, docs } = await setup();
    await docs.setSnooze(LEGACY, T0 + 30 * DAY, ALICE);
    await nudger.run(T0);
    send.mockClear();
    await docs.setSnooze(LEGACY, null, ALICE);
    expect(await nudger.run(T0 + DAY)).toMatchObject({
      sent: 1,
      snoozed: 0,
    });
    expect(sentTo(send)).toEqual([[TEAM_A, `docs-health:${LEGACY}`]]);
  });

  it('retries a notification that could not be sent on the next run', async () => {
    const { nudger, send, docs, logger } = await setup();
    send.mockImplementation(async options => {
      if (options.payload.scope === `docs-health:${SCRATCH}`) {
        throw new Error('notifications backend unavailable');
      }
    });

    expect(await nudger.run(T0)).toMatchObject({ sent: 2 });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        `Could not notify ${TEAM_A} about the docs of ${SCRATCH}: Error: notifications backend unavailable`,
      ),
    );
    const states = await docs.getStates([LEGACY, SCRATCH]);
    expect(states.get(LEGACY)?.notifiedState).toBe('overdue');
    expect(states.get(SCRATCH)?.notifiedState).toBeUndefined();

    send.mockReset();
    send.mockImplementation(async () => {});
    expect(await nudger.run(T0 + 60_000)).toMatchObject({ sent: 1 });
    expect(sentTo(send)).toEqual([[TEAM_A, `docs-health:${SCRATCH}`]]);
    send.mockClear();
    expect(await nudger.run(T0 + 120_000)).toMatchObject({ sent: 0 });
  });

  it('sends one digest per owner listing every entity that changed state', async () => {
    const { nudger, send } = await setup({
      settings: { nudges: { digest: true } },
    });

    expect(await nudger.run(T0)).toEqual({
      evaluated: 5,
      sent: 2,
      snoozed: 0,
      ownerless: 1,
    });
    expect(send).toHaveBeenCalledTimes(2);
    const toA = send.mock.calls.find(
      ([o]) => (o.recipients as { entityRef: string }).entityRef === TEAM_A,
    )![0];
    expect(toA).toEqual({
      recipients: { type: 'entity', entityRef: TEAM_A },
      payload: {
        title: '2 entities of team-a need a docs review',
        description: expect.any(String),
        link: '/catalog/default/group/team-a',
        severity: 'high',
        topic: DOCS_NUDGE_TOPIC,
        scope: `docs-health-digest:${TEAM_A}`,
      },
    });
    const lines = toA.payload.description!.split('\n').sort();
    expect(lines).toEqual([
      expect.stringMatching(
        /^Legacy billing: overdue for review \(review overdue by \d+ days/,
      ),
      'scratch: incomplete (missing Runbook, Dashboard)',
    ]);
    const toB = send.mock.calls.find(
      ([o]) => (o.recipients as { entityRef: string }).entityRef === TEAM_B,
    )![0];
    expect(toB.payload).toMatchObject({
      title: '1 entity of team-b needs a docs review',
      description: 'shipping: incomplete (missing On-call)',
      scope: `docs-health-digest:${TEAM_B}`,
    });

    send.mockClear();
    expect(await nudger.run(T0 + 60_000)).toMatchObject({ sent: 0 });
    expect(send).not.toHaveBeenCalled();
  });

  it('does not nudge about states left out of nudges.states, but remembers them', async () => {
    const { nudger, send, docs } = await setup({
      settings: { nudges: { states: ['overdue'] } },
    });
    expect(await nudger.run(T0)).toEqual({
      evaluated: 5,
      sent: 1,
      snoozed: 0,
      // The ownerless entity is incomplete, which nobody is nudged about here.
      ownerless: 0,
    });
    expect(sentTo(send)).toEqual([[TEAM_A, `docs-health:${LEGACY}`]]);
    const states = await docs.getStates([SCRATCH, SHIPPING]);
    expect(states.get(SCRATCH)?.notifiedState).toBe('incomplete');
    expect(states.get(SHIPPING)?.notifiedState).toBe('incomplete');
  });

  it('only looks at the tracked kinds', async () => {
    const { nudger, send } = await setup({
      settings: { kinds: ['resource'] },
    });
    expect(await nudger.run(T0)).toEqual({
      evaluated: 0,
      sent: 0,
      snoozed: 0,
      ownerless: 0,
    });
    expect(send).not.toHaveBeenCalled();
  });
});
