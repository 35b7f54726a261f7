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
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import {
  AlertDeliveryJson,
  AlertRoutingRecord,
  RoutingDecision,
} from '@service-ownership/plugin-ownership-common';
import {
  confidenceTone,
  deliveryTone,
  describeConfidence,
  formatConfidence,
} from '../../lib/alerts';
import { ToneChip } from '../ToneChip';

/** Whether an alert is firing (red) or resolved (green). */
export function AlertStatusChip(props: {
  status: AlertRoutingRecord['status'];
}) {
  const { status } = props;
  return (
    <ToneChip
      label={status}
      tone={status === 'firing' ? 'error' : 'success'}
      title={
        status === 'firing'
          ? 'The alert was firing when received'
          : 'The alert had resolved when received'
      }
      testId="alert-status"
    />
  );
}

/** The confidence of a decision: `high · 92 %` green, medium amber, low red, `none` (a fallback) grey. */
export function ConfidenceChip(props: {
  decision: Pick<RoutingDecision, 'confidence' | 'confidenceLevel'>;
}) {
  const { decision } = props;
  return (
    <ToneChip
      label={formatConfidence(decision)}
      tone={confidenceTone(decision.confidenceLevel)}
      title={describeConfidence(decision.confidenceLevel)}
      testId="alert-confidence"
    />
  );
}

/** How a decision was reached: `traces` (the failing traces point at a culprit) or `fallback`. */
export function MethodChip(props: { method: RoutingDecision['method'] }) {
  const { method } = props;
  return (
    <Tooltip
      title={
        method === 'traces'
          ? 'Routed to where the failing traces fail'
          : 'The traces did not decide: routed to the owner of the alerting entity'
      }
    >
      <Chip
        size="small"
        variant="outlined"
        label={method}
        data-testid="alert-method"
      />
    </Tooltip>
  );
}

const DELIVERY_STATUS_TITLES: Record<AlertDeliveryJson['status'], string> = {
  sent: 'Delivered',
  failed: 'The channel refused or could not be reached',
  skipped: 'Not attempted, as the detail says',
};

/** The outcome of one delivery: sent green, failed red, skipped grey. */
export function DeliveryStatusChip(props: {
  status: AlertDeliveryJson['status'];
}) {
  const { status } = props;
  return (
    <ToneChip
      label={status}
      tone={deliveryTone(status)}
      title={DELIVERY_STATUS_TITLES[status]}
    />
  );
}
