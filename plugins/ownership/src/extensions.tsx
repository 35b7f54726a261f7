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
  createComponentExtension,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { createCardExtension } from '@backstage/plugin-home-react';
import { ownershipPlugin } from './plugin';
import {
  alertRoutingRouteRef,
  entityContentRouteRef,
  entityDependenciesRouteRef,
  entitySlosRouteRef,
  traceSourcesRouteRef,
  traceViewRouteRef,
  unownedTrafficRouteRef,
} from './routes';

/**
 * The Ownership tab of an entity page: owner, Service Ownership annotations and their problems; for groups,
 * what they own; for systems, their parts.
 *
 * @public
 */
export const EntityOwnershipContent = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'EntityOwnershipContent',
    component: () =>
      import('./components/EntityOwnershipContent').then(
        m => m.EntityOwnershipContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);

/**
 * The Dependencies tab of a component, resource or system page: the dependencies traces show, as a graph
 * and a table of calls with their rate, errors and latency, and how they compare with `spec.dependsOn`.
 *
 * @public
 */
export const EntityDependenciesContent = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'EntityDependenciesContent',
    component: () =>
      import('./components/EntityDependenciesContent').then(
        m => m.EntityDependenciesContent,
      ),
    mountPoint: entityDependenciesRouteRef,
  }),
);

/**
 * A card for group pages: the teams whose services the group's services call, and the teams calling them.
 *
 * @public
 */
export const EntityTeamDependenciesCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamDependenciesCard',
    component: {
      lazy: () =>
        import('./components/EntityTeamDependenciesCard').then(
          m => m.EntityTeamDependenciesCard,
        ),
    },
  }),
);

/**
 * The SLOs tab of an entity page: each SLO's state, burn-rate windows, latency request by request (each
 * dot opens its trace), error rate and budget burn; the SLOs its dependencies need; the export to Sloth,
 * Prometheus or OpenSLO; and the objectives the entity could promise today.
 *
 * @public
 */
export const EntitySloContent = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'EntitySloContent',
    component: () =>
      import('./components/EntitySloContent').then(m => m.EntitySloContent),
    mountPoint: entitySlosRouteRef,
  }),
);

/**
 * A card for the entity Overview: each SLO with its burn-rate state, attainment and error budget left,
 * and how to define SLOs when there are none.
 *
 * @public
 */
export const EntitySloCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntitySloCard',
    component: {
      lazy: () =>
        import('./components/EntitySloCard').then(m => m.EntitySloCard),
    },
  }),
);

/**
 * A card for component and group pages: who is on call now and until when, who is next, and how alerts
 * escalate, from the owner group's catalog rotation or its PagerDuty or Opsgenie schedule.
 *
 * @public
 */
export const EntityOnCallCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityOnCallCard',
    component: {
      lazy: () =>
        import('./components/EntityOnCallCard').then(m => m.EntityOnCallCard),
    },
  }),
);

/**
 * A card for component and group pages, "Recent alert routing": the latest alerts raised on the component or
 * routed to it (or routed to the group), each with the team it went to and how sure the routing was.
 *
 * @public
 */
export const EntityAlertRoutingCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityAlertRoutingCard',
    component: {
      lazy: () =>
        import('./components/EntityAlertRoutingCard').then(
          m => m.EntityAlertRoutingCard,
        ),
    },
  }),
);

/**
 * A home page card, "On call": the signed-in user's shifts in the next 14 days (the one in progress
 * highlighted) and, for each of their teams, who is on call now and until when and who is next. Add it to
 * a `CustomHomepageGrid` (by the name `HomePageOnCallCard` in its `config`).
 *
 * @public
 */
export const HomePageOnCallCard = ownershipPlugin.provide(
  createCardExtension({
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
  }),
);

/**
 * A small chip for the top of an entity page: the documentation health of the entity (`Fresh`, `Due in 5 days`,
 * `Stale: …`, `Overdue 12 days`, `Incomplete: …`), coloured by state, with every reason in its tooltip.
 *
 * @public
 */
export const EntityDocsHealthBadge = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityDocsHealthBadge',
    component: {
      lazy: () =>
        import('./components/EntityDocsHealthBadge').then(
          m => m.EntityDocsHealthBadge,
        ),
    },
  }),
);

/**
 * A card for the Overview of components, resources, APIs and systems, "Documentation health": the health and
 * why, last review and modification, due date, what changed since the last review, the ops-doc checklist,
 * "Mark as reviewed", a snooze of the nudges, and the ops doc as JSON or YAML.
 *
 * @public
 */
export const EntityDocsHealthCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityDocsHealthCard',
    component: {
      lazy: () =>
        import('./components/EntityDocsHealthCard').then(
          m => m.EntityDocsHealthCard,
        ),
    },
  }),
);

/**
 * A card for group pages, "Documentation health": how many of the group's entities are in each state, and
 * each entity with its health, first reason and due date, most urgent first.
 *
 * @public
 */
export const EntityGroupDocsHealthCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityGroupDocsHealthCard',
    component: {
      lazy: () =>
        import('./components/EntityGroupDocsHealthCard').then(
          m => m.EntityGroupDocsHealthCard,
        ),
    },
  }),
);

/**
 * A home page card, "Stale documentation": the entities of the signed-in user's teams whose docs need
 * attention, most urgent first, each with a one-click "Mark as reviewed". Add it to a `CustomHomepageGrid` (by
 * the name `HomePageStaleDocsCard` in its `config`).
 *
 * @public
 */
export const HomePageStaleDocsCard = ownershipPlugin.provide(
  createCardExtension({
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
  }),
);

/**
 * A card for group pages: every SLO of the group's entities, least budget left first.
 *
 * @public
 */
export const EntityGroupSlosCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityGroupSlosCard',
    component: {
      lazy: () =>
        import('./components/EntityGroupSlosCard').then(
          m => m.EntityGroupSlosCard,
        ),
    },
  }),
);

/**
 * A page of the trace nodes no catalog entity claims, with their traffic and how to claim them.
 *
 * @public
 */
export const UnownedTrafficPage = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'UnownedTrafficPage',
    component: () =>
      import('./components/UnownedTrafficPage').then(m => m.UnownedTrafficPage),
    mountPoint: unownedTrafficRouteRef,
  }),
);

/**
 * The suite's own trace view: mount it at `/service-ownership/traces`, where SLO exemplars open when no
 * external trace UI is configured; it shows the trace whose id follows in the path.
 *
 * @public
 */
export const TraceViewPage = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'TraceViewPage',
    component: () =>
      import('./components/TraceViewPage').then(m => m.TraceViewPage),
    mountPoint: traceViewRouteRef,
  }),
);

/**
 * The alert routing page: mount it at `/service-ownership/alerts`, where the backend's notifications and
 * PagerDuty events link (`/service-ownership/alerts/<alert id>` shows one routing decision); it also has a
 * dry run of the routing and the recent alerts.
 *
 * @public
 */
export const AlertRoutingPage = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'AlertRoutingPage',
    component: () =>
      import('./components/AlertRoutingPage').then(m => m.AlertRoutingPage),
    mountPoint: alertRoutingRouteRef,
  }),
);

/**
 * The trace sources page: mount it at `/service-ownership/sources` (the staleness banner links there). It
 * shows the embedded store's intake counters and every upstream source with its health — where a platform
 * team looks when a widget is empty.
 *
 * @public
 */
export const TraceSourcesPage = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'TraceSourcesPage',
    component: () =>
      import('./components/TraceSourcesPage').then(m => m.TraceSourcesPage),
    mountPoint: traceSourcesRouteRef,
  }),
);

/**
 * A warning that some upstream trace sources are failing or stale (the data shown may be out of date), linking
 * to the trace sources page; nothing when every source is fine. The Dependencies and SLOs tabs show it already.
 *
 * @public
 */
export const TraceSourcesStatusBanner = ownershipPlugin.provide(
  createComponentExtension({
    name: 'TraceSourcesStatusBanner',
    component: {
      lazy: () =>
        import('./components/TraceSourcesStatusBanner').then(
          m => m.TraceSourcesStatusBanner,
        ),
    },
  }),
);
