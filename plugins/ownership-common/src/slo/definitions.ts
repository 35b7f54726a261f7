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
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { SLOS_ANNOTATION } from '../annotations/keys';
import { annotationPath, OwnershipProblem } from '../annotations/validation';

/**
 * What an SLO measures: `latency` (good = duration ≤ threshold), `error-rate` (good = not an error), or
 * `availability` (good = not a server-side failure; here the same as `error-rate` on server spans).
 *
 * @public
 */
export type SliType = 'latency' | 'error-rate' | 'availability';

/**
 * One validated SLO definition of an entity.
 *
 * @public
 */
export interface SloDefinition {
  /** Unique within the entity: lower-case letters, digits and dashes. */
  name: string;
  description?: string;
  /** The span name measured: a signal operation (measured at its root span) or an operation of the service. */
  operation: string;
  /** The trace service, when not the entity's own (first claimed) one. */
  service?: string;
  sli: SliType;
  /** For latency SLIs: the duration a request must not exceed to be good, in milliseconds. */
  thresholdMs?: number;
  /** Share of good requests promised, 0 < objective < 1 (99.9 % is 0.999). */
  objective: number;
  /** Rolling window in days. */
  windowDays: number;
}

const SLI_TYPES: SliType[] = ['latency', 'error-rate', 'availability'];
const WINDOWS_DAYS = [1, 7, 14, 28, 30];
const FIELDS = [
  'name',
  'description',
  'operation',
  'service',
  'sli',
  'threshold',
  'objective',
  'window',
];
const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** `300ms`, `1.5s` or a number of milliseconds. */
function parseThreshold(value: unknown): number | undefined {
  if (typeof value === 'number' && value > 0) return value;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s)$/.exec(value.trim());
  if (!match) return undefined;
  const amount = Number(match[1]) * (match[2] === 's' ? 1000 : 1);
  return amount > 0 ? amount : undefined;
}

/** `99.9%`, `99.9` (percent) or `0.999`. */
function parseObjective(value: unknown): number | undefined {
  let ratio: number | undefined;
  if (typeof value === 'number') {
    ratio = value >= 1 ? value / 100 : value;
  } else if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(value.trim());
    ratio = match ? Number(match[1]) / 100 : undefined;
  }
  // Percentages divided by 100 pick up float noise (99.9 / 100 = 0.9990000000000001).
  ratio = ratio === undefined ? undefined : Number(ratio.toPrecision(12));
  return ratio !== undefined && ratio > 0 && ratio < 1 ? ratio : undefined;
}

/** `28d` or `4w`. */
function parseWindow(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+)\s*([dw])$/.exec(value.trim());
  if (!match) return undefined;
  const days = Number(match[1]) * (match[2] === 'w' ? 7 : 1);
  return WINDOWS_DAYS.includes(days) ? days : undefined;
}

/**
 * Reads the SLO definitions of an entity from {@link SLOS_ANNOTATION}: a YAML list of
 * `{ name, operation, sli, threshold?, objective, window, service?, description? }`. Every problem is
 * located (`metadata.annotations["service-ownership.io/slos"][1].objective`, with the line in the YAML) and
 * only that definition is left out: the others, and the rest of the entity, keep working.
 *
 * @public
 */
export function readSloDefinitions(entity: Entity): {
  slos: SloDefinition[];
  problems: OwnershipProblem[];
  /** Names of the definitions left out because of their problems (those that have a name). */
  invalidNames: string[];
} {
  const text = entity.metadata.annotations?.[SLOS_ANNOTATION];
  const base = annotationPath(SLOS_ANNOTATION);
  const problems: OwnershipProblem[] = [];
  const slos: SloDefinition[] = [];
  const invalidNames: string[] = [];
  if (text === undefined) {
    return { slos, problems, invalidNames };
  }
  const problem = (path: string, message: string, value?: string) =>
    problems.push({
      severity: 'error',
      annotation: SLOS_ANNOTATION,
      path,
      value,
      message,
    });

  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    const { line, col } = lines.linePos(error.pos[0]);
    problem(
      base,
      `is not valid YAML: ${
        error.message.split('\n')[0]
      } (line ${line}, column ${col}); expected a list of SLO definitions`,
    );
    return { slos, problems, invalidNames };
  }
  if (!isSeq(document.contents)) {
    problem(
      base,
      'must be a YAML list of SLO definitions (each item starting with "- name: ...")',
    );
    return { slos, problems, invalidNames };
  }

  const names = new Set<string>();
  document.contents.items.forEach((item, index) => {
    const at = `${base}[${index}]`;
    const line =
      item && typeof item === 'object' && 'range' in item && item.range
        ? lines.linePos(item.range[0]).line
        : undefined;
    const where = (field: string) =>
      `${at}.${field}${line !== undefined ? ` (line ${line})` : ''}`;
    if (!isMap(item)) {
      problem(
        `${at}${line !== undefined ? ` (line ${line})` : ''}`,
        'must be a mapping with name, operation, sli, objective and window',
      );
      return;
    }
    const raw = item.toJSON() as Record<string, unknown>;
    const before = problems.length;
    for (const key of Object.keys(raw)) {
      if (!FIELDS.includes(key)) {
        problem(
          where(key),
          `is not a field of an SLO; expected one of ${FIELDS.join(', ')}`,
        );
      }
    }
    const name = raw.name;
    if (typeof name !== 'string' || !NAME.test(name)) {
      problem(
        where('name'),
        'must be lower-case letters, digits and dashes (at most 63), e.g. place-order-latency',
        name === undefined ? undefined : String(name),
      );
    } else if (names.has(name)) {
      problem(
        where('name'),
        `"${name}" is used by an earlier SLO of this entity; names must be unique`,
        name,
      );
    }
    const operation = raw.operation;
    if (typeof operation !== 'string' || operation.trim() === '') {
      problem(
        where('operation'),
        'is required: the span name to measure, e.g. place_order',
      );
    }
    if (
      raw.service !== undefined &&
      (typeof raw.service !== 'string' || raw.service.trim() === '')
    ) {
      problem(
        where('service'),
        'must be a trace service name (service.name) when given',
      );
    }
    const sli = raw.sli;
    if (typeof sli !== 'string' || !SLI_TYPES.includes(sli as SliType)) {
      problem(
        where('sli'),
        `must be one of ${SLI_TYPES.join(', ')}`,
        sli === undefined ? undefined : String(sli),
      );
    }
    const thresholdMs = parseThreshold(raw.threshold);
    if (sli === 'latency' && thresholdMs === undefined) {
      problem(
        where('threshold'),
        'is required for a latency SLI: a positive duration such as 300ms or 1.5s',
        raw.threshold === undefined ? undefined : String(raw.threshold),
      );
    } else if (sli !== 'latency' && raw.threshold !== undefined) {
      problem(
        where('threshold'),
        `applies to latency SLIs only, not ${String(sli)}`,
      );
    }
    const objective = parseObjective(raw.objective);
    if (objective === undefined) {
      problem(
        where('objective'),
        'must be a percentage below 100, such as 99.9% (or a ratio such as 0.999)',
        raw.objective === undefined ? undefined : String(raw.objective),
      );
    }
    const windowDays = parseWindow(raw.window);
    if (windowDays === undefined) {
      problem(
        where('window'),
        `must be a rolling window of ${WINDOWS_DAYS.map(d => `${d}d`).join(
          ', ',
        )} (or 1w, 2w, 4w)`,
        raw.window === undefined ? undefined : String(raw.window),
      );
    }
    if (typeof name === 'string') names.add(name);
    if (problems.length > before) {
      if (typeof name === 'string') invalidNames.push(name);
      return;
    }
    slos.push({
      name: name as string,
      ...(typeof raw.description === 'string'
        ? { description: raw.description }
        : {}),
      operation: (operation as string).trim(),
      ...(typeof raw.service === 'string'
        ? { service: raw.service.trim() }
        : {}),
      sli: sli as SliType,
      ...(thresholdMs !== undefined ? { thresholdMs } : {}),
      objective: objective!,
      windowDays: windowDays!,
    });
  });
  return { slos, problems, invalidNames };
}
