// Searches that start from an impact signal: errors in a service, the slowest traces in the window,
// one root operation. Each builds on the current search (decision 0178): Tempo's TraceQL gains the
// preset's conditions (refine-traceql.ts), Jaeger's and Zipkin's form keeps its other fields.
import type { TraceSummary } from '../../datasources/types';
import type { SearchUrlState } from '../../routes/search-url';
import { durationForQuery } from './durations';
import { formatLogfmt, parseLogfmt } from './logfmt';
import { refineTraceQL, serviceOfTraceQL } from './refine-traceql';
import { percentile } from './summary';
import { traceqlString } from './traceql-builder';

export type DatasourceKind = 'tempo' | 'jaeger' | 'zipkin';

/** Traces slower than this are "the slowest": the current results' p90, or 1 s without results. */
export function slowThresholdMs(traces: readonly TraceSummary[]): number {
  const durations = traces.map((t) => t.durationMs).sort((a, b) => a - b);
  const p90 = percentile(durations, 90);
  return p90 !== undefined && p90 > 0 ? p90 : 1000;
}

/** The service the current search is about, if it names one (the presets start from it). */
export function currentService(state: SearchUrlState, kind: DatasourceKind): string | undefined {
  const service = kind === 'tempo' ? serviceOfTraceQL(state.q) : state.service.trim();
  return service || undefined;
}

/** The current tags with `error=true` added (tags that are not valid logfmt are replaced). */
function withErrorTag(tags: string): string {
  const parsed = parseLogfmt(tags);
  return formatLogfmt({ ...(parsed.ok ? parsed.tags : {}), error: 'true' });
}

export function errorsInService(
  state: SearchUrlState,
  kind: DatasourceKind,
  service: string,
): SearchUrlState {
  if (kind === 'tempo') {
    return {
      ...state,
      q: refineTraceQL(state.q, [
        { subject: 'service', text: `resource.service.name = ${traceqlString(service)}` },
        { subject: 'status', text: 'status = error' },
      ]),
    };
  }
  // The operation belongs to the service searched so far: kept only when the service stays.
  return {
    ...state,
    service,
    operation: service === state.service ? state.operation : '',
    tags: withErrorTag(state.tags),
  };
}

export function slowestTraces(
  state: SearchUrlState,
  kind: DatasourceKind,
  thresholdMs: number,
): SearchUrlState {
  const threshold = durationForQuery(thresholdMs);
  if (kind === 'tempo') {
    return {
      ...state,
      q: refineTraceQL(state.q, [{ subject: 'minTraceDuration', text: `traceDuration > ${threshold}` }]),
    };
  }
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
    const service = root.service
      ? [{ subject: 'rootService' as const, text: `trace:rootService = ${traceqlString(root.service)}` }]
      : [];
    return {
      ...state,
      q: refineTraceQL(state.q, [
        ...service,
        { subject: 'rootName', text: `trace:rootName = ${traceqlString(root.name)}` },
      ]),
    };
  }
  // Tags and durations of the current search stay: the operation narrows it.
  return { ...state, service: root.service, operation: root.name };
}
