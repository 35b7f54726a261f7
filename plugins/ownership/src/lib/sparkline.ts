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

/** One point of a sparkline. */
export interface SparklinePoint {
  step: number;
  value: number;
}

/** The points of a sparkline of per-step counts, oldest first. */
export function toSparklineData(trend: number[]): SparklinePoint[] {
  return trend.map((value, step) => ({ step, value }));
}

/** A sentence describing a trend, for screen readers and the tooltip. */
export function describeTrend(trend: number[], unit = 'requests'): string {
  if (trend.length === 0) {
    return 'No trend data';
  }
  const min = trend.reduce((a, b) => Math.min(a, b));
  const max = trend.reduce((a, b) => Math.max(a, b));
  const latest = trend[trend.length - 1];
  return `Trend of ${unit} per step over ${trend.length} steps: lowest ${min}, highest ${max}, latest ${latest}`;
}
