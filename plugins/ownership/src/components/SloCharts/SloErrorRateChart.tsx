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
  SloChartWindow,
  SloSeries,
} from '@service-ownership/plugin-ownership-common';
import { useMemo } from 'react';
import {
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCount } from '../../lib/format';
import {
  budgetErrorPercent,
  chartTimeTicks,
  ErrorRatePoint,
  formatChartTime,
  formatChartTooltipTime,
  formatPercent,
  formatStep,
  toErrorRateChartData,
} from '../../lib/slo';
import { SLO_CHART_HEIGHT } from './SloLatencyChart';

const useStyles = makeStyles(
  theme => ({
    title: {
      fontWeight: theme.typography.fontWeightMedium as number,
    },
  }),
  { name: 'PluginOwnershipSloErrorRateChart' },
);

/**
 * Props of {@link SloErrorRateChart}.
 */
export interface SloErrorRateChartProps {
  series: SloSeries;
  window: SloChartWindow;
}

/**
 * The error rate of each step (errors / requests, exact counts); for error-rate and availability SLIs,
 * the rate that would spend exactly the budget as a reference line.
 */
export function SloErrorRateChart(props: SloErrorRateChartProps) {
  const { series, window } = props;
  const classes = useStyles();
  const theme = useTheme();
  const { points, domain } = useMemo(
    () => toErrorRateChartData(series),
    [series],
  );
  const step = formatStep(series.window.stepSeconds);
  // A line through fewer than two steps draws nothing: mark the steps then (e.g. the first minutes of data).
  const lineDots =
    points.filter(point => point.errorPercent !== undefined).length < 2;
  const budgetRate =
    series.sli === 'latency' ? undefined : budgetErrorPercent(series.objective);
  return (
    <div data-testid="slo-error-chart">
      <Typography variant="subtitle2" component="h4" className={classes.title}>
        Error rate
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Errors per request, every {step}
      </Typography>
      <ResponsiveContainer width="100%" height={SLO_CHART_HEIGHT}>
        <LineChart
          data={points}
          margin={{ top: 16, right: 24, bottom: 8, left: 8 }}
        >
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={domain}
            ticks={chartTimeTicks(domain, window)}
            tickFormatter={(time: number) => formatChartTime(time, window)}
            stroke={theme.palette.text.secondary}
          />
          <YAxis
            type="number"
            domain={[0, 'auto']}
            tickFormatter={(percent: number) => formatPercent(percent / 100, 2)}
            width={64}
            stroke={theme.palette.text.secondary}
          />
          {budgetRate !== undefined && (
            <ReferenceLine
              y={budgetRate}
              ifOverflow="extendDomain"
              stroke={theme.palette.error.main}
              strokeDasharray="6 4"
              label={{
                value: `budget rate ${formatPercent(budgetRate / 100, 3)}`,
                position: 'insideTopRight',
                fill: theme.palette.error.main,
                fontSize: 12,
              }}
            />
          )}
          <Tooltip
            labelFormatter={(time: number) => formatChartTooltipTime(time)}
            formatter={(_value: number, _name: string, item) => {
              const point = item.payload as ErrorRatePoint;
              return [
                `${
                  point.errorPercent === undefined
                    ? 'no request'
                    : formatPercent(point.errorPercent / 100, 2)
                } (${formatCount(point.errorCount)} of ${formatCount(
                  point.total,
                )})`,
                'Error rate',
              ];
            }}
          />
          <Line
            type="stepAfter"
            dataKey="errorPercent"
            name={`Error rate (${step})`}
            stroke={theme.palette.error.main}
            strokeWidth={1.5}
            dot={lineDots}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
