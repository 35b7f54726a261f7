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
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { AlphaEntity } from '@backstage/catalog-model/alpha';
import { OwnershipAnnotationsProcessor } from './OwnershipAnnotationsProcessor';

const location = { type: 'file', target: '/repo/catalog-info.yaml' };
const now = () => new Date('2026-11-21T12:00:00Z');
const logger = mockServices.logger.mock();

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'shipping', annotations },
    spec: { type: 'service', owner: 'team-fulfilment' },
  };
}

function processor(data: object = {}) {
  return OwnershipAnnotationsProcessor.fromConfig(new ConfigReader(data), {
    logger,
    now,
  });
}

describe('OwnershipAnnotationsProcessor', () => {
  it('leaves valid entities untouched and emits nothing', async () => {
    const emit = jest.fn();
    const input = entity({ 'service-ownership.io/last-audited': '2026-10-31' });
    const output = await processor().postProcessEntity(input, location, emit);
    expect(output).toBe(input);
    expect(emit).not.toHaveBeenCalled();
  });

  it('by default attaches located problems as processing-status items, without failing processing', async () => {
    const emit = jest.fn();
    const output = (await processor().postProcessEntity(
      entity({
        'service-ownership.io/last-audited': '2026-31-10',
        'service-ownership.io/servicename': 'shipping',
      }),
      location,
      emit,
    )) as AlphaEntity;
    expect(emit).not.toHaveBeenCalled();
    expect(output.status?.items).toEqual([
      {
        type: 'backstage.io/catalog-processing',
        level: 'error',
        message: expect.stringMatching(
          /^metadata\.annotations\["service-ownership\.io\/last-audited"\]: "2026-31-10" is not a valid date/,
        ),
        error: {
          name: 'InvalidOwnershipAnnotation',
          message: expect.stringMatching(
            /is not a valid date.*\(at file:\/repo\/catalog-info\.yaml\)$/,
          ),
        },
      },
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining(
          'did you mean "service-ownership.io/service-name"?',
        ),
      }),
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'component:default/shipping at file:/repo/catalog-info.yaml: metadata.annotations["service-ownership.io/last-audited"]',
      ),
    );
  });

  it('reports invalid SLO definitions located to the item, field and line', async () => {
    const output = (await processor().postProcessEntity(
      entity({
        'service-ownership.io/slos': [
          '- name: place-order-latency',
          '  operation: place_order',
          '  sli: latency',
          '  threshold: 1s',
          '  objective: 96%',
          '  window: 30d',
          '- name: broken',
          '  operation: place_order',
          '  sli: error-rate',
          '  objective: 120%',
          '  window: 30d',
          '',
        ].join('\n'),
      }),
      location,
      jest.fn(),
    )) as AlphaEntity;
    expect(output.status?.items).toEqual([
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(
          /^metadata\.annotations\["service-ownership\.io\/slos"\]\[1\]\.objective \(line 7\).*percentage below 100/,
        ),
      }),
    ]);
  });

  it('reports an invalid on-call schedule located to its field and line', async () => {
    const output = (await processor().postProcessEntity(
      entity({
        'service-ownership.io/on-call': [
          'timeZone: Europe/Berlin',
          "handoff: '25:00'",
          'rotation: 1w',
          "start: '2026-11-02'",
          'members: [alice]',
          '',
        ].join('\n'),
      }),
      location,
      jest.fn(),
    )) as AlphaEntity;
    expect(output.status?.items).toEqual([
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(
          /^metadata\.annotations\["service-ownership\.io\/on-call"\]\.handoff \(line 2\)/,
        ),
      }),
    ]);
  });

  it('keeps status items the entity already had', async () => {
    const input = {
      ...entity({ 'service-ownership.io/audit-interval': 'sometimes' }),
      status: { items: [{ type: 'other', level: 'info', message: 'kept' }] },
    } as AlphaEntity;
    const output = (await processor().postProcessEntity(
      input,
      location,
      jest.fn(),
    )) as AlphaEntity;
    expect(output.status?.items?.map(i => i.message)).toEqual([
      'kept',
      expect.stringContaining('"sometimes" is not a duration'),
    ]);
  });

  it('in fail mode emits errors as catalog processing errors and keeps warnings as status', async () => {
    const emit = jest.fn();
    const output = (await processor({
      ownership: { catalog: { invalidAnnotations: 'fail' } },
    }).postProcessEntity(
      entity({
        'service-ownership.io/last-audited': '2026-31-10',
        'service-ownership.io/servicename': 'shipping',
      }),
      location,
      emit,
    )) as AlphaEntity;
    expect(emit).toHaveBeenCalledTimes(1);
    const [result] = emit.mock.calls[0];
    expect(result.type).toBe('error');
    expect(result.location).toEqual(location);
    expect(result.error.name).toBe('InputError');
    expect(result.error.message).toMatch(
      /^component:default\/shipping: metadata\.annotations\["service-ownership\.io\/last-audited"\]: "2026-31-10" is not a valid date/,
    );
    expect(output.status?.items).toEqual([
      expect.objectContaining({ level: 'warning' }),
    ]);
  });

  it('refuses an unknown mode in config with the key named', () => {
    expect(() =>
      processor({ ownership: { catalog: { invalidAnnotations: 'ignore' } } }),
    ).toThrow(
      'Invalid config value ownership.catalog.invalidAnnotations="ignore"; expected "status" or "fail"',
    );
  });
});
