// A fake OTLP/HTTP trace collector for the smoke test (and for watching the demo without a backend): a node:http
// server accepting POST <any prefix>/v1/traces as http/protobuf or http/json, optionally checking the bearer token
// and answering 503/401 for a while to exercise the exporters' error paths. It decodes both encodings (protobuf with
// a minimal wire-format reader over the opentelemetry-proto field numbers) into flat span records.
//
// Run alone: `node packages/demo-services/src/fake-collector.mjs [port]` prints a line per request.
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

/**
 * @typedef {object} CollectedSpan
 * @property {string} service `service.name` of the resource
 * @property {Record<string, unknown>} resource resource attributes
 * @property {string} traceId hex
 * @property {string} spanId hex
 * @property {string} parentSpanId hex, '' for a root span
 * @property {string} name
 * @property {number} kind OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer
 * @property {Record<string, unknown>} attributes
 * @property {{ code: number, message: string }} status code 0 unset, 1 ok, 2 error
 * @property {number} startTimeMs start, in milliseconds since the epoch (fractional)
 * @property {number} endTimeMs end, in milliseconds since the epoch (fractional)
 * @property {'json' | 'protobuf'} encoding how the span arrived
 */

/**
 * Milliseconds since the epoch from OTLP nanoseconds (a fixed64 buffer, a decimal string or a number).
 * @param {unknown} value
 */
function nanosToMs(value) {
  if (Buffer.isBuffer(value)) {
    return Number(value.readBigUInt64LE(0) / 1000n) / 1000;
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    return Number(BigInt(value) / 1000n) / 1000;
  }
  return typeof value === 'number' ? value / 1e6 : 0;
}

export const SPAN_KIND = Object.freeze({
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
});
export const STATUS_CODE = Object.freeze({ UNSET: 0, OK: 1, ERROR: 2 });

// ---------------------------------------------------------------------------------------------------------------
// Protobuf wire format

/**
 * Reads a varint.
 * @param {Buffer} buffer
 * @param {number} offset
 * @returns {[bigint, number]} value and next offset
 */
function readVarint(buffer, offset) {
  let result = 0n;
  let shift = 0n;
  let position = offset;
  for (;;) {
    if (position >= buffer.length) throw new Error('truncated varint');
    const byte = buffer[position++];
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, position];
    shift += 7n;
  }
}

/**
 * Splits a message into its fields.
 * @param {Buffer} buffer
 * @returns {{ field: number, wireType: number, value: bigint | Buffer }[]}
 */
function readFields(buffer) {
  const fields = [];
  let offset = 0;
  while (offset < buffer.length) {
    const [tag, afterTag] = readVarint(buffer, offset);
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    offset = afterTag;
    if (wireType === 0) {
      const [value, next] = readVarint(buffer, offset);
      fields.push({ field, wireType, value });
      offset = next;
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      fields.push({
        field,
        wireType,
        value: buffer.subarray(offset, offset + size),
      });
      offset += size;
    } else if (wireType === 2) {
      const [length, next] = readVarint(buffer, offset);
      const end = next + Number(length);
      if (end > buffer.length) throw new Error('truncated field');
      fields.push({ field, wireType, value: buffer.subarray(next, end) });
      offset = end;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
  }
  return fields;
}

/** @param {bigint | Buffer} value */
const asBuffer = value => /** @type {Buffer} */ (value);

/**
 * Decodes an AnyValue.
 * @param {Buffer} buffer
 * @returns {unknown}
 */
function decodeAnyValue(buffer) {
  for (const { field, value } of readFields(buffer)) {
    switch (field) {
      case 1:
        return asBuffer(value).toString('utf8');
      case 2:
        return value !== 0n;
      case 3:
        return Number(BigInt.asIntN(64, /** @type {bigint} */ (value)));
      case 4:
        return asBuffer(value).readDoubleLE(0);
      case 5:
        return readFields(asBuffer(value))
          .filter(entry => entry.field === 1)
          .map(entry => decodeAnyValue(asBuffer(entry.value)));
      case 6:
        return decodeKeyValues(
          readFields(asBuffer(value))
            .filter(entry => entry.field === 1)
            .map(entry => asBuffer(entry.value)),
        );
      case 7:
        return asBuffer(value).toString('hex');
      default:
    }
  }
  return undefined;
}

/**
 * Decodes repeated KeyValue messages into an object.
 * @param {Buffer[]} buffers
 */
function decodeKeyValues(buffers) {
  /** @type {Record<string, unknown>} */
  const attributes = {};
  for (const buffer of buffers) {
    let key = '';
    let value;
    for (const entry of readFields(buffer)) {
      if (entry.field === 1) key = asBuffer(entry.value).toString('utf8');
      if (entry.field === 2) value = decodeAnyValue(asBuffer(entry.value));
    }
    attributes[key] = value;
  }
  return attributes;
}

/**
 * Decodes an ExportTraceServiceRequest (opentelemetry-proto field numbers).
 * @param {Buffer} body
 * @returns {CollectedSpan[]}
 */
export function decodeProtobufRequest(body) {
  /** @type {CollectedSpan[]} */
  const spans = [];
  for (const resourceSpans of readFields(body).filter(f => f.field === 1)) {
    const fields = readFields(asBuffer(resourceSpans.value));
    let resource = {};
    for (const entry of fields.filter(f => f.field === 1)) {
      resource = decodeKeyValues(
        readFields(asBuffer(entry.value))
          .filter(f => f.field === 1)
          .map(f => asBuffer(f.value)),
      );
    }
    for (const scopeSpans of fields.filter(f => f.field === 2)) {
      for (const spanField of readFields(asBuffer(scopeSpans.value))) {
        if (spanField.field !== 2) continue;
        /** @type {CollectedSpan} */
        const span = {
          service: String(resource['service.name'] ?? ''),
          resource,
          traceId: '',
          spanId: '',
          parentSpanId: '',
          name: '',
          kind: 0,
          attributes: {},
          status: { code: 0, message: '' },
          startTimeMs: 0,
          endTimeMs: 0,
          encoding: 'protobuf',
        };
        const attributeBuffers = [];
        for (const { field, value } of readFields(asBuffer(spanField.value))) {
          if (field === 1) span.traceId = asBuffer(value).toString('hex');
          else if (field === 2) span.spanId = asBuffer(value).toString('hex');
          else if (field === 4) {
            span.parentSpanId = asBuffer(value).toString('hex');
          } else if (field === 5) span.name = asBuffer(value).toString('utf8');
          else if (field === 6) span.kind = Number(value);
          else if (field === 7) span.startTimeMs = nanosToMs(value);
          else if (field === 8) span.endTimeMs = nanosToMs(value);
          else if (field === 9) attributeBuffers.push(asBuffer(value));
          else if (field === 15) {
            for (const status of readFields(asBuffer(value))) {
              if (status.field === 2) {
                span.status.message = asBuffer(status.value).toString('utf8');
              }
              if (status.field === 3) span.status.code = Number(status.value);
            }
          }
        }
        span.attributes = decodeKeyValues(attributeBuffers);
        spans.push(span);
      }
    }
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------------------------
// OTLP/JSON

/**
 * @param {any} value an OTLP/JSON AnyValue
 * @returns {unknown}
 */
function jsonAnyValue(value) {
  if (!value || typeof value !== 'object') return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('bytesValue' in value) return value.bytesValue;
  if ('arrayValue' in value) {
    return (value.arrayValue.values ?? []).map(jsonAnyValue);
  }
  if ('kvlistValue' in value) return jsonAttributes(value.kvlistValue.values);
  return undefined;
}

/** @param {any[] | undefined} list */
function jsonAttributes(list) {
  /** @type {Record<string, unknown>} */
  const attributes = {};
  for (const entry of list ?? [])
    attributes[entry.key] = jsonAnyValue(entry.value);
  return attributes;
}

/**
 * Decodes an OTLP/JSON ExportTraceServiceRequest.
 * @param {any} body
 * @returns {CollectedSpan[]}
 */
export function decodeJsonRequest(body) {
  /** @type {CollectedSpan[]} */
  const spans = [];
  for (const resourceSpans of body?.resourceSpans ?? []) {
    const resource = jsonAttributes(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        spans.push({
          service: String(resource['service.name'] ?? ''),
          resource,
          traceId: span.traceId ?? '',
          spanId: span.spanId ?? '',
          parentSpanId: span.parentSpanId ?? '',
          name: span.name ?? '',
          kind: Number(span.kind ?? 0),
          attributes: jsonAttributes(span.attributes),
          status: {
            code: Number(span.status?.code ?? 0),
            message: span.status?.message ?? '',
          },
          startTimeMs: nanosToMs(span.startTimeUnixNano),
          endTimeMs: nanosToMs(span.endTimeUnixNano),
          encoding: 'json',
        });
      }
    }
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------------------------
// The server

/**
 * @typedef {object} CollectorStats
 * @property {number} requests all POSTs to …/v1/traces
 * @property {number} protobufRequests accepted http/protobuf requests
 * @property {number} jsonRequests accepted http/json requests
 * @property {number} rejected503 requests answered 503 (simulated outage)
 * @property {number} rejected401 requests answered 401 (simulated or wrong token)
 * @property {number} badToken requests whose Authorization header was not the expected one
 * @property {number} undecodable requests whose body could not be decoded
 * @property {Set<string>} paths request paths seen
 *
 * @typedef {object} FakeCollector
 * @property {number} port
 * @property {CollectedSpan[]} spans decoded spans of the accepted requests
 * @property {CollectorStats} stats
 * @property {() => Promise<void>} close
 */

/**
 * Starts a fake collector.
 * @param {{ port?: number, token?: string, unavailableMs?: number, unauthorizedMs?: number,
 *   onRequest?: (line: string) => void }} [options]
 *   `unavailableMs`: answer 503 during this long after the first request; `unauthorizedMs`: then 401 during this
 *   long; `token`: expected bearer token (others get 401)
 * @returns {Promise<FakeCollector>}
 */
export async function startFakeCollector(options = {}) {
  const { token, unavailableMs = 0, unauthorizedMs = 0, onRequest } = options;
  /** @type {CollectedSpan[]} */
  const spans = [];
  /** @type {CollectorStats} */
  const stats = {
    requests: 0,
    protobufRequests: 0,
    jsonRequests: 0,
    rejected503: 0,
    rejected401: 0,
    badToken: 0,
    undecodable: 0,
    paths: new Set(),
  };
  /** @type {number | undefined} */
  let firstRequestAt;

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    if (req.method !== 'POST' || !req.url?.endsWith('/v1/traces')) {
      res.writeHead(404).end();
      return;
    }
    stats.requests++;
    stats.paths.add(req.url);
    firstRequestAt ??= Date.now();
    const elapsed = Date.now() - firstRequestAt;
    const contentType = String(req.headers['content-type'] ?? '');
    const isJson = contentType.includes('json');
    const reply = (
      /** @type {number} */ status,
      /** @type {string} */ note,
    ) => {
      onRequest?.(`${status} ${isJson ? 'json' : 'protobuf'} ${note}`);
      if (isJson) {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 200 ? '{}' : JSON.stringify({ error: note }));
      } else {
        res.writeHead(status, { 'content-type': 'application/x-protobuf' });
        res.end();
      }
    };
    if (elapsed < unavailableMs) {
      stats.rejected503++;
      reply(503, 'simulated outage');
      return;
    }
    if (elapsed < unavailableMs + unauthorizedMs) {
      stats.rejected401++;
      reply(401, 'simulated bad credentials');
      return;
    }
    if (
      token !== undefined &&
      req.headers.authorization !== `Bearer ${token}`
    ) {
      stats.badToken++;
      stats.rejected401++;
      reply(401, `unexpected authorization ${req.headers.authorization}`);
      return;
    }
    let body = Buffer.concat(chunks);
    try {
      if (req.headers['content-encoding'] === 'gzip')
        body = zlib.gunzipSync(body);
      const decoded = isJson
        ? decodeJsonRequest(JSON.parse(body.toString('utf8')))
        : decodeProtobufRequest(body);
      spans.push(...decoded);
      if (isJson) stats.jsonRequests++;
      else stats.protobufRequests++;
      const services = [...new Set(decoded.map(span => span.service))];
      reply(200, `${decoded.length} spans from ${services.join(', ')}`);
    } catch (error) {
      stats.undecodable++;
      reply(400, `undecodable: ${error}`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (
    server.address()
  );
  return {
    port: address.port,
    spans,
    stats,
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const collector = await startFakeCollector({
    port: Number(process.argv[2] ?? 4318),
    onRequest: line => console.log(`[fake-collector] ${line}`),
  });
  console.log(
    `[fake-collector] listening on http://127.0.0.1:${collector.port} (POST …/v1/traces)`,
  );
  const stop = () => collector.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
