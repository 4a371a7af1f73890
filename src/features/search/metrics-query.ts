// What the search page needs to know about a TraceQL metrics query (`{ } | rate() by (…)`), asked of
// the parser and the vocabulary: whether the text is one (then it goes to /api/metrics, not
// /api/search), what unit its values are in, and the spanset part that picked its spans.
import type { MetricsCall } from '../../traceql';
import { parseTraceQL } from '../../traceql';
import { tokenizeTolerant } from '../../traceql/lexer';
import { isFunctionOfStage } from '../../traceql/vocabulary';
import type { ChartUnit } from '../../ui/charts/format';

export interface MetricsQueryFacts {
  /** Undefined when the text does not parse (still a metrics query: the backend says what is wrong). */
  call?: MetricsCall;
  unit: ChartUnit;
  /** The spanset filter before the metrics stage (`{ status = error }`); undefined for `{ }`. */
  spanset?: string;
}

/**
 * The facts of `q` when it is a metrics query, else undefined. A query that does not parse counts as
 * one when a metrics function is called in it (`{ } | rate(`), so the error shown is the metrics
 * endpoint's, not search's "metrics queries must use /api/metrics/query_range".
 */
export function metricsQueryFacts(q: string): MetricsQueryFacts | undefined {
  if (q.trim() === '') return undefined;
  const parsed = parseTraceQL(q);
  if (parsed.ok) {
    const call = parsed.ast.metrics;
    if (!call) return undefined;
    return { call, unit: unitOf(call), spanset: call.unsupported ? undefined : spansetText(q, call) };
  }
  const { tokens } = tokenizeTolerant(q);
  const callsMetrics = tokens.some(
    (token, i) =>
      token.t === 'ident' &&
      isFunctionOfStage(token.value, 'metrics') &&
      tokens[i + 1]?.t === 'op' &&
      (tokens[i + 1] as { value: string }).value === '(',
  );
  return callsMetrics ? { unit: 'none' } : undefined;
}

function isDuration(call: MetricsCall): boolean {
  const field = call.field;
  return field?.type === 'intrinsic' && /(^|:)duration$|^traceDuration$/i.test(field.name);
}

/** Tempo answers durations in seconds, rates per second, everything else as plain numbers. */
function unitOf(call: MetricsCall): ChartUnit {
  if (call.fn === 'rate') return 'per-second';
  if (call.fn === 'histogram_over_time' || call.fn === 'count_over_time') return 'none';
  return isDuration(call) ? 'seconds' : 'none';
}

function spansetText(q: string, call: MetricsCall): string | undefined {
  const text = q
    .slice(0, call.from)
    .replace(/\|\s*$/, '')
    .trim();
  return text === '' || /^\{\s*\}$/.test(text) ? undefined : text;
}
