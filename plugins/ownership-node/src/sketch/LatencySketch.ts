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

/*
 * A latency quantile sketch: a thin wrapper over DDSketch (`@datadog/sketches-js`) with relative accuracy 0.01,
 * so every quantile it answers is within 1 % of the true value at that rank, however the sketches were split
 * and merged.
 *
 * Why not the library's own `merge`, `toProto` and `fromProto`:
 * - `DDSketch#toProto` writes every allocated bin (the store grows in chunks of 128) as an 8-byte double, so a
 *   minute sketch of a few dozen spans takes 1–2 KB, and `fromProto` loses the summary statistics. We write the
 *   non-empty bins as varints instead (see {@link LatencySketch.toProto}), a few hundred bytes for a minute.
 * - `DenseStore#merge` passes the other store's `maxKey` to `_extendRange`, which treats a key of 0 as absent:
 *   merging a sketch whose largest value sits in the 1 µs bin (key 0) into one of nanosecond values leaves the
 *   bins short and writes NaN past them, so p100 comes out ~100× too small. We merge by adding the other
 *   sketch's non-empty bins one by one through `DenseStore#add`, which extends the range correctly.
 */

import { DDSketch } from '@datadog/sketches-js';

/** Relative accuracy of every sketch; sketches can only be merged with the same value. */
const RELATIVE_ACCURACY = 0.01;

/** The sketch stores microseconds: 1 µs is key 0, an hour is key ≈ 1,100, 1 ns is key ≈ −345. */
const NANOS_PER_UNIT = 1000;

/**
 * Durations below 1 ns (zero, negative from clock skew, NaN) count as zero: below that the log mapping would
 * only add empty bins between a stray tiny value and the real ones.
 */
const MIN_UNITS = 1 / NANOS_PER_UNIT;

/** Durations are capped at 2^53 ns (104 days), where `durationNano` stops being exact anyway. */
const MAX_UNITS = Number.MAX_SAFE_INTEGER / NANOS_PER_UNIT;

/** The DDSketch keys of the smallest and largest values a sketch can hold; anything else is corrupt. */
const KEY_MAPPING = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY })
  .mapping;
const MIN_KEY = KEY_MAPPING.key(MIN_UNITS);
const MAX_KEY = KEY_MAPPING.key(MAX_UNITS);

/** Version 1 of the serialized form: logarithmic mapping, relative accuracy 0.01, microseconds. */
const FORMAT_VERSION = 1;

/* Protobuf tags (field number << 3 | wire type) of the serialized form. */
const TAG_VERSION = 0x08;
const TAG_COUNT = 0x10;
const TAG_ZERO_COUNT = 0x18;
const TAG_FIRST_KEY = 0x20;
const TAG_BINS = 0x2a;

/** Appends an unsigned varint; arithmetic rather than bit operations so values up to 2^53 survive. */
function writeVarint(out: number[], value: number): void {
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) + 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}

function zigZagEncode(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function zigZagDecode(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/** Just enough of a protobuf reader for the sketch message, with bounds checks on every read. */
class ProtoReader {
  position = 0;

  constructor(private readonly bytes: Uint8Array) {}

  done(): boolean {
    return this.position >= this.bytes.length;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      if (this.position >= this.bytes.length) {
        throw new Error('Invalid latency sketch: truncated varint');
      }
      const byte = this.bytes[this.position++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        return value;
      }
      scale *= 0x80;
    }
    throw new Error('Invalid latency sketch: varint longer than 2^56');
  }

  /** Reads the length of a length-delimited field and returns where it ends. */
  lengthDelimitedEnd(): number {
    const length = this.varint();
    const end = this.position + length;
    if (end > this.bytes.length) {
      throw new Error('Invalid latency sketch: truncated field');
    }
    return end;
  }

  /** Skips a field this version does not know, so newer writers can add fields. */
  skip(wireType: number): void {
    if (wireType === 0) {
      this.varint();
      return;
    }
    let end: number;
    if (wireType === 1) {
      end = this.position + 8;
    } else if (wireType === 2) {
      end = this.lengthDelimitedEnd();
    } else if (wireType === 5) {
      end = this.position + 4;
    } else {
      throw new Error(`Invalid latency sketch: wire type ${wireType}`);
    }
    if (end > this.bytes.length) {
      throw new Error('Invalid latency sketch: truncated field');
    }
    this.position = end;
  }
}

/**
 * A mergeable latency distribution with ≤ 1 % relative error on every quantile.
 *
 * Record durations in nanoseconds with {@link LatencySketch.record}; read them back in nanoseconds with
 * {@link LatencySketch.quantile}. The count is exact. Serialized with {@link LatencySketch.toProto} to store
 * per-minute rollups, and merged across minutes, hours and days without losing accuracy.
 *
 * @public
 */
export class LatencySketch {
  /** Relative accuracy of every quantile this sketch returns. */
  static readonly relativeAccuracy = RELATIVE_ACCURACY;

  private readonly sketch = new DDSketch({
    relativeAccuracy: RELATIVE_ACCURACY,
  });
  private total = 0;

  /**
   * Reads a sketch written by {@link LatencySketch.toProto}.
   *
   * @throws Error if the bytes are not a sketch of a version this code reads.
   */
  static fromProto(bytes: Uint8Array): LatencySketch {
    const result = new LatencySketch();
    const store = result.sketch.store;
    const { count, zeroCount } = LatencySketch.readProto(bytes, (key, n) =>
      store.add(key, n),
    );
    result.sketch.zeroCount = zeroCount;
    result.sketch.count = count;
    result.total = count;
    return result;
  }

  /**
   * Walks the bytes of {@link LatencySketch.toProto}, handing each non-empty bin (key and count) to `onBin`,
   * and returns the counts; checks the version, the bin keys and that the counts add up.
   */
  private static readProto(
    bytes: Uint8Array,
    onBin: (key: number, count: number) => void,
  ): { count: number; zeroCount: number } {
    const reader = new ProtoReader(bytes);
    let version = 0;
    let count = 0;
    let zeroCount = 0;
    let key = 0;
    let binsCount = 0;
    while (!reader.done()) {
      const tag = reader.varint();
      const field = Math.floor(tag / 8);
      const wireType = tag % 8;
      if (field === 1 && wireType === 0) {
        version = reader.varint();
      } else if (field === 2 && wireType === 0) {
        count = reader.varint();
      } else if (field === 3 && wireType === 0) {
        zeroCount = reader.varint();
      } else if (field === 4 && wireType === 0) {
        key = zigZagDecode(reader.varint());
      } else if (field === 5 && wireType === 2) {
        const end = reader.lengthDelimitedEnd();
        while (reader.position < end) {
          const value = reader.varint();
          if (key < MIN_KEY || key > MAX_KEY || value === 0) {
            throw new Error('Invalid latency sketch: bin out of range');
          }
          if (value % 2 === 0) {
            onBin(key, value / 2);
            binsCount += value / 2;
            key += 1;
          } else {
            key += (value + 1) / 2;
          }
        }
        if (reader.position !== end) {
          throw new Error('Invalid latency sketch: bins overrun their length');
        }
      } else {
        reader.skip(wireType);
      }
    }
    if (version !== FORMAT_VERSION) {
      throw new Error(
        `Unsupported latency sketch version ${version}, expected ${FORMAT_VERSION}`,
      );
    }
    if (binsCount + zeroCount !== count) {
      throw new Error(
        `Invalid latency sketch: count ${count} is not bins ${binsCount} + zeros ${zeroCount}`,
      );
    }
    return { count, zeroCount };
  }

  /**
   * {@link LatencySketch.countAtOrBelow} straight from the bytes of {@link LatencySketch.toProto}, without
   * building the sketch: what an SLO evaluation does for every rollup row it reads, so it allocates nothing.
   * Same result and same checks as `fromProto(bytes).countAtOrBelow(thresholdNano)`.
   *
   * @throws Error if the bytes are not a sketch of a version this code reads.
   */
  static countAtOrBelowInProto(
    bytes: Uint8Array,
    thresholdNano: number,
  ): number {
    const units = thresholdNano / NANOS_PER_UNIT;
    const below = units >= MIN_UNITS;
    const lastKey = below
      ? (LatencySketch.keyMapping ??= new LatencySketch()).sketch.mapping.key(
          units,
        )
      : Number.NEGATIVE_INFINITY;
    let good = 0;
    const { zeroCount } = LatencySketch.readProto(bytes, (key, n) => {
      if (key <= lastKey) good += n;
    });
    if (!below) return thresholdNano >= 0 ? zeroCount : 0;
    return zeroCount + good;
  }

  /** A sketch whose key mapping {@link LatencySketch.countAtOrBelowInProto} borrows. */
  private static keyMapping: LatencySketch | undefined;

  /** Merges sketches into a new one; the arguments are left unchanged. */
  static mergeAll(sketches: Iterable<LatencySketch>): LatencySketch {
    const merged = new LatencySketch();
    for (const sketch of sketches) {
      merged.merge(sketch);
    }
    return merged;
  }

  /** Exact number of durations recorded, zeros included. */
  get count(): number {
    return this.total;
  }

  /** Number of durations recorded as zero (below 1 ns, negative or not a number). */
  get zeroCount(): number {
    return this.sketch.zeroCount;
  }

  /**
   * Records one duration, or `count` requests of that duration (e.g. a histogram bucket read from metrics).
   *
   * @param durationNano - duration in nanoseconds; values below 1 ns count as zero, values above 2^53 ns as 2^53 ns.
   * @param count - how many requests took that long; a positive whole number, default 1.
   */
  record(durationNano: number, count = 1): void {
    if (!(count > 0) || !Number.isInteger(count)) return;
    const units = durationNano / NANOS_PER_UNIT;
    // `!(x >= y)` is also true for NaN.
    if (!(units >= MIN_UNITS)) {
      this.sketch.zeroCount += count;
      this.sketch.count += count;
    } else {
      this.sketch.accept(units < MAX_UNITS ? units : MAX_UNITS, count);
    }
    this.total += count;
  }

  /** Adds the durations of another sketch to this one. */
  merge(other: LatencySketch): void {
    const from = other.sketch.store;
    if (from.count > 0) {
      const into = this.sketch.store;
      for (let key = from.minKey; key <= from.maxKey; key++) {
        const binCount = from.bins[key - from.offset];
        if (binCount > 0) {
          into.add(key, binCount);
        }
      }
    }
    this.sketch.zeroCount += other.sketch.zeroCount;
    this.sketch.count += other.sketch.count;
    this.total += other.total;
  }

  /**
   * How many recorded durations are at most `thresholdNano`: the "good" requests of a latency SLI. Exact
   * except for durations within the sketch's relative accuracy (1 %) of the threshold, which share its bin
   * and count as at most the threshold.
   */
  countAtOrBelow(thresholdNano: number): number {
    const units = thresholdNano / NANOS_PER_UNIT;
    if (!(units >= MIN_UNITS)) {
      return thresholdNano >= 0 ? this.sketch.zeroCount : 0;
    }
    const store = this.sketch.store;
    let good = this.sketch.zeroCount;
    if (store.count > 0) {
      const last = Math.min(store.maxKey, this.sketch.mapping.key(units));
      for (let key = store.minKey; key <= last; key++) {
        good += store.bins[key - store.offset] ?? 0;
      }
    }
    return good;
  }

  /**
   * The duration at quantile `q`, in nanoseconds, within 1 % of the recorded duration at rank
   * `floor(q × (count − 1))` of the sorted durations. `undefined` when nothing was recorded.
   *
   * @param q - between 0 and 1, e.g. 0.99 for p99.
   */
  quantile(q: number): number | undefined {
    if (!(q >= 0 && q <= 1)) {
      throw new RangeError(`quantile must be between 0 and 1, got ${q}`);
    }
    if (this.total === 0) {
      return undefined;
    }
    return this.sketch.getValueAtQuantile(q) * NANOS_PER_UNIT;
  }

  /**
   * Serializes the sketch compactly: a protobuf message (hand-encoded, no schema compiler needed) in which the
   * non-empty bins are varints, runs of empty bins are skipped, and the exact count is kept.
   *
   * ```proto
   * message LatencySketch {
   *   uint32 version = 1;               // 1: log mapping, relative accuracy 0.01, microseconds
   *   uint64 count = 2;                 // exact number of durations, zeros included
   *   uint64 zero_count = 3;            // durations below 1 ns
   *   sint32 first_key = 4;             // DDSketch key of the lowest non-empty bin
   *   repeated uint64 bins = 5 [packed = true];
   *   // From first_key upwards: an even value v is a bin holding v / 2 durations (then the key moves on by 1);
   *   // an odd value v skips (v + 1) / 2 empty bins.
   * }
   * ```
   */
  toProto(): Uint8Array {
    const out: number[] = [];
    out.push(TAG_VERSION);
    writeVarint(out, FORMAT_VERSION);
    if (this.total > 0) {
      out.push(TAG_COUNT);
      writeVarint(out, this.total);
    }
    if (this.sketch.zeroCount > 0) {
      out.push(TAG_ZERO_COUNT);
      writeVarint(out, this.sketch.zeroCount);
    }
    const store = this.sketch.store;
    if (store.count > 0) {
      if (store.minKey !== 0) {
        out.push(TAG_FIRST_KEY);
        writeVarint(out, zigZagEncode(store.minKey));
      }
      const bins: number[] = [];
      let emptyRun = 0;
      for (let key = store.minKey; key <= store.maxKey; key++) {
        const binCount = store.bins[key - store.offset];
        if (binCount > 0) {
          if (emptyRun > 0) {
            writeVarint(bins, emptyRun * 2 - 1);
            emptyRun = 0;
          }
          writeVarint(bins, binCount * 2);
        } else {
          emptyRun += 1;
        }
      }
      out.push(TAG_BINS);
      writeVarint(out, bins.length);
      for (const byte of bins) {
        out.push(byte);
      }
    }
    return Uint8Array.from(out);
  }
}
