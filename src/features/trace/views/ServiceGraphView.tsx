// The Graph view: the trace as a map of its services (or services and operations) and the calls
// between them, paired and laid out in the worker (decisions 0270, 0271). A node's fill is its share
// of the critical path; a click filters the waterfall to it. An edge's click lists its calls, each
// opening its span.
import { useCallback, useEffect, useState } from 'react';
import { formatDuration } from '../../../ui/format.ts';
import { GraphEdgeShape, GraphNodeShape, GraphSvg } from '../../../ui/graph-svg.tsx';
import type { GraphView, GraphViewEdge, GraphViewNode } from '../../../worker/graph-view.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import { percent } from './stats-model.ts';
import { useWorkerView } from './use-worker-view.ts';
import type { TraceViewProps } from './view-props.ts';

const nodeLabel = (n: GraphViewNode) => (n.operation ? `${n.service} ${n.operation}` : n.service);

export function ServiceGraphView(props: TraceViewProps) {
  const { trace, client, update } = props;
  const table = trace.table;
  const [grouping, setGroupingNow] = useState(props.url.statsGroup);
  useEffect(() => setGroupingNow(props.url.statsGroup), [props.url.statsGroup]);
  const byOperation = grouping === 'operation';
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new table (skew switch) needs a new answer from the worker
  const graph = useWorkerView(useCallback(() => client.graphView(byOperation), [client, table, byOperation]));
  const [selectedEdge, setSelectedEdge] = useState(-1);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new graph drops the selection
  useEffect(() => setSelectedEdge(-1), [graph]);
  const setGrouping = (statsGroup: typeof grouping) => {
    setGroupingNow(statsGroup);
    update({ statsGroup }, 'replace');
  };

  return (
    <section
      className="min-h-0 flex-1 overflow-auto p-3 text-sm"
      aria-label="Service graph"
      data-testid="graph-view"
    >
      <div className="mb-2 flex flex-wrap items-center gap-3" role="radiogroup" aria-label="Nodes">
        {(['service', 'operation'] as const).map((g) => (
          <label key={g} className="flex items-center gap-1">
            <input
              type="radio"
              name="graph-grouping"
              checked={grouping === g}
              onChange={() => setGrouping(g)}
            />
            {g === 'service' ? 'Services' : 'Services and operations'}
          </label>
        ))}
        <span className="opacity-80">
          Fill: share of the critical path. Click a node to show its spans in the waterfall, an edge to list
          its calls.
        </span>
      </div>
      {graph.state === 'loading' ? <p role="status">Laying out the graph…</p> : null}
      {graph.state === 'failed' ? <p role="alert">The graph could not be drawn.</p> : null}
      {graph.state === 'ready' ? (
        <GraphBody
          graph={graph.value}
          trace={trace}
          selectedEdge={selectedEdge}
          onSelectEdge={setSelectedEdge}
          onNode={(n) => props.filterWaterfall(n.service, n.operation || undefined)}
          openSpan={props.openInWaterfall}
        />
      ) : null}
    </section>
  );
}

interface GraphBodyProps {
  graph: GraphView;
  trace: LoadedTrace;
  selectedEdge: number;
  onSelectEdge: (edge: number) => void;
  onNode: (node: GraphViewNode) => void;
  openSpan: (row: number) => void;
}

function GraphBody(props: GraphBodyProps) {
  const { graph, trace } = props;
  if (graph.tooMany) {
    return (
      <p role="status">
        This trace has {graph.nodes.length} services, more than a graph can show legibly. The Statistics tab
        lists them.
      </p>
    );
  }
  const edgeText = (e: GraphViewEdge) =>
    `${e.calls} ${e.calls === 1 ? 'call' : 'calls'}${e.errors ? `, ${e.errors} failed` : ''}, ${formatDuration(e.durationNs)}`;
  const edge = props.selectedEdge >= 0 ? graph.edges[props.selectedEdge] : undefined;
  return (
    <>
      {graph.operationsFolded ? (
        <p role="status" className="mb-2">
          Too many operations to draw one node each: the graph shows services.
        </p>
      ) : null}
      {graph.nodes.length === 0 ? <p role="status">This trace has no spans.</p> : null}
      <GraphSvg width={graph.width} height={graph.height} label="Services of this trace and their calls">
        {graph.edges.map((e, i) => (
          <GraphEdgeShape
            key={`${graph.nodes[e.from].id}→${graph.nodes[e.to].id}`}
            from={graph.nodes[e.from].id}
            to={graph.nodes[e.to].id}
            points={e.points}
            failed={e.errors > 0}
            selected={i === props.selectedEdge}
            text={`${e.calls}×${e.errors ? ` ${e.errors}✕` : ''}`}
            label={`${nodeLabel(graph.nodes[e.from])} to ${nodeLabel(graph.nodes[e.to])}: ${edgeText(e)}`}
            onActivate={() => props.onSelectEdge(i === props.selectedEdge ? -1 : i)}
          />
        ))}
        {graph.nodes.map((n) => {
          const share = graph.criticalPathNs > 0 ? n.criticalPathNs / graph.criticalPathNs : 0;
          const figures = n.virtual
            ? 'not instrumented'
            : `${percent(n.criticalPathNs, graph.criticalPathNs)} of critical path${n.errors ? ` · ${n.errors} ✕` : ''}`;
          return (
            <GraphNodeShape
              key={n.id}
              id={n.id}
              title={nodeLabel(n)}
              subtitle={figures}
              x={n.x}
              y={n.y}
              width={n.width}
              height={n.height}
              fill={share}
              errors={n.errors}
              errorOrigin={n.errorOrigin}
              virtual={n.virtual}
              label={`${nodeLabel(n)}: ${n.virtual ? 'not instrumented' : `${n.spans} spans, ${n.errors} failed, ${figures}`}${n.errorOrigin ? ', error origin' : ''}`}
              onActivate={n.virtual ? undefined : () => props.onNode(n)}
            />
          );
        })}
      </GraphSvg>
      {graph.unpairedClients > 0 ? (
        <p className="mt-2 opacity-80">
          {graph.unpairedClients} client {graph.unpairedClients === 1 ? 'span has' : 'spans have'} no server
          span and name no peer; {graph.unpairedClients === 1 ? 'it is' : 'they are'} not drawn.
        </p>
      ) : null}
      {edge ? (
        <EdgeCalls
          edge={edge}
          title={`${nodeLabel(graph.nodes[edge.from])} → ${nodeLabel(graph.nodes[edge.to])}`}
          trace={trace}
          openSpan={props.openSpan}
        />
      ) : null}
    </>
  );
}

function EdgeCalls(props: {
  edge: GraphViewEdge;
  title: string;
  trace: LoadedTrace;
  openSpan: (row: number) => void;
}) {
  const { edge, trace } = props;
  const s = trace.table.strings;
  const spanCell = (row: number) =>
    row >= 0 ? (
      <button type="button" className="text-left underline" onClick={() => props.openSpan(row)}>
        {s[trace.table.name[row]]}
      </button>
    ) : (
      <span className="opacity-80">not instrumented</span>
    );
  return (
    <section aria-label={`Calls ${props.title}`} className="mt-3" data-testid="graph-edge-calls">
      <h3 className="font-semibold">
        {props.title}: {edge.calls} {edge.calls === 1 ? 'call' : 'calls'}
        {edge.listed.length < edge.calls ? ` (the first ${edge.listed.length} listed)` : ''}
      </h3>
      <table className="mt-1 border-collapse tabular-nums">
        <thead>
          <tr>
            <th scope="col" className="px-2 py-1 text-left">
              Client span
            </th>
            <th scope="col" className="px-2 py-1 text-left">
              Server span
            </th>
            <th scope="col" className="px-2 py-1 text-left">
              Duration
            </th>
            <th scope="col" className="px-2 py-1 text-left">
              Status
            </th>
          </tr>
        </thead>
        <tbody>
          {edge.listed.map((call) => (
            <tr
              key={`${call.clientRow}:${call.serverRow}`}
              className="border-t border-gray-100 dark:border-gray-800"
            >
              <td className="px-2 py-1">{spanCell(call.clientRow)}</td>
              <td className="px-2 py-1">{spanCell(call.serverRow)}</td>
              <td className="px-2 py-1">{formatDuration(call.durationNs)}</td>
              <td className="px-2 py-1">{call.failed ? 'failed' : 'ok'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
