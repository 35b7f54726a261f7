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
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';

/** A GET to a test backend as a signed-in user. */
export function getAsUser(
  server: Parameters<typeof request>[0],
  route: string,
) {
  return request(server)
    .get(route)
    .set('Authorization', mockCredentials.user.header());
}

/** POSTs spans to the OTLP receiver as OTLP/JSON with a service token, and expects a 200. */
export async function postOtlpJson(
  server: Parameters<typeof request>[0],
  body: Buffer,
) {
  const response = await request(server)
    .post('/api/ownership/v1/traces')
    .set('Authorization', mockCredentials.service.header())
    .set('Content-Type', 'application/json')
    // Send the bytes as they are (superagent would JSON-encode a Buffer sent as application/json).
    .serialize((raw: unknown) => raw as string)
    .send(body);
  expect(response.status).toBe(200);
  return response;
}

/** Polls `read` until `ok` holds (the pipeline flushes every second in these tests); fails after 15 s. */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out; last value: ${JSON.stringify(value)}`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
