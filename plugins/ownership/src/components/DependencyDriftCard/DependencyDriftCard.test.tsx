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
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { SERVICE_NAME_ANNOTATION } from '@service-ownership/plugin-ownership-common';
import { screen, within } from '@testing-library/react';
import { ordersDependencies, storefrontDrift } from '../../__fixtures__/shop';
import { DependencyDriftCard } from './DependencyDriftCard';

function renderCard(drift = ordersDependencies.drift) {
  return renderInTestApp(<DependencyDriftCard drift={drift} />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

function section(name: RegExp) {
  return within(screen.getByRole('region', { name }));
}

describe('DependencyDriftCard', () => {
  it('shows what to add to catalog-info.yaml for undeclared dependencies, ready to copy', async () => {
    await renderCard();
    const undeclared = section(/^Observed but not declared \(1\)/);
    expect(undeclared.getByRole('link', { name: 'shipping' })).toHaveAttribute(
      'href',
      '/catalog/default/component/shipping',
    );
    expect(undeclared.getByText('1,200 calls')).toBeInTheDocument();
    expect(undeclared.getByText(/Append these lines to the/)).toHaveTextContent(
      "Append these lines to the dependsOn: list under spec: in the entity's catalog-info.yaml:",
    );
    expect(
      await undeclared.findByRole('button', { name: 'Copy text' }),
    ).toBeInTheDocument();
    expect(
      undeclared.getByText(
        (_, element) =>
          element?.tagName === 'CODE' &&
          element.textContent === '    - component:shipping',
      ),
    ).toBeInTheDocument();
    expect(
      undeclared.getByRole('link', { name: /^Open catalog-info\.yaml/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/example/shop/blob/main/orders/catalog-info.yaml',
    );
  });

  it('says to add the lines under spec when the entity declares no dependsOn yet', async () => {
    await renderCard({
      ...ordersDependencies.drift,
      yamlToAdd: '  dependsOn:\n    - component:shipping',
      sourceLocation: undefined,
    });
    const undeclared = section(/^Observed but not declared/);
    expect(undeclared.getByText(/Add these lines under/)).toHaveTextContent(
      "Add these lines under spec: in the entity's catalog-info.yaml:",
    );
    expect(
      undeclared.queryByRole('link', { name: /^Open catalog-info\.yaml/ }),
    ).not.toBeInTheDocument();
  });

  it('lists agreeing dependencies and calls to unclaimed nodes, with how to claim them', async () => {
    await renderCard();
    const agreeing = section(/^Declared and observed \(2\)/);
    expect(
      agreeing.getByRole('link', { name: 'inventory' }),
    ).toBeInTheDocument();
    expect(
      agreeing.getByRole('link', { name: 'payments' }),
    ).toBeInTheDocument();

    const unowned = section(/^Calls to nodes no entity claims \(1\)/);
    expect(
      unowned.getByText('mail.example.net', {
        selector: '.MuiListItemText-primary',
      }),
    ).toBeInTheDocument();
    expect(unowned.getByText('234,000 calls')).toBeInTheDocument();
    expect(
      unowned.getAllByText(SERVICE_NAME_ANNOTATION).length,
    ).toBeGreaterThan(0);
    expect(
      await unowned.findByRole('button', { name: 'Copy text' }),
    ).toBeInTheDocument();

    expect(
      section(/^Declared but not observed in the last 30 days \(0\)/).getByText(
        'None.',
      ),
    ).toBeInTheDocument();
  });

  it('lists declared dependencies that were not observed', async () => {
    await renderCard(storefrontDrift);
    const notObserved = section(
      /^Declared but not observed in the last 30 days \(1\)/,
    );
    expect(notObserved.getByRole('link', { name: 'shipping' })).toHaveAttribute(
      'href',
      '/catalog/default/component/shipping',
    );
    expect(
      section(/^Observed but not declared \(0\)/).queryByRole('button', {
        name: 'Copy text',
      }),
    ).not.toBeInTheDocument();
  });
});
