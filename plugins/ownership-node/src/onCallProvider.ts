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

/**
 * A person (or a team's shared identity) who can be on call.
 *
 * @public
 */
export interface OnCallPerson {
  /** Catalog user ref when the provider could match the person to the catalog, e.g. `user:default/jane`. */
  userRef?: string;
  name: string;
  email?: string;
  /** Link to the person in the provider's UI. */
  url?: string;
}

/**
 * One stretch of time during which a person is on call at a given escalation level.
 *
 * @public
 */
export interface OnCallShift {
  person: OnCallPerson;
  /** 1 for the first responder, 2 for the next escalation, and so on. */
  escalationLevel: number;
  start: Date;
  end: Date;
  /** Whether an override replaces the rotation's member for this shift. */
  override?: boolean;
}

/**
 * Who is on call for an entity: now, next, and how alerts escalate.
 *
 * @public
 */
export interface OnCallRoster {
  /** Provider id that answered, e.g. `catalog`, `pagerduty`. */
  providerId: string;
  /** The shifts covering `now`, one or more per escalation level. */
  current: OnCallShift[];
  /** The next shift per escalation level after the current one ends. */
  next: OnCallShift[];
  /** Escalation levels in order, with how long each waits before escalating. */
  escalation: Array<{
    level: number;
    delayMinutes: number;
    targets: OnCallPerson[];
  }>;
  /** Link to the schedule in the provider's UI, when there is one. */
  scheduleUrl?: string;
  /** IANA time zone the schedule is defined in, when it has one (for showing handoffs in local time). */
  timeZone?: string;
}

/**
 * A source of on-call schedules: the catalog-defined rotation, PagerDuty, Opsgenie, or a company's own,
 * added as a backend module through {@link ownershipOnCallProviderExtensionPoint}.
 *
 * Vendor credentials stay inside the implementation (read from config); nothing of them reaches the browser.
 *
 * @public
 */
export interface OnCallProvider {
  /** Unique id of this provider, e.g. `pagerduty`. */
  readonly id: string;
  /** Whether this provider holds a schedule for the entity, typically decided by its annotations. */
  supports(entity: Entity): boolean;
  /** The roster of the entity at `now`. Throws when the vendor fails; returns `undefined` when it has no schedule. */
  getRoster(request: {
    entity: Entity;
    now: Date;
    signal?: AbortSignal;
  }): Promise<OnCallRoster | undefined>;
}
