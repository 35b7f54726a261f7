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
