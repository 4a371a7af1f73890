// `/map`: the system's services and the calls between them over a window (decisions 0273, 0274),
// from whichever source the datasource has (src/queries/service-map.ts). Drawn with the trace graph's
// SVG pieces and dagre layout; edges carry request rate, error share and p95, nodes their RED
// figures. Clicking selects (in the URL); the selection's panel links to the traces with that call
// or to the service's operations.
import { useId, useMemo } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { errorShare, type MapEdge, type MapNode, serviceMapOf } from '../../analysis/service-map';
import { type DatasourceInfo, isTraceDatasource } from '../../datasources/config';
import { errorText } from '../../datasources/error-text';
import { useRuntimeConfig } from '../../queries/config';
import { type MapSource, mapSourceFor, useServiceMap } from '../../queries/service-map';
import { distinctLabelNames, labelValueMasked } from '../../redact/labels';
import { type MapSelection, type MapUrlState, mapPath, parseMapUrl } from '../../routes/map-url';
import { formatTimePoint, resolveTimeRange } from '../../routes/time-range';
import { formatValue } from '../../ui/charts/format';
import { GraphEdgeShape, GraphNodeShape, GraphSvg } from '../../ui/graph-svg';
import { Notice } from '../../ui/Notice';
import { Select } from '../../ui/Select';
import { focusRing } from '../../ui/styles';
import { layoutGraph } from '../../worker/graph-layout';
import { useRedactor } from '../redaction';
import { TimeRangePicker } from '../search';
import { edgeSearchPath, nodePath, TRACEQL_MAP_QUERIES, traceDatasourceFor } from './map-links';

const SOURCE_WORDS: Record<Exclude<MapSource['kind'], 'none'>, string> = {
  embedded: "the embedded backend's service-graph metrics",
  prometheus: "Tempo's service-graph metrics in Prometheus",
  jaeger: "Jaeger's dependencies (call counts only)",
  zipkin: "Zipkin's dependencies (call and error counts)",
  traceql:
    "TraceQL metrics: each calling service's direct server and consumer children (no uninstrumented peers; a call fails when its server side does)",
};

const rateText = (rate: number) => formatValue(rate, 'per-second');
const shareText = (item: { rate: number; failedRate: number | undefined }) => {
  const share = errorShare(item);
  return share === undefined ? '–' : formatValue(share, 'ratio');
};
const p95Text = (seconds: number | undefined) =>
  seconds === undefined ? '–' : formatValue(seconds, 'seconds');
type Figures = { rate: number; failedRate: number | undefined; p95Seconds: number | undefined };
const figures = (item: Figures) =>
  `${rateText(item.rate)} · ${shareText(item)} err · p95 ${p95Text(item.p95Seconds)}`;
/** What fits under a node's name. */
const shortFigures = (item: Figures) =>
  `${rateText(item.rate)} · ${shareText(item)} · ${p95Text(item.p95Seconds)}`;

function pickDatasource(options: DatasourceInfo[], ds: string | undefined): DatasourceInfo | undefined {
  if (ds !== undefined) return options.find((d) => d.name === ds);
  const traces = options.filter(isTraceDatasource);
  return traces.find((d) => d.default) ?? traces[0] ?? options[0];
}

const sameEdge = (s: MapSelection, e: MapEdge) =>
  s?.kind === 'edge' && s.client === e.client && s.server === e.server;

export function MapPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const state = useMemo(() => parseMapUrl(location.search), [location.search]);
  const config = useRuntimeConfig();
  const sourceId = useId();
  const all = config.data?.datasources ?? [];
  const options = all.filter((d) => isTraceDatasource(d) || d.type === 'prometheus');
  const datasource = pickDatasource(options, state.ds);
  const source = datasource ? mapSourceFor(datasource, all) : undefined;
  const traces = datasource ? traceDatasourceFor(datasource, all, isTraceDatasource) : undefined;
  const go = (patch: Partial<MapUrlState>, push = false) =>
    navigate(mapPath({ ...state, ...patch }), { replace: !push });

  // The window in whole seconds, resolved when the range in the URL changes: not on every render (a
  // relative "now" would refetch each time), nor when only the selection does.
  const rangeKey = `${formatTimePoint(state.range.from)} ${formatTimePoint(state.range.to)}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: rangeKey stands for state.range
  const window = useMemo(() => {
    const { fromMs, toMs } = resolveTimeRange(state.range, Date.now());
    return { start: Math.floor(fromMs / 1000), end: Math.ceil(toMs / 1000) };
  }, [rangeKey]);
  const answer = useServiceMap(source, window, TRACEQL_MAP_QUERIES);
  // Service names from a remote backend's metrics go through the rules before they are drawn (0332).
  const redactor = useRedactor();
  const map = useMemo(() => {
    if (!answer.data || !redactor) return undefined;
    const name = distinctLabelNames(redactor, 'service.name');
    const edges = answer.data.edges.map((e) => ({ ...e, client: name(e.client), server: name(e.server) }));
    const serverP95 = new Map([...answer.data.serverP95].map(([server, p95]) => [name(server), p95]));
    return serviceMapOf(edges, serverP95);
  }, [answer.data, redactor]);
  const layout = useMemo(() => {
    if (!map || map.nodes.length === 0) return undefined;
    const index = new Map(map.nodes.map((n, i) => [n.id, i]));
    return layoutGraph(
      map.nodes.map((n) => {
        const subtitle = shortFigures(n);
        return { id: n.id, label: n.id.length > subtitle.length ? n.id : subtitle };
      }),
      map.edges.map((e) => ({ from: index.get(e.client) ?? 0, to: index.get(e.server) ?? 0 })),
    );
  }, [map]);
  const maxRate = map ? Math.max(0, ...map.nodes.map((n) => n.rate)) : 0;
  const seconds = Math.max(1, window.end - window.start);
  const selection = state.selected;
  const selectedNode = selection?.kind === 'node' ? map?.nodes.find((n) => n.id === selection.id) : undefined;
  const selectedEdge = map?.edges.find((e) => sameEdge(state.selected, e));
  const virtual = new Set(map?.nodes.filter((n) => n.virtual).map((n) => n.id));

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4 p-4 sm:p-6">
      <title>Service map · Tracelight</title>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Service map</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Services and the calls between them over the window
            {source && source.kind !== 'none' ? `, from ${SOURCE_WORDS[source.kind]}` : ''}. Edges: requests
            per second, the share that failed, the server side's p95. Nodes: the same for the calls into them.
          </p>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <label htmlFor={sourceId} className="flex flex-col text-sm">
            <span>Source</span>
            <Select
              id={sourceId}
              value={datasource?.name ?? ''}
              onChange={(event) => go({ ds: event.target.value, selected: undefined }, true)}
            >
              {options.map((d) => (
                <option key={d.name} value={d.name}>
                  {d.displayName} ({d.type})
                </option>
              ))}
            </Select>
          </label>
          <TimeRangePicker value={state.range} onChange={(range) => go({ range }, true)} />
        </div>
      </div>
      {config.data && !datasource ? (
        <Notice tone="warning">
          <p>
            {state.ds
              ? `The datasource "${state.ds}" is not one this server knows.`
              : 'No trace or Prometheus datasource is configured.'}
          </p>
        </Notice>
      ) : null}
      {source?.kind === 'none' ? (
        <Notice tone="warning">
          <p>
            The map reads Tempo's service-graph metrics (a Prometheus datasource, or a trace datasource whose{' '}
            <code>metrics.datasource</code> names one), the embedded backend, TraceQL metrics on a Tempo, or
            Jaeger's or Zipkin's dependencies. {datasource?.displayName} is none of these.
          </p>
        </Notice>
      ) : null}
      {answer.error ? (
        <Notice tone="error">
          <p>The map could not be loaded: {errorText(answer.error)}</p>
          {source?.kind === 'traceql' ? (
            <p>
              Without service-graph metrics the map asks TraceQL metrics for structural queries (
              <code>{'{ … kind = client } > { kind = server } | rate() by (resource.service.name)'}</code>),
              which need Tempo 2.6 or later. Otherwise it needs Tempo's metrics-generator with the{' '}
              <code>service-graphs</code> processor writing to a Prometheus, named in this datasource's{' '}
              <code>metrics.datasource</code> or chosen above as the source.
            </p>
          ) : null}
        </Notice>
      ) : null}
      {answer.data?.clientsAsked !== undefined &&
      answer.data.clientsFound !== undefined &&
      answer.data.clientsAsked < answer.data.clientsFound ? (
        <Notice>
          <p>
            Drawn from the {answer.data.clientsAsked} busiest of {answer.data.clientsFound} calling services
            (three TraceQL metrics queries each).
          </p>
        </Notice>
      ) : null}
      {answer.isPending && source && source.kind !== 'none' ? <p className="text-sm">Loading…</p> : null}
      {map && map.edges.length === 0 ? (
        <p className="text-sm">
          No calls between services in this window
          {source?.kind === 'prometheus' ? ' (no traces_service_graph_request_total series rose in it)' : ''}.
          Try a wider one.
        </p>
      ) : null}
      {map && layout && map.edges.length > 0 ? (
        <div className={answer.isPlaceholderData ? 'opacity-60' : undefined}>
          <GraphSvg width={layout.width} height={layout.height} label="Services and the calls between them">
            {map.edges.map((e, i) => (
              <GraphEdgeShape
                key={`${e.client}→${e.server}`}
                from={e.client}
                to={e.server}
                points={layout.edges[i]}
                failed={(e.failedRate ?? 0) > 0}
                selected={sameEdge(state.selected, e)}
                text={rateText(e.rate)}
                label={`${e.client} to ${e.server}: ${figures(e)}`}
                onActivate={() =>
                  go({
                    selected: sameEdge(state.selected, e)
                      ? undefined
                      : { kind: 'edge', client: e.client, server: e.server },
                  })
                }
              />
            ))}
            {map.nodes.map((n, i) => {
              const l = layout.nodes[i];
              const failed = n.failedRate ? Math.max(1, Math.round(n.failedRate * seconds)) : 0;
              const isSelected = state.selected?.kind === 'node' && state.selected.id === n.id;
              return (
                <GraphNodeShape
                  key={n.id}
                  id={n.id}
                  title={n.id}
                  subtitle={n.rate > 0 ? shortFigures(n) : 'calls only'}
                  x={l.x}
                  y={l.y}
                  width={l.width}
                  height={l.height}
                  fill={maxRate > 0 ? n.rate / maxRate : 0}
                  errors={failed}
                  virtual={n.virtual}
                  selected={isSelected}
                  label={`${n.id}${n.virtual ? ' (not instrumented)' : ''}: ${n.rate > 0 ? figures(n) : 'no calls into it'}`}
                  onActivate={() => go({ selected: isSelected ? undefined : { kind: 'node', id: n.id } })}
                />
              );
            })}
          </GraphSvg>
        </div>
      ) : null}
      {selectedEdge ? (
        <EdgePanel
          edge={selectedEdge}
          search={
            edgeMasked(selectedEdge)
              ? undefined
              : edgeSearchPath(
                  { ...selectedEdge, serverVirtual: virtual.has(selectedEdge.server) },
                  traces,
                  state.range,
                )
          }
          masked={edgeMasked(selectedEdge)}
          traceDs={traces}
        />
      ) : null}
      {selectedNode ? (
        <NodePanel
          node={selectedNode}
          path={
            selectedNode.virtual || labelValueMasked(selectedNode.id)
              ? undefined
              : nodePath(selectedNode.id, traces, state.range)
          }
        />
      ) : null}
    </div>
  );
}

const edgeMasked = (e: MapEdge) => labelValueMasked(e.client) || labelValueMasked(e.server);

/** Why a masked name opens nothing (decision 0332). */
const MASKED_TEXT = 'A redaction rule masks this service name: it cannot be searched for or opened.';

const linkClass = `text-sky-700 underline dark:text-sky-300 ${focusRing}`;

function EdgePanel(props: {
  edge: MapEdge;
  search: string | undefined;
  traceDs: DatasourceInfo | undefined;
  masked: boolean;
}) {
  const e = props.edge;
  return (
    <section
      aria-label="Selected call"
      className="rounded border border-slate-200 p-3 text-sm dark:border-slate-700"
    >
      <h2 className="font-semibold break-all">
        {e.client} → {e.server}
        {e.connectionType ? ` (${e.connectionType.replace('_', ' ')})` : ''}
      </h2>
      <p>{figures(e)}</p>
      {props.search ? (
        <p>
          <Link to={props.search} className={linkClass}>
            Find traces with this call
          </Link>{' '}
          in {props.traceDs?.displayName}
          {props.traceDs?.type === 'tempo' ? '' : ' (a service search: it cannot ask for the pair)'}
        </p>
      ) : props.masked ? (
        <p>{MASKED_TEXT}</p>
      ) : (
        <p>No trace datasource is configured to search for these calls.</p>
      )}
    </section>
  );
}

function NodePanel(props: { node: MapNode; path: string | undefined }) {
  const n = props.node;
  return (
    <section
      aria-label="Selected service"
      className="rounded border border-slate-200 p-3 text-sm dark:border-slate-700"
    >
      <h2 className="font-semibold break-all">{n.id}</h2>
      <p>{n.rate > 0 ? figures(n) : 'No calls into it in this window.'}</p>
      {props.path ? (
        <p>
          <Link to={props.path} className={linkClass}>
            {props.path.startsWith('/services') ? 'Its operations on the services page' : 'Its traces'}
          </Link>
        </p>
      ) : labelValueMasked(n.id) ? (
        <p>{MASKED_TEXT}</p>
      ) : (
        <p>Not instrumented: named by its callers' span attributes, so it has no spans of its own.</p>
      )}
    </section>
  );
}
