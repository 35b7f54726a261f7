/*
 * Ingest benchmark of the embedded trace store (run on demand: `yarn bench:ingest`; not part of the tests).
 *
 * Builds realistic OTLP export requests with the official OpenTelemetry SDK and serializers (100 spans per
 * request: 10 traces of 10 spans over 5 services, ~10 attributes of ~50 bytes per span), then measures in ONE
 * run, on one core:
 *   (a) raw JSON.parse of the JSON bytes,
 *   (b) raw protobuf decode of the same message (protobufjs' generic decoder, OTLP schema),
 *   (c) full ingest of the JSON bytes: parse, decode into the span model, rollups, edge pairing, recent traces,
 *       and the periodic flush (sketch serialization) to a store that discards what it gets,
 *   (d) the same for the protobuf bytes,
 * and prints spans/s for each, the ratios c/a and d/b, and the heap over a sustained run of several million
 * spans. Goals: c/a ≥ 0.5, d/b ≥ 0.5, heap flat (≤ 256 MiB).
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import {
  decodeOtlpJson,
  decodeOtlpProtobuf,
} from '@service-ownership/plugin-ownership-node';
import { IngestPipeline } from '../../plugins/ownership-backend/src/ingest/IngestPipeline';
import { OwnershipStore } from '../../plugins/ownership-backend/src/database/OwnershipStore';
import { exportTraceServiceRequest } from './otlpTraceSchema';

const SPANS_PER_REQUEST = 100;
const DISTINCT_REQUESTS = 200;
const SUSTAINED_SPANS = Number(process.env.BENCH_SPANS ?? 3_000_000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const SERVICES = ['storefront', 'orders', 'payments', 'inventory', 'shipping'];
const filler = (label: string, i: number) =>
  `${label}-${i}-${'x'.repeat(40)}`.slice(0, 50);

/** One request's worth of SDK spans: 10 traces, each a chain of 10 spans alternating client and server. */
function buildRequestSpans(
  requestIndex: number,
  baseMs: number,
): ReadableSpan[] {
  const providers = SERVICES.map(service => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      resource: resourceFromAttributes({
        'service.name': service,
        'service.version': '1.4.2',
      }),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    return { tracer: provider.getTracer('bench'), exporter };
  });
  for (let t = 0; t < SPANS_PER_REQUEST / 10; t++) {
    let context = ROOT_CONTEXT;
    const start = baseMs + t;
    for (let s = 0; s < 10; s++) {
      // Spans alternate server (in service k) and client (in service k, calling service k + 1).
      const serviceIndex = Math.floor(s / 2) % SERVICES.length;
      const isServer = s % 2 === 0;
      const span = providers[serviceIndex].tracer.startSpan(
        isServer
          ? s === 0
            ? 'POST /checkout'
            : `POST /${SERVICES[serviceIndex]}`
          : 'POST',
        {
          kind: isServer ? SpanKind.SERVER : SpanKind.CLIENT,
          startTime: start + s,
          attributes: {
            'http.request.method': 'POST',
            'http.response.status_code': 200,
            'url.full': filler(`http://svc/${requestIndex}/${t}`, s),
            'server.address': filler('host', s),
            'user_agent.original': filler('Mozilla/5.0 (X11; Linux x86_64)', s),
            'http.route': filler('/api/v1/resource/items', s),
            'network.protocol.version': '1.1',
            'app.customer_tier': filler('gold-customer-tier', t),
            'app.request_id': filler(`req-${requestIndex}-${t}`, s),
            'app.region': filler('eu-west-1-availability-zone-b', s),
          },
        },
        context,
      );
      if ((requestIndex + t + s) % 37 === 0) {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: 'injected failure',
        });
      }
      span.end(start + 40 - s * 3 + ((requestIndex * 7 + t * 13 + s) % 17));
      context = trace.setSpan(ROOT_CONTEXT, span);
    }
  }
  return providers.flatMap(p => p.exporter.getFinishedSpans());
}

/** A store that discards what the pipeline flushes: the benchmark measures ingest, not the database. */
const nullStore: OwnershipStore = {
  addSpanRollups: async () => {},
  addEdgeRollups: async () => {},
  readSpanRollups: async () => [],
  readEdgeRollups: async () => [],
  deleteRollupsBefore: async () => 0,
  addRecentSpans: async () => {},
  getTraceSpans: async () => [],
  pruneRecentSpans: async () => 0,
};

const silentLogger = {
  warn: () => {},
  info: () => {},
  debug: () => {},
  error: () => {},
  child: () => silentLogger,
} as any;

/** An ingest pipeline on simulated time: 100 ms pass per request, so traces settle and buckets close. */
function createIngest() {
  let nowMs = Date.UTC(2026, 10, 21, 12);
  const pipeline = new IngestPipeline(
    nullStore,
    {
      maxBufferedSpans: 200_000,
      pairingWaitMs: 10_000,
      pairingMaxPending: 10_000,
      traceSampleRate: 0.1,
      traceSettleMs: 15_000,
      maxRecentSpans: 200_000,
    },
    silentLogger,
    () => nowMs,
  );
  let requests = 0;
  return {
    async ingest(decoded: ReturnType<typeof decodeOtlpJson>) {
      pipeline.ingest(decoded.spans, decoded.rejected.length);
      nowMs += 100;
      requests += 1;
      // The backend flushes every 5 s: every 50 simulated requests here.
      if (requests % 50 === 0) {
        await pipeline.flush();
      }
    },
    counters: () => pipeline.counters(),
  };
}

async function measure(
  label: string,
  inputs: Buffer[],
  run: (input: Buffer) => unknown | Promise<unknown>,
): Promise<number> {
  // Warm-up, then as many passes as fit in MEASURE_MS.
  for (let i = 0; i < 300; i++) await run(inputs[i % inputs.length]);
  const started = process.hrtime.bigint();
  let requests = 0;
  while (Number(process.hrtime.bigint() - started) / 1e6 < MEASURE_MS) {
    for (let i = 0; i < 50; i++) {
      await run(inputs[requests % inputs.length]);
      requests += 1;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const spansPerSecond = (requests * SPANS_PER_REQUEST) / seconds;
  console.log(
    `${label.padEnd(58)} ${Math.round(spansPerSecond)
      .toLocaleString('en-US')
      .padStart(12)} spans/s`,
  );
  return spansPerSecond;
}

async function main() {
  console.log(
    `Node ${process.version}; ${SPANS_PER_REQUEST} spans per request, ${DISTINCT_REQUESTS} distinct requests`,
  );
  const baseMs = Date.UTC(2026, 10, 21, 12);
  const json: Buffer[] = [];
  const protobuf: Buffer[] = [];
  for (let r = 0; r < DISTINCT_REQUESTS; r++) {
    const spans = buildRequestSpans(r, baseMs + r * 100);
    json.push(Buffer.from(JsonTraceSerializer.serializeRequest(spans)!));
    protobuf.push(
      Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!),
    );
  }
  const avg = (list: Buffer[]) =>
    Math.round(list.reduce((n, b) => n + b.length, 0) / list.length);
  console.log(
    `request size: JSON ${avg(json)} bytes, protobuf ${avg(protobuf)} bytes\n`,
  );

  // Sanity: both encodings decode to the same 100 spans.
  const fromJson = decodeOtlpJson(JSON.parse(json[0].toString('utf8')));
  const fromProto = decodeOtlpProtobuf(protobuf[0]);
  if (
    fromJson.spans.length !== SPANS_PER_REQUEST ||
    fromProto.spans.length !== SPANS_PER_REQUEST
  ) {
    throw new Error('The generated requests do not decode to 100 spans each');
  }

  // The four measurements alternate over several rounds (JIT and GC state drift during a run); medians count.
  const jsonIngest = createIngest();
  const protoIngest = createIngest();
  const variants: Array<[string, Buffer[], (input: Buffer) => unknown]> = [
    [
      '(a) JSON.parse (baseline)',
      json,
      body => JSON.parse(body.toString('utf8')),
    ],
    [
      '(b) protobufjs generic decode (baseline)',
      protobuf,
      body => exportTraceServiceRequest.decode(body),
    ],
    [
      '(c) full ingest, JSON',
      json,
      body =>
        jsonIngest.ingest(decodeOtlpJson(JSON.parse(body.toString('utf8')))),
    ],
    [
      '(d) full ingest, protobuf',
      protobuf,
      body => protoIngest.ingest(decodeOtlpProtobuf(body)),
    ],
  ];
  const results: number[][] = variants.map(() => []);
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round}/${ROUNDS}`);
    for (const [index, [label, inputs, run]] of variants.entries()) {
      results[index].push(await measure(`  ${label}`, inputs, run));
    }
  }
  const median = (values: number[]) =>
    [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
  const [a, b, c, d] = results.map(median);
  console.log('\nmedians:');
  for (const [index, [label]] of variants.entries()) {
    console.log(
      `  ${label.padEnd(56)} ${Math.round([a, b, c, d][index])
        .toLocaleString('en-US')
        .padStart(12)} spans/s`,
    );
  }
  console.log(`\nc/a = ${(c / a).toFixed(2)} (goal ≥ 0.5)`);
  console.log(`d/b = ${(d / b).toFixed(2)} (goal ≥ 0.5)`);

  // Sustained run: heap after every million spans must stay flat.
  const gc = (globalThis as { gc?: () => void }).gc;
  const sustained = createIngest();
  let peak = 0;
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const requests = Math.ceil(SUSTAINED_SPANS / SPANS_PER_REQUEST);
  const samples: string[] = [];
  const started = Date.now();
  for (let r = 0; r < requests; r++) {
    await sustained.ingest(decodeOtlpProtobuf(protobuf[r % protobuf.length]));
    if ((r + 1) % 10_000 === 0 || r === requests - 1) {
      gc?.();
      const heap = process.memoryUsage().heapUsed;
      peak = Math.max(peak, heap);
      samples.push(
        `${(((r + 1) * SPANS_PER_REQUEST) / 1e6).toFixed(0)}M: ${mib(
          heap,
        )} MiB`,
      );
    }
  }
  console.log(
    `\nsustained: ${(requests * SPANS_PER_REQUEST).toLocaleString(
      'en-US',
    )} spans (protobuf) in ${((Date.now() - started) / 1000).toFixed(
      1,
    )} s; heap used after GC ${samples.join(', ')}; peak ${mib(
      peak,
    )} MiB (goal ≤ 256 MiB)${
      gc ? '' : ' [run with --expose-gc for post-GC figures]'
    }`,
  );
  console.log(`counters: ${JSON.stringify(sustained.counters())}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
