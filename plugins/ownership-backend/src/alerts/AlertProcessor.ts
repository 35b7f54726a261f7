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
import {
  AlertOnCallJson,
  AlertRoutingRecord,
  IncomingAlert,
} from '@service-ownership/plugin-ownership-common';
import { EntityDirectory } from '../service/EntityDirectory';
import { AlertDelivery } from './AlertDelivery';
import { AlertRouter, SignalNotFoundError } from './AlertRouter';
import { AlertResult, AlertStore, toAlertRecord } from './AlertStore';

/** Who is on call for a group now, for the record and the explanation. */
export type OnCallLookup = (groupRef: string) => Promise<AlertOnCallJson>;

export interface EvaluatedAlert {
  record: AlertRoutingRecord;
  targetAnnotations?: Record<string, string>;
  /** Set when routing cannot succeed on a retry (e.g. the alert names no signal). */
  permanentFailure?: boolean;
}

/**
 * Routes queued alerts and delivers them: claims pending rows with a lease (so replicas and restarts never
 * lose or double-process one), walks the traces, looks up who is on call, delivers, and records it all.
 */
export class AlertProcessor {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly options: {
      alerts: AlertStore;
      router: AlertRouter;
      delivery: AlertDelivery;
      directory: EntityDirectory;
      onCallOf: OnCallLookup;
      logger: LoggerService;
      now?: () => number;
      /** Attempts before an alert that keeps failing is marked failed. Default 5. */
      maxAttempts?: number;
    },
  ) {}

  private nowMs() {
    return (this.options.now ?? Date.now)();
  }

  /** Processes the queue soon; calls while it runs make it go round once more. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          while ((await this.processPending()) > 0) {
            // keep draining
          }
        } catch (error) {
          this.options.logger.error(`Alert routing failed: ${error}`);
        }
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
  }

  /** Waits for a kicked run to end (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Routes, looks up on-call and records; delivers nothing. Used by the queue and by dry runs. */
  async evaluate(
    alert: IncomingAlert,
    options: {
      id: string;
      receivedAtMs: number;
      window?: { fromMs: number; toMs: number };
    },
  ): Promise<EvaluatedAlert> {
    const { alerts, router, directory, onCallOf } = this.options;
    const base = toAlertRecord({
      id: options.id,
      receivedAtMs: options.receivedAtMs,
      attempts: 0,
      state: 'routed',
      alert,
    });

    let result: AlertResult;
    const prior =
      alert.status === 'resolved' && !options.window
        ? await alerts.lastRoutedFiring(alert)
        : undefined;
    if (prior?.result?.decision) {
      // A resolution goes where the firing went, so the same people see it end.
      result = {
        ...prior.result,
        decision: {
          ...prior.result.decision,
          reason: `Resolves alert ${prior.id}, routed then: ${prior.result.decision.reason}`,
        },
        deliveries: [],
      };
    } else {
      try {
        const routed = await router.route(alert, {
          nowMs: this.nowMs(),
          window: options.window,
        });
        result = {
          window: {
            from: new Date(routed.window.fromMs).toISOString(),
            to: new Date(routed.window.toMs).toISOString(),
          },
          decision: routed.decision,
          deliveries: [],
        };
      } catch (error) {
        if (error instanceof SignalNotFoundError) {
          return {
            record: { ...base, state: 'failed', error: error.message },
            permanentFailure: true,
          };
        }
        throw error;
      }
      const groupRef = result.decision?.target?.ownerRef;
      if (groupRef && groupRef.startsWith('group:')) {
        result.onCall = await onCallOf(groupRef).catch(error => ({
          groupRef,
          people: [],
          reason: `the on-call lookup failed: ${error}`,
        }));
      } else if (groupRef) {
        result.onCall = {
          groupRef,
          people: [],
          reason: `${groupRef} is not a group, so it has no on-call schedule`,
        };
      }
    }
    const targetRef = result.decision?.target?.entityRef;
    const { entries } = await directory.get();
    return {
      record: { ...base, ...result, state: 'routed' },
      ...(targetRef
        ? {
            targetAnnotations:
              entries.get(targetRef)?.entity.metadata.annotations ?? {},
          }
        : {}),
    };
  }

  /** Routes and delivers up to 10 queued alerts; returns how many were claimed. */
  async processPending(): Promise<number> {
    const { alerts, delivery, logger } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 5;
    const claimed = await alerts.claim({
      nowMs: this.nowMs(),
      leaseMs: 120_000,
      limit: 10,
    });
    for (const stored of claimed) {
      try {
        const evaluated = await this.evaluate(stored.alert, {
          id: stored.id,
          receivedAtMs: stored.receivedAtMs,
        });
        const { record } = evaluated;
        if (!evaluated.permanentFailure) {
          record.deliveries = await delivery.deliver(record, {
            groupKey: stored.alert.groupKey,
            fingerprint: stored.alert.fingerprint,
            targetAnnotations: evaluated.targetAnnotations,
          });
        }
        await alerts.complete(stored.id, {
          state: record.state === 'failed' ? 'failed' : 'routed',
          result: {
            ...(record.window ? { window: record.window } : {}),
            ...(record.decision ? { decision: record.decision } : {}),
            ...(record.onCall ? { onCall: record.onCall } : {}),
            deliveries: record.deliveries,
            ...(record.error ? { error: record.error } : {}),
          },
          targetEntity: record.decision?.target?.entityRef,
          targetGroup: record.decision?.target?.ownerRef,
          signalEntity: record.decision?.signal.entityRef,
        });
        logger.info(
          `Alert ${stored.id} (${stored.alert.name}, ${stored.alert.status}) ${
            record.error
              ? `not routed: ${record.error}`
              : `routed to ${
                  record.decision?.target?.ownerRef ?? 'no one'
                } by ${record.decision?.method}`
          }`,
        );
      } catch (error) {
        if (stored.attempts >= maxAttempts) {
          await alerts.complete(stored.id, {
            state: 'failed',
            result: {
              deliveries: [],
              error: `Gave up after ${stored.attempts} attempts: ${error}`,
            },
          });
        } else {
          await alerts.release(stored.id, {
            error: `Attempt ${stored.attempts} failed (retrying): ${error}`,
            retryAtMs: this.nowMs() + 5_000 * 2 ** stored.attempts,
          });
        }
        logger.warn(`Routing alert ${stored.id} failed: ${error}`);
      }
    }
    return claimed.length;
  }
}
