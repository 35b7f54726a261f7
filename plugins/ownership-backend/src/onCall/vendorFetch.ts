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
import { CustomErrorBase } from '@backstage/errors';
import { z } from 'zod';

/** Query parameters of a vendor call; an array repeats its key (`include[]=users&include[]=schedules`). */
export type VendorQuery = Record<
  string,
  string | number | boolean | string[] | undefined
>;

/** How a vendor call waits, retries and caches; every field has a default. */
export interface VendorFetchTuning {
  /** Time allowed for one attempt, headers and body, in milliseconds. Default 10000. */
  timeoutMs?: number;
  /** How long a successful answer is reused for the same URL, in milliseconds; 0 disables. Default 60000. */
  cacheTtlMs?: number;
  /** Attempts per call, the first included. Default 3. */
  maxAttempts?: number;
  /** Longest wait between attempts; a `Retry-After` beyond it fails the call at once. Default 30000. */
  maxRetryWaitMs?: number;
  /** First backoff when the vendor gives no `Retry-After`, doubled on each retry. Default 500. */
  baseBackoffMs?: number;
  /** Largest response body read, in bytes; a longer answer fails the call. Default 20 MiB. */
  maxResponseBytes?: number;
  /**
   * Circuit breaker: after `failureThreshold` failed calls in a row (server errors, timeouts, network errors,
   * redirects; not 4xx answers), calls fail at once without reaching the upstream for `cooldownMs`; then one
   * call is let through, and its outcome closes or reopens the circuit. Off when absent.
   */
  breaker?: { failureThreshold: number; cooldownMs: number };
  /** Waits between attempts; injectable so tests do not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Wall clock for the cache and `Retry-After` dates, in epoch milliseconds; injectable for tests. */
  now?: () => number;
}

/** One vendor's endpoint and credentials, plus the tuning of its calls. */
export interface VendorFetchOptions extends VendorFetchTuning {
  /** Vendor name used in error messages, e.g. `PagerDuty`. */
  vendor: string;
  /** http(s) base URL from config; paths are appended to it. */
  baseUrl: string;
  /** Headers of every call, credentials included. */
  headers: Record<string, string>;
  /** Values (tokens) that are cut out of every error message, whatever the vendor echoes back. */
  secrets?: string[];
}

/** A GET-JSON client for one vendor, as built by {@link createVendorFetch}. */
export interface VendorFetch {
  /**
   * GETs `path` (with `query`) and parses the JSON answer with `schema`. Throws a {@link VendorRequestError}
   * naming the vendor and path when the vendor fails, redirects, times out, or answers something else.
   */
  getJson<T extends z.ZodTypeAny>(
    path: string,
    schema: T,
    options?: { query?: VendorQuery; signal?: AbortSignal },
  ): Promise<z.infer<T>>;
  /**
   * POSTs `body` as JSON to `path` (never cached), with extra `headers`; resolves when the receiver answers
   * 2xx, whatever its body. Failures, redirects and retries as for {@link VendorFetch.getJson}.
   */
  postJson(
    path: string,
    body: unknown,
    options?: { headers?: Record<string, string>; signal?: AbortSignal },
  ): Promise<void>;
}

/**
 * A failed vendor call. The message names the vendor, method and URL path (never a credential) and what went
 * wrong: the HTTP status with an excerpt of the body, a redirect, a timeout, a network error, or bad JSON.
 */
export class VendorRequestError extends CustomErrorBase {
  /** HTTP status, when the vendor answered. */
  readonly status?: number;

  constructor(message: string, options?: { status?: number; cause?: unknown }) {
    super(message, options?.cause);
    this.status = options?.status;
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CACHE_TTL_MS = 60_000;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_MAX_RETRY_WAIT_MS = 30_000;
const DEFAULT_BASE_BACKOFF_MS = 500;
/** Cache entries kept at most per vendor; the oldest go first. */
const MAX_CACHE_ENTRIES = 500;
/** Characters of a vendor's error body quoted in the message. */
const BODY_EXCERPT_CHARS = 300;
const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/** Thrown while reading a body that exceeds the limit. */
class BodyTooLarge extends Error {}

/** Reads a response body as text, refusing more than `maxBytes` (announced or actual). */
async function readText(response: Response, maxBytes: number): Promise<string> {
  const announced = Number(response.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > maxBytes) {
    // Not awaited: a cancel that never settles (a stalled stream, a test interceptor) must not hold the call.
    response.body?.cancel().catch(() => {});
    throw new BodyTooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      reader.cancel().catch(() => {});
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The wait a `Retry-After` header asks for, in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * `undefined` when the header is absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null,
  nowMs: number,
): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    return Math.round(Number(text) * 1000);
  }
  // Every HTTP date names its month; without that check `Date.parse('-5')` reads a year.
  const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** The reason behind Node's bare `TypeError: fetch failed`, e.g. `ECONNREFUSED`. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })
    ?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** What one attempt gave: the parsed body, or why it failed and whether another attempt may help. */
type Attempt =
  | { ok: true; body: unknown }
  | {
      ok: false;
      /** What went wrong, completing `<vendor> GET <path> …`. */
      reason: string;
      status?: number;
      cause?: unknown;
      retry: boolean;
      /** The wait the vendor asked for (`Retry-After`). */
      waitMs?: number;
    };

/**
 * A GET-JSON client for one vendor's REST API: per-attempt timeout, retries with backoff on 429, 5xx and
 * network errors (honouring `Retry-After`), redirects refused rather than followed (credentials must only
 * reach the configured host), clear errors without credentials, and a small TTL cache keyed by URL so an
 * on-call card does not call the vendor on every page view.
 */
export function createVendorFetch(options: VendorFetchOptions): VendorFetch {
  const {
    vendor,
    headers,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    cacheTtlMs = DEFAULT_CACHE_TTL_MS,
    maxAttempts = DEFAULT_MAX_ATTEMPTS,
    maxRetryWaitMs = DEFAULT_MAX_RETRY_WAIT_MS,
    baseBackoffMs = DEFAULT_BASE_BACKOFF_MS,
    sleep = sleepFor,
    now = Date.now,
    maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
    breaker,
  } = options;
  const circuit = { failures: 0, openUntil: 0, lastReason: '', trial: false };
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const secrets = (options.secrets ?? []).filter(secret => secret.length > 0);
  const cache = new Map<string, { expiresAt: number; body: unknown }>();

  const redact = (text: string) =>
    secrets.reduce(
      (result, secret) => result.split(secret).join('[redacted]'),
      text,
    );
  const fail = (
    path: string,
    what: string,
    extra?: { status?: number; cause?: unknown; method?: string },
  ) =>
    new VendorRequestError(
      redact(`${vendor} ${extra?.method ?? 'GET'} ${path} ${what}`),
      {
        status: extra?.status,
        cause: extra?.cause,
      },
    );
  const excerpt = (text: string) => {
    const flat = redact(text).replace(/\s+/g, ' ').trim();
    return flat.length > BODY_EXCERPT_CHARS
      ? `${flat.slice(0, BODY_EXCERPT_CHARS)}…`
      : flat;
  };

  async function attempt(
    url: string,
    signal?: AbortSignal,
    post?: { body: string; headers?: Record<string, string> },
  ): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = () => controller.abort();
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const response = await fetch(url, {
        method: post ? 'POST' : 'GET',
        headers: post
          ? { ...headers, 'content-type': 'application/json', ...post.headers }
          : headers,
        ...(post ? { body: post.body } : {}),
        redirect: 'manual',
        signal: controller.signal,
      });
      let text: string;
      try {
        text = await readText(response, maxResponseBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        return {
          ok: false,
          retry: false,
          status: response.status,
          reason: `answered more than ${maxResponseBytes} bytes (HTTP ${response.status}); raise the source's maxResponseBytes or narrow the query`,
        };
      }
      if (
        response.type === 'opaqueredirect' ||
        (response.status >= 300 && response.status < 400)
      ) {
        // Following a redirect would send the credentials to wherever the vendor (or anyone in between) says.
        const location = response.headers.get('location');
        return {
          ok: false,
          retry: false,
          status: response.status,
          reason: `was redirected (HTTP ${response.status}${
            location ? ` to ${excerpt(location)}` : ''
          }); redirects are not followed, check the configured base URL`,
        };
      }
      if (!response.ok) {
        const body = excerpt(text);
        return {
          ok: false,
          retry: isRetryableStatus(response.status),
          waitMs: parseRetryAfter(response.headers.get('retry-after'), now()),
          status: response.status,
          reason: `failed with HTTP ${response.status}${
            body ? `: ${body}` : ''
          }`,
        };
      }
      // A receiver of a POST (an event API, a webhook) may answer anything on success.
      if (post) return { ok: true, body: undefined };
      try {
        return { ok: true, body: JSON.parse(text) };
      } catch {
        return {
          ok: false,
          retry: false,
          status: response.status,
          reason: `answered malformed JSON (HTTP ${response.status}): ${
            excerpt(text) || 'empty body'
          }`,
        };
      }
    } catch (error) {
      if (timedOut) {
        // Not retried: a retry would multiply the time the caller (a page view) waits.
        return {
          ok: false,
          retry: false,
          reason: `timed out after ${timeoutMs} ms`,
        };
      }
      if (signal?.aborted) {
        return {
          ok: false,
          retry: false,
          reason: 'was aborted by the caller',
        };
      }
      return {
        ok: false,
        retry: true,
        reason: `failed: ${networkReason(error)}`,
        cause: error,
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  async function getBody(
    url: string,
    path: string,
    signal?: AbortSignal,
    post?: { body: string; headers?: Record<string, string> },
  ): Promise<unknown> {
    if (!breaker) return callUpstream(url, path, signal, post);
    const method = post ? 'POST' : 'GET';
    // After the cooldown one trial call goes through; others wait for its outcome (they fail at once).
    const halfOpen = circuit.failures >= breaker.failureThreshold;
    if (circuit.openUntil > now() || (halfOpen && circuit.trial)) {
      throw fail(
        path,
        `was not attempted: ${vendor} failed ${
          circuit.failures
        } calls in a row (last: ${
          circuit.lastReason
        }); the next attempt is after ${new Date(
          circuit.openUntil,
        ).toISOString()}`,
        { method },
      );
    }
    if (halfOpen) circuit.trial = true;
    try {
      const body = await callUpstream(url, path, signal, post);
      circuit.failures = 0;
      circuit.openUntil = 0;
      return body;
    } catch (error) {
      const status = (error as VendorRequestError).status;
      // A 4xx answer (not 429) is the caller's problem, not the upstream's health.
      const upstreamFault =
        status === undefined ||
        status === 429 ||
        status >= 500 ||
        (status >= 300 && status < 400);
      if (upstreamFault && !signal?.aborted) {
        circuit.failures += 1;
        circuit.lastReason = (error as Error).message;
        if (circuit.failures >= breaker.failureThreshold) {
          circuit.openUntil = now() + breaker.cooldownMs;
        }
      }
      throw error;
    } finally {
      if (halfOpen) circuit.trial = false;
    }
  }

  async function callUpstream(
    url: string,
    path: string,
    signal?: AbortSignal,
    post?: { body: string; headers?: Record<string, string> },
  ): Promise<unknown> {
    const method = post ? 'POST' : 'GET';
    if (!post) {
      const cached = cache.get(url);
      if (cached && cached.expiresAt > now()) {
        return cached.body;
      }
      cache.delete(url);
    }
    for (let attemptNumber = 1; ; attemptNumber++) {
      const outcome = await attempt(url, signal, post);
      if (outcome.ok) {
        if (cacheTtlMs > 0 && !post) {
          if (cache.size >= MAX_CACHE_ENTRIES) {
            const oldest = cache.keys().next();
            if (!oldest.done) cache.delete(oldest.value);
          }
          cache.set(url, { expiresAt: now() + cacheTtlMs, body: outcome.body });
        }
        return outcome.body;
      }
      const { reason, status, cause } = outcome;
      if (!outcome.retry) {
        throw fail(path, reason, { status, cause, method });
      }
      if (attemptNumber >= maxAttempts) {
        throw fail(
          path,
          `still failing after ${attemptNumber} attempts; last ${reason}`,
          { status, cause, method },
        );
      }
      if (outcome.waitMs !== undefined && outcome.waitMs > maxRetryWaitMs) {
        // Waiting this long would hold up the page view; better to say so now.
        throw fail(
          path,
          `${reason}, and asked to retry after ${Math.ceil(
            outcome.waitMs / 1000,
          )} s, longer than the ${Math.round(
            maxRetryWaitMs / 1000,
          )} s this client waits`,
          { status, cause, method },
        );
      }
      const waitMs =
        outcome.waitMs ??
        Math.min(maxRetryWaitMs, baseBackoffMs * 2 ** (attemptNumber - 1));
      try {
        await sleep(waitMs, signal);
      } catch {
        throw fail(path, 'was aborted by the caller', { method });
      }
    }
  }

  return {
    async getJson(path, schema, callOptions) {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(callOptions?.query ?? {})) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) {
          search.append(key, String(item));
        }
      }
      const query = search.toString();
      const url = `${baseUrl}${path}${query ? `?${query}` : ''}`;
      const body = await getBody(url, path, callOptions?.signal);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw fail(
          path,
          `answered an unexpected shape: ${issue.path.join('.') || 'body'}: ${
            issue.message
          }`,
        );
      }
      return parsed.data;
    },
    async postJson(path, body, callOptions) {
      await getBody(`${baseUrl}${path}`, path, callOptions?.signal, {
        body: JSON.stringify(body),
        headers: callOptions?.headers,
      });
    },
  };
}
