// Lays out a graph of services with dagre (decision 0271): deterministic for the same nodes and edges
// in the same order, ranked left to right from callers to callees. Runs in the worker for the trace
// graph; the system map calls it with its few dozen nodes.
import dagre from '@dagrejs/dagre';

export interface LayoutInputNode {
  id: string;
  /** The label, for the node's width. */
  label: string;
}

export interface LayoutInputEdge {
  from: number;
  to: number;
}

export interface LaidOutNode {
  /** Centre and size, px. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  nodes: LaidOutNode[];
  /** Per edge: its polyline, px, as x0, y0, x1, y1, … */
  edges: number[][];
  width: number;
  height: number;
}

export const NODE_HEIGHT = 44;
const CHAR_WIDTH = 7.2;
const MIN_WIDTH = 90;
const MAX_WIDTH = 260;

/** A node's width for its label (the label is cut with an ellipsis past the widest node). */
export function nodeWidth(label: string): number {
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.ceil(label.length * CHAR_WIDTH) + 24));
}

export function layoutGraph(nodes: readonly LayoutInputNode[], edges: readonly LayoutInputEdge[]): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({
    rankdir: 'LR',
    nodesep: 24,
    ranksep: 70,
    edgesep: 12,
    marginx: 12,
    marginy: 12,
    acyclicer: 'greedy',
  });
  g.setDefaultEdgeLabel(() => ({}));
  nodes.forEach((node, i) => {
    g.setNode(String(i), { width: nodeWidth(node.label), height: NODE_HEIGHT });
  });
  edges.forEach((edge, i) => {
    g.setEdge(String(edge.from), String(edge.to), { minlen: 1 }, String(i));
  });
  dagre.layout(g);
  const laid = nodes.map((_, i) => {
    const n = g.node(String(i));
    return { x: n.x, y: n.y, width: n.width, height: n.height };
  });
  const points = edges.map((edge, i) => {
    const e = g.edge({ v: String(edge.from), w: String(edge.to), name: String(i) });
    const out: number[] = [];
    for (const p of e?.points ?? []) out.push(p.x, p.y);
    return out;
  });
  const graph = g.graph();
  return { nodes: laid, edges: points, width: graph.width ?? 0, height: graph.height ?? 0 };
}
