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
import { MouseEvent, KeyboardEvent, useMemo } from 'react';
import { useHref, useNavigate } from 'react-router-dom';
import {
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  XAxis,
  YAxis,
} from 'recharts';
import { formatLatency, shortTraceId } from '../../lib/format';
import {
  chartTimeTicks,
  ExemplarDot,
  formatChartTime,
  formatChartTooltipTime,
  percentileLineNames,
  toLatencyChartData,
  traceLink,
} from '../../lib/slo';

/** Height of every SLO chart, so the page does not jump while data loads. */
export const SLO_CHART_HEIGHT = 260;

const useStyles = makeStyles(
  theme => ({
    title: {
      fontWeight: theme.typography.fontWeightMedium as number,
    },
    dot: {
      cursor: 'pointer',
      '&:focus': {
        outline: `2px solid ${theme.palette.text.primary}`,
      },
    },
  }),
  { name: 'PluginOwnershipSloLatencyChart' },
);

function ExemplarPoint(props: {
  cx?: number;
  cy?: number;
  fill?: string;
  payload?: ExemplarDot;
  traceUrlTemplate?: string;
}) {
  const { cx, cy, fill, payload, traceUrlTemplate } = props;
  const classes = useStyles();
  const navigate = useNavigate();
  const link = traceLink(payload?.traceId ?? '', traceUrlTemplate);
  const inAppHref = useHref(link.href);
  if (cx === undefined || cy === undefined || !payload) {
    return null;
  }
  const label = `Trace ${shortTraceId(payload.traceId)}: ${formatLatency(
    payload.durationMs,
  )} at ${formatChartTooltipTime(payload.time)}, ${
    payload.good ? 'good' : 'bad'
  }${payload.error ? ' (error)' : ''}`;
  const open = () => {
    if (link.external) {
      window.open(link.href, '_blank', 'noopener,noreferrer');
    } else {
      navigate(link.href);
    }
  };
  return (
    <circle
      cx={cx}
      cy={cy}
      r={payload.good ? 4 : 5}
      fill={fill}
      fillOpacity={0.85}
      stroke={fill}
      className={classes.dot}
      role="link"
      tabIndex={0}
      aria-label={label}
      data-testid="slo-exemplar"
      data-trace-id={payload.traceId}
      data-good={payload.good}
      data-href={link.external ? link.href : inAppHref}
      onClick={(event: MouseEvent) => {
        event.stopPropagation();
        open();
      }}
      onKeyDown={(event: KeyboardEvent) => {
        if (event.key === 'Enter') {
          open();
        }
      }}
    >
      <title>{label}</title>
    </circle>
  );
}

/**
 * Props of {@link SloLatencyChart}.
 */
export interface SloLatencyChartProps {
  series: SloSeries;
  window: SloChartWindow;
}

/**
 * Latency request by request: exemplars as dots (bad ones red; each opens its trace), the p50 and p99 of
 * each step as lines, and the latency objective as a reference line.
 */
export function SloLatencyChart(props: SloLatencyChartProps) {
  const { series, window } = props;
  const classes = useStyles();
  const theme = useTheme();
  const data = useMemo(() => toLatencyChartData(series), [series]);
  // A line through fewer than two steps draws nothing: mark the steps then (e.g. the first minutes of data).
  const lineDots =
    data.lines.filter(line => line.p50Ms !== undefined).length < 2;
  const names = percentileLineNames(series.window.stepSeconds);
  const renderDot = (dotProps: unknown) => (
    <ExemplarPoint
      {...(dotProps as Parameters<typeof ExemplarPoint>[0])}
      traceUrlTemplate={series.traceUrlTemplate}
    />
  );
  const exemplarCount = data.goodDots.length + data.badDots.length;
  return (
    <div data-testid="slo-latency-chart">
      <Typography variant="subtitle2" component="h4" className={classes.title}>
        Latency
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {exemplarCount > 0
          ? `${exemplarCount} sampled requests (the slowest and the failed of each minute); click one to open its trace.`
          : 'No sampled request in this window.'}
      </Typography>
      <ResponsiveContainer width="100%" height={SLO_CHART_HEIGHT}>
        <ComposedChart margin={{ top: 16, right: 24, bottom: 8, left: 8 }}>
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={data.domain}
            ticks={chartTimeTicks(data.domain, window)}
            tickFormatter={(time: number) => formatChartTime(time, window)}
            stroke={theme.palette.text.secondary}
          />
          <YAxis
            type="number"
            domain={[0, 'auto']}
            tickFormatter={(ms: number) => formatLatency(ms)}
            width={64}
            stroke={theme.palette.text.secondary}
          />
          {series.sli === 'latency' && series.thresholdMs !== undefined && (
            <ReferenceLine
              y={series.thresholdMs}
              ifOverflow="extendDomain"
              stroke={theme.palette.error.main}
              strokeDasharray="6 4"
              label={{
                value: `objective ${formatLatency(series.thresholdMs)}`,
                position: 'insideTopRight',
                fill: theme.palette.error.main,
                fontSize: 12,
              }}
            />
          )}
          <Line
            data={data.lines}
            dataKey="p50Ms"
            name={names.p50}
            stroke={theme.palette.secondary.main}
            strokeWidth={1.5}
            dot={lineDots}
            isAnimationActive={false}
          />
          <Line
            data={data.lines}
            dataKey="p99Ms"
            name={names.p99}
            stroke={theme.palette.warning.main}
            strokeWidth={1.5}
            dot={lineDots}
            isAnimationActive={false}
          />
          <Scatter
            data={data.goodDots}
            dataKey="durationMs"
            name="Good requests"
            fill={theme.palette.primary.main}
            shape={renderDot}
            isAnimationActive={false}
          />
          <Scatter
            data={data.badDots}
            dataKey="durationMs"
            name="Bad requests"
            fill={theme.palette.error.main}
            shape={renderDot}
            isAnimationActive={false}
          />
          <Legend />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
