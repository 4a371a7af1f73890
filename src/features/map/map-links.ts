// Where a click on the system map goes (decision 0274): an edge to a search for traces holding that
// call, a node to its row of the services page (its operations). TraceQL on Tempo-type datasources,
// the service search on Jaeger (it cannot ask for a pair).
import type { DatasourceInfo } from '../../datasources/config';
import type { TraceqlMapQueries } from '../../datasources/service-graph';
import { searchPath } from '../../routes/search-url';
import { servicesPath } from '../../routes/services-url';
import type { TimeRange } from '../../routes/time-range';
import { traceqlString } from '../search';

export interface EdgeRef {
  client: string;
  server: string;
  connectionType: string;
}

const service = (name: string) => `resource.service.name = ${traceqlString(name)}`;

const CALLERS = '(kind = client || kind = producer)';
const CALLEES = '(kind = server || kind = consumer)';

/** The TraceQL metrics of the TraceQL source (decision 0273): callees by service, per calling service. */
export const TRACEQL_MAP_QUERIES: TraceqlMapQueries = {
  clients: `{ ${CALLERS} } | rate() by (resource.service.name)`,
  serverP95: `{ ${CALLEES} } | quantile_over_time(duration, .95) by (resource.service.name)`,
  forClient: (client) => {
    const caller = `{ ${service(client)} && ${CALLERS} } > `;
    return {
      requests: `${caller}{ ${CALLEES} } | rate() by (resource.service.name)`,
      failed: `${caller}{ ${CALLEES} && status = error } | rate() by (resource.service.name)`,
      p95: `${caller}{ ${CALLEES} } | quantile_over_time(duration, .95) by (resource.service.name)`,
    };
  },
};

/** The TraceQL that finds traces with this call, by the edge's connection type. */
export function callTraceQL(edge: EdgeRef): string {
  const client = service(edge.client);
  const server = service(edge.server);
  switch (edge.connectionType) {
    case 'messaging_system':
      return `{ ${client} && kind = producer } >> { ${server} && kind = consumer }`;
    case 'database':
      return `{ ${client} && kind = client && span.db.name = ${traceqlString(edge.server)} }`;
    case 'virtual_node':
      if (edge.client === 'user') return `{ ${server} && kind = server }`;
      return `{ ${client} && kind = client && (${['peer.service', 'db.name', 'db.system', 'server.address']
        .map((key) => `span.${key} = ${traceqlString(edge.server)}`)
        .join(' || ')}) }`;
    default:
      return `{ ${client} && kind = client } >> { ${server} && kind = server }`;
  }
}

/**
 * The trace datasource a map's clicks search: the datasource itself when it holds traces; for a
 * Prometheus, the trace datasource that names it as its metrics, else the default trace datasource.
 */
export function traceDatasourceFor(
  ds: DatasourceInfo,
  all: readonly DatasourceInfo[],
  isTrace: (d: DatasourceInfo) => boolean,
): DatasourceInfo | undefined {
  if (isTrace(ds)) return ds;
  const traces = all.filter(isTrace);
  return (
    traces.find((d) => d.metrics?.datasource === ds.name) ??
    traces.find((d) => d.default) ??
    traces.find((d) => d.type === 'tempo') ??
    traces[0]
  );
}

/** The search for traces with this call, or undefined when the datasource cannot search. */
export function edgeSearchPath(
  edge: EdgeRef & { serverVirtual: boolean },
  traces: DatasourceInfo | undefined,
  range: TimeRange,
): string | undefined {
  if (!traces) return undefined;
  if (traces.type === 'tempo') return searchPath({ ds: traces.name, q: callTraceQL(edge), range });
  // Jaeger and Zipkin search one service: the callee, unless it never reported spans.
  const name =
    edge.serverVirtual || edge.client === 'user'
      ? edge.client === 'user'
        ? edge.server
        : edge.client
      : edge.server;
  return searchPath({ ds: traces.name, service: name, range });
}

/** A node's operations: the services page on Tempo-type datasources, the service search elsewhere. */
export function nodePath(
  id: string,
  traces: DatasourceInfo | undefined,
  range: TimeRange,
): string | undefined {
  if (!traces) return undefined;
  if (traces.type === 'tempo') return servicesPath({ ds: traces.name, service: id, range });
  return searchPath({ ds: traces.name, service: id, range });
}
