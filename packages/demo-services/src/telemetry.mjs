// OpenTelemetry setup shared by the demo services: the official Node SDK with the HTTP instrumentation, exporting
// spans over OTLP/HTTP (protobuf or JSON) to the ownership backend through a batch span processor tuned for a demo,
// and never crashing when the backend is down or refuses the spans (failures are logged once per outage).
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import {
  defaultResource,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import { FAILURE_CONTROL_PATH } from './config.mjs';
import { log, SPAN_STATUS } from './runtime.mjs';

/** `peer.service` (incubating semantic convention, copied rather than imported from the unstable entry point). */
export const ATTR_PEER_SERVICE = 'peer.service';

/** Batch span processor settings for a demo (the SDK defaults are a 5 s delay and a 2,048-span queue). */
const BSP_DEFAULTS = {
  OTEL_BSP_SCHEDULE_DELAY: '1000',
  OTEL_BSP_MAX_QUEUE_SIZE: '20000',
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1000',
  OTEL_BSP_EXPORT_TIMEOUT: '10000',
};

/** The result code of a successful export (`ExportResultCode.SUCCESS` of @opentelemetry/core). */
const EXPORT_SUCCESS = 0;

/** @typedef {{ code: number, error?: Error }} ExportResult */

/**
 * Describes an export error briefly (HTTP status and message when there is one).
 * @param {any} error
 */
function describeExportError(error) {
  if (!error) return 'unknown error';
  const status = typeof error.code === 'number' ? `HTTP ${error.code} ` : '';
  const message = error.message || error.name || String(error);
  return `${status}${message}`.trim();
}

/**
 * Wraps an OTLP exporter: logs the first failure of each outage (and the recovery), never throws, and makes
 * shutdown/forceFlush always resolve. Failed batches are dropped (the backend sees the next ones).
 */
class ResilientExporter {
  /**
   * @param {string} service
   * @param {string} url
   * @param {import('@opentelemetry/sdk-node').NodeSDKConfiguration['traceExporter']} inner
   */
  constructor(service, url, inner) {
    this.service = service;
    this.url = url;
    this.inner = inner;
    this.failing = false;
    this.everSucceeded = false;
  }

  /**
   * @param {unknown[]} spans
   * @param {(result: ExportResult) => void} done
   */
  export(spans, done) {
    /** @param {ExportResult} result */
    const onResult = result => {
      if (result.code === EXPORT_SUCCESS) {
        if (this.failing)
          log(this.service, `OTLP export to ${this.url} works again`);
        this.failing = false;
        this.everSucceeded = true;
      } else if (!this.failing) {
        this.failing = true;
        log(
          this.service,
          `OTLP export to ${this.url} failed (${describeExportError(
            result.error,
          )}); ` +
            `dropping spans until it works again (logged once${
              this.everSucceeded ? '' : '; is the backend up?'
            })`,
        );
      }
      done(result);
    };
    try {
      this.inner.export(/** @type {any} */ (spans), onResult);
    } catch (error) {
      onResult({ code: 1, error: /** @type {Error} */ (error) });
    }
  }

  /** @returns {Promise<void>} */
  async forceFlush() {
    try {
      await this.inner.forceFlush?.();
    } catch {
      // export failures are reported by export()
    }
  }

  /** @returns {Promise<void>} */
  async shutdown() {
    try {
      await this.inner.shutdown();
    } catch {
      // nothing left to do
    }
  }
}

/**
 * @typedef {object} TelemetryOptions
 * @property {import('./config.mjs').DemoConfig} config
 * @property {string[]} [ignoreIncomingPaths] path prefixes of incoming requests that get no server span (their
 *   handlers then run with tracing suppressed); FAILURE_CONTROL_PATH always is one
 * @property {string[]} [ignoreOutgoingPaths] path prefixes of outgoing requests that get no client span and no
 *   `traceparent` header
 * @property {Record<number, string>} [peerServices] `peer.service` for client spans to a port of localhost
 *
 * @typedef {object} Telemetry
 * @property {import('@opentelemetry/api').Tracer} tracer
 * @property {'http/protobuf' | 'http/json'} protocol
 * @property {() => Promise<void>} shutdown flushes and stops the SDK; never rejects, gives up after 3 s
 */

/**
 * Starts the OpenTelemetry SDK for one service. Must run before `node:http` is loaded (see runtime.mjs).
 * @param {string} service the `service.name` (`service.namespace` stays unset)
 * @param {TelemetryOptions} options
 * @returns {Telemetry}
 */
export function startTelemetry(service, options) {
  const { config, peerServices = {} } = options;
  // The failure control routes are never traced: controlling the demo must not show up in its traces.
  const ignoreIncomingPaths = [
    FAILURE_CONTROL_PATH,
    ...(options.ignoreIncomingPaths ?? []),
  ];
  const ignoreOutgoingPaths = options.ignoreOutgoingPaths ?? [];
  for (const [name, value] of Object.entries(BSP_DEFAULTS)) {
    if (!process.env[name]) process.env[name] = value;
  }

  const protocol = config.otlp.jsonServices.has(service)
    ? 'http/json'
    : 'http/protobuf';
  const exporterConfig = {
    url: config.otlp.tracesUrl,
    headers: config.otlp.token
      ? { Authorization: `Bearer ${config.otlp.token}` }
      : {},
    timeoutMillis: 5000,
  };
  const exporter = new ResilientExporter(
    service,
    config.otlp.tracesUrl,
    protocol === 'http/json'
      ? new OTLPJsonTraceExporter(exporterConfig)
      : new OTLPProtobufTraceExporter(exporterConfig),
  );

  const sdk = new NodeSDK({
    serviceName: service,
    // Merged with the default resource (telemetry.sdk.*); no env detector, so that a stray OTEL_SERVICE_NAME or
    // OTEL_RESOURCE_ATTRIBUTES (service.namespace…) cannot change the names the catalog matches.
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: service,
        [ATTR_SERVICE_VERSION]: '1.0.0',
      }),
    ),
    resourceDetectors: [
      serviceInstanceIdDetector,
      processDetector,
      hostDetector,
      osDetector,
    ],
    traceExporter: /** @type {any} */ (exporter),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: request =>
          ignoreIncomingPaths.some(prefix =>
            (request.url ?? '').startsWith(prefix),
          ),
        ignoreOutgoingRequestHook: request =>
          ignoreOutgoingPaths.some(prefix =>
            (request.path ?? '').startsWith(prefix),
          ),
        startOutgoingSpanHook: request => {
          const peer = peerServices[Number(request.port)];
          return peer ? { [ATTR_PEER_SERVICE]: peer } : {};
        },
        applyCustomAttributesOnSpan: (span, _request, response) => {
          const status = /** @type {any} */ (response)[SPAN_STATUS];
          if (status?.code === SpanStatusCode.ERROR) span.setStatus(status);
        },
      }),
    ],
  });
  sdk.start();

  process.on('unhandledRejection', error => {
    log(service, `unhandled rejection (ignored): ${error}`);
  });

  let stopped;
  return {
    tracer: trace.getTracer(`demo-services/${service}`, '1.0.0'),
    protocol,
    shutdown: () => {
      stopped ??= Promise.race([
        sdk.shutdown().catch(() => undefined),
        new Promise(resolve => setTimeout(resolve, 3000).unref()),
      ]).then(() => undefined);
      return stopped;
    },
  };
}
