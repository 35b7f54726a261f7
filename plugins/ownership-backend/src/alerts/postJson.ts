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
import { createVendorFetch, VendorFetchTuning } from '../onCall/vendorFetch';
import { JsonPoster } from './AlertDelivery';

/**
 * POSTs alert deliveries through the same client as the vendor reads: a timeout per attempt, retries on
 * 429/5xx/network errors honouring `Retry-After`, redirects refused, and header values (credentials) kept
 * out of error messages. URLs come from config only.
 */
export function createJsonPoster(tuning: VendorFetchTuning = {}): JsonPoster {
  return async ({ receiver, url, body, headers = {} }) => {
    const client = createVendorFetch({
      vendor: receiver,
      baseUrl: url,
      headers: {},
      secrets: Object.values(headers),
      cacheTtlMs: 0,
      ...tuning,
    });
    await client.postJson('', body, { headers });
  };
}
