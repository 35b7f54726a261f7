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

/**
 * Frontend plugin of Service Ownership for Backstage: entity tabs, cards and home page cards.
 *
 * @packageDocumentation
 */

export { ownershipPlugin } from './plugin';
export {
  AlertRoutingPage,
  EntityAlertRoutingCard,
  EntityDependenciesContent,
  EntityDocsHealthBadge,
  EntityDocsHealthCard,
  EntityGroupDocsHealthCard,
  EntityGroupSlosCard,
  EntityOnCallCard,
  EntityOwnershipContent,
  EntitySloCard,
  EntitySloContent,
  EntityTeamDependenciesCard,
  HomePageOnCallCard,
  HomePageStaleDocsCard,
  TraceSourcesPage,
  TraceSourcesStatusBanner,
  TraceViewPage,
  UnownedTrafficPage,
} from './extensions';
export type { AlertRoutingPageProps } from './components/AlertRoutingPage';
export type { EntityAlertRoutingCardProps } from './components/EntityAlertRoutingCard';
export type { EntityDependenciesContentProps } from './components/EntityDependenciesContent';
export type { EntityDocsHealthBadgeProps } from './components/EntityDocsHealthBadge';
export type { EntityDocsHealthCardProps } from './components/EntityDocsHealthCard';
export type { EntityGroupDocsHealthCardProps } from './components/EntityGroupDocsHealthCard';
export type { EntityGroupSlosCardProps } from './components/EntityGroupSlosCard';
export type { EntityOnCallCardProps } from './components/EntityOnCallCard';
export type { EntitySloCardProps } from './components/EntitySloCard';
export type { EntitySloContentProps } from './components/EntitySloContent';
export type { EntityTeamDependenciesCardProps } from './components/EntityTeamDependenciesCard';
export type { HomePageOnCallCardProps } from './components/HomePageOnCallCard';
export type { HomePageStaleDocsCardProps } from './components/HomePageStaleDocsCard';
export type { TraceSourcesPageProps } from './components/TraceSourcesPage';
export type { TraceSourcesStatusBannerProps } from './components/TraceSourcesStatusBanner';
export type { TraceViewPageProps } from './components/TraceViewPage';
export type { UnownedTrafficPageProps } from './components/UnownedTrafficPage';
export {
  ownershipApiRef,
  OwnershipClient,
  type OwnershipApi,
  type OwnershipDocExportFormat,
  type OwnershipTrace,
  type OwnershipTraceSpan,
} from './api';
export {
  isOwnershipAvailable,
  OWNERSHIP_ANNOTATIONS,
} from '@service-ownership/plugin-ownership-common';
export { traceSourcesRouteRef } from './routes';
