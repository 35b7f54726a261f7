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
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ObservedDependencySnapshotReader } from './ObservedDependencySnapshotReader';
import { snapshot } from '../__testUtils__/snapshot';

// mockServices.discovery() places every plugin at http://localhost:0/api/<pluginId>.
const snapshotUrl = 'http://localhost:0/api/ownership/v1/dependencies/snapshot';
const ownershipAuth = mockServices.auth({ pluginId: 'ownership' });

const goodSnapshot = snapshot([
  ['component:default/orders', 'component:default/payments'],
  ['component:default/orders', 'resource:default/orders-db'],
  ['component:default/checkout', 'component:default/orders'],
]);

describe('ObservedDependencySnapshotReader', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let logger: ReturnType<typeof mockServices.logger.mock>;
  let catalog: ReturnType<typeof catalogServiceMock.mock>;
  let reader: ObservedDependencySnapshotReader;
  let callers: string[];

  function serve(
    respond: () => Response | Promise<Response> = () =>
      HttpResponse.json(goodSnapshot),
  ) {
    server.use(
      http.get(snapshotUrl, async ({ request }) => {
        // The reader must send a service token meant for the ownership plugin.
        const token =
          request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
        const credentials = await ownershipAuth.authenticate(token);
        callers.push(
          ownershipAuth.isPrincipal(credentials, 'service')
            ? credentials.principal.subject
            : 'not a service',
        );
        return respond();
      }),
    );
  }

  beforeEach(() => {
    callers = [];
    logger = mockServices.logger.mock();
    catalog = catalogServiceMock.mock({
      refreshEntity: jest.fn().mockResolvedValue(undefined),
    });
    reader = ObservedDependencySnapshotReader.create({
      discovery: mockServices.discovery(),
      auth: mockServices.auth({ pluginId: 'catalog' }),
      logger,
      catalog,
      requestTimeoutMs: 200,
    });
  });

  const refreshedRefs = () =>
    catalog.refreshEntity.mock.calls.map(([entityRef]) => entityRef);

  it('serves nothing before the first load', () => {
    expect(reader.getTargets('component:default/orders')).toEqual([]);
  });

  it('loads a good snapshot with a service token for the ownership plugin, indexed case-insensitively by source', async () => {
    serve();
    await reader.refresh();

    expect(callers).toEqual(['plugin:catalog']);
    expect(reader.getTargets('component:default/orders')).toEqual([
      'component:default/payments',
      'resource:default/orders-db',
    ]);
    expect(reader.getTargets('Component:Default/Checkout')).toEqual([
      'component:default/orders',
    ]);
    expect(reader.getTargets('component:default/payments')).toEqual([]);
    expect(logger.info).toHaveBeenCalledWith(
      `Loaded observed dependencies from ${snapshotUrl}: 3 relations from 2 entities, generated at 2026-11-21T12:00:00.000Z`,
    );
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it.each<[string, () => Response | Promise<Response>, RegExp]>([
    [
      'a 5xx',
      () => new HttpResponse('overloaded', { status: 503 }),
      /Request failed with 503/,
    ],
    [
      'a timeout',
      async () => {
        await delay(500);
        return HttpResponse.json(goodSnapshot);
      },
      /no complete answer within 200 ms/,
    ],
    [
      'malformed JSON',
      () =>
        new HttpResponse('{"generatedAt": ', {
          headers: { 'Content-Type': 'application/json' },
        }),
      /the body is not valid JSON/,
    ],
    [
      'a body of the wrong shape',
      () =>
        HttpResponse.json({
          ...goodSnapshot,
          relations: [{ ...goodSnapshot.relations[0], target: 'payments' }],
        }),
      /Invalid observed dependency snapshot: relations\[0\]\.target: expected a full entity ref such as "component:default\/orders", got "payments"/,
    ],
    [
      'a body without relations',
      () => HttpResponse.json({ generatedAt: goodSnapshot.generatedAt }),
      /relations: expected an array, got nothing/,
    ],
  ])(
    'on %s keeps the last good snapshot and warns once with the URL and the error',
    async (_name, respond, error) => {
      serve();
      await reader.refresh();
      catalog.refreshEntity.mockClear();

      server.resetHandlers();
      serve(respond);
      await reader.refresh();
      await reader.refresh();

      expect(reader.getTargets('component:default/orders')).toHaveLength(2);
      expect(catalog.refreshEntity).not.toHaveBeenCalled();
      expect(logger.warn).toHaveBeenCalledTimes(1);
      const [message] = logger.warn.mock.calls[0];
      expect(message).toContain(
        `Could not load observed dependencies from ${snapshotUrl}, keeping the snapshot generated at 2026-11-21T12:00:00.000Z: `,
      );
      expect(message).toMatch(error);

      server.resetHandlers();
      serve();
      await reader.refresh();
      expect(logger.info).toHaveBeenLastCalledWith(
        expect.stringMatching(
          /^Observed dependencies load again from http:\/\/localhost:0\/api\/ownership\/v1\/dependencies\/snapshot/,
        ),
      );
      expect(logger.warn).toHaveBeenCalledTimes(1);
    },
  );

  it('does not follow a redirect, and counts it as a failure', async () => {
    const elsewhere = jest.fn(() => HttpResponse.json(goodSnapshot));
    server.use(http.get('http://elsewhere.example/snapshot', elsewhere));
    serve(() =>
      HttpResponse.redirect('http://elsewhere.example/snapshot', 302),
    );

    await reader.refresh();

    expect(elsewhere).not.toHaveBeenCalled();
    expect(reader.getTargets('component:default/orders')).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      `Could not load observed dependencies from ${snapshotUrl}, no observed relations are emitted until one loads: Error: answered 302 redirecting to http://elsewhere.example/snapshot; redirects are not followed`,
    );
  });

  it('asks the catalog to refresh every source on the first load, then only the sources whose targets changed or that disappeared', async () => {
    let current = goodSnapshot;
    serve(() => HttpResponse.json(current));

    await reader.refresh();
    expect(refreshedRefs()).toEqual([
      'component:default/checkout',
      'component:default/orders',
    ]);
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'component:default/orders',
      {
        credentials: expect.objectContaining({
          principal: { type: 'service', subject: 'plugin:catalog' },
        }),
      },
    );

    // Same edges, in another order and case, seen later: nothing to refresh.
    catalog.refreshEntity.mockClear();
    current = {
      ...snapshot([
        ['component:default/checkout', 'component:default/Orders'],
        ['component:default/orders', 'resource:default/orders-db'],
        ['component:default/orders', 'component:default/payments'],
      ]),
      generatedAt: '2026-11-21T12:01:00.000Z',
    };
    await reader.refresh();
    expect(catalog.refreshEntity).not.toHaveBeenCalled();

    // orders stops calling payments (aged out by the backend), checkout is gone, shipping is new.
    current = snapshot([
      ['component:default/orders', 'resource:default/orders-db'],
      ['component:default/shipping', 'component:default/orders'],
    ]);
    await reader.refresh();
    expect(refreshedRefs()).toEqual([
      'component:default/checkout',
      'component:default/orders',
      'component:default/shipping',
    ]);
    expect(reader.getTargets('component:default/orders')).toEqual([
      'resource:default/orders-db',
    ]);
    expect(reader.getTargets('component:default/checkout')).toEqual([]);
  });

  it('keeps refreshing the other entities when one refresh fails, and caps refreshes per round', async () => {
    reader = ObservedDependencySnapshotReader.create({
      discovery: mockServices.discovery(),
      auth: mockServices.auth({ pluginId: 'catalog' }),
      logger,
      catalog,
      maxRefreshesPerRound: 2,
    });
    catalog.refreshEntity.mockImplementation(async entityRef => {
      if (entityRef === 'component:default/a') {
        throw new Error('Entity component:default/a not found');
      }
    });
    serve(() =>
      HttpResponse.json(
        snapshot([
          ['component:default/a', 'component:default/x'],
          ['component:default/b', 'component:default/x'],
          ['component:default/c', 'component:default/x'],
        ]),
      ),
    );

    await reader.refresh();

    expect(refreshedRefs()).toEqual([
      'component:default/a',
      'component:default/b',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not ask the catalog to refresh component:default/a, whose observed dependencies changed: Error: Entity component:default/a not found',
    );
    expect(logger.info).toHaveBeenCalledWith(
      'Observed dependencies of 3 entities changed; refreshing 2 of them now, the others update at their next catalog processing',
    );
  });
});
