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
