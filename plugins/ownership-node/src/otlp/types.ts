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

import type {
  RejectedSpan,
  Span,
} from '@service-ownership/plugin-ownership-common';

/**
 * What an OTLP trace export request decodes to: the spans that were kept and the ones that were refused, so
 * a receiver can answer with a partial success (`rejectedSpans` = `rejected.length`).
 *
 * @public
 */
export interface OtlpDecodeResult {
  spans: Span[];
  rejected: RejectedSpan[];
}

/**
 * Thrown when an OTLP request body cannot be decoded at all (not the expected JSON shape, or truncated or
 * invalid protobuf). The message says what was wrong and where. A receiver answers it with HTTP 400, which
 * exporters do not retry.
 *
 * @public
 */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}
