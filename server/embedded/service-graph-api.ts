// GET /api/tracelight/service-graph?start=&end= on the embedded `local` and `local-jaeger`
// datasources (decision 0273): the system map's nodes and edges over a window, from the embedded
// service-graph metrics (./metrics/service-graph.ts). Start and end are Unix seconds as Tempo's
// search takes them; absent, the last hour.
import type { InProcessRequest, InProcessResponse } from '../gateway/in-process.ts';
import { jsonResponse } from './http.ts';
import type { ServiceGraphMetrics } from './metrics/service-graph.ts';

export const SERVICE_GRAPH_PATH = '/api/tracelight/service-graph';

function seconds(query: URLSearchParams, name: string): number | undefined | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  return /^\d{1,12}$/.test(raw) ? Number(raw) : null;
}

export function serviceGraphResponse(
  metrics: ServiceGraphMetrics,
  request: Pick<InProcessRequest, 'query'>,
  nowMs: number = Date.now(),
): InProcessResponse {
  const start = seconds(request.query, 'start');
  const end = seconds(request.query, 'end');
  if (start === null || end === null) {
    return jsonResponse(400, { error: 'start and end must be Unix seconds' });
  }
  const endS = end ?? Math.ceil(nowMs / 1000);
  const startS = start ?? endS - 3600;
  if (startS >= endS) return jsonResponse(400, { error: 'start must be before end' });
  return jsonResponse(200, metrics.query(startS * 1000, endS * 1000));
}

export const JAEGER_DEPENDENCIES_PATH = '/api/dependencies';

function millis(query: URLSearchParams, name: string): number | undefined | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

/**
 * Jaeger's legacy `GET /api/dependencies?endTs=&lookback=` (ms) on `local-jaeger`: the calls between
 * services over the window, from the same metrics. Calls from the virtual "user" are left out: Jaeger
 * links services that both reported spans.
 */
export function jaegerDependenciesResponse(
  metrics: ServiceGraphMetrics,
  request: Pick<InProcessRequest, 'query'>,
  nowMs: number = Date.now(),
): InProcessResponse {
  const endTs = millis(request.query, 'endTs');
  const lookback = millis(request.query, 'lookback');
  if (endTs === null || lookback === null) {
    return jsonResponse(400, {
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 400, msg: 'endTs and lookback must be milliseconds' }],
    });
  }
  const end = endTs ?? nowMs;
  const start = end - (lookback ?? 86_400_000);
  const seconds = (end - start) / 1000;
  const answer = metrics.query(start, end);
  const data = answer.edges
    .filter((e) => !(e.connectionType === 'virtual_node' && e.client === 'user'))
    .map((e) => ({
      parent: e.client,
      child: e.server,
      callCount: Math.round(e.rate * Math.max(1, seconds)),
    }));
  return jsonResponse(200, { data, total: data.length, limit: 0, offset: 0, errors: null });
}
