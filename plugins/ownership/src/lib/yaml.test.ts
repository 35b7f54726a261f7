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
  ON_CALL_ANNOTATION,
  readOnCallSchedule,
  readSloDefinitions,
  SERVICE_NAME_ANNOTATION,
  SLOS_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import {
  alertmanagerReceiverYaml,
  claimAnnotationYaml,
  onCallAnnotationExampleYaml,
  sloAnnotationBlockYaml,
  sloAnnotationExampleYaml,
  sourceLocationUrl,
  yamlPlacement,
} from './yaml';

describe('yamlPlacement', () => {
  it('goes under spec when the lines bring the dependsOn key', () => {
    expect(yamlPlacement('  dependsOn:\n    - component:shipping')).toBe(
      'spec',
    );
  });

  it('goes into the existing dependsOn list otherwise', () => {
    expect(yamlPlacement('    - component:shipping')).toBe('dependsOn');
  });
});

describe('sourceLocationUrl', () => {
  it('links url locations and plain URLs', () => {
    expect(
      sourceLocationUrl(
        'url:https://github.com/example/shop/blob/main/catalog-info.yaml',
      ),
    ).toBe('https://github.com/example/shop/blob/main/catalog-info.yaml');
    expect(sourceLocationUrl('https://example.com/catalog-info.yaml')).toBe(
      'https://example.com/catalog-info.yaml',
    );
  });

  it('does not link file locations or nothing', () => {
    expect(sourceLocationUrl('file:/srv/catalog/shop.yaml')).toBeUndefined();
    expect(sourceLocationUrl('url:javascript:alert(1)')).toBeUndefined();
    expect(sourceLocationUrl(undefined)).toBeUndefined();
  });
});

describe('claimAnnotationYaml', () => {
  it('claims the nodes with the service name annotation', () => {
    expect(claimAnnotationYaml(['psp.example.net'])).toBe(
      `metadata:\n  annotations:\n    ${SERVICE_NAME_ANNOTATION}: psp.example.net`,
    );
    expect(claimAnnotationYaml(['orders', 'shop/orders-worker'])).toContain(
      `${SERVICE_NAME_ANNOTATION}: orders, shop/orders-worker`,
    );
  });

  it('quotes values YAML would misread', () => {
    expect(claimAnnotationYaml(['orders: eu #1'])).toContain(
      `${SERVICE_NAME_ANNOTATION}: "orders: eu #1"`,
    );
  });
});

describe('sloAnnotationExampleYaml', () => {
  it('is a valid SLO definition under the annotation', () => {
    const yaml = sloAnnotationExampleYaml();
    expect(yaml).toBe(
      [
        'metadata:',
        '  annotations:',
        '    service-ownership.io/slos: |',
        '      - name: place-order-latency',
        '        operation: place_order',
        '        sli: latency',
        '        threshold: 300ms',
        '        objective: 99%',
        '        window: 28d',
      ].join('\n'),
    );
    const annotation = yaml
      .split('\n')
      .slice(3)
      .map(line => line.slice(6))
      .join('\n');
    const { slos, problems } = readSloDefinitions({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'orders',
        annotations: { [SLOS_ANNOTATION]: annotation },
      },
    });
    expect(problems).toEqual([]);
    expect(slos.map(slo => slo.name)).toEqual(['place-order-latency']);
  });
});

describe('onCallAnnotationExampleYaml', () => {
  it('is a weekly rotation with an escalation layer under the on-call annotation', () => {
    expect(onCallAnnotationExampleYaml()).toBe(
      [
        'metadata:',
        '  annotations:',
        `    ${ON_CALL_ANNOTATION}: |`,
        '      timeZone: Europe/Berlin',
        "      handoff: '09:00'",
        '      rotation: 1w',
        "      start: '2026-11-02'",
        '      members: [alice, bob]',
        '      escalation:',
        '        - after: 15m',
        '          members: [carol]',
      ].join('\n'),
    );
  });

  it('is a valid schedule under the annotation', () => {
    const lines = onCallAnnotationExampleYaml().split('\n');
    expect(lines.slice(3).every(line => line.startsWith('      '))).toBe(true);
    const annotation = lines
      .slice(3)
      .map(line => line.slice(6))
      .join('\n');
    const { schedule, problems } = readOnCallSchedule({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: 'team-checkout',
        annotations: { [ON_CALL_ANNOTATION]: annotation },
      },
      spec: { type: 'team', children: [] },
    });
    expect(problems).toEqual([]);
    expect(schedule?.timeZone).toBe('Europe/Berlin');
  });
});

describe('sloAnnotationBlockYaml', () => {
  it('puts the definitions under the SLO annotation, as a block scalar', () => {
    const block = sloAnnotationBlockYaml(
      '- name: a-latency\n  operation: a\n  sli: latency\n',
    );
    expect(block).toBe(
      [
        'metadata:',
        '  annotations:',
        '    service-ownership.io/slos: |',
        '      - name: a-latency',
        '        operation: a',
        '        sli: latency',
      ].join('\n'),
    );
  });
});

describe('alertmanagerReceiverYaml', () => {
  it('sends the webhook to the alert intake with a bearer token, resolutions too', () => {
    const yaml = alertmanagerReceiverYaml();
    expect(yaml).toContain(
      '      - url: https://<backstage backend>/api/ownership/v1/alerts',
    );
    expect(yaml).toContain('        send_resolved: true');
    expect(yaml).toMatch(/authorization:\n {12}credentials: </);
  });
});
