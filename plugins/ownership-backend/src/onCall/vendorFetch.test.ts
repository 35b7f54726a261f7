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
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { z } from 'zod';
import {
  createVendorFetch,
  parseRetryAfter,
  VendorFetchOptions,
  VendorRequestError,
} from './vendorFetch';

const BASE = 'https://vendor.example.com/api';
const TOKEN = 'super-secret-token-123';
const items = z.object({ items: z.array(z.string()) });

describe('createVendorFetch', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let clock: number;
  let sleeps: number[];
  let requests: Request[];

  beforeEach(() => {
    clock = Date.parse('2026-11-21T12:00:00Z');
    sleeps = [];
    requests = [];
  });

  function client(options: Partial<VendorFetchOptions> = {}) {
    return createVendorFetch({
      vendor: 'Acme',
      baseUrl: BASE,
      headers: { Authorization: `Bearer ${TOKEN}` },
      secrets: [TOKEN],
      now: () => clock,
      sleep: async ms => {
        sleeps.push(ms);
        clock += ms;
      },
      ...options,
    });
  }

  /** Answers the listed responses in turn (the last one repeats) and records each request. */
  function serve(path: string, ...responses: Array<() => Response>) {
    let call = 0;
    server.use(
      http.get(`${BASE}${path}`, ({ request }) => {
        requests.push(request);
        const respond = responses[Math.min(call, responses.length - 1)];
        call += 1;
        return respond();
      }),
    );
  }

  const ok = () => HttpResponse.json({ items: ['a', 'b'] });

  async function failure(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected the call to fail');
  }

  it('sends the configured headers and repeats array query parameters', async () => {
    serve('/things', ok);
    await expect(
      client().getJson('/things', items, {
        query: { 'include[]': ['users', 'teams'], limit: 10, skip: undefined },
      }),
    ).resolves.toEqual({ items: ['a', 'b'] });
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0].url);
    expect(url.searchParams.getAll('include[]')).toEqual(['users', 'teams']);
    expect(url.searchParams.get('limit')).toBe('10');
    expect(url.searchParams.has('skip')).toBe(false);
    expect(requests[0].headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('retries a 429 after the delay in seconds that Retry-After states', async () => {
    serve(
      '/things',
      () =>
        HttpResponse.json(
          { message: 'slow down' },
          { status: 429, headers: { 'Retry-After': '7' } },
        ),
      ok,
    );
    await expect(client().getJson('/things', items)).resolves.toEqual({
      items: ['a', 'b'],
    });
    expect(requests).toHaveLength(2);
    expect(sleeps).toEqual([7000]);
  });

  it('retries a 429 at the HTTP date that Retry-After states', async () => {
    const at = new Date(clock + 12_000).toUTCString();
    serve(
      '/things',
      () =>
        new HttpResponse(null, { status: 429, headers: { 'Retry-After': at } }),
      ok,
    );
    await client().getJson('/things', items);
    expect(sleeps).toEqual([12_000]);
  });

  it('waits for real when no sleep is injected', async () => {
    serve(
      '/things',
      () =>
        new HttpResponse(null, {
          status: 503,
          headers: { 'Retry-After': '0' },
        }),
      ok,
    );
    await expect(
      client({ sleep: undefined }).getJson('/things', items),
    ).resolves.toEqual({ items: ['a', 'b'] });
    expect(requests).toHaveLength(2);
  });

  it('fails at once when Retry-After asks for longer than it waits', async () => {
    serve(
      '/things',
      () =>
        HttpResponse.json(
          { message: 'quota exhausted' },
          { status: 429, headers: { 'Retry-After': '120' } },
        ),
      ok,
    );
    const error = await failure(client().getJson('/things', items));
    expect(error.message).toBe(
      'Acme GET /things failed with HTTP 429: {"message":"quota exhausted"}, and asked to retry after 120 s, longer than the 30 s this client waits',
    );
    expect(requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries 5xx with growing backoff, then fails naming the vendor, path and status', async () => {
    serve(
      '/things',
      () => new HttpResponse('upstream unavailable', { status: 503 }),
    );
    const error = await failure(
      client().getJson('/things', items, { query: { page: 2 } }),
    );
    expect(error).toBeInstanceOf(VendorRequestError);
    expect((error as VendorRequestError).status).toBe(503);
    expect(error.message).toBe(
      'Acme GET /things still failing after 3 attempts; last failed with HTTP 503: upstream unavailable',
    );
    expect(requests).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it('retries a network error', async () => {
    serve('/things', () => HttpResponse.error(), ok);
    await expect(client().getJson('/things', items)).resolves.toEqual({
      items: ['a', 'b'],
    });
    expect(requests).toHaveLength(2);
    expect(sleeps).toEqual([500]);
  });

  it('does not retry a 4xx', async () => {
    serve(
      '/things',
      () => HttpResponse.json({ error: 'no such thing' }, { status: 404 }),
      ok,
    );
    const error = await failure(client().getJson('/things', items));
    expect(error.message).toBe(
      'Acme GET /things failed with HTTP 404: {"error":"no such thing"}',
    );
    expect(requests).toHaveLength(1);
  });

  it('gives up on an attempt after the timeout, without retrying', async () => {
    server.use(
      http.get(`${BASE}/things`, async ({ request }) => {
        requests.push(request);
        await delay('infinite');
        return ok();
      }),
    );
    const error = await failure(
      client({ timeoutMs: 50 }).getJson('/things', items),
    );
    expect(error.message).toBe('Acme GET /things timed out after 50 ms');
    expect(requests).toHaveLength(1);
  });

  it('does not follow a redirect', async () => {
    const elsewhere = jest.fn(() => ok());
    server.use(http.get('https://elsewhere.example.com/steal', elsewhere));
    serve(
      '/things',
      () =>
        new HttpResponse(null, {
          status: 302,
          headers: { Location: 'https://elsewhere.example.com/steal' },
        }),
    );
    const error = await failure(client().getJson('/things', items));
    expect(error.message).toBe(
      'Acme GET /things was redirected (HTTP 302 to https://elsewhere.example.com/steal); redirects are not followed, check the configured base URL',
    );
    expect(elsewhere).not.toHaveBeenCalled();
    expect(requests).toHaveLength(1);
  });

  it('says so when the body is not JSON', async () => {
    serve(
      '/things',
      () =>
        new HttpResponse('<html>maintenance</html>', {
          status: 200,
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    const error = await failure(client().getJson('/things', items));
    expect(error.message).toBe(
      'Acme GET /things answered malformed JSON (HTTP 200): <html>maintenance</html>',
    );
    expect(requests).toHaveLength(1);
  });

  it('says where the JSON does not have the expected shape', async () => {
    serve('/things', () => HttpResponse.json({ items: ['a', 3] }));
    const error = await failure(client().getJson('/things', items));
    expect(error.message).toBe(
      'Acme GET /things answered an unexpected shape: items.1: Expected string, received number',
    );
  });

  it('answers a repeated request from its cache until the entry expires', async () => {
    serve('/things', ok);
    const vendor = client({ cacheTtlMs: 60_000 });
    await vendor.getJson('/things', items);
    clock += 59_000;
    await vendor.getJson('/things', items);
    expect(requests).toHaveLength(1);

    // Another query is another URL.
    await vendor.getJson('/things', items, { query: { page: 2 } });
    expect(requests).toHaveLength(2);

    clock += 2_000;
    await vendor.getJson('/things', items);
    expect(requests).toHaveLength(3);
  });

  it('caches nothing when the TTL is 0, and never a failure', async () => {
    serve('/things', () => new HttpResponse(null, { status: 404 }), ok);
    const vendor = client({ cacheTtlMs: 0 });
    await expect(vendor.getJson('/things', items)).rejects.toThrow('HTTP 404');
    await vendor.getJson('/things', items);
    await vendor.getJson('/things', items);
    expect(requests).toHaveLength(3);
  });

  it('never puts the token in an error message, whatever the vendor echoes', async () => {
    server.use(
      http.get(`${BASE}/echo`, ({ request }) =>
        HttpResponse.json(
          {
            message: `bad credentials: ${request.headers.get('authorization')}`,
          },
          { status: 401 },
        ),
      ),
      http.get(
        `${BASE}/redirect`,
        () =>
          new HttpResponse(null, {
            status: 307,
            headers: { Location: `https://login.example.com/?token=${TOKEN}` },
          }),
      ),
      http.get(
        `${BASE}/garbage`,
        () => new HttpResponse(`token=${TOKEN} {`, { status: 200 }),
      ),
      http.get(
        `${BASE}/down`,
        () => new HttpResponse(`down for ${TOKEN}`, { status: 500 }),
      ),
    );
    const vendor = client();
    const messages = await Promise.all(
      ['/echo', '/redirect', '/garbage', '/down'].map(async path =>
        String(await failure(vendor.getJson(path, items))),
      ),
    );
    expect(messages).toHaveLength(4);
    for (const message of messages) {
      expect(message).not.toContain(TOKEN);
      expect(message).toContain('[redacted]');
    }
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    server.use(
      http.get(`${BASE}/things`, async () => {
        controller.abort();
        await delay('infinite');
        return ok();
      }),
    );
    const error = await failure(
      client().getJson('/things', items, { signal: controller.signal }),
    );
    expect(error.message).toBe('Acme GET /things was aborted by the caller');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');

  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500);
    expect(parseRetryAfter('Sat, 21 Nov 2026 12:00:09 GMT', now)).toBe(9000);
  });

  it('treats a past date as no wait and ignores what it cannot read', () => {
    expect(parseRetryAfter('Sat, 21 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
