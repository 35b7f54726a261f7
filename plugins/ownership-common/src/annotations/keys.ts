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
 * Prefix shared by every annotation of Service Ownership for Backstage.
 *
 * @public
 */
export const OWNERSHIP_ANNOTATION_PREFIX = 'service-ownership.io/';

/**
 * The OpenTelemetry `service.name` value(s) that an entity's spans carry.
 *
 * Comma-separated; each entry is `name` or `namespace/name` (matching `service.namespace`).
 * Defaults to the entity's `metadata.name` where absent.
 *
 * @example `orders` or `orders, shop/orders-worker`
 * @public
 */
export const SERVICE_NAME_ANNOTATION = 'service-ownership.io/service-name';

/**
 * The business operations ("signals") the entity answers for, by span name, measured at their root span.
 *
 * Comma-separated span names, e.g. `place_order, POST /checkout`.
 *
 * @public
 */
export const SIGNAL_OPERATIONS_ANNOTATION =
  'service-ownership.io/signal-operations';

/**
 * The date the entity's operational documentation was last reviewed by its owners, as `YYYY-MM-DD`
 * (or a full ISO 8601 timestamp).
 *
 * @public
 */
export const LAST_AUDITED_ANNOTATION = 'service-ownership.io/last-audited';

/**
 * How often the entity's operational documentation must be reviewed: an ISO 8601 duration in days or
 * weeks (`P90D`, `P12W`) or the shorthand `90d` / `12w`.
 *
 * @public
 */
export const AUDIT_INTERVAL_ANNOTATION = 'service-ownership.io/audit-interval';

/**
 * The entity's service level objectives, as a YAML list (see the SLO definition format in the README).
 *
 * @example
 * ```yaml
 * service-ownership.io/slos: |
 *   - name: place-order-latency
 *     operation: place_order
 *     sli: latency
 *     threshold: 300ms
 *     objective: 99%
 *     window: 28d
 * ```
 * @public
 */
export const SLOS_ANNOTATION = 'service-ownership.io/slos';

/**
 * A Group's on-call rotation, as YAML (see the schedule format in the README): time zone, handoff time,
 * rotation length, start date, members in order, optional escalation layers and overrides.
 *
 * @example
 * ```yaml
 * service-ownership.io/on-call: |
 *   timeZone: Europe/Berlin
 *   handoff: '09:00'
 *   rotation: 1w
 *   start: '2026-11-02'
 *   members: [alice, bob, guest]
 *   escalation:
 *     - after: 15m
 *       members: [carol]
 * ```
 * @public
 */
export const ON_CALL_ANNOTATION = 'service-ownership.io/on-call';

/**
 * Every annotation key this suite reads, in the order they are documented.
 *
 * @public
 */
export const OWNERSHIP_ANNOTATIONS: readonly string[] = [
  SERVICE_NAME_ANNOTATION,
  SIGNAL_OPERATIONS_ANNOTATION,
  LAST_AUDITED_ANNOTATION,
  AUDIT_INTERVAL_ANNOTATION,
];

/**
 * The Jaeger plugin's annotation naming an entity's trace service; honoured as a claim when ours is absent.
 * Defined here so no other package spells it.
 *
 * @public
 */
export const JAEGER_SERVICE_ANNOTATION = 'jaegertracing.io/service';

/**
 * The PagerDuty plugin's annotation naming an entity's PagerDuty service; read by the PagerDuty on-call
 * provider. Defined here so no other package spells it.
 *
 * @public
 */
export const PAGERDUTY_SERVICE_ANNOTATION = 'pagerduty.com/service-id';

/**
 * The Opsgenie plugin's annotation naming an entity's Opsgenie team; read by the Opsgenie on-call provider.
 *
 * @public
 */
export const OPSGENIE_TEAM_ANNOTATION = 'opsgenie.com/team';
