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
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import {
  AlertChannel,
  AlertDeliveryJson,
  AlertRoutingRecord,
  candidateWhere,
  IncomingAlert,
  RoutingDecision,
} from '@service-ownership/plugin-ownership-common';

/** A channel that does not apply to this alert (recorded as skipped, not as a failure). */
export class SkipDelivery extends Error {}

/** The ecosystem's annotation holding a PagerDuty Events API v2 integration (routing) key. */
export const PAGERDUTY_INTEGRATION_KEY_ANNOTATION =
  'pagerduty.com/integration-key';

/** Where alerts matching some labels are delivered. */
export interface AlertRouteConfig {
  /** Shown in deliveries' details. */
  name: string;
  /** Alert labels that must all be equal; an empty match takes every alert. */
  match: Record<string, string>;
  /** A Backstage notification to the members of the owner group chosen. */
  notifications: boolean;
  /** A PagerDuty Events API v2 event; the key from here, else the target entity's `pagerduty.com/integration-key`. */
  pagerDuty?: { routingKey?: string };
  /** A POST of the routing record as JSON. */
  webhook?: { url: string; headers: Record<string, string> };
}

export interface AlertDeliverySettings {
  /** First match wins; with none matching, a notification is sent. */
  routes: AlertRouteConfig[];
  pagerDutyEventsUrl: string;
  /** The Backstage app's base URL, for links in PagerDuty events and webhooks. */
  appBaseUrl: string;
}

/** POSTs JSON; throws an error naming the status (never a secret) when the receiver refuses it. */
export type JsonPoster = (request: {
  /** Who receives it, for error messages, e.g. "PagerDuty". */
  receiver: string;
  url: string;
  body: unknown;
  headers?: Record<string, string>;
}) => Promise<void>;

export const DEFAULT_ROUTE: AlertRouteConfig = {
  name: 'default',
  match: {},
  notifications: true,
};

export function routeOf(
  alert: Pick<IncomingAlert, 'labels'>,
  routes: AlertRouteConfig[],
): AlertRouteConfig {
  return (
    routes.find(route =>
      Object.entries(route.match).every(
        ([key, value]) => alert.labels[key] === value,
      ),
    ) ?? DEFAULT_ROUTE
  );
}

export function channelsOf(route: AlertRouteConfig): AlertChannel[] {
  const channels: AlertChannel[] = [];
  if (route.notifications) channels.push('notifications');
  if (route.pagerDuty) channels.push('pagerduty');
  if (route.webhook) channels.push('webhook');
  return channels;
}

/** Where failures end, for people: `payments → psp.example.net`. */
export function whereOf(
  decision: RoutingDecision | undefined,
): string | undefined {
  const culprit = decision?.culprit;
  return culprit ? candidateWhere(culprit) : undefined;
}

/** The walked path in one line: `orders place_order → payments charge → payments POST psp (timeout)`. */
export function pathLine(
  decision: RoutingDecision | undefined,
): string | undefined {
  const example = decision?.examplePath;
  if (!example) return undefined;
  const steps = example.steps
    .filter(
      (step, i, all) =>
        i === 0 || i === all.length - 1 || step.kind !== 'client',
    )
    .map(step => `${step.service} ${step.operation}`);
  const suffix =
    example.reason === 'timeout' ? ' (ran to its caller’s deadline)' : '';
  return `${steps.join(' → ')}${suffix}`;
}

function severityOf(record: AlertRoutingRecord): NotificationSeverity {
  if (record.status === 'resolved') return 'low';
  const label = (record.labels.severity ?? '').toLowerCase();
  if (['critical', 'page', 'p1'].includes(label)) return 'critical';
  if (['warning', 'ticket', 'info', 'p3', 'p4'].includes(label))
    return 'normal';
  return 'high';
}

function pagerDutySeverity(record: AlertRoutingRecord): string {
  const label = (record.labels.severity ?? '').toLowerCase();
  if (['critical', 'page', 'p1'].includes(label)) return 'critical';
  if (['warning', 'ticket'].includes(label)) return 'warning';
  if (label === 'info') return 'info';
  return 'error';
}

/** Title of the notification or event: what failed, and where. */
export function alertTitle(record: AlertRoutingRecord): string {
  const where = whereOf(record.decision);
  const prefix = record.status === 'resolved' ? 'Resolved: ' : '';
  const signal = record.decision?.signal;
  const what = signal ? `${signal.service} ${signal.operation}` : record.name;
  return where && record.decision?.method === 'traces'
    ? `${prefix}${record.name}: ${what} fails in ${where}`
    : `${prefix}${record.name}: ${what}`;
}

/** The explanation, in plain text: why this team, the walked path, the confidence, who is on call. */
export function alertExplanation(record: AlertRoutingRecord): string {
  const lines: string[] = [];
  if (record.decision) {
    lines.push(record.decision.reason);
    const path = pathLine(record.decision);
    if (path) lines.push(`Path: ${path}.`);
    if (record.decision.method === 'traces') {
      lines.push(
        `Confidence: ${record.decision.confidenceLevel} (${Math.round(
          record.decision.confidence * 100,
        )} % of ${record.decision.failingTraces} failing traces).`,
      );
    }
  } else if (record.error) {
    lines.push(record.error);
  }
  const people = record.onCall?.people ?? [];
  if (people.length > 0) {
    lines.push(
      `On call: ${people
        .map(
          person =>
            `${person.name}${
              person.level > 1 ? ` (level ${person.level})` : ''
            }`,
        )
        .join(', ')}.`,
    );
  } else if (record.onCall?.reason) {
    lines.push(`On call: ${record.onCall.reason}.`);
  }
  return lines.join(' ');
}

/**
 * Delivers a routed alert on the channels of its route. Each channel's outcome is recorded; one failing
 * does not stop the others.
 */
export class AlertDelivery {
  constructor(
    private readonly options: {
      settings: AlertDeliverySettings;
      notifications?: NotificationService;
      post: JsonPoster;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  decisionPath(id: string): string {
    return `/service-ownership/alerts/${encodeURIComponent(id)}`;
  }

  async deliver(
    record: AlertRoutingRecord,
    context: {
      /** The alert this one resolves, when it resolves one that was routed. */
      groupKey: string;
      fingerprint: string;
      /** Annotations of the entity whose owner is paged (for its PagerDuty integration key). */
      targetAnnotations?: Record<string, string>;
    },
  ): Promise<AlertDeliveryJson[]> {
    const { settings } = this.options;
    const route = routeOf(record, settings.routes);
    const at = () => (this.options.now?.() ?? new Date()).toISOString();
    const groupRef =
      record.decision?.target?.ownerRef ?? record.onCall?.groupRef;
    const outcomes: AlertDeliveryJson[] = [];
    const attempt = async (
      channel: AlertChannel,
      run: () => Promise<string>,
    ) => {
      try {
        outcomes.push({
          channel,
          status: 'sent',
          detail: await run(),
          at: at(),
        });
      } catch (error) {
        const detail =
          error instanceof SkipDelivery
            ? error.message
            : `${route.name}: ${String(error)}`;
        const status = error instanceof SkipDelivery ? 'skipped' : 'failed';
        if (status === 'failed') {
          this.options.logger.warn(
            `Alert ${record.id} ${channel} delivery failed: ${detail}`,
          );
        }
        outcomes.push({ channel, status, detail, at: at() });
      }
    };
    const link = this.decisionPath(record.id);
    const absoluteLink = `${settings.appBaseUrl.replace(/\/$/, '')}${link}`;

    if (route.notifications) {
      await attempt('notifications', async () => {
        if (!this.options.notifications) {
          throw new SkipDelivery('The notifications service is not installed');
        }
        if (!groupRef) {
          throw new SkipDelivery('No owner to notify: the decision names none');
        }
        await this.options.notifications.send({
          recipients: { type: 'entity', entityRef: groupRef },
          payload: {
            title: alertTitle(record),
            description: alertExplanation(record),
            link,
            severity: severityOf(record),
            topic: 'Alert routing',
            // One notification per alert: its resolution updates it instead of adding another.
            scope: `service-ownership-alert:${context.groupKey}|${context.fingerprint}`,
          },
        });
        return `Notified the members of ${groupRef}`;
      });
    }

    if (route.pagerDuty) {
      await attempt('pagerduty', async () => {
        const routingKey =
          route.pagerDuty?.routingKey ??
          context.targetAnnotations?.[PAGERDUTY_INTEGRATION_KEY_ANNOTATION];
        if (!routingKey) {
          throw new SkipDelivery(
            `No PagerDuty routing key: ${
              record.decision?.target?.entityRef ?? 'the target'
            } has no ${PAGERDUTY_INTEGRATION_KEY_ANNOTATION} annotation and route "${
              route.name
            }" sets none`,
          );
        }
        const decision = record.decision;
        const where = whereOf(decision);
        await this.options.post({
          receiver: 'PagerDuty',
          url: settings.pagerDutyEventsUrl,
          body: {
            routing_key: routingKey,
            event_action: record.status === 'firing' ? 'trigger' : 'resolve',
            dedup_key: `${context.groupKey}|${context.fingerprint}`.slice(
              0,
              255,
            ),
            payload: {
              summary: alertTitle(record).slice(0, 1024),
              source:
                decision?.culprit?.service ??
                decision?.signal.service ??
                record.name,
              severity: pagerDutySeverity(record),
              ...(record.startsAt ? { timestamp: record.startsAt } : {}),
              ...(decision?.target?.entityRef
                ? { component: decision.target.entityRef }
                : {}),
              ...(groupRef ? { group: groupRef } : {}),
              class: record.name,
              custom_details: {
                explanation: alertExplanation(record),
                ...(where ? { culprit: where } : {}),
                confidence: decision?.confidence ?? 0,
                path: decision?.examplePath?.steps.map(
                  s =>
                    `${s.service} ${s.operation} [${s.spanId}]${
                      s.error ? ' error' : ''
                    }`,
                ),
                candidates: decision?.candidates.map(
                  c => `${candidateWhere(c)}: ${c.count}`,
                ),
              },
            },
            client: 'Service Ownership for Backstage',
            client_url: absoluteLink,
            links: [
              { href: absoluteLink, text: 'Routing decision in Backstage' },
            ],
          },
        });
        return `${
          record.status === 'firing' ? 'Triggered' : 'Resolved'
        } a PagerDuty event (route "${route.name}")`;
      });
    }

    if (route.webhook) {
      const webhook = route.webhook;
      await attempt('webhook', async () => {
        await this.options.post({
          receiver: `webhook of route "${route.name}"`,
          url: webhook.url,
          headers: webhook.headers,
          body: {
            kind: 'service-ownership.alert-routing/v1',
            link: absoluteLink,
            title: alertTitle(record),
            explanation: alertExplanation(record),
            record,
          },
        });
        return `Posted to the webhook of route "${route.name}"`;
      });
    }
    return outcomes;
  }
}
