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
import { TeamDependency } from '@service-ownership/plugin-ownership-common';
import {
  formatCountOf,
  formatErrorRate,
  formatRate,
  humanizeEntityRef,
} from './format';

/** One service pair behind a team dependency, in the direction the calls go. */
export interface ServicePairRow {
  key: string;
  caller: string;
  callee: string;
  calls: string;
  errors: string;
}

/** One team in a "We depend on" or "Depend on us" list. */
export interface TeamDependencyRow {
  key: string;
  /** The team's entity ref; absent for nodes no entity claims. */
  teamRef?: string;
  teamName: string;
  /** Share of the group's traffic in that direction, 0..100. */
  sharePercent: number;
  share: string;
  rate: string;
  errors: string;
  pairs: ServicePairRow[];
}

/** Shown for traffic with nodes that no entity (so no team) claims. */
export const UNOWNED_TEAM_NAME = 'Unowned';

/**
 * The rows of one direction of a team's dependencies, busiest team first. `dependsOn` pairs read "ours →
 * theirs", `dependedOnBy` pairs "theirs → ours".
 */
export function toTeamDependencyRows(
  dependencies: TeamDependency[],
  direction: 'dependsOn' | 'dependedOnBy',
): TeamDependencyRow[] {
  return [...dependencies]
    .sort((a, b) => b.count - a.count)
    .map(dependency => {
      const sharePercent = Math.max(
        0,
        Math.min(100, Math.round(dependency.share * 100)),
      );
      const errorRate =
        dependency.count > 0 ? dependency.errorCount / dependency.count : 0;
      return {
        key: dependency.team ?? '\u0000unowned',
        teamRef: dependency.team,
        teamName: dependency.team
          ? humanizeEntityRef(dependency.team)
          : UNOWNED_TEAM_NAME,
        sharePercent,
        share: `${sharePercent}%`,
        rate: formatRate(dependency.ratePerSecond),
        errors: `${formatCountOf(
          dependency.errorCount,
          'error',
        )} (${formatErrorRate(errorRate)})`,
        pairs: dependency.calls.map(call => {
          const ours = humanizeEntityRef(call.entityRef);
          const theirs = call.otherEntityRef
            ? humanizeEntityRef(call.otherEntityRef)
            : call.otherNode;
          const [caller, callee] =
            direction === 'dependsOn' ? [ours, theirs] : [theirs, ours];
          return {
            key: `${call.entityRef}\u0000${
              call.otherEntityRef ?? call.otherNode
            }`,
            caller,
            callee,
            calls: formatCountOf(call.count, 'call'),
            errors: formatCountOf(call.errorCount, 'error'),
          };
        }),
      };
    });
}
