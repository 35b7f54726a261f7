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
import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import ownershipPlugin, { entityOwnershipContent } from './alpha';
import { ownershipApiRef } from './api';

function entityOfKind(kind: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'recommendations', namespace: 'default' },
    spec: { owner: 'team-discovery' },
  };
}

describe('new frontend system', () => {
  it('mounts the Ownership tab at /ownership on component, resource, system and group pages', () => {
    const tester = createExtensionTester(entityOwnershipContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/ownership');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Ownership');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    if (!filter) {
      throw new Error('The Ownership tab has no entity filter');
    }
    expect(
      ['Component', 'Resource', 'System', 'Group', 'API', 'User'].map(kind =>
        filter(entityOfKind(kind)),
      ),
    ).toEqual([true, true, true, true, false, false]);
  });

  it('renders the tab content through its lazy loader', async () => {
    const tester = createExtensionTester(entityOwnershipContent);
    await renderInTestApp(
      <TestApiProvider
        apis={[[ownershipApiRef, { getEntitySummary: jest.fn() }]]}
      >
        <EntityProvider entity={entityOfKind('Component')}>
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
  });

  it('is a plugin with the id ownership', () => {
    expect(ownershipPlugin.id).toBe('ownership');
  });
});
