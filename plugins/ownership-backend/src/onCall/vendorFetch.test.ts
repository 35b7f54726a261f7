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

describe('createVendorFetch limits and circuit breaker', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let clock: number;
  let requests: Request[];

  beforeEach(() => {
    clock = Date.parse('2026-11-21T12:00:00Z');
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
        clock += ms;
      },
      cacheTtlMs: 0,
      ...options,
    });
  }

  /** Answers with whatever `respond` gives at the time of the request, recording each request. */
  function serve(path: string, respond: () => Response) {
    server.use(
      http.get(`${BASE}${path}`, ({ request }) => {
        requests.push(request);
        return respond();
      }),
    );
  }

  async function failure(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected the call to fail');
  }

  const ok = () => HttpResponse.json({ items: ['a', 'b'] });

  describe('maxResponseBytes', () => {
    it('refuses an answer whose content-length announces more than the limit', async () => {
      const body = JSON.stringify({ items: ['x'.repeat(200)] });
      serve(
        '/things',
        () =>
          new HttpResponse(body, {
            status: 200,
            headers: {
              'Content-Type': 'application/json',
              'Content-Length': String(Buffer.byteLength(body)),
            },
          }),
      );
      const error = await failure(
        client({ maxResponseBytes: 100 }).getJson('/things', items),
      );
      expect(error).toBeInstanceOf(VendorRequestError);
      expect(error.message).toBe(
        "Acme GET /things answered more than 100 bytes (HTTP 200); raise the source's maxResponseBytes or narrow the query",
      );
      // Not retried: the next attempt would be as large.
      expect(requests).toHaveLength(1);
    });

    it('refuses a chunked answer without content-length once it grows beyond the limit', async () => {
      serve('/things', () => {
        const encoder = new TextEncoder();
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode('{"items":["'));
            for (let i = 0; i < 10; i++) {
              controller.enqueue(encoder.encode('y'.repeat(50)));
            }
            controller.enqueue(encoder.encode('"]}'));
            controller.close();
          },
        });
        return new HttpResponse(stream, {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        });
      });
      const error = await failure(
        client({ maxResponseBytes: 200 }).getJson('/things', items),
      );
      expect(error.message).toBe(
        "Acme GET /things answered more than 200 bytes (HTTP 200); raise the source's maxResponseBytes or narrow the query",
      );
      expect(requests).toHaveLength(1);
    });

    it('reads an answer of exactly the limit', async () => {
      const body = JSON.stringify({ items: ['a', 'b'] });
      serve(
        '/things',
        () =>
          new HttpResponse(body, {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          }),
      );
      await expect(
        client({ maxResponseBytes: Buffer.byteLength(body) }).getJson(
          '/things',
          items,
        ),
      ).resolves.toEqual({ items: ['a', 'b'] });
    });
  });

  describe('breaker', () => {
    const breaker = { failureThreshold: 3, cooldownMs: 30_000 };
    let status: number;

    beforeEach(() => {
      status = 503;
      serve('/things', () =>
        status === 200
          ? ok()
          : HttpResponse.json({ message: 'down' }, { status }),
      );
    });

    async function failTimes(
      vendor: ReturnType<typeof client>,
      times: number,
    ): Promise<Error[]> {
      const errors: Error[] = [];
      for (let i = 0; i < times; i++) {
        errors.push(await failure(vendor.getJson('/things', items)));
      }
      return errors;
    }

    it('opens after failureThreshold failed calls in a row and then does not reach the upstream', async () => {
      const vendor = client({ breaker, maxAttempts: 1 });
      const errors = await failTimes(vendor, 3);
      expect(errors.map(e => (e as VendorRequestError).status)).toEqual([
        503, 503, 503,
      ]);
      expect(requests).toHaveLength(3);

      clock += 10_000;
      const blocked = await failTimes(vendor, 5);
      expect(requests).toHaveLength(3);
      for (const error of blocked) {
        expect(error).toBeInstanceOf(VendorRequestError);
        expect(error.message).toBe(
          'Acme GET /things was not attempted: Acme failed 3 calls in a row (last: Acme GET /things still failing after 1 attempts; last failed with HTTP 503: {"message":"down"}); the next attempt is after 2026-11-21T12:00:30.000Z',
        );
      }
      // Nothing in it leaks a credential.
      expect(blocked[0].message).not.toContain(TOKEN);
    });

    it('counts a call, not its retries, as one failure', async () => {
      const vendor = client({ breaker, maxAttempts: 2 });
      await failTimes(vendor, 2);
      expect(requests).toHaveLength(4);
      // Still closed after two failed calls of two attempts each.
      await failTimes(vendor, 1);
      expect(requests).toHaveLength(6);
      await failTimes(vendor, 1);
      expect(requests).toHaveLength(6);
    });

    it('counts 429, timeouts, network errors and redirects', async () => {
      server.use(
        http.get(`${BASE}/slow`, async ({ request }) => {
          requests.push(request);
          await delay('infinite');
          return ok();
        }),
        http.get(`${BASE}/broken`, ({ request }) => {
          requests.push(request);
          return HttpResponse.error();
        }),
        http.get(`${BASE}/moved`, ({ request }) => {
          requests.push(request);
          return new HttpResponse(null, {
            status: 301,
            headers: { Location: 'https://elsewhere.example.com/' },
          });
        }),
      );
      status = 429;
      const vendor = client({
        breaker: { failureThreshold: 4, cooldownMs: 30_000 },
        maxAttempts: 1,
        timeoutMs: 30,
      });
      await failTimes(vendor, 1);
      await failure(vendor.getJson('/slow', items));
      await failure(vendor.getJson('/broken', items));
      await failure(vendor.getJson('/moved', items));
      expect(requests).toHaveLength(4);
      const error = await failure(vendor.getJson('/things', items));
      expect(error.message).toMatch(
        /^Acme GET \/things was not attempted: Acme failed 4 calls in a row \(last: Acme GET \/moved was redirected/,
      );
      expect(requests).toHaveLength(4);
    });

    it('does not count a 404, nor let it break a run of failures', async () => {
      server.use(
        http.get(`${BASE}/missing`, ({ request }) => {
          requests.push(request);
          return HttpResponse.json({ error: 'no such thing' }, { status: 404 });
        }),
      );
      const vendor = client({ breaker, maxAttempts: 1 });
      // Any number of 404s leave the circuit closed.
      for (let i = 0; i < 5; i++) {
        const error = await failure(vendor.getJson('/missing', items));
        expect((error as VendorRequestError).status).toBe(404);
      }
      expect(requests).toHaveLength(5);
      await failTimes(vendor, 2);
      await failure(vendor.getJson('/missing', items));
      expect(requests).toHaveLength(8);
      // The third server error in a row (404s in between) opens it.
      await failTimes(vendor, 1);
      expect(requests).toHaveLength(9);
      const error = await failure(vendor.getJson('/missing', items));
      expect(error.message).toContain('was not attempted');
      expect(requests).toHaveLength(9);
    });

    it('is reset by a success before reaching the threshold', async () => {
      const vendor = client({ breaker, maxAttempts: 1 });
      await failTimes(vendor, 2);
      status = 200;
      await vendor.getJson('/things', items);
      status = 503;
      await failTimes(vendor, 2);
      expect(requests).toHaveLength(5);
      await failTimes(vendor, 1);
      expect(requests).toHaveLength(6);
    });

    it('lets one call through after the cooldown, and closes on its success', async () => {
      const vendor = client({ breaker, maxAttempts: 1 });
      await failTimes(vendor, 3);
      clock += 29_999;
      await failTimes(vendor, 1);
      expect(requests).toHaveLength(3);

      clock += 1;
      status = 200;
      await expect(vendor.getJson('/things', items)).resolves.toEqual({
        items: ['a', 'b'],
      });
      expect(requests).toHaveLength(4);
      // Closed: calls reach the upstream again, and it takes three new failures to open it.
      await vendor.getJson('/things', items);
      status = 503;
      await failTimes(vendor, 2);
      expect(requests).toHaveLength(7);
      const error = await failure(vendor.getJson('/things', items));
      expect(error.message).not.toContain('was not attempted');
      expect(requests).toHaveLength(8);
    });

    it('reopens for another cooldown when the call after the cooldown fails', async () => {
      const vendor = client({ breaker, maxAttempts: 1 });
      await failTimes(vendor, 3);
      clock += 30_000;
      const trial = await failure(vendor.getJson('/things', items));
      expect(trial.message).toContain('failed with HTTP 503');
      expect(requests).toHaveLength(4);

      clock += 1_000;
      const error = await failure(vendor.getJson('/things', items));
      expect(error.message).toBe(
        'Acme GET /things was not attempted: Acme failed 4 calls in a row (last: Acme GET /things still failing after 1 attempts; last failed with HTTP 503: {"message":"down"}); the next attempt is after 2026-11-21T12:01:00.000Z',
      );
      expect(requests).toHaveLength(4);
      clock += 29_000;
      status = 200;
      await vendor.getJson('/things', items);
      expect(requests).toHaveLength(5);
    });

    it('lets only one of concurrent calls through after the cooldown', async () => {
      const vendor = client({ breaker, maxAttempts: 1 });
      await failTimes(vendor, 3);
      clock += 30_000;
      status = 200;
      const outcomes = await Promise.allSettled([
        vendor.getJson('/things', items),
        vendor.getJson('/things', items),
        vendor.getJson('/things', items),
      ]);
      expect(outcomes.map(o => o.status)).toEqual([
        'fulfilled',
        'rejected',
        'rejected',
      ]);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain(
        'was not attempted',
      );
      expect(requests).toHaveLength(4);
      // Closed by the trial's success.
      await vendor.getJson('/things', items);
      expect(requests).toHaveLength(5);
    });

    it('also guards POSTs, naming the method', async () => {
      server.use(
        http.post(`${BASE}/events`, ({ request }) => {
          requests.push(request);
          return new HttpResponse('down', { status: 502 });
        }),
      );
      const vendor = client({
        breaker: { failureThreshold: 1, cooldownMs: 5_000 },
        maxAttempts: 1,
      });
      await failure(vendor.postJson('/events', { a: 1 }));
      const error = await failure(vendor.postJson('/events', { a: 1 }));
      expect(error.message).toMatch(
        /^Acme POST \/events was not attempted: Acme failed 1 calls in a row .*; the next attempt is after 2026-11-21T12:00:05\.000Z$/,
      );
      expect(requests).toHaveLength(1);
    });

    it('is off without a breaker option', async () => {
      const vendor = client({ maxAttempts: 1 });
      await failTimes(vendor, 10);
      expect(requests).toHaveLength(10);
    });
  });
});
