// The trace's Graph view, answered in the worker: pairs the calls (analysis/service-graph.ts), sums
// them per edge and lays the graph out with dagre, so the main thread only draws (decision 0271).
import {
  type ConnectionType,
  type CriticalPath,
  errorOrigin,
  type GraphNode,
  serviceGraph,
  traceAttribute,
} from '../analysis/index.ts';
import type { Trace } from '../model/types.ts';
import { layoutGraph } from './graph-layout.ts';

/** Calls listed per edge (the edge's count says how many there are in all). */
export const MAX_LISTED_CALLS = 200;

/**
 * Most nodes drawn as SVG. Past it the operation split folds back to services, and a graph of more
 * services than this is not laid out at all (the view says so): dagre's ordering grows much faster
 * than its nodes, and its cycle breaking recurses.
 */
export const MAX_DRAWN_NODES = 400;

/** A node of the trace graph (analysis/service-graph.ts) with its place in the layout. */
export interface GraphViewNode extends GraphNode {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphViewCall {
  /** -1 when that side is virtual. */
  clientRow: number;
  serverRow: number;
  failed: boolean;
  durationNs: number;
}

export interface GraphViewEdge {
  from: number;
  to: number;
  connectionType: ConnectionType;
  calls: number;
  errors: number;
  durationNs: number;
  /** The first MAX_LISTED_CALLS calls, in row order of their client. */
  listed: GraphViewCall[];
  /** Polyline, px: x0, y0, x1, y1, … */
  points: number[];
}

export interface GraphView {
  nodes: GraphViewNode[];
  edges: GraphViewEdge[];
  width: number;
  height: number;
  criticalPathNs: number;
  /** Nodes per operation were asked for but there were more than MAX_DRAWN_NODES. */
  operationsFolded: boolean;
  /** More than MAX_DRAWN_NODES nodes even per service: nothing is laid out. */
  tooMany: boolean;
  /** Client spans that found no server and name no peer (not drawn). */
  unpairedClients: number;
  /** ms spent pairing and laying out, for the bench. */
  pairMs: number;
  layoutMs: number;
}

export function graphView(trace: Trace, path: CriticalPath, byOperation: boolean): GraphView {
  const t0 = performance.now();
  const build = (split: boolean) =>
    serviceGraph(trace, {
      byOperation: split,
      attribute: traceAttribute(trace),
      timeOnPath: path.timeOnPath,
      criticalPathNs: path.length,
      errorOriginRow: errorOrigin(trace).row,
    });
  let graph = build(byOperation);
  const operationsFolded = byOperation && graph.nodes.length > MAX_DRAWN_NODES;
  if (operationsFolded) graph = build(false);
  const tooMany = graph.nodes.length > MAX_DRAWN_NODES;
  const t1 = performance.now();
  const layout = tooMany
    ? {
        nodes: graph.nodes.map(() => ({ x: 0, y: 0, width: 0, height: 0 })),
        edges: graph.edges.map(() => []),
        width: 0,
        height: 0,
      }
    : layoutGraph(
        graph.nodes.map((n) => ({
          id: n.id,
          label: n.operation ? `${n.service} ${n.operation}` : n.service,
        })),
        graph.edges,
      );
  const t2 = performance.now();
  return {
    nodes: graph.nodes.map((n, i) => ({ ...n, ...layout.nodes[i] })),
    edges: graph.edges.map((e, i) => ({
      from: e.from,
      to: e.to,
      connectionType: e.connectionType,
      calls: e.calls,
      errors: e.errors,
      durationNs: e.durationNs,
      listed: e.callIndices.slice(0, MAX_LISTED_CALLS).map((c) => {
        const call = graph.calls[c];
        return {
          clientRow: call.clientRow,
          serverRow: call.serverRow,
          failed: call.failed,
          durationNs: call.clientDuration,
        };
      }),
      points: layout.edges[i],
    })),
    width: layout.width,
    height: layout.height,
    criticalPathNs: graph.criticalPathNs,
    operationsFolded,
    tooMany,
    unpairedClients: graph.unpairedClients,
    pairMs: t1 - t0,
    layoutMs: t2 - t1,
  };
}
