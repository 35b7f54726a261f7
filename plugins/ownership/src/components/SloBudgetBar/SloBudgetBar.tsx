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
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  budgetBarValue,
  formatBudgetRemaining,
  isBudgetOverspent,
} from '../../lib/slo';

const useStyles = makeStyles(
  theme => ({
    root: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(1),
      minWidth: 140,
    },
    bar: {
      flex: 1,
      height: 8,
      borderRadius: 4,
    },
    overspentTrack: {
      backgroundColor: theme.palette.error.light,
    },
    overspentBar: {
      backgroundColor: theme.palette.error.main,
    },
    value: {
      whiteSpace: 'nowrap',
      minWidth: '4.5em',
      textAlign: 'right',
    },
    overspentValue: {
      color: theme.palette.error.main,
      fontWeight: theme.typography.fontWeightBold as number,
    },
  }),
  { name: 'PluginOwnershipSloBudgetBar' },
);

/**
 * Props of {@link SloBudgetBar}.
 */
export interface SloBudgetBarProps {
  /** Share of the error budget left (negative when overspent). */
  remaining: number;
  /** Names the bar for screen readers, e.g. the SLO's name. */
  label: string;
}

/**
 * The error budget left as a bar and a percentage; an overspent budget shows as an empty red bar with
 * its negative percentage.
 */
export function SloBudgetBar(props: SloBudgetBarProps) {
  const { remaining, label } = props;
  const classes = useStyles();
  const overspent = isBudgetOverspent(remaining);
  const text = formatBudgetRemaining(remaining);
  return (
    <div className={classes.root} data-testid="slo-budget">
      <LinearProgress
        variant="determinate"
        value={budgetBarValue(remaining)}
        className={classes.bar}
        classes={
          overspent
            ? { root: classes.overspentTrack, bar: classes.overspentBar }
            : undefined
        }
        aria-label={`Error budget left of ${label}: ${text}${
          overspent ? ' (overspent)' : ''
        }`}
      />
      <Typography
        variant="body2"
        component="span"
        className={`${classes.value} ${
          overspent ? classes.overspentValue : ''
        }`}
      >
        {text}
      </Typography>
    </div>
  );
}
