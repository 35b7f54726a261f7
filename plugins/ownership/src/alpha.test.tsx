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
import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  ordersDependencies,
  teamCheckoutDependencies,
  unownedTraffic,
} from './__fixtures__/shop';
import { recentAlerts, routedToPayments } from './__fixtures__/alerts';
import {
  myFreshDocs,
  storefrontFreshDocs,
  teamCheckoutDocs,
} from './__fixtures__/docs';
import { loneMyOnCall, noOnCall, ordersOnCall } from './__fixtures__/onCall';
import { noSlos, teamCheckoutSlos } from './__fixtures__/slos';
import { allSourceStates, embeddedOnly } from './__fixtures__/sources';
import { failedPlaceOrder } from './__fixtures__/trace';
import ownershipPlugin, {
  alertRoutingPage,
  entityAlertRoutingCard,
  entityDependenciesContent,
  entityDocsHealthCard,
  entityGroupDocsHealthCard,
  entityGroupSlosCard,
  entityOnCallCard,
  entityOwnershipContent,
  entitySloCard,
  entitySloContent,
  entityTeamDependenciesCard,
  homePageOnCallCard,
  homePageStaleDocsCard,
  traceSourcesPage,
  traceViewPage,
  unownedTrafficPage,
} from './alpha';
import { ownershipApiRef } from './api';

const KINDS = ['Component', 'Resource', 'System', 'Group', 'API', 'User'];

function entityOfKind(kind: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'recommendations', namespace: 'default' },
    spec: { owner: 'team-discovery' },
  };
}

describe('new frontend system', () => {
  it('mounts the Ownership tab at /ownership on component, resource, system and group pages', () => {
    const tester = createExtensionTester(entityOwnershipContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/ownership');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Ownership');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    if (!filter) {
      throw new Error('The Ownership tab has no entity filter');
    }
    expect(KINDS.map(kind => filter(entityOfKind(kind)))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('renders the tab content through its lazy loader', async () => {
    const tester = createExtensionTester(entityOwnershipContent);
    await renderInTestApp(
      <TestApiProvider
        apis={[[ownershipApiRef, { getEntitySummary: jest.fn() }]]}
      >
        <EntityProvider entity={entityOfKind('Component')}>
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
  });

  it('mounts the Dependencies tab at /dependencies on component, resource and system pages', () => {
    const tester = createExtensionTester(entityDependenciesContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/dependencies');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Dependencies',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    if (!filter) {
      throw new Error('The Dependencies tab has no entity filter');
    }
    expect(KINDS.map(kind => filter(entityOfKind(kind)))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('renders the Dependencies tab through its lazy loader', async () => {
    const tester = createExtensionTester(entityDependenciesContent);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            ownershipApiRef,
            {
              getEntityDependencies: jest.fn().mockResolvedValue({
                ...ordersDependencies,
                claimSource: 'default',
                nodes: [],
                edges: [],
              }),
              getSources: jest.fn().mockResolvedValue(embeddedOnly),
            },
          ],
        ]}
      >
        <EntityProvider entity={entityOfKind('Component')}>
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
  });

  it('puts the team dependencies card on group pages only', async () => {
    const tester = createExtensionTester(entityTeamDependenciesCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    if (!filter) {
      throw new Error('The team dependencies card has no entity filter');
    }
    expect(KINDS.map(kind => filter(entityOfKind(kind)))).toEqual([
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            ownershipApiRef,
            {
              getGroupDependencies: jest
                .fn()
                .mockResolvedValue(teamCheckoutDependencies),
            },
          ],
        ]}
      >
        <EntityProvider entity={entityOfKind('Group')}>
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
      // EntityRefLink needs the catalog's entity route to be mounted.
      {
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name':
            convertLegacyRouteRef(entityRouteRef),
        },
      },
    );
    expect(
      await screen.findByText('Dependencies on other teams'),
    ).toBeInTheDocument();
    expect(await screen.findByText('We depend on')).toBeInTheDocument();
  });

  it('mounts the SLOs tab at /slos on component and resource pages', async () => {
    const tester = createExtensionTester(entitySloContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/slos');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('SLOs');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    if (!filter) {
      throw new Error('The SLOs tab has no entity filter');
    }
    expect(KINDS.map(kind => filter(entityOfKind(kind)))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            ownershipApiRef,
            {
              getEntitySlos: jest.fn().mockResolvedValue(noSlos),
              getSloSuggestions: jest.fn().mockResolvedValue({
                entityRef: 'component:default/recommendations',
                service: 'recommendations',
                suggestions: [],
                yaml: '',
              }),
              getSources: jest.fn().mockResolvedValue(embeddedOnly),
            },
          ],
        ]}
      >
        <EntityProvider entity={entityOfKind('Component')}>
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('What can you provide today'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'No request of recommendations was seen in the last 30 days to base an objective on.',
      ),
    ).toBeInTheDocument();
  });

  it('puts the SLO card on component and resource pages', async () => {
    const tester = createExtensionTester(entitySloCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    if (!filter) {
      throw new Error('The SLO card has no entity filter');
    }
    expect(KINDS.map(kind => filter(entityOfKind(kind)))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            ownershipApiRef,
            { getEntitySlos: jest.fn().mockResolvedValue(noSlos) },
          ],
        ]}
      >
        <EntityProvider entity={entityOfKind('Component')}>
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Service level objectives'),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('slo-empty-state')).toBeInTheDocument();
  });

  it('puts the group SLOs card on group pages only', async () => {
    const tester = createExtensionTester(entityGroupSlosCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    if (!filter) {
      throw new Error('The group SLOs card has no entity filter');
    }
    expect(KINDS.map(kind => filter(entityOfKind(kind)))).toEqual([
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            ownershipApiRef,
            { getGroupSlos: jest.fn().mockResolvedValue(teamCheckoutSlos) },
          ],
        ]}
      >
        <EntityProvider entity={entityOfKind('Group')}>
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name':
            convertLegacyRouteRef(entityRouteRef),
        },
      },
    );
    expect(await screen.findAllByTestId('group-slo-row')).toHaveLength(4);
  });

  it('puts the on-call card on component and group pages', async () => {
    const tester = createExtensionTester(entityOnCallCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    if (!filter) {
      throw new Error('The on-call card has no entity filter');
    }
    expect(KINDS.map(kind => filter(entityOfKind(kind)))).toEqual([
      true,
      false,
      false,
      true,
      false,
      false,
    ]);
    const getEntityOnCall = jest.fn().mockResolvedValue(noOnCall);
    await renderInTestApp(
      <TestApiProvider apis={[[ownershipApiRef, { getEntityOnCall }]]}>
        <EntityProvider entity={entityOfKind('Group')}>
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name':
            convertLegacyRouteRef(entityRouteRef),
        },
      },
    );
    expect(await screen.findByText('On call')).toBeInTheDocument();
    expect(
      await screen.findByTestId('on-call-empty-state'),
    ).toBeInTheDocument();
    expect(getEntityOnCall).toHaveBeenCalledWith({
      kind: 'Group',
      namespace: 'default',
      name: 'recommendations',
    });
  });

  it('renders who is on call through the card loader', async () => {
    const tester = createExtensionTester(entityOnCallCard);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            ownershipApiRef,
            { getEntityOnCall: jest.fn().mockResolvedValue(ordersOnCall) },
          ],
        ]}
      >
        <EntityProvider entity={entityOfKind('Component')}>
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name':
            convertLegacyRouteRef(entityRouteRef),
        },
      },
    );
    expect(await screen.findByTestId('on-call-now')).toHaveTextContent(
      'Alice Doe',
    );
    expect(screen.getByTestId('on-call-next')).toHaveTextContent('Bob Roe');
  });

  it('mounts the unowned traffic page at /service-ownership/unowned', async () => {
    const tester = createExtensionTester(unownedTrafficPage);
    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/service-ownership/unowned',
    );
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            ownershipApiRef,
            { getUnownedTraffic: jest.fn().mockResolvedValue(unownedTraffic) },
          ],
        ]}
      >
        {tester.reactElement()}
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Unclaimed trace nodes (3)'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Unowned traffic')).toHaveLength(1);
  });

  it('mounts the trace view at /service-ownership/traces', async () => {
    const tester = createExtensionTester(traceViewPage);
    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/service-ownership/traces',
    );
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            ownershipApiRef,
            { getTrace: jest.fn().mockResolvedValue(failedPlaceOrder) },
          ],
        ]}
      >
        {tester.reactElement()}
      </TestApiProvider>,
      { initialRouteEntries: [`/${failedPlaceOrder.traceId}`] },
    );
    expect(
      await screen.findByText(failedPlaceOrder.traceId),
    ).toBeInTheDocument();
  });

  it('puts the alert routing card on component and group pages', async () => {
    const tester = createExtensionTester(entityAlertRoutingCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    if (!filter) {
      throw new Error('The alert routing card has no entity filter');
    }
    expect(KINDS.map(kind => filter(entityOfKind(kind)))).toEqual([
      true,
      false,
      false,
      true,
      false,
      false,
    ]);
    const listAlerts = jest.fn().mockResolvedValue({ items: recentAlerts });
    await renderInTestApp(
      <TestApiProvider apis={[[ownershipApiRef, { listAlerts }]]}>
        <EntityProvider entity={entityOfKind('Group')}>
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name':
            convertLegacyRouteRef(entityRouteRef),
        },
      },
    );
    expect(await screen.findByText('Recent alert routing')).toBeInTheDocument();
    expect(await screen.findAllByTestId('entity-alert-row')).toHaveLength(5);
    expect(listAlerts).toHaveBeenCalledWith({
      groupRef: 'group:default/recommendations',
    });
  });

  it('mounts the alert routing page at /service-ownership/alerts', async () => {
    const tester = createExtensionTester(alertRoutingPage);
    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/service-ownership/alerts',
    );
    const getAlert = jest.fn().mockResolvedValue(routedToPayments);
    await renderInTestApp(
      <TestApiProvider apis={[[ownershipApiRef, { getAlert }]]}>
        {tester.reactElement()}
      </TestApiProvider>,
      {
        initialRouteEntries: ['/42'],
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name':
            convertLegacyRouteRef(entityRouteRef),
        },
      },
    );
    expect(await screen.findByTestId('alert-routed-to')).toHaveTextContent(
      'team-payments',
    );
    expect(getAlert).toHaveBeenCalledWith('42');
    expect(screen.getAllByText('Alert routing')).toHaveLength(1);
  });

  it('offers the On call card to the home page, named as the legacy card is', async () => {
    const tester = createExtensionTester(homePageOnCallCard);
    const widget = tester.get(HomePageWidgetBlueprint.dataRefs.widget);
    expect(widget).toMatchObject({
      name: 'HomePageOnCallCard',
      title: 'On call',
    });
    const getMyOnCall = jest.fn().mockResolvedValue(loneMyOnCall);
    await renderInTestApp(
      <TestApiProvider apis={[[ownershipApiRef, { getMyOnCall }]]}>
        {widget.component}
      </TestApiProvider>,
    );
    expect(await screen.findByText('On call')).toBeInTheDocument();
    expect(
      await screen.findByText(
        'You are not a member of any team in the catalog.',
      ),
    ).toBeInTheDocument();
    expect(getMyOnCall).toHaveBeenCalledTimes(1);
  });

  it('puts the documentation health card on component, resource, system and API pages', async () => {
    const tester = createExtensionTester(entityDocsHealthCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    if (!filter) {
      throw new Error('The documentation health card has no entity filter');
    }
    expect(KINDS.map(kind => filter(entityOfKind(kind)))).toEqual([
      true,
      true,
      true,
      false,
      true,
      false,
    ]);
    const getDocsHealth = jest.fn().mockResolvedValue(storefrontFreshDocs);
    await renderInTestApp(
      <TestApiProvider apis={[[ownershipApiRef, { getDocsHealth }]]}>
        <EntityProvider entity={entityOfKind('Component')}>
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Documentation health')).toBeInTheDocument();
    expect(await screen.findByTestId('docs-health-badge')).toHaveTextContent(
      'Fresh',
    );
    expect(getDocsHealth).toHaveBeenCalledWith({
      kind: 'component',
      namespace: 'default',
      name: 'recommendations',
    });
  });

  it('puts the group documentation health card on group pages only', async () => {
    const tester = createExtensionTester(entityGroupDocsHealthCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    if (!filter) {
      throw new Error(
        'The group documentation health card has no entity filter',
      );
    }
    expect(KINDS.map(kind => filter(entityOfKind(kind)))).toEqual([
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
    const listDocsHealth = jest.fn().mockResolvedValue(teamCheckoutDocs);
    await renderInTestApp(
      <TestApiProvider apis={[[ownershipApiRef, { listDocsHealth }]]}>
        <EntityProvider entity={entityOfKind('Group')}>
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name':
            convertLegacyRouteRef(entityRouteRef),
        },
      },
    );
    expect(await screen.findAllByTestId('group-docs-row')).toHaveLength(4);
    expect(listDocsHealth).toHaveBeenCalledWith({
      owners: ['group:default/recommendations'],
    });
  });

  it('offers the Stale documentation card to the home page, named as the legacy card is', async () => {
    const tester = createExtensionTester(homePageStaleDocsCard);
    const widget = tester.get(HomePageWidgetBlueprint.dataRefs.widget);
    expect(widget).toMatchObject({
      name: 'HomePageStaleDocsCard',
      title: 'Stale documentation',
    });
    const listDocsHealth = jest.fn().mockResolvedValue(myFreshDocs);
    await renderInTestApp(
      <TestApiProvider apis={[[ownershipApiRef, { listDocsHealth }]]}>
        {widget.component}
      </TestApiProvider>,
    );
    expect(await screen.findByText('Stale documentation')).toBeInTheDocument();
    expect(
      await screen.findByText('All documentation of your teams is fresh'),
    ).toBeInTheDocument();
    expect(listDocsHealth).toHaveBeenCalledWith({
      owners: ['me'],
      attention: true,
    });
  });

  it('mounts the trace sources page at /service-ownership/sources', async () => {
    const tester = createExtensionTester(traceSourcesPage);
    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/service-ownership/sources',
    );
    const getSources = jest.fn().mockResolvedValue(allSourceStates(Date.now()));
    await renderInTestApp(
      <TestApiProvider apis={[[ownershipApiRef, { getSources }]]}>
        {tester.reactElement()}
      </TestApiProvider>,
    );
    expect(await screen.findAllByTestId('trace-source-status')).toHaveLength(4);
    expect(screen.getAllByText('Trace sources')).toHaveLength(1);
  });

  it('is a plugin with the id ownership', () => {
    expect(ownershipPlugin.id).toBe('ownership');
  });
});
