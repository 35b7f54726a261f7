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
import {
  failedDiskFull,
  fallbackToOrders,
  pendingAlert,
  routedToPayments,
  routedToPsp,
} from '../__fixtures__/alerts';
import {
  alertLink,
  describeChannels,
  describeMethodAndConfidence,
  describeRoutedTo,
  describeSignal,
  describeStepStatus,
  dryRunPayload,
  dryRunWindow,
  formatAlertTime,
  formatConfidence,
  isSameCandidate,
  localInputToIso,
  stepMarker,
  toLocalInputValue,
} from './alerts';

describe('alertLink', () => {
  it('is where the backend links notifications, the id encoded', () => {
    expect(alertLink('42')).toBe('/service-ownership/alerts/42');
    expect(alertLink('a/b')).toBe('/service-ownership/alerts/a%2Fb');
  });
});

describe('isSameCandidate', () => {
  it('matches the culprit among the candidates', () => {
    const decision = routedToPsp.decision!;
    expect(
      decision.candidates.map(c => isSameCandidate(c, decision.culprit)),
    ).toEqual([true, false]);
    expect(isSameCandidate(decision.candidates[0], undefined)).toBe(false);
  });
});

describe('formatConfidence', () => {
  it('gives the level and the share, and no share for a fallback', () => {
    expect(formatConfidence(routedToPsp.decision!)).toBe('high · 80 %');
    expect(formatConfidence(routedToPayments.decision!)).toBe('medium · 100 %');
    expect(formatConfidence({ confidence: 0.4, confidenceLevel: 'low' })).toBe(
      'low · 40 %',
    );
    expect(formatConfidence(fallbackToOrders.decision!)).toBe('none');
  });

  it('joins the method for tables', () => {
    expect(describeMethodAndConfidence(routedToPsp.decision!)).toBe(
      'traces · high · 80 %',
    );
    expect(describeMethodAndConfidence(fallbackToOrders.decision!)).toBe(
      'fallback',
    );
  });
});

describe('stepMarker and describeStepStatus', () => {
  it('marks failing steps with their HTTP status and message', () => {
    const { steps, reason } = routedToPayments.decision!.examplePath!;
    expect(
      steps.map((step, index) =>
        describeStepStatus(step, stepMarker(steps, index, reason)),
      ),
    ).toEqual([
      'error',
      'error (HTTP 502)',
      'error (HTTP 503): card processor unavailable',
    ]);
  });

  it('marks the last step of a timeout walk as the call its caller gave up on', () => {
    const { steps, reason } = routedToPsp.decision!.examplePath!;
    expect(steps.map((_, index) => stepMarker(steps, index, reason))).toEqual([
      'error',
      'error',
      'timeout',
    ]);
    expect(describeStepStatus(steps[2], 'timeout')).toBe(
      'timeout: its caller gave up waiting',
    );
  });

  it('leaves a start span that did not fail itself ok', () => {
    const steps = [
      { ...routedToPsp.decision!.examplePath!.steps[0], error: false },
    ];
    expect(stepMarker(steps, 0, 'no-failing-child')).toBe('ok');
    expect(describeStepStatus(steps[0], 'ok')).toBe('ok');
  });
});

describe('describeSignal and describeRoutedTo', () => {
  it('say what was alerted on and who was paged, or why nobody', () => {
    expect(describeSignal(routedToPayments)).toBe('orders place_order');
    expect(describeSignal(failedDiskFull)).toBeUndefined();
    expect(describeRoutedTo(routedToPayments)).toBe('team-payments');
    expect(describeRoutedTo(fallbackToOrders)).toBe('team-checkout');
    expect(describeRoutedTo(failedDiskFull)).toBe('nobody: routing failed');
    expect(describeRoutedTo(pendingAlert)).toBe('not routed yet');
    expect(
      describeRoutedTo({
        ...fallbackToOrders,
        decision: {
          ...fallbackToOrders.decision!,
          target: { entityRef: 'component:default/orders' },
        },
      }),
    ).toBe('nobody: no owner');
  });
});

describe('describeChannels', () => {
  it('names the channels, or nothing', () => {
    expect(describeChannels(['notifications', 'pagerduty', 'webhook'])).toBe(
      'Backstage notification, PagerDuty, Webhook',
    );
    expect(describeChannels([])).toBe('nothing');
  });
});

describe('formatAlertTime', () => {
  it('shows the time on the clock of the given zone', () => {
    expect(formatAlertTime('2026-11-20T11:58:00.000Z', 'Europe/Berlin')).toBe(
      'Fri 20 Nov, 12:58',
    );
    expect(formatAlertTime('2026-11-20T11:58:00.000Z', 'UTC')).toBe(
      'Fri 20 Nov, 11:58',
    );
  });

  it('keeps what it cannot read', () => {
    expect(formatAlertTime('yesterday', 'UTC')).toBe('yesterday');
    expect(formatAlertTime('2026-11-20T11:58:00.000Z', 'Mars/Olympus')).toBe(
      '2026-11-20T11:58:00.000Z',
    );
  });
});

describe('dryRunPayload', () => {
  it('sends the plain form, blanks left out and values trimmed', () => {
    expect(
      dryRunPayload({
        operation: ' place_order ',
        service: '',
        entityRef: ' ',
      }),
    ).toEqual({ operation: 'place_order' });
    expect(
      dryRunPayload({
        operation: 'place_order',
        service: 'orders',
        entityRef: 'component:default/orders',
      }),
    ).toEqual({
      operation: 'place_order',
      service: 'orders',
      entity: 'component:default/orders',
    });
  });
});

describe('the custom window', () => {
  it('reads datetime-local values as the viewer’s wall clock', () => {
    const local = new Date(2026, 10, 20, 10, 30);
    expect(toLocalInputValue(local)).toBe('2026-11-20T10:30');
    expect(localInputToIso('2026-11-20T10:30')).toBe(local.toISOString());
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('soon')).toBeUndefined();
  });

  it('needs both ends, the start first', () => {
    expect(dryRunWindow('2026-11-20T10:00', '2026-11-20T11:00')).toEqual({
      window: {
        from: new Date(2026, 10, 20, 10, 0).toISOString(),
        to: new Date(2026, 10, 20, 11, 0).toISOString(),
      },
    });
    expect(dryRunWindow('2026-11-20T10:00', '')).toEqual({
      error: 'Give both the start and the end of the window.',
    });
    expect(dryRunWindow('2026-11-20T11:00', '2026-11-20T10:00')).toEqual({
      error: 'The start must be before the end.',
    });
  });
});
