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
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { TraceSourcesStatus } from '@service-ownership/plugin-ownership-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  allSourceStates,
  embeddedOnly,
  PROMETHEUS_ERROR,
  TEMPO_ERROR,
} from '../../__fixtures__/sources';
import { ownershipApiRef, OwnershipClient } from '../../api';
import { TraceSourcesPage } from './TraceSourcesPage';

jest.setTimeout(30_000);

const baseUrl = 'http://localhost:7007/api/ownership';
const server = setupServer();
registerMswTestHooks(server);

const ownershipApi = new OwnershipClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => global.fetch(input, init) },
});

type Answer = TraceSourcesStatus | ((nowMs: number) => TraceSourcesStatus);

/**
 * Serves the answers in turn (the last one again once they run out); counts the requests. Answers given as
 * functions are built from the time of the request, so relative times read the same on a slow machine.
 */
function serve(...answers: Array<Answer | Response>) {
  const calls = { count: 0 };
  server.use(
    http.get(`${baseUrl}/v1/sources`, () => {
      const answer = answers[Math.min(calls.count, answers.length - 1)];
      calls.count += 1;
      if (answer instanceof Response) {
        return answer;
      }
      return HttpResponse.json(
        typeof answer === 'function' ? answer(Date.now()) : answer,
      );
    }),
  );
  return calls;
}

function renderPage(props: { refreshIntervalSeconds?: number } = {}) {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, ownershipApi]]}>
      <TraceSourcesPage {...props} />
    </TestApiProvider>,
  );
}

function sourceRow(id: string) {
  const row = screen
    .getAllByTestId('trace-source-row')
    .find(element => element.getAttribute('data-source-id') === id);
  if (!row) {
    throw new Error(`No row for ${id}`);
  }
  return within(row);
}

describe('TraceSourcesPage', () => {
  it('shows each source with its status, last poll, lag, sampling rate and last error', async () => {
    serve(allSourceStates);
    await renderPage();

    expect(
      screen.getByRole('heading', { level: 1, name: 'Trace sources' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/why a widget is empty/)).toBeInTheDocument();

    const chips = await screen.findAllByTestId('trace-source-status');
    expect(
      chips.map(chip => [
        chip.getAttribute('data-source-id'),
        chip.getAttribute('data-state'),
        chip.textContent,
      ]),
    ).toEqual([
      ['jaeger-prod', 'ok', 'ok'],
      ['tempo', 'failing', 'failing'],
      ['prometheus-spanmetrics', 'stale', 'stale'],
      ['zipkin-staging', 'pending', 'pending'],
    ]);
    expect(screen.getByText('Upstream sources (4)')).toBeInTheDocument();

    const jaeger = sourceRow('jaeger-prod');
    expect(jaeger.getByText('jaeger')).toBeInTheDocument();
    expect(jaeger.getByText('traces')).toBeInTheDocument();
    expect(jaeger.getByText('30 seconds ago')).toBeInTheDocument();
    expect(jaeger.getByTestId('trace-source-lag')).toHaveTextContent(
      '1 min 30 s',
    );
    expect(jaeger.getByTestId('trace-source-poll-counts')).toHaveTextContent(
      '12,400 spans · 830 traces · 57 edges',
    );
    expect(jaeger.getByTestId('trace-source-sampling')).toHaveTextContent(
      '10 %',
    );
    expect(
      jaeger.getByText('Counts are a 10 % sample of the matching traces'),
    ).toBeInTheDocument();
    expect(jaeger.getByTestId('trace-source-failures')).toHaveTextContent('0');

    const tempo = sourceRow('tempo');
    expect(tempo.getByText('5 minutes ago')).toBeInTheDocument();
    expect(tempo.getByTestId('trace-source-lag')).toHaveTextContent('7 min');
    expect(tempo.getByText('all traces')).toBeInTheDocument();
    expect(tempo.getByTestId('trace-source-failures')).toHaveTextContent('4');

    const prometheus = sourceRow('prometheus-spanmetrics');
    expect(prometheus.getByText('metrics')).toBeInTheDocument();
    expect(prometheus.getByText('2 hours ago')).toBeInTheDocument();
    expect(prometheus.getByTestId('trace-source-lag')).toHaveTextContent(
      '2 h 5 min',
    );
    expect(
      prometheus.getByTestId('trace-source-poll-counts'),
    ).toHaveTextContent('0 spans · 0 traces · 14 edges · 3,200 rows');

    const zipkin = sourceRow('zipkin-staging');
    expect(zipkin.getByText('never')).toBeInTheDocument();
    expect(zipkin.getByTestId('trace-source-lag')).toHaveTextContent('–');

    // The last error in full, for the failing and the stale source only.
    const errors = screen.getAllByTestId('trace-source-error');
    expect(errors.map(error => error.textContent)).toEqual([
      TEMPO_ERROR,
      PROMETHEUS_ERROR,
    ]);
    expect(
      screen
        .getAllByTestId('trace-source-error-row')
        .map(row => row.getAttribute('data-source-id')),
    ).toEqual(['tempo', 'prometheus-spanmetrics']);
    expect(
      screen.getByText(
        /20 seconds ago .* the data read before is still served/,
      ),
    ).toBeInTheDocument();
  });

  it('shows the embedded store counters and the on-call providers', async () => {
    serve(allSourceStates);
    await renderPage();

    const embedded = await screen.findByTestId('embedded-store');
    const counters = Object.fromEntries(
      within(embedded)
        .getAllByTestId('embedded-counter')
        .map(counter => [
          counter.getAttribute('data-counter'),
          counter.querySelector('dd')?.textContent,
        ]),
    );
    expect(counters).toMatchObject({
      acceptedSpans: '1,284,503',
      rejectedSpans: '12',
      paired: '40,210',
      database: '8,120',
      tracesKept: '5,210',
      tracesDropped: '48,230',
    });
    expect(within(embedded).getByText('Accepted')).toBeInTheDocument();
    expect(screen.getByTestId('on-call-providers')).toHaveTextContent(
      'pagerduty, besides the schedules in the catalog.',
    );
  });

  it('explains that only the embedded OTLP store is used when no source is configured', async () => {
    serve(embeddedOnly);
    await renderPage();

    const empty = await screen.findByTestId('trace-sources-empty');
    expect(empty).toHaveTextContent('only the embedded OTLP store is used');
    expect(empty).toHaveTextContent(
      'Reading from Jaeger, Zipkin, Tempo or Prometheus',
    );
    expect(screen.queryByTestId('trace-source-row')).not.toBeInTheDocument();
    expect(screen.getByTestId('embedded-store')).toBeInTheDocument();
  });

  it('reads the sources again on Refresh', async () => {
    const calls = serve(embeddedOnly, allSourceStates);
    await renderPage();

    await screen.findByTestId('trace-sources-empty');
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));

    expect(await screen.findAllByTestId('trace-source-status')).toHaveLength(4);
    expect(screen.queryByTestId('trace-sources-empty')).not.toBeInTheDocument();
    expect(calls.count).toBe(2);
  });

  it('reads the sources again on its own', async () => {
    const calls = serve(embeddedOnly, allSourceStates);
    await renderPage({ refreshIntervalSeconds: 0.2 });

    expect(await screen.findAllByTestId('trace-source-status')).toHaveLength(4);
    await waitFor(() => expect(calls.count).toBeGreaterThanOrEqual(3));
  });

  it('shows why the sources could not be read', async () => {
    serve(
      HttpResponse.json(
        {
          error: { name: 'NotAllowedError', message: 'Only for admins' },
          response: { statusCode: 403 },
        },
        { status: 403 },
      ),
    );
    await renderPage();

    expect(await screen.findByText('Only for admins')).toBeInTheDocument();
    expect(screen.queryByTestId('trace-source-row')).not.toBeInTheDocument();
  });
});
