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
  Entity,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { IANAZone } from 'luxon';
import {
  Document,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  YAMLMap,
} from 'yaml';
import { ON_CALL_ANNOTATION } from '../annotations/keys';
import { annotationPath, OwnershipProblem } from '../annotations/validation';
import {
  DAY_MS,
  instantOf,
  isoInZone,
  MINUTE_MS,
  parseWrittenDateTime,
  wallTimeOf,
  WrittenDateTime,
} from './wallTime';

/**
 * The local time of day at which one shift hands over to the next.
 *
 * @public
 */
export interface OnCallHandoff {
  /** 0–23. */
  hour: number;
  /** 0–59. */
  minute: number;
}

/**
 * The length of one shift, as a luxon-compatible duration object: whole calendar days (`{ days: 7 }` for a
 * weekly rotation) or a number of hours that divides a day (`{ hours: 12 }`).
 *
 * @public
 */
export type OnCallRotationLength = { days: number } | { hours: number };

/**
 * One escalation level of a schedule: who takes turns, how long a turn is, and when the first turn starts.
 *
 * @public
 */
export interface OnCallLayer {
  /** 1 for the first responder, 2 for the first escalation layer, and so on. */
  level: number;
  /** How long an unacknowledged page waits at the previous level before reaching this one; 0 for level 1. */
  delayMinutes: number;
  /** Catalog user refs in turn order, e.g. `user:default/alice`; a person may appear more than once. */
  members: string[];
  rotation: OnCallRotationLength;
  /** When the first member's first shift starts: ISO 8601 with the schedule zone's offset. */
  start: string;
  handoff: OnCallHandoff;
}

/**
 * A person standing in at one level for a fixed interval.
 *
 * @public
 */
export interface OnCallOverride {
  /** The escalation level the override applies to (1 unless given). */
  level: number;
  /** Catalog user ref of the person standing in. */
  member: string;
  /** ISO 8601 with the schedule zone's offset; inclusive. */
  from: string;
  /** ISO 8601 with the schedule zone's offset; exclusive, after `from`. */
  to: string;
}

/**
 * A validated, normalised on-call schedule of a group (see {@link readOnCallSchedule}).
 *
 * The top-level `handoff`, `rotation` and `start` are those of the primary layer (`layers[0]`, level 1),
 * repeated for convenience.
 *
 * @public
 */
export interface OnCallSchedule {
  /** IANA time zone in which handoffs and local date-times are read, e.g. `Europe/Berlin`. */
  timeZone: string;
  handoff: OnCallHandoff;
  rotation: OnCallRotationLength;
  /** ISO 8601 with the zone's offset. */
  start: string;
  /** Every escalation level in order; `layers[i].level === i + 1`. */
  layers: OnCallLayer[];
  /** In the order written: where two overrides of one level overlap, the later one wins. */
  overrides: OnCallOverride[];
}

const FIELDS = [
  'timeZone',
  'handoff',
  'rotation',
  'start',
  'members',
  'escalation',
  'overrides',
];
const LAYER_FIELDS = ['after', 'members', 'rotation', 'handoff', 'start'];
const OVERRIDE_FIELDS = ['member', 'from', 'to', 'level'];
const HOURS_DIVIDING_A_DAY = [1, 2, 3, 4, 6, 8, 12];
const DEFAULT_HANDOFF: OnCallHandoff = { hour: 9, minute: 0 };

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function fail<T>(message: string): Parsed<T> {
  return { ok: false, message };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Milliseconds since local midnight of a wall time. */
function timeOfDay(wall: number): number {
  return ((wall % DAY_MS) + DAY_MS) % DAY_MS;
}

function formatHandoff(handoff: OnCallHandoff): string {
  return `${pad(handoff.hour)}:${pad(handoff.minute)}`;
}

function rotationMinutes(rotation: OnCallRotationLength): number {
  return 'days' in rotation ? rotation.days * 24 * 60 : rotation.hours * 60;
}

function formatRotation(rotation: OnCallRotationLength): string {
  return 'days' in rotation ? `${rotation.days}d` : `${rotation.hours}h`;
}

/** `HH:mm` (or `H:mm`), 24-hour clock. */
function parseHandoff(value: unknown): Parsed<OnCallHandoff> {
  const match =
    typeof value === 'string' ? /^(\d{1,2}):(\d{2})$/.exec(value.trim()) : null;
  if (match && Number(match[1]) < 24 && Number(match[2]) < 60) {
    return ok({ hour: Number(match[1]), minute: Number(match[2]) });
  }
  return fail(
    "must be a local time of day as 'HH:mm' on a 24-hour clock, e.g. '09:00'",
  );
}

/** `Nd`, `Nw`, `Nh`, or ISO 8601 `PnD`, `PnW`, `PTnH`. */
function parseRotation(value: unknown): Parsed<OnCallRotationLength> {
  const usage = `must be the length of one shift: days or weeks (1d, 7d, 2w, P1D, P1W) or hours that divide a day (${HOURS_DIVIDING_A_DAY.map(
    hours => `${hours}h`,
  ).join(', ')})`;
  if (typeof value !== 'string') return fail(usage);
  const text = value.trim();
  const match =
    /^(\d+)\s*([dwh])$/i.exec(text) ??
    /^P(\d+)([DW])$/i.exec(text) ??
    /^PT(\d+)(H)$/i.exec(text);
  if (!match || Number(match[1]) === 0) return fail(usage);
  const amount = Number(match[1]);
  const unit = match[2].toLocaleLowerCase('en-US');
  if (unit === 'h') {
    if (HOURS_DIVIDING_A_DAY.includes(amount)) return ok({ hours: amount });
    return fail(
      amount % 24 === 0
        ? `must be written in days for whole days, e.g. ${amount / 24}d`
        : usage,
    );
  }
  return ok({ days: unit === 'w' ? amount * 7 : amount });
}

/** `15m`, `1h`, `1h30m`, ISO 8601 `PT15M`, or a number of minutes. */
function parseDelay(value: unknown): Parsed<number> {
  const usage =
    'must be how long to wait before escalating to this level: minutes as a number or 15m, 1h, PT30M';
  let minutes: number | undefined;
  if (typeof value === 'number') {
    minutes = value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    const match =
      /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?$/i.exec(text) ??
      /^PT(?:(\d+)H)?(?:(\d+)M)?$/i.exec(text);
    if (match && (match[1] !== undefined || match[2] !== undefined)) {
      minutes = Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
    }
  }
  if (minutes === undefined || !Number.isInteger(minutes) || minutes < 1) {
    return fail(usage);
  }
  return ok(minutes);
}

/** A bare user name (in the group's namespace) or a user entity ref, as a full lower-case ref. */
function parseMember(value: unknown, namespace: string): Parsed<string> {
  const usage =
    'must be a user: a name such as alice or an entity ref such as user:default/alice';
  if (typeof value !== 'string' || value.trim() === '') return fail(usage);
  let ref;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: 'user',
      defaultNamespace: namespace,
    });
  } catch {
    return fail(usage);
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'user') {
    return fail(`must be a user, not a ${ref.kind}; list the people by name`);
  }
  if (
    !KubernetesValidatorFunctions.isValidNamespace(
      ref.namespace.toLocaleLowerCase('en-US'),
    ) ||
    !KubernetesValidatorFunctions.isValidObjectName(ref.name)
  ) {
    return fail(usage);
  }
  return ok(stringifyEntityRef(ref));
}

/** The written value of a field, for a problem's `value`. */
function written(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Reads the on-call schedule of a group from {@link ON_CALL_ANNOTATION}: a YAML mapping of
 *
 * - `timeZone` (required): IANA zone in which the handoff and every local date-time are read;
 * - `handoff`: local time of day of each handoff, `'HH:mm'`; defaults to the time written in `start`, else
 *   `'09:00'`;
 * - `rotation` (required): length of one shift, `1d`, `1w`, `2w`, `P7D`, or hours that divide a day (`12h`,
 *   `PT8H`);
 * - `start` (required): when the first member's first shift starts, `'YYYY-MM-DD'` (that date at the
 *   handoff) or a local `'YYYY-MM-DDTHH:mm'`, which must fall on a handoff;
 * - `members` (required): user names (read in the group's namespace) or user refs, in turn order;
 * - `escalation`: further levels (2, 3, …), each `{ after, members, rotation?, handoff?, start? }`, where
 *   `after` is the wait before escalating from the previous level and the others default to the primary's
 *   (a layer without `start` starts on the primary's start date, at its own handoff);
 * - `overrides`: `{ member, from, to, level? }` with local date-times in the zone (a date alone means that
 *   date at the level's handoff) or ISO 8601 with an offset; `level` defaults to 1.
 *
 * Every problem is an error located by field and YAML line
 * (`metadata.annotations["service-ownership.io/on-call"].escalation[0].after (line 9)`), and every field is
 * checked even when others are wrong. A schedule with any problem is not returned. Without the annotation
 * the answer is no schedule and no problems.
 *
 * @public
 */
export function readOnCallSchedule(entity: Entity): {
  schedule?: OnCallSchedule;
  problems: OwnershipProblem[];
} {
  const text: unknown = entity.metadata.annotations?.[ON_CALL_ANNOTATION];
  const base = annotationPath(ON_CALL_ANNOTATION);
  const problems: OwnershipProblem[] = [];
  if (text === undefined) {
    return { problems };
  }
  const problem = (path: string, message: string, value?: unknown) =>
    problems.push({
      severity: 'error',
      annotation: ON_CALL_ANNOTATION,
      path,
      ...(written(value) !== undefined ? { value: written(value) } : {}),
      message,
    });
  if (typeof text !== 'string') {
    problem(base, `must be a string of YAML, got ${typeof text}`);
    return { problems };
  }

  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    const { line, col } = lines.linePos(error.pos[0]);
    problem(
      base,
      `is not valid YAML: ${
        error.message.split('\n')[0]
      } (line ${line}, column ${col}); expected a mapping with timeZone, rotation, start and members`,
    );
    return { problems };
  }
  const at = (path: string, node: unknown) => {
    const line = lineOf(lines, node);
    return `${path}${line !== undefined ? ` (line ${line})` : ''}`;
  };
  if (!isMap(document.contents)) {
    problem(
      at(base, document.contents),
      'must be a YAML mapping with timeZone, rotation, start and members (and optionally handoff, escalation, overrides)',
    );
    return { problems };
  }

  const namespace = entity.metadata.namespace ?? 'default';
  const root = fieldsOf(document, document.contents, base, at);
  root.reportUnknown(FIELDS, 'an on-call schedule', problem);

  // The zone: needed to place local date-times, so later checks that need it are skipped without one.
  let zone: IANAZone | undefined;
  const timeZone = root.value('timeZone');
  if (timeZone === undefined) {
    problem(
      root.where('timeZone'),
      'is required: the IANA time zone the handoffs are in, e.g. Europe/Berlin',
    );
  } else if (
    typeof timeZone !== 'string' ||
    !IANAZone.isValidZone(timeZone.trim())
  ) {
    problem(
      root.where('timeZone'),
      'must be an IANA time zone name such as Europe/Berlin or America/New_York',
      timeZone,
    );
  } else {
    zone = IANAZone.create(timeZone.trim());
  }

  const readHandoff = (fields: Fields): OnCallHandoff | undefined | null => {
    const value = fields.value('handoff');
    if (value === undefined) return undefined;
    const parsed = parseHandoff(value);
    if (!parsed.ok) {
      problem(fields.where('handoff'), parsed.message, value);
      return null;
    }
    return parsed.value;
  };
  const readRotation = (
    fields: Fields,
    required: boolean,
  ): OnCallRotationLength | undefined | null => {
    const value = fields.value('rotation');
    if (value === undefined) {
      if (required) {
        problem(
          fields.where('rotation'),
          'is required: the length of one shift, e.g. 1w, 1d or 12h',
        );
        return null;
      }
      return undefined;
    }
    const parsed = parseRotation(value);
    if (!parsed.ok) {
      problem(fields.where('rotation'), parsed.message, value);
      return null;
    }
    return parsed.value;
  };
  const readStart = (
    fields: Fields,
    required: boolean,
  ): WrittenDateTime | undefined | null => {
    const value = fields.value('start');
    if (value === undefined) {
      if (required) {
        problem(
          fields.where('start'),
          "is required: the date the first member's first shift starts, e.g. '2026-11-02'",
        );
        return null;
      }
      return undefined;
    }
    const parsed = parseWrittenDateTime(value);
    if (!parsed) {
      problem(
        fields.where('start'),
        "must be a date 'YYYY-MM-DD' (starting at the handoff) or a local date-time 'YYYY-MM-DDTHH:mm'",
        value,
      );
      return null;
    }
    return parsed;
  };
  const readMembers = (fields: Fields): string[] | undefined => {
    const node = fields.node('members');
    if (!isSeq(node) || node.items.length === 0) {
      const value = fields.value('members');
      problem(
        fields.where('members'),
        `${
          value === undefined ? 'is required' : 'must be'
        }: a non-empty list of users in turn order, e.g. [alice, bob] or [user:default/alice]`,
        value,
      );
      return undefined;
    }
    const members: string[] = [];
    node.items.forEach((item, index) => {
      const value = isNode(item) ? item.toJS(document) : item;
      const parsed = parseMember(value, namespace);
      if (parsed.ok) {
        members.push(parsed.value);
      } else {
        problem(
          at(`${fields.path}.members[${index}]`, item),
          parsed.message,
          value,
        );
      }
    });
    return members.length === node.items.length ? members : undefined;
  };
  /** The wall time of a start as written, once the zone and handoff are known. */
  const startWall = (
    start: WrittenDateTime,
    handoff: OnCallHandoff,
  ): number | undefined => {
    if (start.kind === 'instant') {
      return zone ? wallTimeOf(start.instant, zone) : undefined;
    }
    return start.hasTime
      ? start.wall
      : start.wall + (handoff.hour * 60 + handoff.minute) * MINUTE_MS;
  };
  /** The handoff implied by a start written with a time of day. */
  const handoffOfStart = (
    start: WrittenDateTime | undefined | null,
  ): OnCallHandoff | undefined => {
    if (!start || (start.kind === 'local' && !start.hasTime)) return undefined;
    const wall = startWall(start, DEFAULT_HANDOFF);
    if (wall === undefined) return undefined;
    const minutes = Math.floor(timeOfDay(wall) / MINUTE_MS);
    return { hour: Math.floor(minutes / 60), minute: minutes % 60 };
  };
  /** Checks that a start falls on a handoff and places it in the zone, as ISO 8601. */
  const placeStart = (
    where: string,
    writtenValue: unknown,
    wall: number,
    handoff: OnCallHandoff,
    rotation: OnCallRotationLength,
  ): string | undefined => {
    const grid = Math.min(rotationMinutes(rotation), 24 * 60);
    const minuteOfDay = timeOfDay(wall) / MINUTE_MS;
    const handoffMinute = handoff.hour * 60 + handoff.minute;
    if ((((minuteOfDay - handoffMinute) % grid) + grid) % grid !== 0) {
      const time = formatHandoff({
        hour: Math.floor(minuteOfDay / 60),
        minute: Math.floor(minuteOfDay % 60),
      });
      const handoffs = Array.from({ length: (24 * 60) / grid }, (_, i) => {
        const minute = (handoffMinute + i * grid) % (24 * 60);
        return formatHandoff({
          hour: Math.floor(minute / 60),
          minute: minute % 60,
        });
      }).sort();
      problem(
        where,
        `starts at ${time}, which is not a handoff of this ${formatRotation(
          rotation,
        )} rotation (${handoffs.join(
          ', ',
        )}); write the date alone or a time on a handoff`,
        writtenValue,
      );
      return undefined;
    }
    return zone ? isoInZone(instantOf(wall, zone), zone) : undefined;
  };

  // Level 1: the primary rotation.
  const writtenHandoff = readHandoff(root);
  const rotation = readRotation(root, true);
  const start = readStart(root, true);
  // An invalid handoff (null) stays invalid rather than falling back to a default.
  const handoff =
    writtenHandoff === undefined
      ? handoffOfStart(start) ?? DEFAULT_HANDOFF
      : writtenHandoff;
  const members = readMembers(root);
  const primaryWall = start && handoff ? startWall(start, handoff) : undefined;
  const primaryStart =
    primaryWall !== undefined && handoff && rotation
      ? placeStart(
          root.where('start'),
          root.value('start'),
          primaryWall,
          handoff,
          rotation,
        )
      : undefined;
  const layers: Array<OnCallLayer | undefined> = [
    handoff && rotation && primaryStart && members
      ? {
          level: 1,
          delayMinutes: 0,
          members,
          rotation,
          start: primaryStart,
          handoff,
        }
      : undefined,
  ];

  // Levels 2, 3, …: escalation layers, defaulting to the primary's rotation, handoff and start date.
  const escalation = root.node('escalation');
  if (escalation !== undefined && !isSeq(escalation)) {
    problem(
      root.where('escalation'),
      'must be a list of escalation layers, each { after, members }',
      root.value('escalation'),
    );
  } else if (isSeq(escalation)) {
    escalation.items.forEach((item, index) => {
      const path = `${base}.escalation[${index}]`;
      if (!isMap(item)) {
        problem(
          at(path, item),
          'must be a mapping with after and members (and optionally rotation, handoff, start)',
        );
        layers.push(undefined);
        return;
      }
      const fields = fieldsOf(document, item, path, at);
      fields.reportUnknown(LAYER_FIELDS, 'an escalation layer', problem);
      let delayMinutes: number | undefined;
      const after = fields.value('after');
      if (after === undefined) {
        problem(
          fields.where('after'),
          'is required: how long to wait before escalating to this level, e.g. 15m',
        );
      } else {
        const parsed = parseDelay(after);
        if (parsed.ok) delayMinutes = parsed.value;
        else problem(fields.where('after'), parsed.message, after);
      }
      const layerMembers = readMembers(fields);
      const ownRotation = readRotation(fields, false);
      const ownHandoff = readHandoff(fields);
      const ownStart = readStart(fields, false);
      const layerRotation = ownRotation === undefined ? rotation : ownRotation;
      const layerHandoff =
        ownHandoff === undefined
          ? handoffOfStart(ownStart) ?? handoff
          : ownHandoff;
      let layerStart: string | undefined;
      if (layerHandoff && layerRotation) {
        let wall: number | undefined;
        let writtenStart: unknown;
        let where = fields.where('start');
        if (ownStart) {
          wall = startWall(ownStart, layerHandoff);
          writtenStart = fields.value('start');
        } else if (ownStart === undefined && primaryWall !== undefined) {
          wall =
            primaryWall -
            timeOfDay(primaryWall) +
            (layerHandoff.hour * 60 + layerHandoff.minute) * MINUTE_MS;
          writtenStart = root.value('start');
          where = root.where('start');
        }
        layerStart =
          wall === undefined
            ? undefined
            : placeStart(
                where,
                writtenStart,
                wall,
                layerHandoff,
                layerRotation,
              );
      }
      layers.push(
        delayMinutes !== undefined &&
          layerMembers &&
          layerRotation &&
          layerHandoff &&
          layerStart
          ? {
              level: index + 2,
              delayMinutes,
              members: layerMembers,
              rotation: layerRotation,
              start: layerStart,
              handoff: layerHandoff,
            }
          : undefined,
      );
    });
  }

  // Overrides, at any level.
  const overrides: OnCallOverride[] = [];
  const overridesNode = root.node('overrides');
  if (overridesNode !== undefined && !isSeq(overridesNode)) {
    problem(
      root.where('overrides'),
      'must be a list of overrides, each { member, from, to, level? }',
      root.value('overrides'),
    );
  } else if (isSeq(overridesNode)) {
    overridesNode.items.forEach((item, index) => {
      const path = `${base}.overrides[${index}]`;
      if (!isMap(item)) {
        problem(
          at(path, item),
          'must be a mapping with member, from and to (and optionally level)',
        );
        return;
      }
      const fields = fieldsOf(document, item, path, at);
      fields.reportUnknown(OVERRIDE_FIELDS, 'an override', problem);
      const before = problems.length;
      const memberValue = fields.value('member');
      let member: string | undefined;
      if (memberValue === undefined) {
        problem(
          fields.where('member'),
          'is required: the user standing in, e.g. alice',
        );
      } else {
        const parsed = parseMember(memberValue, namespace);
        if (parsed.ok) member = parsed.value;
        else problem(fields.where('member'), parsed.message, memberValue);
      }
      const levelValue = fields.value('level') ?? 1;
      const level =
        typeof levelValue === 'number' &&
        Number.isInteger(levelValue) &&
        levelValue >= 1 &&
        levelValue <= layers.length
          ? levelValue
          : undefined;
      if (level === undefined) {
        problem(
          fields.where('level'),
          layers.length === 1
            ? 'must be 1 (the schedule has no escalation layers)'
            : `must be an escalation level from 1 to ${layers.length}`,
          levelValue,
        );
      }
      const levelHandoff =
        (level === undefined ? undefined : layers[level - 1]?.handoff) ??
        handoff ??
        DEFAULT_HANDOFF;
      // Instants when the zone is known; without it, local wall times still tell the order.
      const instants: Record<'from' | 'to', number | undefined> = {
        from: undefined,
        to: undefined,
      };
      const walls: Record<'from' | 'to', number | undefined> = {
        from: undefined,
        to: undefined,
      };
      for (const field of ['from', 'to'] as const) {
        const value = fields.value(field);
        const parsed = parseWrittenDateTime(value);
        if (!parsed) {
          problem(
            fields.where(field),
            value === undefined
              ? "is required: a local date-time 'YYYY-MM-DDTHH:mm' in the schedule's zone (or ISO 8601 with an offset)"
              : "must be a local date-time 'YYYY-MM-DDTHH:mm' in the schedule's zone (or ISO 8601 with an offset)",
            value,
          );
        } else if (parsed.kind === 'instant') {
          instants[field] = parsed.instant;
        } else {
          walls[field] = parsed.hasTime
            ? parsed.wall
            : parsed.wall +
              (levelHandoff.hour * 60 + levelHandoff.minute) * MINUTE_MS;
          instants[field] = zone ? instantOf(walls[field]!, zone) : undefined;
        }
      }
      const [from, to] =
        instants.from !== undefined && instants.to !== undefined
          ? [instants.from, instants.to]
          : [walls.from, walls.to];
      if (from !== undefined && to !== undefined && from >= to) {
        problem(
          fields.where('to'),
          `must be after from (${fields.value('from')})`,
          fields.value('to'),
        );
      }
      if (
        problems.length === before &&
        zone &&
        member &&
        level !== undefined &&
        instants.from !== undefined &&
        instants.to !== undefined
      ) {
        overrides.push({
          level,
          member,
          from: isoInZone(instants.from, zone),
          to: isoInZone(instants.to, zone),
        });
      }
    });
  }

  if (problems.length > 0 || !zone) {
    return { problems };
  }
  const complete = layers as OnCallLayer[];
  return {
    schedule: {
      timeZone: zone.name,
      handoff: complete[0].handoff,
      rotation: complete[0].rotation,
      start: complete[0].start,
      layers: complete,
      overrides,
    },
    problems,
  };
}

/** The line a YAML node starts on. */
function lineOf(lines: LineCounter, node: unknown): number | undefined {
  const range =
    node && typeof node === 'object' && 'range' in node
      ? (node as { range?: [number, number, number] | null }).range
      : undefined;
  return range ? lines.linePos(range[0]).line : undefined;
}

/** Access to the fields of one YAML mapping, each located at the line of its key. */
interface Fields {
  /** The path of the mapping, without a line. */
  path: string;
  /** The field's value as plain data; undefined when absent. */
  value(field: string): unknown;
  /** The field's YAML node; undefined when absent. */
  node(field: string): unknown;
  /** `path.field (line N)`: the line of the field's key, or of the mapping when the field is absent. */
  where(field: string): string;
  reportUnknown(
    allowed: string[],
    what: string,
    problem: (path: string, message: string) => void,
  ): void;
}

function fieldsOf(
  document: Document,
  map: YAMLMap,
  path: string,
  at: (path: string, node: unknown) => string,
): Fields {
  const keyOf = (key: unknown) =>
    String(isScalar(key) ? key.value : written(key));
  const pair = (field: string) =>
    map.items.find(item => keyOf(item.key) === field);
  const node = (field: string) => pair(field)?.value ?? undefined;
  return {
    path,
    node,
    value(field) {
      const found = pair(field);
      if (!found) return undefined;
      const value = isNode(found.value)
        ? found.value.toJS(document)
        : found.value;
      return value ?? undefined;
    },
    where(field) {
      return at(`${path}.${field}`, pair(field)?.key ?? map);
    },
    reportUnknown(allowed, what, problem) {
      for (const item of map.items) {
        const key = keyOf(item.key);
        if (!allowed.includes(key)) {
          problem(
            at(`${path}.${key}`, item.key),
            `is not a field of ${what}; expected one of ${allowed.join(', ')}`,
          );
        }
      }
    },
  };
}
