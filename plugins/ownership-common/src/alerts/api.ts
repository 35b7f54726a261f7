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

import type { AlertSource } from './intake';
import type { RoutingDecision } from './routing';

/** States of a received alert: queued, routed (and delivered where configured), or failed to route. */
export type AlertState = 'pending' | 'routed' | 'failed';

export type AlertChannel = 'notifications' | 'pagerduty' | 'webhook';

export interface AlertDeliveryJson {
  channel: AlertChannel;
  status: 'sent' | 'failed' | 'skipped';
  /** What was sent where, or why not (e.g. "no PagerDuty routing key for component:default/payments"). */
  detail: string;
  at: string;
}

export interface AlertOnCallJson {
  groupRef: string;
  providerId?: string;
  /** Who is on call now, first responder first. */
  people: Array<{
    name: string;
    userRef?: string;
    email?: string;
    level: number;
    until?: string;
  }>;
  /** Why no one is listed, when no one is. */
  reason?: string;
}

/** A received alert (or a dry run) with its routing decision and deliveries. */
export interface AlertRoutingRecord {
  id: string;
  receivedAt: string;
  source: AlertSource;
  status: 'firing' | 'resolved';
  name: string;
  summary: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt?: string;
  state: AlertState;
  /** The time window whose traces were walked. */
  window?: { from: string; to: string };
  decision?: RoutingDecision;
  onCall?: AlertOnCallJson;
  deliveries: AlertDeliveryJson[];
  /** Why routing failed (state `failed`), e.g. the signal could not be found. */
  error?: string;
}

export interface AlertIntakeResponse {
  /** Alerts in the payload. */
  received: number;
  /** Of those, new ones queued for routing. */
  accepted: number;
  /** Of those, ones already received (same group key, fingerprint, status and start). */
  duplicates: number;
  ids: string[];
}

export interface AlertDryRunResponse {
  /** One per alert in the request; nothing is stored or delivered. */
  results: AlertRoutingRecord[];
  /** Channels that would deliver each result, by result id. */
  wouldDeliver: Record<string, AlertChannel[]>;
}

export interface AlertRoutingList {
  items: AlertRoutingRecord[];
}
