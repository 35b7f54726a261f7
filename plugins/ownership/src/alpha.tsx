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
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { ownershipApiRef, OwnershipClient } from './api';
import {
  alertRoutingRouteRef,
  traceSourcesRouteRef,
  traceViewRouteRef,
  unownedTrafficRouteRef,
} from './routes';

/** Kinds whose entity pages get the Ownership tab. */
const OWNERSHIP_TAB_KINDS = ['component', 'resource', 'system', 'group'];

/** Kinds whose entity pages get the Dependencies tab: those that can call and be called. */
const DEPENDENCIES_TAB_KINDS = ['component', 'resource', 'system'];

/** Kinds whose entity pages get the SLOs tab and card: those that claim trace services. */
const SLO_KINDS = ['component', 'resource'];

/** Kinds whose entity pages get the on-call card: groups, and components through their owner group. */
const ON_CALL_KINDS = ['component', 'group'];

/** Kinds whose entity pages get the alert routing card: components alerted on or paged, groups paged. */
const ALERT_ROUTING_KINDS = ['component', 'group'];

/** Kinds whose entity pages get the documentation health card: those with an ops doc of their own. */
const DOCS_HEALTH_KINDS = ['component', 'resource', 'api', 'system'];

function kindOf(entity: { kind: string }): string {
  return entity.kind.toLocaleLowerCase('en-US');
}

/**
 * The Ownership API for the new frontend system.
 *
 * @alpha
 */
export const ownershipApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(
      createApiFactory({
        api: ownershipApiRef,
        deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
        factory: ({ discoveryApi, fetchApi }) =>
          new OwnershipClient({ discoveryApi, fetchApi }),
      }),
    ),
});

/**
 * The Ownership tab on component, resource, system and group pages, for the new frontend system.
 *
 * @alpha
 */
export const entityOwnershipContent = EntityContentBlueprint.make({
  name: 'ownership',
  params: {
    path: '/ownership',
    title: 'Ownership',
    filter: entity => OWNERSHIP_TAB_KINDS.includes(kindOf(entity)),
    loader: () =>
      import('./components/EntityOwnershipContent').then(m => (
        <m.EntityOwnershipContent />
      )),
  },
});

/**
 * The Dependencies tab on component, resource and system pages, for the new frontend system.
 *
 * @alpha
 */
export const entityDependenciesContent = EntityContentBlueprint.make({
  name: 'dependencies',
  params: {
    path: '/dependencies',
    title: 'Dependencies',
    filter: entity => DEPENDENCIES_TAB_KINDS.includes(kindOf(entity)),
    loader: () =>
      import('./components/EntityDependenciesContent').then(m => (
        <m.EntityDependenciesContent />
      )),
  },
});

/**
 * The "Dependencies on other teams" card on group pages, for the new frontend system.
 *
 * @alpha
 */
export const entityTeamDependenciesCard = EntityCardBlueprint.make({
  name: 'team-dependencies',
  params: {
    filter: entity => kindOf(entity) === 'group',
    loader: () =>
      import('./components/EntityTeamDependenciesCard').then(m => (
        <m.EntityTeamDependenciesCard />
      )),
  },
});

/**
 * The SLOs tab on component and resource pages, for the new frontend system.
 *
 * @alpha
 */
export const entitySloContent = EntityContentBlueprint.make({
  name: 'slos',
  params: {
    path: '/slos',
    title: 'SLOs',
    filter: entity => SLO_KINDS.includes(kindOf(entity)),
    loader: () =>
      import('./components/EntitySloContent').then(m => <m.EntitySloContent />),
  },
});

/**
 * The SLO card on the Overview of component and resource pages, for the new frontend system.
 *
 * @alpha
 */
export const entitySloCard = EntityCardBlueprint.make({
  name: 'slos',
  params: {
    filter: entity => SLO_KINDS.includes(kindOf(entity)),
    loader: () =>
      import('./components/EntitySloCard').then(m => <m.EntitySloCard />),
  },
});

/**
 * The SLOs card on group pages, for the new frontend system.
 *
 * @alpha
 */
export const entityGroupSlosCard = EntityCardBlueprint.make({
  name: 'group-slos',
  params: {
    filter: entity => kindOf(entity) === 'group',
    loader: () =>
      import('./components/EntityGroupSlosCard').then(m => (
        <m.EntityGroupSlosCard />
      )),
  },
});

/**
 * The on-call card on the Overview of component and group pages, for the new frontend system.
 *
 * @alpha
 */
export const entityOnCallCard = EntityCardBlueprint.make({
  name: 'on-call',
  params: {
    filter: entity => ON_CALL_KINDS.includes(kindOf(entity)),
    loader: () =>
      import('./components/EntityOnCallCard').then(m => <m.EntityOnCallCard />),
  },
});

/**
 * The "Recent alert routing" card on the Overview of component and group pages, for the new frontend system.
 *
 * @alpha
 */
export const entityAlertRoutingCard = EntityCardBlueprint.make({
  name: 'alert-routing',
  params: {
    filter: entity => ALERT_ROUTING_KINDS.includes(kindOf(entity)),
    loader: () =>
      import('./components/EntityAlertRoutingCard').then(m => (
        <m.EntityAlertRoutingCard />
      )),
  },
});

/**
 * The "Documentation health" card (with its health badge) on the Overview of component, resource, API and
 * system pages, for the new frontend system.
 *
 * @alpha
 */
export const entityDocsHealthCard = EntityCardBlueprint.make({
  name: 'docs-health',
  params: {
    filter: entity => DOCS_HEALTH_KINDS.includes(kindOf(entity)),
    loader: () =>
      import('./components/EntityDocsHealthCard').then(m => (
        <m.EntityDocsHealthCard />
      )),
  },
});

/**
 * The "Documentation health" card of group pages (the docs health of the group's entities), for the new
 * frontend system.
 *
 * @alpha
 */
export const entityGroupDocsHealthCard = EntityCardBlueprint.make({
  name: 'group-docs-health',
  params: {
    filter: entity => kindOf(entity) === 'group',
    loader: () =>
      import('./components/EntityGroupDocsHealthCard').then(m => (
        <m.EntityGroupDocsHealthCard />
      )),
  },
});

/**
 * The "On call" home page card (the user's next shifts and who covers their teams), for the new frontend
 * system's home page.
 *
 * @alpha
 */
export const homePageOnCallCard = HomePageWidgetBlueprint.make({
  name: 'on-call',
  params: {
    name: 'HomePageOnCallCard',
    title: 'On call',
    description:
      'Your next on-call shifts and who covers your teams now and next.',
    layout: {
      width: { minColumns: 4, defaultColumns: 12 },
      height: { minRows: 4, defaultRows: 6 },
    },
    components: () =>
      import('./components/HomePageOnCallCard').then(m => ({
        Content: m.HomePageOnCallCard,
      })),
  },
});

/**
 * The "Stale documentation" home page card (the docs of the user's teams that need a review, with a one-click
 * "Mark as reviewed"), for the new frontend system's home page.
 *
 * @alpha
 */
export const homePageStaleDocsCard = HomePageWidgetBlueprint.make({
  name: 'stale-docs',
  params: {
    name: 'HomePageStaleDocsCard',
    title: 'Stale documentation',
    description:
      "The docs of your teams' entities that need a review, most urgent first.",
    layout: {
      width: { minColumns: 4, defaultColumns: 12 },
      height: { minRows: 4, defaultRows: 6 },
    },
    components: () =>
      import('./components/HomePageStaleDocsCard').then(m => ({
        Content: m.HomePageStaleDocsCard,
      })),
  },
});

/**
 * The page of traffic no catalog entity claims, for the new frontend system.
 *
 * @alpha
 */
export const unownedTrafficPage = PageBlueprint.make({
  name: 'unowned-traffic',
  params: {
    path: '/service-ownership/unowned',
    title: 'Unowned traffic',
    // The page draws its own header.
    noHeader: true,
    routeRef: convertLegacyRouteRef(unownedTrafficRouteRef),
    loader: () =>
      import('./components/UnownedTrafficPage').then(m => (
        <m.UnownedTrafficPage />
      )),
  },
});

/**
 * The suite's own trace view (`/service-ownership/traces/<trace id>`), for the new frontend system.
 *
 * @alpha
 */
export const traceViewPage = PageBlueprint.make({
  name: 'trace-view',
  params: {
    path: '/service-ownership/traces',
    title: 'Trace',
    // The page draws its own header.
    noHeader: true,
    routeRef: convertLegacyRouteRef(traceViewRouteRef),
    loader: () =>
      import('./components/TraceViewPage').then(m => <m.TraceViewPage />),
  },
});

/**
 * The alert routing page (`/service-ownership/alerts`, and `/service-ownership/alerts/<alert id>` for one
 * decision), for the new frontend system.
 *
 * @alpha
 */
export const alertRoutingPage = PageBlueprint.make({
  name: 'alert-routing',
  params: {
    path: '/service-ownership/alerts',
    title: 'Alert routing',
    // The page draws its own header.
    noHeader: true,
    routeRef: convertLegacyRouteRef(alertRoutingRouteRef),
    loader: () =>
      import('./components/AlertRoutingPage').then(m => <m.AlertRoutingPage />),
  },
});

/**
 * The trace sources page (`/service-ownership/sources`): the embedded store and every upstream source with its
 * health, for the new frontend system.
 *
 * @alpha
 */
export const traceSourcesPage = PageBlueprint.make({
  name: 'trace-sources',
  params: {
    path: '/service-ownership/sources',
    title: 'Trace sources',
    // The page draws its own header.
    noHeader: true,
    routeRef: convertLegacyRouteRef(traceSourcesRouteRef),
    loader: () =>
      import('./components/TraceSourcesPage').then(m => <m.TraceSourcesPage />),
  },
});

/**
 * Service Ownership for Backstage as a new-frontend-system plugin.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ownership',
  routes: convertLegacyRouteRefs({
    unownedTraffic: unownedTrafficRouteRef,
    traceView: traceViewRouteRef,
    alertRouting: alertRoutingRouteRef,
    traceSources: traceSourcesRouteRef,
  }),
  extensions: [
    ownershipApi,
    entityOwnershipContent,
    entityDependenciesContent,
    entityTeamDependenciesCard,
    entitySloContent,
    entitySloCard,
    entityGroupSlosCard,
    entityOnCallCard,
    entityAlertRoutingCard,
    entityDocsHealthCard,
    entityGroupDocsHealthCard,
    homePageOnCallCard,
    homePageStaleDocsCard,
    unownedTrafficPage,
    traceViewPage,
    alertRoutingPage,
    traceSourcesPage,
  ],
});
