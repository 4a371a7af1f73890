// Adapts the app's TraceQL engine (src/traceql) to what the embedded /api/search needs: Tempo's
// error text for bad queries, and matches rendered in Tempo's search-result shape.

import { LRUCache } from 'lru-cache';
import { spanIdHex } from '../../src/model/ids.ts';
import { SpanFlag, type Trace } from '../../src/model/types.ts';
import type { SpansetExpr, TraceQLQuery } from '../../src/traceql/ast.ts';
import { evaluate, MetricsQueryError, type PreparedQuery, prepareQuery } from '../../src/traceql/evaluate.ts';
import {
  MetricsError,
  metricsQueryInstant,
  metricsQueryRange,
  metricsReadSpanFieldsOnly,
} from '../../src/traceql/metrics/index.ts';
import { parseTraceQL } from '../../src/traceql/parser.ts';
import { DEFAULT_QUERY_CAPS, pipelineProblem, type QueryCaps, queryTextProblem } from './query/query-caps.ts';
import { compilePrefilter, type TracePrefilter } from './search-prefilter.ts';
import { compileSlimPrefilter, type SlimPrefilter } from './slim-prefilter.ts';
import { NO_ROOT_SERVICE } from './store.ts';
import type {
  MetricsRequest,
  TempoSearchSpan,
  TempoSearchTrace,
  TempoSpanSet,
  TraceQLEngine,
} from './tempo-search.ts';

/** Compiled queries kept per engine (the search form repeats a handful while typing and paging). */
const COMPILED_QUERIES = 100;

type Compiled =
  | { prepared: PreparedQuery; prefilter: TracePrefilter | undefined; slim: SlimPrefilter | undefined }
  | { error: string };

/** Spanset operators and pipeline stages: the steps evaluation takes per trace. Iterative. */
function stepCount(query: TraceQLQuery): number {
  let steps = 0;
  const pending: SpansetExpr[] = [query.pipeline];
  for (let expr = pending.pop(); expr; expr = pending.pop()) {
    if (expr.type === 'spansetOp') {
      steps++;
      pending.push(expr.lhs, expr.rhs);
    } else if (expr.type === 'pipeline') {
      steps += expr.stages.length - 1;
      for (const stage of expr.stages)
        if (stage.type === 'filter' || stage.type === 'spansetOp' || stage.type === 'pipeline')
          pending.push(stage);
    }
  }
  return steps;
}

function compileQuery(q: string, cache: LRUCache<string, Compiled>, caps: QueryCaps): Compiled {
  const hit = cache.get(q);
  if (hit) return hit;
  let compiled: Compiled;
  const tooBig = queryTextProblem(q, caps);
  if (tooBig) return { error: `invalid TraceQL query: ${tooBig}` };
  const parsed = parseTraceQL(q);
  const tooLong = parsed.ok ? pipelineProblem(stepCount(parsed.ast), caps) : undefined;
  if (tooLong) {
    compiled = { error: `invalid TraceQL query: ${tooLong}` };
  } else if (!parsed.ok) {
    const e = parsed.errors[0];
    compiled = {
      error: `invalid TraceQL query: parse error at line ${e.line}, col ${e.column}: ${e.message}`,
    };
  } else {
    try {
      const prepared = prepareQuery(parsed.ast);
      compiled = {
        prepared,
        prefilter: compilePrefilter(parsed.ast),
        slim: compileSlimPrefilter(parsed.ast, prepared),
      };
    } catch (err) {
      compiled = {
        error:
          err instanceof MetricsQueryError
            ? 'invalid TraceQL query: metrics queries must use /api/metrics/query_range'
            : `invalid TraceQL query: ${(err as Error).message}`,
      };
    }
  }
  cache.set(q, compiled);
  return compiled;
}

/** A metrics query, answered as Tempo's /api/metrics endpoints do: plain-text 400s in Tempo's words. */
function runMetrics(
  q: string,
  traces: Iterable<Trace>,
  request: MetricsRequest,
  caps: QueryCaps,
): { response: unknown } | { error: string } {
  const tooBig = queryTextProblem(q, caps);
  if (tooBig) return { error: `invalid TraceQL query: ${tooBig}` };
  const parsed = parseTraceQL(q);
  if (!parsed.ok) {
    const e = parsed.errors[0];
    return { error: `parse error at line ${e.line}, col ${e.column}: ${e.message}` };
  }
  const tooLong = pipelineProblem(stepCount(parsed.ast), caps);
  if (tooLong) return { error: `invalid TraceQL query: ${tooLong}` };
  try {
    // Compiles the filters' regexes: a bad pattern is the query's fault, a 400.
    prepareQuery({ ...parsed.ast, metrics: undefined });
  } catch (err) {
    return { error: `invalid TraceQL query: ${(err as Error).message}` };
  }
  try {
    const response =
      request.stepNs === undefined
        ? metricsQueryInstant(parsed.ast, traces, request)
        : metricsQueryRange(parsed.ast, traces, { ...request, stepNs: request.stepNs });
    return { response };
  } catch (err) {
    // Anything else (a deadline stop above all) is not the query's fault: it reaches the caller.
    if (err instanceof MetricsError) return { error: err.message };
    throw err;
  }
}

function renderSpan(trace: Trace, row: number): TempoSearchSpan {
  const t = trace.table;
  const start = trace.startNs + BigInt(Math.round(t.start[row]));
  return {
    spanID:
      t.flags[row] & SpanFlag.OddId
        ? (t.oddSpanIds.get(row) ?? '')
        : spanIdHex(t.spanIdHi[row], t.spanIdLo[row]),
    startTimeUnixNano: start.toString(),
    durationNanos: String(Math.round(t.duration[row])),
  };
}

function renderValue(v: number | string | boolean | undefined): Record<string, unknown> {
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  return { stringValue: v ?? '' };
}

export function renderSearchTrace(
  trace: Trace,
  spansets: { rows: number[]; attributes: { key: string; value: number | string | boolean | undefined }[] }[],
  spss: number,
): TempoSearchTrace {
  const t = trace.table;
  const root = trace.roots.length ? trace.roots[0] : -1;
  const hasTrueRoot = root >= 0 && !(t.flags[root] & SpanFlag.Orphan);
  const serviceStats: Record<string, { spanCount: number; errorCount?: number }> = {};
  for (let i = 0; i < t.count; i++) {
    const svc = t.strings[t.service[i]];
    const stat = (serviceStats[svc] ??= { spanCount: 0 });
    stat.spanCount++;
    if (t.flags[i] & SpanFlag.Error) stat.errorCount = (stat.errorCount ?? 0) + 1;
  }
  const sets: TempoSpanSet[] = spansets.map((ss) => {
    const set: TempoSpanSet = {
      spans: ss.rows.slice(0, spss).map((r) => renderSpan(trace, r)),
      matched: ss.rows.length,
    };
    if (ss.attributes.length)
      set.attributes = ss.attributes.map((a) => ({ key: a.key, value: renderValue(a.value) }));
    return set;
  });
  const out: TempoSearchTrace = {
    traceID: trace.traceId,
    rootServiceName: hasTrueRoot ? t.strings[t.service[root]] : NO_ROOT_SERVICE,
  };
  if (hasTrueRoot) out.rootTraceName = t.strings[t.name[root]];
  out.startTimeUnixNano = trace.startNs.toString();
  const ms = Math.floor(trace.durationNs / 1e6);
  if (ms) out.durationMs = ms;
  if (sets.length) {
    out.spanSet = sets[0];
    out.spanSets = sets;
  }
  out.serviceStats = serviceStats;
  return out;
}

/** A TraceQL engine with a small cache of compiled queries; create one per backend. */
export function createTraceQLEngine(caps: QueryCaps = DEFAULT_QUERY_CAPS): TraceQLEngine {
  const cache = new LRUCache<string, Compiled>({ max: COMPILED_QUERIES });
  const compile = (q: string) => compileQuery(q, cache, caps);
  return {
    check(q) {
      const c = compile(q);
      return 'error' in c ? c.error : undefined;
    },
    prefilter(q) {
      const c = compile(q);
      return 'error' in c ? undefined : c.prefilter;
    },
    slimPrefilter(q) {
      const c = compile(q);
      return 'error' in c ? undefined : c.slim;
    },
    metricsReadsSpansOnly(q) {
      const parsed = parseTraceQL(q);
      return parsed.ok && metricsReadSpanFieldsOnly(parsed.ast);
    },
    metrics(q, traces, request) {
      return runMetrics(q, traces, request, caps);
    },
    search(q, traces, { limit, spss }) {
      const c = compile(q);
      if ('error' in c) return [];
      const out: TempoSearchTrace[] = [];
      for (const trace of traces) {
        if (out.length >= limit) break;
        const result = evaluate(c.prepared, trace);
        if (result.matched) out.push(renderSearchTrace(trace, result.spansets, spss));
      }
      return out;
    },
  };
}
