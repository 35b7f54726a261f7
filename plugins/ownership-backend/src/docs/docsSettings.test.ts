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
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/config';
import { readDocsSettings, readOwnershipConfig } from '../config';
import { DEFAULT_DOCS_SETTINGS } from './DocsHealthService';

/** The settings read from `ownership.docs`, as the plugin reads them (the `ownership` block). */
function read(docs: JsonObject | undefined, dependencyWindowDays = 30) {
  return readDocsSettings(
    new ConfigReader(docs === undefined ? {} : { docs }),
    dependencyWindowDays,
  );
}

describe('readDocsSettings', () => {
  it('answers the defaults without ownership config, with the dependency window passed in', () => {
    expect(readDocsSettings(undefined, 30)).toEqual(DEFAULT_DOCS_SETTINGS);
    expect(readDocsSettings(undefined, 7)).toEqual({
      ...DEFAULT_DOCS_SETTINGS,
      dependencyWindowDays: 7,
    });
    expect(read(undefined, 12)).toEqual({
      ...DEFAULT_DOCS_SETTINGS,
      dependencyWindowDays: 12,
    });
    expect(DEFAULT_DOCS_SETTINGS).toMatchObject({
      defaultIntervalDays: 90,
      dueSoonDays: 14,
      maxSnoozeDays: 90,
      kinds: ['component', 'resource', 'api', 'system'],
      required: {},
      nudges: {
        enabled: true,
        digest: false,
        states: ['incomplete', 'overdue', 'stale', 'due-soon'],
      },
    });
  });

  it('answers the defaults for an empty docs block too', () => {
    expect(read({})).toEqual(DEFAULT_DOCS_SETTINGS);
  });

  it('takes the docs window from dependencies.driftWindowDays in the whole ownership config', () => {
    const settings = readOwnershipConfig(
      new ConfigReader({
        ownership: { dependencies: { driftWindowDays: 14 } },
      }),
    );
    expect(settings.docs.dependencyWindowDays).toBe(14);
    expect(settings.docs.defaultIntervalDays).toBe(90);
  });

  it('reads every setting, lower-casing kinds in intervals, kinds and required items', () => {
    const settings = read({
      intervalDays: 60,
      intervalDaysByKind: { Resource: 180, API: 365 },
      dueSoonDays: 7,
      kinds: ['Component', 'API'],
      required: {
        Component: ['owner', 'runbook', 'slos'],
        api: ['owner', 'techdocs'],
      },
      maxSnoozeDays: 30,
      nudges: {
        enabled: false,
        frequencyMinutes: 15,
        initialDelaySeconds: 5,
        digest: true,
        states: ['overdue', 'incomplete'],
      },
    });
    expect(settings).toEqual({
      defaultIntervalDays: 60,
      intervalDaysByKind: { resource: 180, api: 365 },
      dueSoonDays: 7,
      kinds: ['component', 'api'],
      required: {
        component: ['owner', 'runbook', 'slos'],
        api: ['owner', 'techdocs'],
      },
      dependencyWindowDays: 30,
      maxSnoozeDays: 30,
      nudges: {
        enabled: false,
        frequencyMinutes: 15,
        initialDelaySeconds: 5,
        digest: true,
        states: ['overdue', 'incomplete'],
      },
    });
  });

  it('keeps the defaults of what is not set', () => {
    const settings = read({ intervalDays: 30, nudges: { digest: true } });
    expect(settings).toEqual({
      ...DEFAULT_DOCS_SETTINGS,
      defaultIntervalDays: 30,
      nudges: { ...DEFAULT_DOCS_SETTINGS.nudges, digest: true },
    });
  });

  it('refuses an unknown template item in required, naming the key, the item and the valid ones', () => {
    expect(() =>
      read({ required: { component: ['owner', 'runbok'] } }),
    ).toThrow(
      /ownership\.docs\.required\.component: "runbok" is not an item of the ops-doc template; expected one of owner, description, runbook, dashboard, alerts, techdocs, serviceName, signalOperations, slos, onCall/,
    );
  });

  it('refuses a state that is not a docs health state in nudges.states', () => {
    expect(() => read({ nudges: { states: ['overdue', 'late'] } })).toThrow(
      /ownership\.docs\.nudges\.states: "late"; expected some of incomplete, overdue, stale, due-soon, fresh/,
    );
  });

  it.each([
    [{ intervalDays: 0 }, 'intervalDays=0'],
    [{ intervalDays: -5 }, 'intervalDays=-5'],
    [{ intervalDays: 1.5 }, 'intervalDays=1.5'],
    [{ intervalDays: 4000 }, 'intervalDays=4000'],
    [{ dueSoonDays: 0 }, 'dueSoonDays=0'],
    [{ maxSnoozeDays: 0 }, 'maxSnoozeDays=0'],
    [{ intervalDaysByKind: { resource: 0 } }, 'intervalDaysByKind.resource=0'],
  ])('refuses %j, naming the key', (docs, key) => {
    expect(() => read(docs)).toThrow(
      new RegExp(
        `Invalid config value ownership\\.docs\\.${key.replace(
          /[.]/g,
          '\\.',
        )}; expected a whole number of days from 1 to 3650`,
      ),
    );
  });

  it.each([
    [{ nudges: { frequencyMinutes: 0 } }, 'nudges.frequencyMinutes=0'],
    [{ nudges: { initialDelaySeconds: -1 } }, 'nudges.initialDelaySeconds=-1'],
  ])('refuses %j, naming the key', (docs, key) => {
    expect(() => read(docs)).toThrow(
      `Invalid config value ownership.docs.${key}; expected a positive number`,
    );
  });

  it('refuses a value of the wrong type through the config reader', () => {
    expect(() => read({ intervalDays: 'ninety' as any })).toThrow(
      /docs\.intervalDays/,
    );
    expect(() => read({ required: { component: 'owner' as any } })).toThrow(
      /docs\.required\.component/,
    );
  });
});
