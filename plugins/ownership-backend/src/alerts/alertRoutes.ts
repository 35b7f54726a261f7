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
import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AlertDryRunResponse,
  AlertIntakeResponse,
  AlertPayloadError,
  AlertRoutingList,
  IncomingAlert,
  parseAlertPayload,
} from '@service-ownership/plugin-ownership-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { optionalParam } from '../service/window';
import { AlertDeliverySettings, channelsOf, routeOf } from './AlertDelivery';
import { AlertProcessor } from './AlertProcessor';
import { AlertRouter } from './AlertRouter';
import { AlertStore, toAlertRecord } from './AlertStore';

/** Largest webhook body accepted (Alertmanager sends every alert of a group in one). */
export const MAX_ALERT_BODY_BYTES = 5 * 1024 * 1024;

function readPayload(req: Request): IncomingAlert[] {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (raw.trim() === '') {
    throw new InputError(
      'The body is empty: send an Alertmanager or Grafana webhook payload, or a plain alert such as {"operation":"place_order","service":"orders"}',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    throw new InputError(
      `The body is not valid JSON: ${(error as Error).message}`,
    );
  }
  try {
    return parseAlertPayload(body);
  } catch (error) {
    if (error instanceof AlertPayloadError) {
      throw new InputError(`Invalid alert payload at ${error.message}`);
    }
    throw error;
  }
}

function timeParam(
  query: Record<string, unknown>,
  name: string,
): number | undefined {
  const text = optionalParam(query, name);
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw new InputError(
      `Query parameter "${name}" is "${text}"; expected an ISO 8601 time`,
    );
  }
  return ms;
}

function refParam(
  query: Record<string, unknown>,
  name: string,
  defaultKind: string,
): string | undefined {
  const text = optionalParam(query, name);
  if (text === undefined) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(text, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch (error) {
    throw new InputError(
      `Query parameter "${name}" is not an entity ref: ${error}`,
    );
  }
}

/**
 * Alert intake (`POST /v1/alerts`, for Alertmanager, Grafana and scripts with a service token), dry runs and
 * replays (`POST /v1/alerts/dry-run`, for people too) and the routing history (`GET /v1/alerts`).
 */
export function createAlertRoutes(options: {
  httpAuth: HttpAuthService;
  alerts: AlertStore;
  processor: AlertProcessor;
  delivery: AlertDeliverySettings;
  logger: LoggerService;
  now: () => number;
}): express.Router {
  const { httpAuth, alerts, processor, now } = options;
  const router = Router();
  const raw = express.raw({ type: () => true, limit: MAX_ALERT_BODY_BYTES });

  router.post('/v1/alerts', raw, async (req, res) => {
    // Senders authenticate with a static token from config (backend.auth.externalAccess).
    await httpAuth.credentials(req, { allow: ['service'] });
    const incoming = readPayload(req);
    let queued: Array<{ id: string; duplicate: boolean }>;
    try {
      queued = await alerts.enqueue(incoming, {
        nowMs: now(),
        signalEntity: AlertRouter.namedEntity,
      });
    } catch (error) {
      // A 5xx makes Alertmanager retry; a 4xx would drop the alert.
      options.logger.error(
        `Could not queue ${incoming.length} alert(s): ${error}`,
      );
      throw new ServiceUnavailableError(
        `Could not queue the alerts; retry: ${error}`,
      );
    }
    const body: AlertIntakeResponse = {
      received: incoming.length,
      accepted: queued.filter(q => !q.duplicate).length,
      duplicates: queued.filter(q => q.duplicate).length,
      ids: queued.map(q => q.id),
    };
    // Routing walks traces and calls vendors: it runs after the answer, from the durable queue.
    if (body.accepted > 0) processor.kick();
    res.status(202).json(body);
  });

  router.post('/v1/alerts/dry-run', raw, async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const incoming = readPayload(req);
    if (incoming.length > 20) {
      throw new InputError(
        `A dry run takes at most 20 alerts; this payload holds ${incoming.length}`,
      );
    }
    const fromMs = timeParam(req.query, 'from');
    const toMs = timeParam(req.query, 'to');
    if ((fromMs === undefined) !== (toMs === undefined)) {
      throw new InputError(
        'Give both "from" and "to" to replay a past window, or neither',
      );
    }
    if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) {
      throw new InputError('"from" must be before "to"');
    }
    const window =
      fromMs !== undefined && toMs !== undefined ? { fromMs, toMs } : undefined;
    const at = now();
    const body: AlertDryRunResponse = { results: [], wouldDeliver: {} };
    for (const [i, alert] of incoming.entries()) {
      const id = `dry-run-${i + 1}`;
      const { record } = await processor.evaluate(alert, {
        id,
        receivedAtMs: at,
        ...(window ? { window } : {}),
      });
      body.results.push(record);
      body.wouldDeliver[id] =
        record.state === 'failed'
          ? []
          : channelsOf(routeOf(record, options.delivery.routes));
    }
    res.json(body);
  });

  router.get('/v1/alerts', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const limitText = optionalParam(req.query, 'limit');
    const limit = limitText === undefined ? 20 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      throw new InputError(
        `Query parameter "limit" is "${limitText}"; expected 1 to 200`,
      );
    }
    const stored = await alerts.list({
      entityRef: refParam(req.query, 'entity', 'component'),
      groupRef: refParam(req.query, 'group', 'group'),
      limit,
    });
    const body: AlertRoutingList = { items: stored.map(toAlertRecord) };
    res.json(body);
  });

  router.get('/v1/alerts/:id', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const stored = await alerts.get(req.params.id);
    if (!stored) {
      throw new NotFoundError(`No alert with id '${req.params.id}'`);
    }
    res.json(toAlertRecord(stored));
  });

  return router;
}
