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
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Settings } from 'luxon';
import { Route, Routes } from 'react-router-dom';
import {
  placeOrderErrorsEvaluation,
  placeOrderLatencySeries,
} from '../../__fixtures__/slos';
import { mockChartLayout } from '../../testing/mockChartLayout';
import { SloBudgetChart, SloErrorRateChart, SloLatencyChart } from '.';

mockChartLayout();

const defaultZone = Settings.defaultZone;
beforeAll(() => {
  Settings.defaultZone = 'UTC';
});
afterAll(() => {
  Settings.defaultZone = defaultZone;
});

describe('SloLatencyChart', () => {
  it('draws every exemplar as a dot, bad ones apart, with the percentile lines of each step', async () => {
    await renderInTestApp(
      <SloLatencyChart series={placeOrderLatencySeries('1h')} window="1h" />,
    );
    const chart = screen.getByTestId('slo-latency-chart');
    const dots = within(chart).getAllByTestId('slo-exemplar');
    expect(dots).toHaveLength(5);
    expect(
      dots.filter(dot => dot.getAttribute('data-good') === 'false'),
    ).toHaveLength(2);
    expect(within(chart).getByText('p50 (5 min)')).toBeInTheDocument();
    expect(within(chart).getByText('p99 (5 min)')).toBeInTheDocument();
    expect(within(chart).getByText('objective 300 ms')).toBeInTheDocument();
    expect(chart.querySelectorAll('.recharts-line')).toHaveLength(2);
    expect(within(chart).getByText('11:10')).toBeInTheDocument();
  });

  it('labels the percentiles of hourly steps over 7 days', async () => {
    await renderInTestApp(
      <SloLatencyChart series={placeOrderLatencySeries('7d')} window="7d" />,
    );
    expect(screen.getByText('p50 (1 h)')).toBeInTheDocument();
    expect(screen.getByText('p99 (1 h)')).toBeInTheDocument();
  });

  it('opens the trace of a dot in the configured trace UI', async () => {
    const open = jest.spyOn(window, 'open').mockReturnValue(null);
    await renderInTestApp(
      <SloLatencyChart
        series={{
          ...placeOrderLatencySeries('1h'),
          traceUrlTemplate: 'https://jaeger.example.com/trace/{traceId}',
        }}
        window="1h"
      />,
    );
    const [first] = screen.getAllByTestId('slo-exemplar');
    expect(first).toHaveAttribute(
      'data-href',
      'https://jaeger.example.com/trace/4bf92f3577b34da6a3ce929d0e0e4700',
    );
    await userEvent.click(first);
    expect(open).toHaveBeenCalledWith(
      'https://jaeger.example.com/trace/4bf92f3577b34da6a3ce929d0e0e4700',
      '_blank',
      'noopener,noreferrer',
    );
    open.mockRestore();
  });

  it("opens the trace in the suite's own trace view without a trace UI", async () => {
    await renderInTestApp(
      <Routes>
        <Route
          path="/"
          element={
            <SloLatencyChart
              series={placeOrderLatencySeries('1h')}
              window="1h"
            />
          }
        />
        <Route
          path="/service-ownership/traces/:traceId"
          element={<p>Trace view</p>}
        />
      </Routes>,
    );
    const dot = screen.getByRole('link', { name: /^Trace 4bf92f35: 950 ms/ });
    expect(dot).toHaveAttribute(
      'data-href',
      '/service-ownership/traces/4bf92f3577b34da6a3ce929d0e0e4704',
    );
    await userEvent.click(dot);
    expect(await screen.findByText('Trace view')).toBeInTheDocument();
  });
});

describe('SloErrorRateChart', () => {
  it('draws the error rate of each step', async () => {
    await renderInTestApp(
      <SloErrorRateChart
        series={placeOrderLatencySeries('24h')}
        window="24h"
      />,
    );
    const chart = screen.getByTestId('slo-error-chart');
    expect(chart.querySelectorAll('.recharts-line')).toHaveLength(1);
    expect(
      within(chart).getByText('Errors per request, every 5 min'),
    ).toBeInTheDocument();
  });
});

describe('SloBudgetChart', () => {
  it('draws the budget left each day, down below zero when overspent', async () => {
    await renderInTestApp(
      <SloBudgetChart evaluation={placeOrderErrorsEvaluation} />,
    );
    const chart = screen.getByTestId('slo-budget-chart');
    expect(chart.querySelectorAll('.recharts-area')).toHaveLength(1);
    expect(within(chart).getByText('budget spent')).toBeInTheDocument();
    expect(within(chart).getByText('-50 %')).toBeInTheDocument();
  });
});
