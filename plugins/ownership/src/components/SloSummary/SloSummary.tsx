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
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import {
  SloEvaluation,
  SloTrendPoint,
} from '@service-ownership/plugin-ownership-common';
import { useMemo } from 'react';
import { Line, LineChart, ReferenceLine, YAxis } from 'recharts';
import { formatCount } from '../../lib/format';
import {
  budgetChartDomain,
  describeBudgetTrend,
  describeObjective,
  describeSli,
  formatAttainment,
  toBudgetChartData,
} from '../../lib/slo';
import { SloBudgetBar } from '../SloBudgetBar';
import { SloStateBadge } from '../SloStateBadge';

const useStyles = makeStyles(
  theme => ({
    header: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(1),
      flexWrap: 'wrap',
    },
    name: {
      fontWeight: theme.typography.fontWeightMedium as number,
      marginRight: 'auto',
      wordBreak: 'break-word',
    },
    code: {
      fontFamily: 'monospace',
    },
    body: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(2),
      marginTop: theme.spacing(1),
    },
    facts: {
      flex: 1,
      display: 'grid',
      gridTemplateColumns: 'max-content minmax(140px, 1fr)',
      alignItems: 'center',
      columnGap: theme.spacing(2),
      rowGap: theme.spacing(0.5),
      margin: 0,
    },
    term: {
      color: theme.palette.text.secondary,
    },
    detail: {
      margin: 0,
    },
  }),
  { name: 'PluginOwnershipSloSummary' },
);

function BudgetSparkline(props: { trend: SloTrendPoint[] }) {
  const { trend } = props;
  const theme = useTheme();
  const data = useMemo(() => toBudgetChartData(trend), [trend]);
  if (data.length < 2) {
    return null;
  }
  const description = describeBudgetTrend(trend);
  return (
    <span role="img" aria-label={description} title={description}>
      <LineChart
        width={96}
        height={32}
        data={data}
        margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
      >
        <YAxis hide domain={budgetChartDomain(data)} />
        <ReferenceLine y={0} stroke={theme.palette.divider} />
        <Line
          type="monotone"
          dataKey="remainingPercent"
          stroke={theme.palette.primary.main}
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </span>
  );
}

/**
 * Props of {@link SloSummary}.
 */
export interface SloSummaryProps {
  evaluation: SloEvaluation;
  /** The heading level of the SLO's name, so the summary fits the page's outline. */
  headingComponent?: 'h2' | 'h3' | 'h4';
  /** An id for the heading, so a section can be labelled by it. */
  headingId?: string;
}

/**
 * One SLO at a glance: its name and burn-rate state, what it measures, its objective and window, the
 * attainment, the error budget left and how the budget went over the window.
 */
export function SloSummary(props: SloSummaryProps) {
  const { evaluation, headingComponent = 'h3', headingId } = props;
  const { definition } = evaluation;
  const classes = useStyles();
  return (
    <div data-testid="slo-summary" data-slo={definition.name}>
      <div className={classes.header}>
        <Typography
          variant={headingComponent === 'h2' ? 'h5' : 'subtitle1'}
          component={headingComponent}
          id={headingId}
          className={classes.name}
        >
          {definition.name}
        </Typography>
        <SloStateBadge state={evaluation.state} firing={evaluation.firing} />
      </div>
      <Typography variant="body2" color="textSecondary">
        {describeSli(definition)} of{' '}
        <span className={classes.code}>{definition.operation}</span>
        {evaluation.service && ` on ${evaluation.service}`} ·{' '}
        {describeObjective(definition)}
      </Typography>
      {definition.description && (
        <Typography variant="body2">{definition.description}</Typography>
      )}
      <div className={classes.body}>
        <dl className={classes.facts}>
          <dt className={classes.term}>Attainment</dt>
          <dd
            className={classes.detail}
            title={`${formatCount(evaluation.good)} good of ${formatCount(
              evaluation.total,
            )} requests`}
          >
            <Typography variant="body2" component="span">
              {formatAttainment(evaluation.attainment)}
            </Typography>
          </dd>
          <dt className={classes.term}>Budget left</dt>
          <dd className={classes.detail}>
            <SloBudgetBar
              remaining={evaluation.budget.remaining}
              label={definition.name}
            />
          </dd>
        </dl>
        <BudgetSparkline trend={evaluation.trend} />
      </div>
    </div>
  );
}
