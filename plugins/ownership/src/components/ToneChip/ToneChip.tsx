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
import { ReactNode } from 'react';

/** The colour of a status chip: red, amber, green or grey. */
export type ChipTone = 'error' | 'warning' | 'success' | 'neutral';

function toneColor(theme: Theme, tone: ChipTone): string {
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
    chip: (props: { tone: ChipTone }) => {
      const color = toneColor(theme, props.tone);
      return {
        backgroundColor: color,
        color: theme.palette.getContrastText(color),
        fontWeight: theme.typography.fontWeightBold as number,
      };
    },
  }),
  { name: 'PluginOwnershipToneChip' },
);

/** A small chip filled with the colour of its tone, explained in a tooltip (SLO states, alert chips). */
export function ToneChip(props: {
  label: string;
  tone: ChipTone;
  title: NonNullable<ReactNode>;
  testId?: string;
  /** Set as `data-state`, for tests and styling. */
  state?: string;
}) {
  const { label, tone, title, testId, state } = props;
  const classes = useStyles({ tone });
  return (
    <Tooltip title={title}>
      <Chip
        size="small"
        label={label}
        className={classes.chip}
        data-testid={testId}
        data-state={state}
      />
    </Tooltip>
  );
}
