// Calls between services, paired the way Tempo's service-graph processor pairs them (decision 0270):
// a CLIENT or PRODUCER span and its SERVER or CONSUMER child are one call; a client span naming a
// database (`db.name`) is a call to that database on its own; a client span whose server never
// reported is a call to a virtual node named by its peer attributes; a root SERVER or CONSUMER span
// is a call from the virtual node "user". The trace graph also joins a parent and a child of
// different services that are not such a pair (`parentChild`); Tempo's metrics do not.
// One pass over the rows, no recursion; data only, the sentences are the views'.
import { type AttributeValue, SpanFlag, SpanKind, type SpanTable, type Trace } from '../model/types.ts';

/** Tempo's `connection_type` label values, plus the trace graph's own `parent_child`. */
export type ConnectionType = '' | 'messaging_system' | 'database' | 'virtual_node' | 'parent_child';

/** Peer attributes that name an uninstrumented server, in the order they are tried. */
export const PEER_ATTRIBUTES: readonly string[] = ['peer.service', 'db.name', 'db.system', 'server.address'];

/** The client Tempo names when a root server span has no caller. */
export const USER_NODE = 'user';

/** One call: a client side and a server side, either of which may be virtual (row -1). */
export interface ServiceCall {
  /** The CLIENT/PRODUCER (or cross-service parent) row, -1 for the virtual "user". */
  clientRow: number;
  /** The SERVER/CONSUMER (or cross-service child) row, -1 for a virtual peer or database. */
  serverRow: number;
  client: string;
  server: string;
  connectionType: ConnectionType;
  /** Either side's status is ERROR. */
  failed: boolean;
  /** ns; the other side's duration when this side is virtual. */
  clientDuration: number;
  serverDuration: number;
}

export interface PairingOptions {
  /**
   * A string attribute of a span, looked up on the span and then its resource; absent: no peer
   * attributes, so no virtual peers or databases.
   */
  attribute?: (row: number, key: string) => string | undefined;
  /** Join a parent and child of different services that are not a client/server pair. Default false. */
  parentChild?: boolean;
}

export interface Pairing {
  calls: ServiceCall[];
  /** CLIENT/PRODUCER rows that found no server side and name no peer (Tempo drops these). */
  unpairedClients: number[];
  /** SERVER/CONSUMER rows whose parent is in another trace or is not a client (Tempo drops these). */
  unpairedServers: number[];
}

/**
 * What the pairing reads of a trace: the span table's structure columns. A full `Trace` has them; the
 * embedded backend's service-graph metrics build just these from the spans of one wait (decision 0272).
 */
export type PairingTable = Pick<
  SpanTable,
  'count' | 'kind' | 'parent' | 'flags' | 'service' | 'strings' | 'duration'
>;

const isClientKind = (kind: number) => kind === SpanKind.Client || kind === SpanKind.Producer;
const isServerKind = (kind: number) => kind === SpanKind.Server || kind === SpanKind.Consumer;
const failedRow = (table: PairingTable, row: number) => (table.flags[row] & SpanFlag.Error) !== 0;

/** A string value for peer names: strings as they are, other scalars as text, nothing for empty. */
export function attributeString(value: AttributeValue | undefined): string | undefined {
  if (!value) return undefined;
  switch (value.type) {
    case 'string':
      return value.value === '' ? undefined : value.value;
    case 'int':
    case 'double':
    case 'bool':
      return String(value.value);
    default:
      return undefined;
  }
}

/** The options' attribute lookup over a trace's details store (span first, then resource). */
export function traceAttribute(trace: Trace): (row: number, key: string) => string | undefined {
  return (row, key) =>
    attributeString(trace.details.attribute(row, 'span', key)) ??
    attributeString(trace.details.attribute(row, 'resource', key));
}

/** Pairs the calls of one trace. */
export function pairCalls(trace: { table: PairingTable }, options: PairingOptions = {}): Pairing {
  const table = trace.table;
  const n = table.count;
  const s = table.strings;
  const attribute = options.attribute;
  const calls: ServiceCall[] = [];
  const unpairedServers: number[] = [];
  // Per client row: 1 when a server side was found, 2 when it is a database call.
  const paired = new Uint8Array(n);

  if (attribute) {
    for (let row = 0; row < n; row++) {
      if (table.kind[row] !== SpanKind.Client || attribute(row, 'db.name') === undefined) continue;
      paired[row] = 2;
    }
  }

  for (let row = 0; row < n; row++) {
    const kind = table.kind[row];
    const parent = table.parent[row];
    if (isServerKind(kind)) {
      if (parent >= 0 && isClientKind(table.kind[parent]) && paired[parent] !== 2) {
        paired[parent] = 1;
        const messaging = kind === SpanKind.Consumer || table.kind[parent] === SpanKind.Producer;
        calls.push({
          clientRow: parent,
          serverRow: row,
          client: s[table.service[parent]],
          server: s[table.service[row]],
          connectionType: messaging ? 'messaging_system' : '',
          failed: failedRow(table, parent) || failedRow(table, row),
          clientDuration: table.duration[parent],
          serverDuration: table.duration[row],
        });
      } else if (parent < 0 && !(table.flags[row] & SpanFlag.Orphan)) {
        calls.push({
          clientRow: -1,
          serverRow: row,
          client: USER_NODE,
          server: s[table.service[row]],
          connectionType: 'virtual_node',
          failed: failedRow(table, row),
          clientDuration: table.duration[row],
          serverDuration: table.duration[row],
        });
      } else if (options.parentChild && parent >= 0 && table.service[parent] !== table.service[row]) {
        if (isClientKind(table.kind[parent])) paired[parent] = 1;
        calls.push(parentChildCall(table, parent, row));
      } else {
        unpairedServers.push(row);
      }
    } else if (
      options.parentChild &&
      !isClientKind(kind) &&
      parent >= 0 &&
      table.service[parent] !== table.service[row] &&
      paired[parent] !== 2
    ) {
      if (isClientKind(table.kind[parent])) paired[parent] = 1;
      calls.push(parentChildCall(table, parent, row));
    }
  }

  const unpairedClients: number[] = [];
  for (let row = 0; row < n; row++) {
    if (!isClientKind(table.kind[row]) || paired[row] === 1) continue;
    const dbName = paired[row] === 2 ? attribute?.(row, 'db.name') : undefined;
    const peer = dbName ?? peerName(row, attribute);
    if (peer === undefined) {
      unpairedClients.push(row);
      continue;
    }
    calls.push({
      clientRow: row,
      serverRow: -1,
      client: s[table.service[row]],
      server: peer,
      connectionType: dbName !== undefined ? 'database' : 'virtual_node',
      failed: failedRow(table, row),
      clientDuration: table.duration[row],
      serverDuration: table.duration[row],
    });
  }
  return { calls, unpairedClients, unpairedServers };
}

function peerName(
  row: number,
  attribute: ((row: number, key: string) => string | undefined) | undefined,
): string | undefined {
  if (!attribute) return undefined;
  for (const key of PEER_ATTRIBUTES) {
    const value = attribute(row, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

function parentChildCall(table: PairingTable, parent: number, row: number): ServiceCall {
  return {
    clientRow: parent,
    serverRow: row,
    client: table.strings[table.service[parent]],
    server: table.strings[table.service[row]],
    connectionType: 'parent_child',
    failed: failedRow(table, parent) || failedRow(table, row),
    clientDuration: table.duration[parent],
    serverDuration: table.duration[row],
  };
}

// ---------------------------------------------------------------------------------------------
// The per-trace graph: nodes (services, or service + operation) and edges with their figures.

export interface GraphNode {
  /** `service`, or `service operation` in the operation mode; unique. */
  id: string;
  service: string;
  /** The operation (span name) in the operation mode, else "". */
  operation: string;
  /** Named from a peer attribute or "user": no span of the trace is in it. */
  virtual: boolean;
  spans: number;
  errors: number;
  /** ns of the trace's critical path spent in this node's spans. */
  criticalPathNs: number;
  /** Holds the trace's error origin. */
  errorOrigin: boolean;
}

export interface GraphEdge {
  /** Indices into `nodes`. */
  from: number;
  to: number;
  /** The first call's connection type (an edge mixes them only in odd traces). */
  connectionType: ConnectionType;
  calls: number;
  errors: number;
  /** Sum of the calls' client durations, ns. */
  durationNs: number;
  /** Indices into `Graph.calls`. */
  callIndices: number[];
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  calls: ServiceCall[];
  unpairedClients: number;
  /** The critical path's length, ns (the denominator of each node's share). */
  criticalPathNs: number;
}

export interface GraphOptions extends PairingOptions {
  /** Nodes per service and operation rather than per service. */
  byOperation?: boolean;
  /** Per row: ns on the critical path (`CriticalPath.timeOnPath`), and the path's length. */
  timeOnPath?: Float64Array;
  criticalPathNs?: number;
  /** The error origin's row, -1 or absent for none. */
  errorOriginRow?: number;
}

/** Builds the trace's graph from its paired calls. */
export function serviceGraph(trace: Trace, options: GraphOptions = {}): Graph {
  const table = trace.table;
  const s = table.strings;
  const pairing = pairCalls(trace, { parentChild: true, ...options });
  const nodes: GraphNode[] = [];
  const nodeIndex = new Map<string, number>();
  const byOperation = options.byOperation === true;
  const nodeOf = (service: string, operation: string, virtual: boolean): number => {
    const id = byOperation && !virtual ? `${service} ${operation}` : service;
    let index = nodeIndex.get(id);
    if (index === undefined) {
      index = nodes.length;
      nodeIndex.set(id, index);
      nodes.push({
        id,
        service,
        operation: byOperation && !virtual ? operation : '',
        virtual,
        spans: 0,
        errors: 0,
        criticalPathNs: 0,
        errorOrigin: false,
      });
    }
    return index;
  };
  const rowNode = (row: number) => nodeOf(s[table.service[row]], s[table.name[row]], false);

  for (let row = 0; row < table.count; row++) {
    const node = nodes[rowNode(row)];
    node.spans++;
    if (table.flags[row] & SpanFlag.Error) node.errors++;
    if (options.timeOnPath) node.criticalPathNs += options.timeOnPath[row];
    if (row === options.errorOriginRow) node.errorOrigin = true;
  }

  const edges: GraphEdge[] = [];
  const edgeIndex = new Map<number, number>();
  pairing.calls.forEach((call, i) => {
    const from = call.clientRow >= 0 ? rowNode(call.clientRow) : nodeOf(call.client, '', true);
    const to = call.serverRow >= 0 ? rowNode(call.serverRow) : nodeOf(call.server, '', true);
    // Node counts stay far below 2^26, so the pair packs into one exact number.
    const key = from * 67_108_864 + to;
    let index = edgeIndex.get(key);
    if (index === undefined) {
      index = edges.length;
      edgeIndex.set(key, index);
      edges.push({
        from,
        to,
        connectionType: call.connectionType,
        calls: 0,
        errors: 0,
        durationNs: 0,
        callIndices: [],
      });
    }
    const edge = edges[index];
    edge.calls++;
    if (call.failed) edge.errors++;
    edge.durationNs += call.clientDuration;
    edge.callIndices.push(i);
  });

  return {
    nodes,
    edges,
    calls: pairing.calls,
    unpairedClients: pairing.unpairedClients.length,
    criticalPathNs: options.criticalPathNs ?? 0,
  };
}
