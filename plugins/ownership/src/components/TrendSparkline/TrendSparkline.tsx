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
import { useTheme } from '@material-ui/core/styles';
import { useMemo } from 'react';
import { Line, LineChart } from 'recharts';
import { describeTrend, toSparklineData } from '../../lib/sparkline';

/**
 * Props of {@link TrendSparkline}.
 */
export interface TrendSparklineProps {
  /** Counts per step, oldest first. */
  values: number[];
  width?: number;
  height?: number;
}

/**
 * A tiny line of requests per step: the shape of a call's traffic at a glance, described in words for
 * screen readers.
 */
export function TrendSparkline(props: TrendSparklineProps) {
  const { values, width = 96, height = 24 } = props;
  const theme = useTheme();
  const data = useMemo(() => toSparklineData(values), [values]);
  const description = describeTrend(values);
  if (values.length === 0) {
    return null;
  }
  return (
    <span role="img" aria-label={description} title={description}>
      <LineChart
        width={width}
        height={height}
        data={data}
        margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
      >
        <Line
          type="monotone"
          dataKey="value"
          stroke={theme.palette.primary.main}
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </span>
  );
}
