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

import type { OwnershipProblem } from '../annotations/validation';

/**
 * A person who can be on call, as the API answers it.
 *
 * @public
 */
export interface OnCallPersonJson {
  /** Catalog user ref when known, e.g. `user:default/alice`. */
  userRef?: string;
  name: string;
  email?: string;
  /** Link to the person in the provider's UI. */
  url?: string;
}

/**
 * One shift at one escalation level.
 *
 * @public
 */
export interface OnCallShiftJson {
  person: OnCallPersonJson;
  /** 1 for the first responder, 2 for the next escalation, and so on. */
  escalationLevel: number;
  start: string;
  end: string;
  /** Whether an override replaces the rotation's member for this shift. */
  override?: boolean;
}

/**
 * Who is on call for an entity (a component through its owner group, or a group): now, next, escalation.
 *
 * @public
 */
export interface EntityOnCall {
  entityRef: string;
  /** The group whose schedule answered: the entity itself, or its owner. */
  groupRef?: string;
  /** The provider that answered (`catalog`, `pagerduty`, `opsgenie`, …); absent when none has a schedule. */
  providerId?: string;
  /** IANA time zone of the schedule (catalog schedules), for showing handoffs in the team's local time. */
  timeZone?: string;
  current: OnCallShiftJson[];
  next: OnCallShiftJson[];
  escalation: Array<{
    level: number;
    delayMinutes: number;
    targets: OnCallPersonJson[];
  }>;
  scheduleUrl?: string;
  /** Located problems of the schedule annotation. */
  problems: OwnershipProblem[];
  /** Why there is no roster (no owner, no schedule, provider failed), when there is none. */
  reason?: string;
}

/**
 * One stretch of the signed-in user's own on-call duty, from the catalog schedule of one of their groups.
 *
 * @public
 */
export interface MyOnCallShift {
  /** The group whose schedule has the shift, e.g. `group:default/team-checkout`. */
  groupRef: string;
  /** 1 for the first responder, 2 for the next escalation, and so on. */
  escalationLevel: number;
  /** When the user takes over; before `MyOnCall.from` for a shift in progress. */
  start: string;
  /** When the user hands over; may be after `MyOnCall.to`, as stretches are reported whole. */
  end: string;
  /** Whether any part of the stretch is an override rather than the rotation. */
  override?: boolean;
}

/**
 * Who covers one of the signed-in user's groups: on call now and until when, and who is next, per escalation
 * level, from the same providers as {@link EntityOnCall}; and how many catalog entities the group owns.
 *
 * @public
 */
export interface MyOnCallTeam {
  groupRef: string;
  /** How many catalog entities the group owns (the `ownedBy` relation), whatever their kind. */
  ownedEntityCount: number;
  /** The provider that answered; absent when none has a schedule for the group. */
  providerId?: string;
  /** IANA time zone of the schedule (catalog schedules). */
  timeZone?: string;
  /** Link to the schedule in the provider's UI, when there is one. */
  scheduleUrl?: string;
  /** One entry per level that has someone on call now, in level order. */
  current: OnCallShiftJson[];
  /** Per level, the next person to take over. */
  next: OnCallShiftJson[];
  /** Located problems of the group's schedule annotation. */
  problems: OwnershipProblem[];
  /** Why there is no roster (no schedule, an invalid one, the provider failed), when there is none. */
  reason?: string;
}

/**
 * "My on-call" for the home page: the signed-in user's own upcoming shifts in their groups' catalog
 * schedules, and who covers each of their groups.
 *
 * @public
 */
export interface MyOnCall {
  /** The signed-in user, e.g. `user:default/guest`. */
  userRef: string;
  /** Start of the window `shifts` covers: when the answer was computed. */
  from: string;
  /** End of the window `shifts` covers (exclusive), 14 days after `from`. */
  to: string;
  /** The user's stretches of duty overlapping `[from, to)`, in order of start, then level. */
  shifts: MyOnCallShift[];
  /** The groups the user is a member of, by ref. */
  teams: MyOnCallTeam[];
  /** Why the user's groups are unknown (the user is not in the catalog), when they are. */
  reason?: string;
}
