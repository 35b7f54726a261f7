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

import { LatencySketch } from './LatencySketch';

/** mulberry32: a tiny seeded PRNG so every run sees the same values. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lognormal durations in ns around a median of 20 ms (σ = 1, so p99.9 is ~440 ms). */
function lognormalNanos(count: number, seed: number): number[] {
  const random = seededRandom(seed);
  const values: number[] = [];
  while (values.length < count) {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const u = 1 - random();
    const v = random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    values.push(20e6 * Math.exp(z));
  }
  return values;
}

/** Pareto durations in ns, minimum 1 ms, shape 1.2: a heavy tail reaching minutes. */
function paretoNanos(count: number, seed: number): number[] {
  const random = seededRandom(seed);
  const values: number[] = [];
  while (values.length < count) {
    values.push(1e6 * Math.pow(1 - random(), -1 / 1.2));
  }
  return values;
}

/** The value at rank floor(q × (n − 1)), the rank DDSketch answers for. */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

const QUANTILES = [0.5, 0.9, 0.99, 0.999];
const VALUE_COUNT = 100_000;
const MINUTES_PER_DAY = 1440;

function worstRelativeError(sketch: LatencySketch, values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  let worst = 0;
  for (const q of QUANTILES) {
    const exact = exactQuantile(sorted, q);
    const estimate = sketch.quantile(q)!;
    worst = Math.max(worst, Math.abs(estimate - exact) / exact);
  }
  return worst;
}

function sketchOf(values: number[]): LatencySketch {
  const sketch = new LatencySketch();
  for (const value of values) {
    sketch.record(value);
  }
  return sketch;
}

/** Splits values over 1,440 minute sketches, round-trips each through bytes and merges them. */
function mergedFromMinutes(values: number[]): {
  merged: LatencySketch;
  largestMinuteBytes: number;
} {
  const minutes = Array.from(
    { length: MINUTES_PER_DAY },
    () => new LatencySketch(),
  );
  values.forEach((value, i) => minutes[i % MINUTES_PER_DAY].record(value));
  let largestMinuteBytes = 0;
  const decoded = minutes.map(minute => {
    const bytes = minute.toProto();
    largestMinuteBytes = Math.max(largestMinuteBytes, bytes.length);
    return LatencySketch.fromProto(bytes);
  });
  return { merged: LatencySketch.mergeAll(decoded), largestMinuteBytes };
}

describe('LatencySketch', () => {
  const distributions = [
    { name: 'lognormal', values: lognormalNanos(VALUE_COUNT, 42) },
    { name: 'Pareto (shape 1.2)', values: paretoNanos(VALUE_COUNT, 7) },
  ];

  describe.each(distributions)('on 10^5 $name durations', ({ values }) => {
    it('answers p50, p90, p99 and p99.9 within 1 %', () => {
      const sketch = sketchOf(values);
      expect(sketch.count).toBe(VALUE_COUNT);
      expect(worstRelativeError(sketch, values)).toBeLessThanOrEqual(0.01);
    });

    it('stays within 1 % after 1,440 minute sketches are serialized, read back and merged', () => {
      const { merged, largestMinuteBytes } = mergedFromMinutes(values);
      expect(merged.count).toBe(VALUE_COUNT);
      expect(worstRelativeError(merged, values)).toBeLessThanOrEqual(0.01);
      // ~70 durations a minute.
      expect(largestMinuteBytes).toBeLessThan(200);
    });
  });

  it('serializes a typical minute (1,000 lognormal durations) in 258 bytes', () => {
    const bytes = sketchOf(lognormalNanos(1000, 1)).toProto();
    expect(bytes.length).toBe(258);
  });

  it('answers every quantile of a merged day like the single sketch of the same values', () => {
    const values = paretoNanos(20_000, 3);
    const single = sketchOf(values);
    const { merged } = mergedFromMinutes(values);
    for (let q = 0; q <= 1; q += 0.01) {
      expect(merged.quantile(q)).toBe(single.quantile(q));
    }
    expect(LatencySketch.fromProto(single.toProto()).toProto()).toEqual(
      single.toProto(),
    );
  });

  it('keeps 1 µs, sub-microsecond and hour-long durations within 1 %', () => {
    for (const durationNano of [1, 250, 999, 1000, 1001, 3.6e12, 9e15]) {
      const sketch = LatencySketch.fromProto(
        sketchOf([durationNano]).toProto(),
      );
      const estimate = sketch.quantile(0.5)!;
      expect(Math.abs(estimate - durationNano) / durationNano).toBeLessThan(
        0.01,
      );
    }
  });

  it('counts zero, negative, sub-nanosecond and NaN durations as zero', () => {
    const sketch = sketchOf([0, -5, 0.2, NaN, 1e6]);
    expect(sketch.count).toBe(5);
    expect(sketch.zeroCount).toBe(4);
    expect(sketch.quantile(0)).toBe(0);
    expect(sketch.quantile(0.5)).toBe(0);
    expect(sketch.quantile(1)).toBeCloseTo(1e6, -4);

    const roundTripped = LatencySketch.fromProto(sketch.toProto());
    expect(roundTripped.count).toBe(5);
    expect(roundTripped.zeroCount).toBe(4);
    expect(roundTripped.quantile(1)).toBe(sketch.quantile(1));
  });

  it('caps absurd durations instead of growing the bins', () => {
    const sketch = sketchOf([Number.MAX_VALUE, Infinity]);
    expect(sketch.count).toBe(2);
    expect(sketch.quantile(1)! / Number.MAX_SAFE_INTEGER).toBeCloseTo(1, 1);
    expect(sketch.toProto().length).toBeLessThan(16);
  });

  it('merges a sketch whose largest value is in the 1 µs bin (key 0) into one of nanoseconds', () => {
    // DDSketch's own DenseStore#merge does not extend its bins up to key 0 here, and answers ~99 ns for p100.
    const nanosecond = sketchOf([1]);
    nanosecond.merge(sketchOf([100, 1000]));
    expect(nanosecond.count).toBe(3);
    expect(Math.abs(nanosecond.quantile(1)! - 1000) / 1000).toBeLessThan(0.01);
    expect(Math.abs(nanosecond.quantile(0.5)! - 100) / 100).toBeLessThan(0.01);
  });

  it('has no quantiles and a tiny serialized form when empty', () => {
    const empty = new LatencySketch();
    expect(empty.quantile(0.5)).toBeUndefined();
    const bytes = empty.toProto();
    expect(bytes.length).toBe(2);
    const roundTripped = LatencySketch.fromProto(bytes);
    expect(roundTripped.count).toBe(0);
    expect(roundTripped.quantile(0.99)).toBeUndefined();
    roundTripped.merge(sketchOf([5e6]));
    expect(roundTripped.count).toBe(1);
  });

  it('rejects quantiles outside [0, 1]', () => {
    const sketch = sketchOf([1e6]);
    expect(() => sketch.quantile(1.5)).toThrow(RangeError);
    expect(() => sketch.quantile(NaN)).toThrow(RangeError);
  });

  it('rejects corrupt bytes and unknown versions, and skips unknown fields', () => {
    const bytes = sketchOf([1e6, 2e6]).toProto();
    expect(() => LatencySketch.fromProto(bytes.slice(0, -1))).toThrow(
      /Invalid latency sketch/,
    );
    expect(() =>
      LatencySketch.fromProto(Uint8Array.from([0x08, 0x02])),
    ).toThrow(/version 2/);
    // count says 3 but the bins hold 2
    const wrongCount = Uint8Array.from(bytes);
    wrongCount[3] = 3;
    expect(() => LatencySketch.fromProto(wrongCount)).toThrow(/count 3/);
    // field 15, varint 1, as a newer writer might add
    const withExtra = Uint8Array.from([...bytes, 0x78, 0x01]);
    expect(LatencySketch.fromProto(withExtra).quantile(1)).toBe(
      sketchOf([1e6, 2e6]).quantile(1),
    );
  });

  describe('countAtOrBelow', () => {
    it('counts the durations at most a threshold, exactly away from the threshold', () => {
      const values = lognormalNanos(VALUE_COUNT, 7);
      const sketch = new LatencySketch();
      values.forEach(v => sketch.record(v));
      for (const thresholdNano of [5e6, 20e6, 100e6, 300e6]) {
        const exact = values.filter(v => v <= thresholdNano).length;
        // Only durations within 1 % of the threshold may land on either side.
        const near = values.filter(
          v => Math.abs(v - thresholdNano) <= 0.0101 * thresholdNano,
        ).length;
        const counted = sketch.countAtOrBelow(thresholdNano);
        expect(Math.abs(counted - exact)).toBeLessThanOrEqual(near);
      }
    });

    it('is exact on durations far from the threshold, and survives a round trip and merges', () => {
      const fast = [1e6, 2e6, 3e6];
      const slow = [500e6, 900e6];
      const a = new LatencySketch();
      fast.forEach(v => a.record(v));
      const b = new LatencySketch();
      slow.forEach(v => b.record(v));
      b.record(0);
      const merged = LatencySketch.mergeAll([
        LatencySketch.fromProto(a.toProto()),
        LatencySketch.fromProto(b.toProto()),
      ]);
      expect(merged.countAtOrBelow(300e6)).toBe(4); // 3 fast + the zero
      expect(merged.countAtOrBelow(10e9)).toBe(6);
      expect(merged.countAtOrBelow(0)).toBe(1);
      expect(new LatencySketch().countAtOrBelow(300e6)).toBe(0);
    });

    it('counts the same straight from the bytes, and refuses the same corrupt bytes', () => {
      const values = lognormalNanos(VALUE_COUNT, 11);
      const sketch = new LatencySketch();
      values.forEach(v => sketch.record(v));
      sketch.record(0);
      const bytes = sketch.toProto();
      for (const thresholdNano of [-1, 0, 1, 5e6, 20e6, 100e6, 300e6, 1e12]) {
        expect(LatencySketch.countAtOrBelowInProto(bytes, thresholdNano)).toBe(
          sketch.countAtOrBelow(thresholdNano),
        );
      }
      expect(
        LatencySketch.countAtOrBelowInProto(
          new LatencySketch().toProto(),
          300e6,
        ),
      ).toBe(0);
      const corrupt = Uint8Array.from(bytes);
      corrupt[3] ^= 0x01; // the count no longer adds up
      expect(() => LatencySketch.fromProto(corrupt)).toThrow();
      expect(() => LatencySketch.countAtOrBelowInProto(corrupt, 1e6)).toThrow();
    });
  });
});

describe('LatencySketch.record with a count', () => {
  it('records count requests of one duration like as many single records', () => {
    const many = new LatencySketch();
    many.record(100e6, 90);
    many.record(500e6, 10);
    many.record(0, 3);
    const one = new LatencySketch();
    for (let i = 0; i < 90; i++) one.record(100e6);
    for (let i = 0; i < 10; i++) one.record(500e6);
    for (let i = 0; i < 3; i++) one.record(0);
    expect(many.count).toBe(103);
    expect(many.zeroCount).toBe(3);
    expect([...many.toProto()]).toEqual([...one.toProto()]);
    for (const q of [0, 0.5, 0.9, 0.95, 0.99, 1]) {
      expect(many.quantile(q)).toBe(one.quantile(q));
    }
    expect(many.countAtOrBelow(100e6)).toBe(93);
    // It survives serialization.
    const back = LatencySketch.fromProto(many.toProto());
    expect(back.count).toBe(103);
    expect(back.countAtOrBelow(100e6)).toBe(93);
  });

  it('defaults to one, and ignores a count that is not a positive whole number', () => {
    const sketch = new LatencySketch();
    sketch.record(1e6);
    for (const count of [0, -2, 1.5, NaN, Infinity]) {
      sketch.record(1e6, count);
    }
    expect(sketch.count).toBe(1);
    expect(LatencySketch.fromProto(sketch.toProto()).count).toBe(1);
  });
});
