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
  SERVICE_NAME_ANNOTATION,
  SLOS_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';

/**
 * Where the drift's `yamlToAdd` lines go: under `spec:` when they start with the `dependsOn:` key (the
 * entity declares no `dependsOn` yet), else appended to the entity's existing `spec.dependsOn` list.
 */
export function yamlPlacement(yamlToAdd: string): 'spec' | 'dependsOn' {
  return /^\s*dependsOn:/.test(yamlToAdd) ? 'spec' : 'dependsOn';
}

/**
 * A link to where an entity's `catalog-info.yaml` lives, from the catalog's location: `url:` locations
 * and plain http(s) URLs link; others (such as `file:` on the backend's disk) do not.
 */
export function sourceLocationUrl(
  sourceLocation: string | undefined,
): string | undefined {
  if (!sourceLocation) {
    return undefined;
  }
  const target = sourceLocation.replace(/^url:/, '');
  return /^https?:\/\//i.test(target) ? target : undefined;
}

/** Characters a plain YAML scalar may hold without quoting in this position. */
const PLAIN_SCALAR = /^[A-Za-z0-9<][\w.\/,<> -]*$/;

/**
 * The annotation block that claims trace nodes for an entity, ready to paste under `metadata:`.
 */
export function claimAnnotationYaml(serviceNames: string[]): string {
  const value = serviceNames.join(', ');
  return [
    'metadata:',
    '  annotations:',
    `    ${SERVICE_NAME_ANNOTATION}: ${
      PLAIN_SCALAR.test(value) ? value : JSON.stringify(value)
    }`,
  ].join('\n');
}

/**
 * An example of the SLO annotation, ready to paste under `metadata:` and adapt: one latency SLO on a
 * signal operation.
 */
export function sloAnnotationExampleYaml(): string {
  return [
    'metadata:',
    '  annotations:',
    `    ${SLOS_ANNOTATION}: |`,
    '      - name: place-order-latency',
    '        operation: place_order',
    '        sli: latency',
    '        threshold: 300ms',
    '        objective: 99%',
    '        window: 28d',
  ].join('\n');
}

/**
 * An example of the on-call annotation of a Group, ready to paste under `metadata:` and adapt: a weekly
 * rotation handing over on Mondays at 09:00 Berlin time, escalating to a second layer after 15 minutes.
 */
export function onCallAnnotationExampleYaml(): string {
  return [
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
  ].join('\n');
}

/**
 * SLO definitions (the annotation's value, a YAML list) as the annotation block to paste under `metadata:`.
 */
export function sloAnnotationBlockYaml(definitionsYaml: string): string {
  const lines = definitionsYaml.replace(/\s+$/, '').split('\n');
  return [
    'metadata:',
    '  annotations:',
    `    ${SLOS_ANNOTATION}: |`,
    ...lines.map(line => (line === '' ? '' : `      ${line}`)),
  ].join('\n');
}

/** The path of the alert intake on the Backstage backend. */
export const ALERT_INTAKE_PATH = '/api/ownership/v1/alerts';

/**
 * The Alertmanager receiver that sends alerts to the intake, ready to paste and adapt: the backend's address
 * and the static token of `backend.auth.externalAccess` are placeholders.
 */
export function alertmanagerReceiverYaml(): string {
  return [
    'receivers:',
    '  - name: service-ownership',
    '    webhook_configs:',
    `      - url: https://<backstage backend>${ALERT_INTAKE_PATH}`,
    '        send_resolved: true',
    '        http_config:',
    '          authorization:',
    '            credentials: <a static token of backend.auth.externalAccess>',
  ].join('\n');
}
