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
 * Small helpers shared by the SLO generators (export, suggestions, dependency SLOs). Internal: not exported
 * from the package.
 */

/** The longest SLO name the annotation accepts (a DNS label). */
export const MAX_SLO_NAME_LENGTH = 63;

/**
 * A DNS-label-like slug of any text: lower-case, every run of characters other than `[a-z0-9]` turned into one
 * dash, no leading or trailing dash, at most `maxLength` characters. `fallback` when nothing is left.
 */
export function slugify(
  text: string,
  maxLength: number = MAX_SLO_NAME_LENGTH,
  fallback: string = 'slo',
): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, Math.max(1, maxLength))
    .replace(/^-+|-+$/g, '');
  return slug === '' ? fallback.slice(0, Math.max(1, maxLength)) : slug;
}

/** Removes the float noise of decimal arithmetic (1 - 0.999 = 0.0010000000000000009). */
export function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/** A ratio as a percentage number: 0.999 → 99.9. */
export function percent(ratio: number): number {
  return clean(ratio * 100);
}
