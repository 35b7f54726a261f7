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
import { allSourceStates, embeddedOnly } from '../__fixtures__/sources';
import {
  describeSourceStatus,
  formatPollDuration,
  formatSamplingRate,
  formatSeconds,
  sourceStatusTone,
  unhealthySourceIds,
} from './sources';

describe('sources', () => {
  it('colours ok green, pending grey, failing red and stale orange', () => {
    expect(
      (['ok', 'pending', 'failing', 'stale'] as const).map(sourceStatusTone),
    ).toEqual(['success', 'neutral', 'error', 'warning']);
  });

  it('lists the failing and stale sources', () => {
    expect(unhealthySourceIds(allSourceStates(Date.now()))).toEqual([
      'tempo',
      'prometheus-spanmetrics',
    ]);
    expect(unhealthySourceIds(embeddedOnly)).toEqual([]);
  });

  it('explains each status with the poll interval', () => {
    const [ok, , stale] = allSourceStates(Date.now()).traceSources;
    expect(describeSourceStatus(ok)).toBe(
      'The last poll succeeded; polled every 1 min.',
    );
    expect(describeSourceStatus(stale)).toContain('(5 min each)');
  });

  it('says durations in at most two units', () => {
    expect(
      [0, 45, 60, 90, 420, 3600, 7500, 7230, 90061, 2 * 86400].map(
        formatSeconds,
      ),
    ).toEqual([
      '0 s',
      '45 s',
      '1 min',
      '1 min 30 s',
      '7 min',
      '1 h',
      '2 h 5 min',
      '2 h',
      '1 d 1 h',
      '2 d',
    ]);
    expect([850, 1240].map(formatPollDuration)).toEqual(['850 ms', '1.2 s']);
  });

  it('shows a sampling rate below 1 as a percentage, nothing when every trace was read', () => {
    expect(
      [undefined, 1, 0.1, 0.025, 0.005, 0.00001].map(formatSamplingRate),
    ).toEqual([undefined, undefined, '10 %', '2.5 %', '0.5 %', '< 0.01 %']);
  });
});
