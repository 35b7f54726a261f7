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

/**
 * jsdom does no layout and has no `ResizeObserver`, so recharts' `ResponsiveContainer` measures 0 × 0 and
 * draws nothing. For the tests of the calling file, give responsive containers a fixed box (800 × the
 * chart's height) and a `ResizeObserver` that never reports, as their size never changes.
 */
export function mockChartLayout(width = 800, height = 260) {
  const prototype = window.HTMLElement.prototype;
  const originalRect = prototype.getBoundingClientRect;
  const originalObserver = (window as { ResizeObserver?: unknown })
    .ResizeObserver;
  beforeAll(() => {
    Object.defineProperty(prototype, 'getBoundingClientRect', {
      configurable: true,
      value: function getBoundingClientRect(this: HTMLElement) {
        if (this.classList.contains('recharts-responsive-container')) {
          return {
            x: 0,
            y: 0,
            top: 0,
            left: 0,
            right: width,
            bottom: height,
            width,
            height,
            toJSON: () => ({}),
          };
        }
        return originalRect.call(this);
      },
    });
    Object.defineProperty(window, 'ResizeObserver', {
      configurable: true,
      writable: true,
      value: class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    });
  });
  afterAll(() => {
    Object.defineProperty(prototype, 'getBoundingClientRect', {
      configurable: true,
      value: originalRect,
    });
    Object.defineProperty(window, 'ResizeObserver', {
      configurable: true,
      writable: true,
      value: originalObserver,
    });
  });
}
