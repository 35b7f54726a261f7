// A small local stand-in for Jaeger, for trying the suite's Jaeger trace source without running Jaeger: it
// receives OTLP/HTTP traces (POST /v1/traces, http/protobuf or http/json, as the demo services send them) and
// answers the Jaeger query APIs the suite reads, from memory:
//
//   GET /api/v3/services                   {"services": [...]}
//   GET /api/v3/traces?query.service_name=&query.operation_name=&query.start_time_min=&query.start_time_max=&query.num_traces=
//                                          {"result": {"resourceSpans": [...]}} (OTLP/JSON, all matching traces merged),
//                                          404 {"error": {"httpCode": 404, "message": "No traces found"}} when none
//   GET /api/v3/traces/{id}                the same for one trace, or 404
//   GET /api/dependencies?endTs=&lookback= {"data": [{"parent", "child", "callCount"}]} (parent service → child service)
//   GET /health                            200
//
// It keeps the spans of the last hour (at most 200,000). Not a Jaeger: no v1 search, no storage, no UI.
//
// Run: `node packages/demo-services/src/fake-jaeger.mjs [port]` (default 16686), then send the demo traffic to it:
// `OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:16686 DEMO_WAIT_FOR_HEALTH=off node packages/demo-services/src/start.mjs`.
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { decodeJsonRequest, decodeProtobufRequest } from './fake-collector.mjs';

const RETAIN_MS = 60 * 60_000;
const MAX_SPANS = 200_000;

/** @param {unknown} value an attribute value as the fake collector flattened it */
function anyValue(value) {
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? { intValue: String(value) }
      : { doubleValue: value };
  }
  return {
    stringValue: typeof value === 'string' ? value : JSON.stringify(value),
  };
}

/** @param {Record<string, unknown>} attributes */
function keyValues(attributes) {
  return Object.entries(attributes).map(([key, value]) => ({
    key,
    value: anyValue(value),
  }));
}

/** Nanoseconds since the epoch, as OTLP/JSON writes them, from fractional milliseconds. */
function nanos(/** @type {number} */ ms) {
  return (BigInt(Math.round(ms * 1000)) * 1000n).toString();
}

/**
 * The spans as an OTLP/JSON TracesData body: one ResourceSpans per service.
 * @param {import('./fake-collector.mjs').CollectedSpan[]} spans
 */
function toOtlp(spans) {
  const byService = new Map();
  for (const span of spans) {
    const list = byService.get(span.service) ?? [];
    list.push(span);
    byService.set(span.service, list);
  }
  return {
    resourceSpans: [...byService.values()].map(list => ({
      resource: { attributes: keyValues(list[0].resource) },
      scopeSpans: [
        {
          scope: { name: 'fake-jaeger' },
          spans: list.map(span => ({
            traceId: span.traceId,
            spanId: span.spanId,
            ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
            name: span.name,
            kind: span.kind,
            startTimeUnixNano: nanos(span.startTimeMs),
            endTimeUnixNano: nanos(span.endTimeMs),
            attributes: keyValues(span.attributes),
            status: span.status,
          })),
        },
      ],
    })),
  };
}

/**
 * Starts the fake Jaeger.
 * @param {{ port?: number, log?: (line: string) => void }} [options]
 */
export async function startFakeJaeger(options = {}) {
  /** @type {import('./fake-collector.mjs').CollectedSpan[]} */
  let spans = [];
  const log = options.log ?? (() => {});

  const prune = () => {
    const cutoff = Date.now() - RETAIN_MS;
    spans = spans.filter(span => span.startTimeMs >= cutoff);
    if (spans.length > MAX_SPANS) spans = spans.slice(-MAX_SPANS);
  };
  const json = (
    /** @type {http.ServerResponse} */ res,
    /** @type {number} */ status,
    /** @type {unknown} */ body,
  ) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const notFound = (/** @type {http.ServerResponse} */ res) =>
    json(res, 404, { error: { httpCode: 404, message: 'No traces found' } });

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (req.method === 'POST' && url.pathname.endsWith('/v1/traces')) {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') {
          body = zlib.gunzipSync(body);
        }
        const isJson = String(req.headers['content-type'] ?? '').includes(
          'json',
        );
        const decoded = isJson
          ? decodeJsonRequest(JSON.parse(body.toString('utf8')))
          : decodeProtobufRequest(body);
        spans.push(...decoded);
        prune();
        res.writeHead(200, {
          'content-type': isJson
            ? 'application/json'
            : 'application/x-protobuf',
        });
        res.end(isJson ? '{}' : undefined);
        return;
      }
      if (req.method !== 'GET') {
        json(res, 405, { error: { httpCode: 405, message: 'GET only' } });
        return;
      }
      if (url.pathname === '/health') {
        json(res, 200, { status: 'ok' });
        return;
      }
      if (url.pathname === '/api/v3/services') {
        json(res, 200, {
          services: [...new Set(spans.map(span => span.service))].sort(),
        });
        return;
      }
      const byId = /^\/api\/v3\/traces\/([0-9a-fA-F]{32})$/.exec(url.pathname);
      if (byId) {
        const id = byId[1].toLowerCase();
        const trace = spans.filter(span => span.traceId === id);
        if (trace.length === 0) notFound(res);
        else json(res, 200, { result: toOtlp(trace) });
        return;
      }
      if (url.pathname === '/api/v3/traces') {
        const q = (/** @type {string} */ name) => url.searchParams.get(name);
        const min = Date.parse(q('query.start_time_min') ?? '');
        const max = Date.parse(q('query.start_time_max') ?? '');
        if (Number.isNaN(min) || Number.isNaN(max) || min >= max) {
          json(res, 400, {
            error: {
              httpCode: 400,
              message:
                'query.start_time_min and query.start_time_max are required, min < max',
            },
          });
          return;
        }
        const service = q('query.service_name');
        const operation = q('query.operation_name');
        const limit = Number(q('query.num_traces') ?? 20);
        const matching = new Map();
        for (const span of spans) {
          if (span.startTimeMs < min || span.startTimeMs >= max) continue;
          if (service && span.service !== service) continue;
          if (operation && span.name !== operation) continue;
          matching.set(
            span.traceId,
            Math.max(matching.get(span.traceId) ?? 0, span.startTimeMs),
          );
        }
        const ids = new Set(
          [...matching.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, limit)
            .map(([id]) => id),
        );
        if (ids.size === 0) {
          notFound(res);
          return;
        }
        json(res, 200, {
          result: toOtlp(spans.filter(span => ids.has(span.traceId))),
        });
        return;
      }
      if (url.pathname === '/api/dependencies') {
        const endTs = Number(url.searchParams.get('endTs') ?? Date.now());
        const lookback = Number(url.searchParams.get('lookback') ?? 86_400_000);
        const inWindow = spans.filter(
          span =>
            span.startTimeMs >= endTs - lookback && span.startTimeMs <= endTs,
        );
        const spansById = new Map(
          inWindow.map(span => [`${span.traceId}/${span.spanId}`, span]),
        );
        const counts = new Map();
        for (const span of inWindow) {
          const parent = spansById.get(`${span.traceId}/${span.parentSpanId}`);
          if (!parent || parent.service === span.service) continue;
          const key = `${parent.service}\u0000${span.service}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        json(res, 200, {
          data: [...counts.entries()].map(([key, callCount]) => {
            const [parent, child] = key.split('\u0000');
            return { parent, child, callCount };
          }),
          total: counts.size,
          limit: 0,
          offset: 0,
          errors: null,
        });
        return;
      }
      json(res, 404, {
        error: { httpCode: 404, message: `No route ${url.pathname}` },
      });
    } catch (error) {
      log(`fake-jaeger: ${req.method} ${url.pathname} failed: ${error}`);
      json(res, 400, { error: { httpCode: 400, message: String(error) } });
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 16686, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (
    server.address()
  );
  return {
    port: address.port,
    spanCount: () => spans.length,
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 16686);
  const fake = await startFakeJaeger({ port, log: console.log });
  console.log(
    `fake-jaeger: listening on http://localhost:${fake.port} (OTLP at /v1/traces, Jaeger query API at /api/v3)`,
  );
  const stop = async () => {
    await fake.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
