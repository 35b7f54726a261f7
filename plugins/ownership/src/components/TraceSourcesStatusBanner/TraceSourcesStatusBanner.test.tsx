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
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import {
  allSourceStates,
  embeddedOnly,
  healthySources,
} from '../../__fixtures__/sources';
import { ownershipApiRef, type OwnershipApi } from '../../api';
import { TraceSourcesStatusBanner } from './TraceSourcesStatusBanner';

function renderBanner(api: Partial<OwnershipApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[ownershipApiRef, api]]}>
      <div data-testid="host">
        <TraceSourcesStatusBanner />
      </div>
    </TestApiProvider>,
  );
}

describe('TraceSourcesStatusBanner', () => {
  it('warns about the failing and stale sources, linking to the sources page', async () => {
    const getSources = jest.fn().mockResolvedValue(allSourceStates(Date.now()));
    await renderBanner({ getSources });

    const banner = await screen.findByTestId('trace-sources-banner');
    expect(banner).toHaveAttribute('role', 'alert');
    expect(banner).toHaveTextContent(
      'Some trace sources are failing or stale: tempo, prometheus-spanmetrics — data may be out of date.',
    );
    expect(screen.getByRole('link', { name: 'Trace sources' })).toHaveAttribute(
      'href',
      '/service-ownership/sources',
    );
    expect(getSources).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['every source is ok or pending', healthySources(Date.now())],
    ['only the embedded store is used', embeddedOnly],
  ])('renders nothing when %s', async (_case, sources) => {
    const getSources = jest.fn().mockResolvedValue(sources);
    await renderBanner({ getSources });

    await waitFor(() => expect(getSources).toHaveBeenCalled());
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(
      screen.queryByTestId('trace-sources-banner'),
    ).not.toBeInTheDocument();
    expect(screen.getByTestId('host')).toBeEmptyDOMElement();
  });

  it('renders nothing when the sources cannot be read, or the API cannot read them', async () => {
    const getSources = jest.fn().mockRejectedValue(new Error('503'));
    await renderBanner({ getSources });
    await waitFor(() => expect(getSources).toHaveBeenCalled());
    expect(screen.getByTestId('host')).toBeEmptyDOMElement();

    await renderBanner({});
    expect(screen.getAllByTestId('host')[1]).toBeEmptyDOMElement();
  });
});
