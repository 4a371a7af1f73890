// Searches that start from an impact signal: errors in a service, the slowest traces in the window,
// one root operation. Each turns into the URL state of a search on the current datasource.
import type { TraceSummary } from '../../datasources/types';
import type { SearchUrlState } from '../../routes/search-url';
import { durationForQuery } from './durations';
import { percentile } from './summary';
import { traceqlString } from './traceql-builder';

export type DatasourceKind = 'tempo' | 'jaeger' | 'zipkin';

/** Traces slower than this are "the slowest": the current results' p90, or 1 s without results. */
export function slowThresholdMs(traces: readonly TraceSummary[]): number {
  const durations = traces.map((t) => t.durationMs).sort((a, b) => a - b);
  const p90 = percentile(durations, 90);
  return p90 !== undefined && p90 > 0 ? p90 : 1000;
}

export function errorsInService(
  state: SearchUrlState,
  kind: DatasourceKind,
  service: string,
): SearchUrlState {
  if (kind === 'tempo') {
    return { ...state, q: `{ resource.service.name = ${traceqlString(service)} && status = error }` };
  }
  return {
    ...state,
    service,
    operation: '',
    tags: 'error=true',
    minDuration: undefined,
    maxDuration: undefined,
  };
}

export function slowestTraces(
  state: SearchUrlState,
  kind: DatasourceKind,
  thresholdMs: number,
): SearchUrlState {
  const threshold = durationForQuery(thresholdMs);
  if (kind === 'tempo') return { ...state, q: `{ traceDuration > ${threshold} }` };
  return { ...state, minDuration: threshold, maxDuration: undefined };
}

export interface RootOperation {
  service: string;
  name: string;
  count: number;
}

/** The root operations of the results, most frequent first. */
export function rootOperations(traces: readonly TraceSummary[]): RootOperation[] {
  const counts = new Map<string, RootOperation>();
  for (const trace of traces) {
    if (!trace.rootName) continue;
    const key = `${trace.rootService}\u0000${trace.rootName}`;
    const entry = counts.get(key) ?? { service: trace.rootService, name: trace.rootName, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

export function rootOperation(
  state: SearchUrlState,
  kind: DatasourceKind,
  root: RootOperation,
): SearchUrlState {
  if (kind === 'tempo') {
    const service = root.service ? `trace:rootService = ${traceqlString(root.service)} && ` : '';
    return { ...state, q: `{ ${service}trace:rootName = ${traceqlString(root.name)} }` };
  }
  return {
    ...state,
    service: root.service,
    operation: root.name,
    tags: '',
    minDuration: undefined,
    maxDuration: undefined,
  };
}
