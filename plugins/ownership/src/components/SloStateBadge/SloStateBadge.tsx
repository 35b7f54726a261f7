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
  BurnRateCondition,
  SloState,
} from '@service-ownership/plugin-ownership-common';
import { describeSloState, sloStateLabel, sloStateTone } from '../../lib/slo';
import { ToneChip } from '../ToneChip';

/**
 * Props of {@link SloStateBadge}.
 */
export interface SloStateBadgeProps {
  state: SloState;
  /** The burn-rate condition that set a ticket or page state. */
  firing?: BurnRateCondition;
}

/**
 * The burn-rate state of an SLO as a coloured badge (page red, ticket amber, ok green, no data grey), with
 * the firing condition in its tooltip.
 */
export function SloStateBadge(props: SloStateBadgeProps) {
  const { state, firing } = props;
  return (
    <ToneChip
      label={sloStateLabel(state)}
      tone={sloStateTone(state)}
      title={describeSloState(state, firing)}
      testId="slo-state"
      state={state}
    />
  );
}
