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

/*
 * Service-graph edges from spans, by the rule Tempo's metrics-generator uses (docs: tracing-apis.md §3.5).
 *
 * - Only CLIENT/PRODUCER spans (the client side, stored under trace id + their own span id) and SERVER/CONSUMER
 *   spans (the server side, stored under trace id + their parent span id) take part. When both sides of a key
 *   are there, the edge is complete: client service → server service, `messaging_system` if the client side
 *   was a PRODUCER or the server side a CONSUMER, else `''` (RPC); failed if either side failed. The sides may
 *   arrive in any order and in different calls.
 * - A CLIENT span with `db.namespace`/`db.name` or `db.system.name`/`db.system` completes at once as a
 *   `database` edge: server = `peer.service`, else `server.address[:server.port]`, else the database name or
 *   system; server latency = client latency.
 * - A ROOT server/consumer span (no parent) can never meet a client side, so it completes at once as an edge
 *   from the virtual node `user` (Tempo waits for it to expire; the edge is the same, only earlier and without
 *   taking a slot).
 * - Sides still waiting after `waitMs`, or evicted oldest-first when more than `maxItems` wait, expire: a client
 *   side with a peer value (first of `peer.service`, `server.address`, `db.namespace`, `db.system`; Tempo's
 *   default leaves out `server.address`, we keep it so uninstrumented HTTP dependencies show up) becomes an
 *   edge to a virtual node named after it; anything else is only counted.
 * - Self-loops (client service = server service) are dropped and counted.
 *
 * Pure: the caller passes `nowMs`; nothing reads the clock or does I/O.
 */

import type {
  Span,
  SpanPeer,
} from '@service-ownership/plugin-ownership-common';

/**
 * How the two ends of an edge talk: `''` for RPC (HTTP, gRPC), `messaging_system` for producer → consumer,
 * `database` for a database client, `virtual_node` when one end was never seen as a service.
 *
 * @public
 */
export type EdgeConnectionType =
  | ''
  | 'messaging_system'
  | 'database'
  | 'virtual_node';

/**
 * One observed call between two services (or a service and a virtual node), from one pair of spans.
 *
 * @public
 */
export interface ServiceGraphEdge {
  /** Calling service, or `user` for a request that entered the system at a root server span. */
  client: string;
  /** Called service, or the database / peer name for `database` and virtual-node edges. */
  server: string;
  connectionType: EdgeConnectionType;
  /** Which end is a virtual node, for `virtual_node` edges. */
  virtualNode?: 'client' | 'server';
  /** Whether either side's span failed. */
  failed: boolean;
  /** Duration of the client span; absent for `user` edges. */
  clientLatencyNano?: number;
  /** Duration of the server span (the client's for `database`); absent for edges to a virtual server. */
  serverLatencyNano?: number;
  traceId: string;
  /** The client span's id, or the server span's for `user` edges: where to point an exemplar. */
  spanId: string;
  /** Start of the client span (of the server span for `user` edges), in ms since the epoch. */
  startTimeUnixMs: number;
}

/**
 * Limits of an {@link EdgePairer}.
 *
 * @public
 */
export interface EdgePairerOptions {
  /** How long a side waits for its other half, in ms. Default 10,000 (Tempo's `wait`). */
  waitMs?: number;
  /** How many sides may wait at once; the oldest is expired early beyond that. Default 10,000 (Tempo's `max_items`). */
  maxItems?: number;
}

/**
 * What an {@link EdgePairer} has done since it was created.
 *
 * @public
 */
export interface EdgePairerCounters {
  /** RPC and messaging edges completed from a client and a server side. */
  paired: number;
  /** Database edges, completed from the client side alone. */
  database: number;
  /** Edges to a virtual server (on expiry) or from the virtual `user` client (root server spans). */
  virtualNodes: number;
  /** Edges dropped because client and server are the same service. */
  selfLoops: number;
  /** Sides that expired without a partner and without a peer value to make a virtual node of. */
  expiredUnpaired: number;
  /** Sides expired early, oldest first, because `maxItems` were waiting (their edges are still produced). */
  droppedForCapacity: number;
  /** Sides waiting now. */
  pending: number;
}

/** Default of {@link EdgePairerOptions.waitMs}. */
const DEFAULT_WAIT_MS = 10_000;
/** Default of {@link EdgePairerOptions.maxItems}. */
const DEFAULT_MAX_ITEMS = 10_000;

/** Client name of edges that start at a root server span (Tempo's). */
const USER_NODE = 'user';

/** Some sources write an all-zero parent id for root spans. */
const ZERO_SPAN_ID = '0000000000000000';

/**
 * One waiting key with whichever sides have arrived. Only the fields an edge needs are copied from the spans,
 * so waiting does not keep whole spans (and their attributes) alive. All fields are set in the constructor to
 * keep one object shape.
 */
class PendingEdge {
  hasClient = false;
  clientService = '';
  clientSpanId = '';
  clientLatencyNano = 0;
  clientFailed = false;
  clientStartMs = 0;
  clientIsProducer = false;
  clientPeer: string | undefined = undefined;

  hasServer = false;
  serverService = '';
  serverLatencyNano = 0;
  serverFailed = false;
  serverIsConsumer = false;

  constructor(readonly traceId: string, readonly expiresAtMs: number) {}
}

/**
 * Pairs client and server spans into service-graph edges (Tempo's rule; see the top of this file).
 *
 * Feed it spans as they arrive with {@link EdgePairer.addSpans}, and call {@link EdgePairer.expire}
 * periodically (e.g. every second) with the same clock, non-decreasing. A clock that goes back only delays expiry.
 *
 * @public
 */
export class EdgePairer {
  private readonly waitMs: number;
  private readonly maxItems: number;
  /** Keyed by trace id + span id; Map order is insertion order, which is expiry order. */
  private readonly pending = new Map<string, PendingEdge>();
  private paired = 0;
  private database = 0;
  private virtualNodes = 0;
  private selfLoops = 0;
  private expiredUnpaired = 0;
  private droppedForCapacity = 0;

  constructor(options: EdgePairerOptions = {}) {
    this.waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
    this.maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
    if (!(this.waitMs >= 0)) {
      throw new RangeError(`waitMs must be ≥ 0, got ${options.waitMs}`);
    }
    if (!(this.maxItems >= 1)) {
      throw new RangeError(`maxItems must be ≥ 1, got ${options.maxItems}`);
    }
  }

  /**
   * Takes in spans and returns the edges they complete: pairs, database edges, `user` edges of root server
   * spans, and edges of sides expired early to make room. Spans of other kinds, or without a service name,
   * are ignored.
   *
   * @param nowMs - the caller's clock, in ms; new sides expire at `nowMs + waitMs`.
   */
  addSpans(spans: readonly Span[], nowMs: number): ServiceGraphEdge[] {
    const edges: ServiceGraphEdge[] = [];
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i];
      const kind = span.kind;
      if (span.serviceName === '') {
        continue;
      }
      if (kind === 'client' || kind === 'producer') {
        this.addClientSide(span, nowMs, edges);
      } else if (kind === 'server' || kind === 'consumer') {
        this.addServerSide(span, nowMs, edges);
      }
    }
    return edges;
  }

  /**
   * Expires the sides that waited `waitMs` by `nowMs` and returns the virtual-node edges they make.
   */
  expire(nowMs: number): ServiceGraphEdge[] {
    const edges: ServiceGraphEdge[] = [];
    for (const [key, entry] of this.pending) {
      if (entry.expiresAtMs > nowMs) {
        break;
      }
      this.pending.delete(key);
      this.expireEntry(entry, edges);
    }
    return edges;
  }

  /** Counts since creation, and how many sides wait now. */
  counters(): EdgePairerCounters {
    return {
      paired: this.paired,
      database: this.database,
      virtualNodes: this.virtualNodes,
      selfLoops: this.selfLoops,
      expiredUnpaired: this.expiredUnpaired,
      droppedForCapacity: this.droppedForCapacity,
      pending: this.pending.size,
    };
  }

  private addClientSide(
    span: Span,
    nowMs: number,
    edges: ServiceGraphEdge[],
  ): void {
    const peer = span.peer;
    const dbName = peer.dbNamespace || peer.dbSystem;
    if (span.kind === 'client' && dbName) {
      if (
        this.emit(edges, {
          client: span.serviceName,
          server: peer.service || databaseAddress(peer) || dbName,
          connectionType: 'database',
          failed: span.error,
          clientLatencyNano: span.durationNano,
          serverLatencyNano: span.durationNano,
          traceId: span.traceId,
          spanId: span.spanId,
          startTimeUnixMs: span.startTimeUnixMs,
        })
      ) {
        this.database += 1;
      }
      return;
    }

    const key = span.traceId + span.spanId;
    let entry = this.pending.get(key);
    if (entry === undefined) {
      entry = this.insert(key, span.traceId, nowMs, edges);
    }
    entry.hasClient = true;
    entry.clientService = span.serviceName;
    entry.clientSpanId = span.spanId;
    entry.clientLatencyNano = span.durationNano;
    entry.clientFailed = span.error;
    entry.clientStartMs = span.startTimeUnixMs;
    entry.clientIsProducer = span.kind === 'producer';
    entry.clientPeer =
      peer.service || peer.serverAddress || peer.dbNamespace || peer.dbSystem;
    if (entry.hasServer) {
      this.pending.delete(key);
      this.complete(entry, edges);
    }
  }

  private addServerSide(
    span: Span,
    nowMs: number,
    edges: ServiceGraphEdge[],
  ): void {
    const parentSpanId = span.parentSpanId;
    if (!parentSpanId || parentSpanId === ZERO_SPAN_ID) {
      if (
        this.emit(edges, {
          client: USER_NODE,
          server: span.serviceName,
          connectionType: 'virtual_node',
          virtualNode: 'client',
          failed: span.error,
          serverLatencyNano: span.durationNano,
          traceId: span.traceId,
          spanId: span.spanId,
          startTimeUnixMs: span.startTimeUnixMs,
        })
      ) {
        this.virtualNodes += 1;
      }
      return;
    }

    const key = span.traceId + parentSpanId;
    let entry = this.pending.get(key);
    if (entry === undefined) {
      entry = this.insert(key, span.traceId, nowMs, edges);
    }
    entry.hasServer = true;
    entry.serverService = span.serviceName;
    entry.serverLatencyNano = span.durationNano;
    entry.serverFailed = span.error;
    entry.serverIsConsumer = span.kind === 'consumer';
    if (entry.hasClient) {
      this.pending.delete(key);
      this.complete(entry, edges);
    }
  }

  /** Adds a waiting key, first expiring the oldest one if `maxItems` are already waiting. */
  private insert(
    key: string,
    traceId: string,
    nowMs: number,
    edges: ServiceGraphEdge[],
  ): PendingEdge {
    if (this.pending.size >= this.maxItems) {
      const oldest = this.pending.entries().next();
      if (!oldest.done) {
        this.pending.delete(oldest.value[0]);
        this.droppedForCapacity += 1;
        this.expireEntry(oldest.value[1], edges);
      }
    }
    const entry = new PendingEdge(traceId, nowMs + this.waitMs);
    this.pending.set(key, entry);
    return entry;
  }

  private complete(entry: PendingEdge, edges: ServiceGraphEdge[]): void {
    if (
      this.emit(edges, {
        client: entry.clientService,
        server: entry.serverService,
        connectionType:
          entry.clientIsProducer || entry.serverIsConsumer
            ? 'messaging_system'
            : '',
        failed: entry.clientFailed || entry.serverFailed,
        clientLatencyNano: entry.clientLatencyNano,
        serverLatencyNano: entry.serverLatencyNano,
        traceId: entry.traceId,
        spanId: entry.clientSpanId,
        startTimeUnixMs: entry.clientStartMs,
      })
    ) {
      this.paired += 1;
    }
  }

  private expireEntry(entry: PendingEdge, edges: ServiceGraphEdge[]): void {
    // Roots never wait (they complete as `user` edges at once), so a lone server side is just counted.
    if (!entry.hasClient || !entry.clientPeer) {
      this.expiredUnpaired += 1;
      return;
    }
    if (
      this.emit(edges, {
        client: entry.clientService,
        server: entry.clientPeer,
        connectionType: 'virtual_node',
        virtualNode: 'server',
        failed: entry.clientFailed,
        clientLatencyNano: entry.clientLatencyNano,
        traceId: entry.traceId,
        spanId: entry.clientSpanId,
        startTimeUnixMs: entry.clientStartMs,
      })
    ) {
      this.virtualNodes += 1;
    }
  }

  /** Adds the edge unless it is a self-loop; returns whether it was added. */
  private emit(edges: ServiceGraphEdge[], edge: ServiceGraphEdge): boolean {
    if (edge.client === edge.server) {
      this.selfLoops += 1;
      return false;
    }
    edges.push(edge);
    return true;
  }
}

/**
 * `server.address` of a database client span, without the port, as in Tempo's rule: host names are what
 * catalog resources are named after, and the same database answers on whatever port a client used.
 */
function databaseAddress(peer: SpanPeer): string | undefined {
  return peer.serverAddress || undefined;
}
