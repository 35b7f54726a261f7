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
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { ObservedDependenciesProcessor } from './ObservedDependenciesProcessor';
import { snapshot } from '../__testUtils__/snapshot';
import {
  ObservedDependencyIndex,
  ObservedDependencyLookup,
} from './ObservedDependencyIndex';

const location = { type: 'file', target: '/repo/catalog-info.yaml' };

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: { type: 'service', owner: 'team-checkout', lifecycle: 'production' },
  };
}

/** A lookup whose snapshot the test swaps, as the reader does after each load. */
class SwappableLookup implements ObservedDependencyLookup {
  index = ObservedDependencyIndex.empty;
  load(relations: Array<[string, string]>) {
    this.index = ObservedDependencyIndex.fromSnapshot(snapshot(relations));
  }
  getTargets(entityRef: string) {
    return this.index.getTargets(entityRef);
  }
}

async function relationsOf(
  processor: ObservedDependenciesProcessor,
  entity: Entity,
) {
  const results = new Array<CatalogProcessorResult>();
  const output = await processor.postProcessEntity(entity, location, result =>
    results.push(result),
  );
  expect(output).toBe(entity);
  return results.map(result => {
    if (result.type !== 'relation') {
      throw new Error(`unexpected ${result.type} result`);
    }
    const { source, type, target } = result.relation;
    return `${stringifyEntityRef(source)} ${type} ${stringifyEntityRef(
      target,
    )}`;
  });
}

describe('ObservedDependenciesProcessor', () => {
  let dependencies: SwappableLookup;
  beforeEach(() => {
    dependencies = new SwappableLookup();
    dependencies.load([
      ['component:default/orders', 'component:default/payments'],
      ['component:default/orders', 'resource:default/orders-db'],
    ]);
  });

  it('emits observedDependsOn from the entity and observedDependencyOf back from each target', async () => {
    const processor = new ObservedDependenciesProcessor({ dependencies });
    expect(processor.getProcessorName()).toBe('ObservedDependenciesProcessor');
    expect(await relationsOf(processor, component('orders'))).toEqual([
      'component:default/orders observedDependsOn component:default/payments',
      'component:default/payments observedDependencyOf component:default/orders',
      'component:default/orders observedDependsOn resource:default/orders-db',
      'resource:default/orders-db observedDependencyOf component:default/orders',
    ]);
  });

  it('emits the standard dependsOn / dependencyOf pair only with emitDependsOn', async () => {
    const processor = new ObservedDependenciesProcessor({
      dependencies,
      emitDependsOn: true,
    });
    expect(await relationsOf(processor, component('orders'))).toEqual([
      'component:default/orders observedDependsOn component:default/payments',
      'component:default/payments observedDependencyOf component:default/orders',
      'component:default/orders dependsOn component:default/payments',
      'component:default/payments dependencyOf component:default/orders',
      'component:default/orders observedDependsOn resource:default/orders-db',
      'resource:default/orders-db observedDependencyOf component:default/orders',
      'component:default/orders dependsOn resource:default/orders-db',
      'resource:default/orders-db dependencyOf component:default/orders',
    ]);
  });

  it('emits nothing for an entity that is not a source in the snapshot, nor before any snapshot loaded', async () => {
    const processor = new ObservedDependenciesProcessor({ dependencies });
    // payments is only a target: its observedDependencyOf comes from processing orders.
    expect(await relationsOf(processor, component('payments'))).toEqual([]);

    dependencies.index = ObservedDependencyIndex.empty;
    expect(await relationsOf(processor, component('orders'))).toEqual([]);
  });

  it('matches the entity to the snapshot case-insensitively', async () => {
    dependencies.load([
      ['Component:default/Orders', 'component:default/payments'],
    ]);
    const processor = new ObservedDependenciesProcessor({ dependencies });
    expect(await relationsOf(processor, component('orders'))).toHaveLength(2);
  });

  it('no longer emits an edge the backend aged out of the snapshot', async () => {
    const processor = new ObservedDependenciesProcessor({
      dependencies,
      emitDependsOn: true,
    });
    dependencies.load([
      ['component:default/orders', 'resource:default/orders-db'],
    ]);
    const relations = await relationsOf(processor, component('orders'));
    expect(relations).toEqual([
      'component:default/orders observedDependsOn resource:default/orders-db',
      'resource:default/orders-db observedDependencyOf component:default/orders',
      'component:default/orders dependsOn resource:default/orders-db',
      'resource:default/orders-db dependencyOf component:default/orders',
    ]);
    expect(relations.join('\n')).not.toContain('payments');
  });
});
