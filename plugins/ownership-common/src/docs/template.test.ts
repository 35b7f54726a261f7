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
import {
  checkDocsCompleteness,
  DEFAULT_REQUIRED_DOC_FIELDS,
  DocFieldId,
  DocFieldStatus,
  DOC_FIELDS,
  isDocFieldId,
  requiredDocFields,
} from './template';

const now = new Date('2026-11-21T12:00:00Z');

const ROTATION = [
  'timeZone: Europe/Berlin',
  "handoff: '09:00'",
  'rotation: 1w',
  "start: '2026-11-02'",
  'members: [alice, bob, guest]',
].join('\n');

const SLO_LATENCY = [
  '- name: place-order-latency',
  '  operation: place_order',
  '  sli: latency',
  '  threshold: 300ms',
  '  objective: 99%',
  '  window: 28d',
].join('\n');

const SLO_ERRORS = [
  '- name: place-order-errors',
  '  operation: place_order',
  '  sli: error-rate',
  '  objective: 99.9%',
  '  window: 28d',
].join('\n');

function entity(
  options: {
    kind?: string;
    name?: string;
    owner?: string;
    description?: string;
    annotations?: Record<string, string>;
    links?: Array<{ url: string; type?: string; title?: string }>;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Component',
    metadata: {
      name: options.name ?? 'orders',
      ...(options.description !== undefined
        ? { description: options.description }
        : {}),
      ...(options.annotations ? { annotations: options.annotations } : {}),
      ...(options.links ? { links: options.links } : {}),
    },
    spec: {
      type: 'service',
      ...(options.owner !== undefined ? { owner: options.owner } : {}),
    },
  };
}

function group(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', annotations },
    spec: { type: 'team', children: [] },
  };
}

function check(
  subject: Entity,
  options: { required?: readonly DocFieldId[]; ownerGroup?: Entity } = {},
) {
  return checkDocsCompleteness(subject, {
    now,
    required: options.required ?? [],
    ...(options.ownerGroup ? { ownerGroup: options.ownerGroup } : {}),
  });
}

function field(
  subject: Entity,
  id: DocFieldId,
  options: { required?: readonly DocFieldId[]; ownerGroup?: Entity } = {},
): DocFieldStatus {
  const found = check(subject, options).fields.find(f => f.id === id);
  if (!found) throw new Error(`no field ${id}`);
  return found;
}

const hintOf = (id: DocFieldId) => DOC_FIELDS.find(f => f.id === id)!.hint;

describe('DOC_FIELDS', () => {
  it('lists the template items in display order', () => {
    expect(DOC_FIELDS.map(f => f.id)).toEqual([
      'owner',
      'description',
      'runbook',
      'dashboard',
      'alerts',
      'techdocs',
      'serviceName',
      'signalOperations',
      'slos',
      'onCall',
    ]);
    expect(DOC_FIELDS.map(f => f.label)).toEqual([
      'Owner',
      'Description',
      'Runbook',
      'Dashboard',
      'Alerts',
      'TechDocs',
      'Tracing service name',
      'Signal operations',
      'SLOs',
      'On-call',
    ]);
  });

  it('names the annotations in the hints', () => {
    expect(hintOf('techdocs')).toBe(
      'add the backstage.io/techdocs-ref annotation',
    );
    expect(hintOf('signalOperations')).toBe(
      'add the service-ownership.io/signal-operations annotation',
    );
    expect(hintOf('onCall')).toBe(
      'give the owning group an on-call schedule (service-ownership.io/on-call, pagerduty.com/service-id or opsgenie.com/team)',
    );
  });
});

describe('isDocFieldId', () => {
  it('accepts template items only', () => {
    expect(isDocFieldId('runbook')).toBe(true);
    expect(isDocFieldId('onCall')).toBe(true);
    expect(isDocFieldId('Runbook')).toBe(false);
    expect(isDocFieldId('playbook')).toBe(false);
    expect(isDocFieldId(undefined)).toBe(false);
    expect(isDocFieldId(1)).toBe(false);
  });
});

describe('requiredDocFields', () => {
  it('has defaults per kind, case-insensitively', () => {
    expect(requiredDocFields('Component')).toEqual([
      'owner',
      'description',
      'runbook',
      'dashboard',
      'onCall',
    ]);
    expect(requiredDocFields('Resource')).toEqual([
      'owner',
      'description',
      'runbook',
    ]);
    expect(requiredDocFields('API')).toEqual(['owner', 'description']);
    expect(requiredDocFields('system')).toEqual(['owner', 'description']);
    expect(requiredDocFields('Group')).toEqual(['onCall']);
  });

  it('requires an owner only for kinds without defaults', () => {
    expect(requiredDocFields('Domain')).toEqual(['owner']);
    expect(requiredDocFields('Template')).toEqual(['owner']);
    expect(DEFAULT_REQUIRED_DOC_FIELDS.domain).toBeUndefined();
  });

  it('lets the configured map override the defaults of the kinds it names', () => {
    const configured = {
      component: ['owner', 'slos'] as DocFieldId[],
      domain: ['description'] as DocFieldId[],
      group: [] as DocFieldId[],
    };
    expect(requiredDocFields('Component', configured)).toEqual([
      'owner',
      'slos',
    ]);
    expect(requiredDocFields('Domain', configured)).toEqual(['description']);
    expect(requiredDocFields('Group', configured)).toEqual([]);
    // Kinds the map leaves out keep their defaults.
    expect(requiredDocFields('Resource', configured)).toEqual([
      'owner',
      'description',
      'runbook',
    ]);
    expect(requiredDocFields('Location', configured)).toEqual(['owner']);
  });
});

describe('checkDocsCompleteness', () => {
  it('reports every template item of a bare component, with hints on all', () => {
    const result = check(entity({ name: 'orders' }), {
      required: requiredDocFields('Component'),
    });
    expect(result.fields).toEqual([
      {
        id: 'owner',
        label: 'Owner',
        required: true,
        present: false,
        hint: hintOf('owner'),
      },
      {
        id: 'description',
        label: 'Description',
        required: true,
        present: false,
        hint: hintOf('description'),
      },
      {
        id: 'runbook',
        label: 'Runbook',
        required: true,
        present: false,
        hint: hintOf('runbook'),
      },
      {
        id: 'dashboard',
        label: 'Dashboard',
        required: true,
        present: false,
        hint: hintOf('dashboard'),
      },
      {
        id: 'alerts',
        label: 'Alerts',
        required: false,
        present: false,
        hint: hintOf('alerts'),
      },
      {
        id: 'techdocs',
        label: 'TechDocs',
        required: false,
        present: false,
        hint: hintOf('techdocs'),
      },
      {
        // Components default to their name as the trace service.
        id: 'serviceName',
        label: 'Tracing service name',
        required: false,
        present: true,
        detail: 'orders (the entity name)',
      },
      {
        id: 'signalOperations',
        label: 'Signal operations',
        required: false,
        present: false,
        hint: hintOf('signalOperations'),
      },
      {
        id: 'slos',
        label: 'SLOs',
        required: false,
        present: false,
        hint: hintOf('slos'),
      },
      {
        id: 'onCall',
        label: 'On-call',
        required: true,
        present: false,
        hint: hintOf('onCall'),
      },
    ]);
    expect(result.missingRequired).toEqual([
      'Owner',
      'Description',
      'Runbook',
      'Dashboard',
      'On-call',
    ]);
  });

  it('finds a fully documented component complete, without hints', () => {
    const result = check(
      entity({
        owner: 'team-checkout',
        description: 'Takes orders.',
        links: [
          { url: 'https://wiki/runbook', type: 'runbook' },
          { url: 'https://grafana/orders', type: 'dashboard' },
          { url: 'https://alerts/orders', type: 'alerts' },
        ],
        annotations: {
          'backstage.io/techdocs-ref': 'dir:.',
          'service-ownership.io/service-name': 'orders, shop/orders-worker',
          'service-ownership.io/signal-operations':
            'place_order, POST /checkout',
          'service-ownership.io/slos': `${SLO_LATENCY}\n${SLO_ERRORS}`,
          'service-ownership.io/on-call': ROTATION,
        },
      }),
      { required: requiredDocFields('Component') },
    );
    expect(result.missingRequired).toEqual([]);
    expect(result.fields.every(f => f.present)).toBe(true);
    expect(result.fields.some(f => 'hint' in f)).toBe(false);
    expect(
      Object.fromEntries(result.fields.map(f => [f.id, f.detail])),
    ).toEqual({
      owner: 'team-checkout',
      description: undefined,
      runbook: 'https://wiki/runbook',
      dashboard: 'https://grafana/orders',
      alerts: 'https://alerts/orders',
      techdocs: 'dir:.',
      serviceName: 'orders, orders-worker',
      signalOperations: 'place_order, POST /checkout',
      slos: '2 SLOs',
      onCall: 'catalog rotation',
    });
    expect(result.fields.find(f => f.id === 'description')).toEqual({
      id: 'description',
      label: 'Description',
      required: true,
      present: true,
    });
  });

  it('lists the missing required items in template order, whatever the order of the requirement', () => {
    const result = check(entity({ owner: 'team-checkout' }), {
      required: ['onCall', 'slos', 'owner', 'description'],
    });
    expect(result.missingRequired).toEqual(['Description', 'SLOs', 'On-call']);
    expect(result.fields.filter(f => f.required).map(f => f.id)).toEqual([
      'owner',
      'description',
      'slos',
      'onCall',
    ]);
  });

  it('applies the defaults of each kind', () => {
    const resource = check(entity({ kind: 'Resource', owner: 'team-db' }), {
      required: requiredDocFields('Resource'),
    });
    expect(resource.missingRequired).toEqual(['Description', 'Runbook']);

    const api = check(
      entity({ kind: 'API', owner: 'team-db', description: 'Orders API' }),
      { required: requiredDocFields('API') },
    );
    expect(api.missingRequired).toEqual([]);

    const system = check(entity({ kind: 'System' }), {
      required: requiredDocFields('System'),
    });
    expect(system.missingRequired).toEqual(['Owner', 'Description']);

    const teamWithout = check(group({}), {
      required: requiredDocFields('Group'),
    });
    expect(teamWithout.missingRequired).toEqual(['On-call']);
    const teamWith = check(
      group({ 'service-ownership.io/on-call': ROTATION }),
      { required: requiredDocFields('Group') },
    );
    expect(teamWith.missingRequired).toEqual([]);

    const domain = check(entity({ kind: 'Domain', description: 'Shop' }), {
      required: requiredDocFields('Domain'),
    });
    expect(domain.missingRequired).toEqual(['Owner']);
  });

  it('follows a configured requirement instead of the defaults', () => {
    const result = check(entity({ owner: 'team-checkout' }), {
      required: requiredDocFields('Component', {
        component: ['owner', 'slos'],
      }),
    });
    expect(result.missingRequired).toEqual(['SLOs']);
  });

  it('does not count a blank owner or description', () => {
    const subject = entity({ owner: '  ', description: ' \n ' });
    expect(field(subject, 'owner').present).toBe(false);
    expect(field(subject, 'description').present).toBe(false);
  });

  describe('links', () => {
    it('counts runbook and playbook links as the runbook, case-insensitively', () => {
      const subject = entity({
        links: [
          { url: 'https://wiki/runbook', type: 'Runbook' },
          { url: 'https://wiki/playbook', type: 'PLAYBOOK' },
          { url: 'https://grafana/orders', type: 'Dashboard' },
          { url: 'https://alerts/orders', type: 'ALERTS' },
          { url: 'https://example.com/untyped' },
          { url: 'https://example.com/docs', type: 'docs' },
        ],
      });
      expect(field(subject, 'runbook')).toEqual({
        id: 'runbook',
        label: 'Runbook',
        required: false,
        present: true,
        detail: 'https://wiki/runbook, https://wiki/playbook',
      });
      expect(field(subject, 'dashboard').detail).toBe('https://grafana/orders');
      expect(field(subject, 'alerts').detail).toBe('https://alerts/orders');
    });

    it('counts a playbook alone as the runbook', () => {
      const subject = entity({
        links: [{ url: 'https://wiki/playbook', type: 'playbook' }],
      });
      expect(field(subject, 'runbook')).toMatchObject({
        present: true,
        detail: 'https://wiki/playbook',
      });
    });

    it('does not count untyped or other links', () => {
      const subject = entity({
        links: [
          { url: 'https://example.com/untyped', title: 'Runbook' },
          { url: 'https://example.com/docs', type: 'runbooks' },
        ],
      });
      expect(field(subject, 'runbook')).toEqual({
        id: 'runbook',
        label: 'Runbook',
        required: false,
        present: false,
        hint: hintOf('runbook'),
      });
      expect(field(subject, 'dashboard').present).toBe(false);
      expect(field(subject, 'alerts').present).toBe(false);
    });
  });

  it('reads the TechDocs reference, ignoring a blank one', () => {
    expect(
      field(
        entity({
          annotations: { 'backstage.io/techdocs-ref': 'url:https://x' },
        }),
        'techdocs',
      ),
    ).toMatchObject({ present: true, detail: 'url:https://x' });
    expect(
      field(
        entity({ annotations: { 'backstage.io/techdocs-ref': ' ' } }),
        'techdocs',
      ).present,
    ).toBe(false);
  });

  describe('tracing service name', () => {
    it('reads the annotation', () => {
      expect(
        field(
          entity({
            annotations: { 'service-ownership.io/service-name': 'orders-api' },
          }),
          'serviceName',
        ),
      ).toEqual({
        id: 'serviceName',
        label: 'Tracing service name',
        required: false,
        present: true,
        detail: 'orders-api',
      });
    });

    it('defaults to the name for components and resources', () => {
      expect(field(entity({ name: 'payments' }), 'serviceName').detail).toBe(
        'payments (the entity name)',
      );
      expect(
        field(entity({ kind: 'Resource', name: 'orders-db' }), 'serviceName')
          .detail,
      ).toBe('orders-db (the entity name)');
    });

    it('has no default for systems', () => {
      expect(field(entity({ kind: 'System' }), 'serviceName')).toEqual({
        id: 'serviceName',
        label: 'Tracing service name',
        required: false,
        present: false,
        hint: 'add the service-ownership.io/service-name annotation',
      });
    });

    it('does not count an invalid annotation, nor fall back to the name', () => {
      expect(
        field(
          entity({
            annotations: { 'service-ownership.io/service-name': 'orders svc' },
          }),
          'serviceName',
          { required: ['serviceName'] },
        ),
      ).toEqual({
        id: 'serviceName',
        label: 'Tracing service name',
        required: true,
        present: false,
        detail:
          'invalid: entry "orders svc" contains whitespace; service.name values are written without spaces and separated by commas',
        hint: 'add the service-ownership.io/service-name annotation',
      });
    });
  });

  describe('signal operations', () => {
    it('lists the operations', () => {
      expect(
        field(
          entity({
            annotations: {
              'service-ownership.io/signal-operations': 'place_order,cancel',
            },
          }),
          'signalOperations',
        ),
      ).toMatchObject({ present: true, detail: 'place_order, cancel' });
    });

    it('does not count an invalid annotation, and says why', () => {
      expect(
        field(
          entity({
            annotations: {
              'service-ownership.io/signal-operations': 'place_order,,cancel',
            },
          }),
          'signalOperations',
        ),
      ).toMatchObject({
        present: false,
        detail:
          'invalid: has an empty entry at position 2; separate operation names with single commas',
        hint: hintOf('signalOperations'),
      });
    });
  });

  describe('SLOs', () => {
    it('counts the valid definitions', () => {
      expect(
        field(
          entity({ annotations: { 'service-ownership.io/slos': SLO_LATENCY } }),
          'slos',
        ),
      ).toMatchObject({ present: true, detail: '1 SLO' });
    });

    it('counts the valid ones when some are invalid', () => {
      const slos = `${SLO_LATENCY}\n${SLO_ERRORS.replace('99.9%', '100%')}`;
      expect(
        field(
          entity({ annotations: { 'service-ownership.io/slos': slos } }),
          'slos',
        ),
      ).toEqual({
        id: 'slos',
        label: 'SLOs',
        required: false,
        present: true,
        detail: '1 SLO',
      });
    });

    it('does not count definitions that are all invalid, and says why', () => {
      const slos = SLO_ERRORS.replace('99.9%', '100%');
      expect(
        field(
          entity({ annotations: { 'service-ownership.io/slos': slos } }),
          'slos',
        ),
      ).toEqual({
        id: 'slos',
        label: 'SLOs',
        required: false,
        present: false,
        detail:
          'invalid: must be a percentage below 100, such as 99.9% (or a ratio such as 0.999)',
        hint: hintOf('slos'),
      });
    });
  });

  describe('on-call', () => {
    it("counts the entity's own catalog rotation", () => {
      expect(
        field(
          entity({ annotations: { 'service-ownership.io/on-call': ROTATION } }),
          'onCall',
        ),
      ).toMatchObject({ present: true, detail: 'catalog rotation' });
    });

    it('counts a PagerDuty service or an Opsgenie team annotation', () => {
      expect(
        field(
          entity({ annotations: { 'pagerduty.com/service-id': 'PX1234' } }),
          'onCall',
        ),
      ).toMatchObject({ present: true, detail: 'PagerDuty service PX1234' });
      expect(
        field(
          entity({ annotations: { 'opsgenie.com/team': 'checkout' } }),
          'onCall',
        ),
      ).toMatchObject({ present: true, detail: 'Opsgenie team checkout' });
    });

    it('prefers PagerDuty, then Opsgenie, then the catalog rotation', () => {
      expect(
        field(
          entity({
            annotations: {
              'service-ownership.io/on-call': ROTATION,
              'opsgenie.com/team': 'checkout',
              'pagerduty.com/service-id': 'PX1234',
            },
          }),
          'onCall',
        ).detail,
      ).toBe('PagerDuty service PX1234');
      expect(
        field(
          entity({
            annotations: {
              'service-ownership.io/on-call': ROTATION,
              'opsgenie.com/team': 'checkout',
              'pagerduty.com/service-id': ' ',
            },
          }),
          'onCall',
        ).detail,
      ).toBe('Opsgenie team checkout');
    });

    it("counts the owner group's schedule, naming the group", () => {
      const subject = entity({ owner: 'team-checkout' });
      expect(
        field(subject, 'onCall', {
          ownerGroup: group({ 'service-ownership.io/on-call': ROTATION }),
        }),
      ).toEqual({
        id: 'onCall',
        label: 'On-call',
        required: false,
        present: true,
        detail: 'catalog rotation of team-checkout',
      });
      expect(
        field(subject, 'onCall', {
          ownerGroup: group({ 'pagerduty.com/service-id': 'PGROUP' }),
        }).detail,
      ).toBe('PagerDuty service PGROUP of team-checkout');
      expect(
        field(subject, 'onCall', {
          ownerGroup: group({ 'opsgenie.com/team': 'checkout-team' }),
        }).detail,
      ).toBe('Opsgenie team checkout-team of team-checkout');
    });

    it('prefers the entity’s own schedule over the owner group’s', () => {
      expect(
        field(
          entity({ annotations: { 'pagerduty.com/service-id': 'POWN' } }),
          'onCall',
          { ownerGroup: group({ 'service-ownership.io/on-call': ROTATION }) },
        ).detail,
      ).toBe('PagerDuty service POWN');
    });

    it('is missing when neither the entity nor its owner group has a schedule', () => {
      expect(field(entity(), 'onCall', { ownerGroup: group({}) })).toEqual({
        id: 'onCall',
        label: 'On-call',
        required: false,
        present: false,
        hint: hintOf('onCall'),
      });
    });

    it('does not count an invalid rotation, and says so', () => {
      const invalid = ROTATION.replace('rotation: 1w', 'rotation: banana');
      expect(
        field(
          entity({ annotations: { 'service-ownership.io/on-call': invalid } }),
          'onCall',
          { required: ['onCall'] },
        ),
      ).toEqual({
        id: 'onCall',
        label: 'On-call',
        required: true,
        present: false,
        detail: 'invalid: the on-call schedule has problems',
        hint: hintOf('onCall'),
      });
      expect(
        check(group({ 'service-ownership.io/on-call': invalid }), {
          required: ['onCall'],
        }).missingRequired,
      ).toEqual(['On-call']);
    });

    it("does not count the owner group's invalid rotation", () => {
      const invalid = ROTATION.replace('rotation: 1w', 'rotation: banana');
      expect(
        field(entity(), 'onCall', {
          ownerGroup: group({ 'service-ownership.io/on-call': invalid }),
        }),
      ).toEqual({
        id: 'onCall',
        label: 'On-call',
        required: false,
        present: false,
        hint: hintOf('onCall'),
      });
    });
  });
});
