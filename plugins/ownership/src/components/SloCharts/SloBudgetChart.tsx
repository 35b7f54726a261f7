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
import { SloEvaluation } from '@service-ownership/plugin-ownership-common';
import { useMemo } from 'react';
import {
  Area,
  AreaChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  budgetChartDomain,
  formatBudgetRemaining,
  formatChartDay,
  formatSloWindow,
  isBudgetOverspent,
  toBudgetChartData,
} from '../../lib/slo';
import { SLO_CHART_HEIGHT } from './SloLatencyChart';

const useStyles = makeStyles(
  theme => ({
    title: {
      fontWeight: theme.typography.fontWeightMedium as number,
    },
  }),
  { name: 'PluginOwnershipSloBudgetChart' },
);

/**
 * Props of {@link SloBudgetChart}.
 */
export interface SloBudgetChartProps {
  evaluation: SloEvaluation;
}

/**
 * How the error budget burned over the SLO window: the share left at the end of each day, with the line
 * where it is all spent.
 */
export function SloBudgetChart(props: SloBudgetChartProps) {
  const { evaluation } = props;
  const classes = useStyles();
  const theme = useTheme();
  const points = useMemo(
    () => toBudgetChartData(evaluation.trend),
    [evaluation.trend],
  );
  const color = isBudgetOverspent(evaluation.budget.remaining)
    ? theme.palette.error.main
    : theme.palette.primary.main;
  return (
    <div data-testid="slo-budget-chart">
      <Typography variant="subtitle2" component="h4" className={classes.title}>
        Error budget
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Budget left at the end of each day of the{' '}
        {formatSloWindow(evaluation.window.days)} window
      </Typography>
      <ResponsiveContainer width="100%" height={SLO_CHART_HEIGHT}>
        <AreaChart
          data={points}
          margin={{ top: 16, right: 24, bottom: 8, left: 8 }}
        >
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(time: number) => formatChartDay(time)}
            stroke={theme.palette.text.secondary}
          />
          <YAxis
            type="number"
            domain={budgetChartDomain(points)}
            tickFormatter={(percent: number) => `${percent} %`}
            width={56}
            stroke={theme.palette.text.secondary}
          />
          <ReferenceLine
            y={0}
            stroke={theme.palette.error.main}
            label={{
              value: 'budget spent',
              position: 'insideBottomLeft',
              fill: theme.palette.error.main,
              fontSize: 12,
            }}
          />
          <Tooltip
            labelFormatter={(time: number) => formatChartDay(time)}
            formatter={(percent: number) => [
              formatBudgetRemaining(percent / 100),
              'Budget left',
            ]}
          />
          <Area
            type="monotone"
            dataKey="remainingPercent"
            name="Budget left"
            stroke={color}
            fill={color}
            fillOpacity={0.15}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
