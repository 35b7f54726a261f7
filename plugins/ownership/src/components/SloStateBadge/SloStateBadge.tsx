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
import { makeStyles, Theme } from '@material-ui/core/styles';
import {
  BurnRateCondition,
  SloState,
} from '@service-ownership/plugin-ownership-common';
import {
  describeSloState,
  sloStateLabel,
  sloStateTone,
  SloStateTone,
} from '../../lib/slo';

function toneColor(theme: Theme, tone: SloStateTone): string {
  switch (tone) {
    case 'error':
      return theme.palette.error.main;
    case 'warning':
      return theme.palette.warning.main;
    case 'success':
      return theme.palette.success.main;
    default:
      return theme.palette.grey[500];
  }
}

const useStyles = makeStyles(
  theme => ({
    badge: (props: { tone: SloStateTone }) => {
      const color = toneColor(theme, props.tone);
      return {
        backgroundColor: color,
        color: theme.palette.getContrastText(color),
        fontWeight: theme.typography.fontWeightBold as number,
      };
    },
  }),
  { name: 'PluginOwnershipSloStateBadge' },
);

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
  const classes = useStyles({ tone: sloStateTone(state) });
  const description = describeSloState(state, firing);
  return (
    <Tooltip title={description}>
      <Chip
        size="small"
        label={sloStateLabel(state)}
        className={classes.badge}
        data-testid="slo-state"
        data-state={state}
      />
    </Tooltip>
  );
}
