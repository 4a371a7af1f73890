// Evaluates a TraceQL metrics query (`{ … } | rate() by (…)`) over traces held locally and answers
// in the shape of Tempo's /api/metrics/query_range and /api/metrics/query. One pass over the
// matching spans fills per-series, per-step accumulators: memory grows with series × steps, not
// with spans.
import type { Trace } from '../../model/types.ts';
import type { FieldExpr, MetricsCall, TraceQLQuery } from '../ast.ts';
import { prepareQuery } from '../evaluate.ts';
import { compileField, compileFilter, type FieldFn, TraceContext, type Value } from '../fields.ts';
import type { TempoAnyValue, TempoKeyValue } from '../search.ts';
import { intrinsicWord } from '../vocabulary.ts';
import { compareSeries } from './compare.ts';
import { exemplarFields, exemplarLabels, labelOf } from './exemplar-labels.ts';
import { gridWindowNs, instantGrid, rangeGrid, sampleIndex, type TimeGrid } from './grid.ts';
import { log2Bucket, log2Quantile } from './log2.ts';
import { countedRows } from './rows.ts';

export interface MetricsSample {
  /** Milliseconds since the epoch, as a string like Tempo's. */
  timestampMs: string;
  /** Absent when 0, as in Tempo's answers. */
  value?: number;
}

export interface MetricsExemplar {
  labels: TempoKeyValue[];
  value: number;
  /** The span's start. */
  timestampMs: string;
}

export interface MetricsSeries {
  labels: TempoKeyValue[];
  samples: MetricsSample[];
  exemplars?: MetricsExemplar[];
}

export interface QueryRangeResponse {
  series: MetricsSeries[];
}

export interface InstantSeries {
  labels: TempoKeyValue[];
  value?: number;
}

export interface QueryInstantResponse {
  series: InstantSeries[];
}

/** A query the metrics endpoints refuse; `message` is what Tempo would answer in its 400. */
export class MetricsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsError';
  }
}

/** Most series one query may make (before quantiles and buckets multiply them): memory is series × steps. */
export const DEFAULT_MAX_SERIES = 1000;

/** Tempo's query_frontend.metrics.max_exemplars default. */
export const DEFAULT_MAX_EXEMPLARS = 100;

export interface RangeRequest {
  startNs: bigint;
  endNs: bigint;
  stepNs: bigint;
  /** Most exemplars in the answer (Tempo's `exemplars=`); `with(exemplars=false)` turns them off. */
  exemplars?: number;
  /** Most `by()` groups (DEFAULT_MAX_SERIES); past it the query is refused. */
  maxSeries?: number;
}

type Aggregation = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'histogram';

const AGGREGATIONS: Readonly<Record<string, Aggregation>> = {
  rate: 'count',
  count_over_time: 'count',
  sum_over_time: 'sum',
  avg_over_time: 'avg',
  min_over_time: 'min',
  max_over_time: 'max',
  histogram_over_time: 'histogram',
  quantile_over_time: 'histogram',
};

interface Candidate {
  traceId: string;
  /** The span's fields the query reads (exemplar-labels.ts). */
  labels: TempoKeyValue[];
  startMs: number;
  /** The span's value of the function's field (seconds for durations). */
  value: number;
  bucket: number;
}

interface Group {
  labels: TempoKeyValue[];
  count: Float64Array;
  sum: Float64Array;
  extreme: Float64Array;
  /** Upper bucket edge (in the field's own unit) → counts per step. */
  histogram: Map<number, Float64Array>;
  candidates: Array<Candidate | undefined>;
}

interface OutSeries {
  labels: TempoKeyValue[];
  /** NaN: no sample at that step. */
  values: Float64Array;
  candidates: Candidate[];
  /** Whether exemplars carry the sample's value (rate, count) rather than the span's. */
  exemplarTakesSample: boolean;
}

export function metricsQueryRange(
  ast: TraceQLQuery,
  traces: Iterable<Trace>,
  request: RangeRequest,
): QueryRangeResponse {
  if (request.stepNs <= 0n) throw new MetricsError('step must be positive');
  if (request.endNs <= request.startNs) throw new MetricsError('end must be after start');
  const grid = rangeGrid(request.startNs, request.endNs, request.stepNs);
  const limit = exemplarLimit(ast, request.exemplars);
  const series = run(ast, traces, grid, limit > 0, request.maxSeries);
  const exemplars = chooseExemplars(series, limit);
  return {
    series: series.map((s, i) => {
      const out: MetricsSeries = { labels: s.labels, samples: samplesOf(s.values, grid) };
      if (exemplars[i].length > 0) out.exemplars = exemplars[i].map((c) => exemplarOf(c, s, grid));
      return out;
    }),
  };
}

export function metricsQueryInstant(
  ast: TraceQLQuery,
  traces: Iterable<Trace>,
  request: { startNs: bigint; endNs: bigint; maxSeries?: number },
): QueryInstantResponse {
  if (request.endNs <= request.startNs) throw new MetricsError('end must be after start');
  const grid = instantGrid(request.startNs, request.endNs);
  return {
    series: run(ast, traces, grid, false, request.maxSeries).flatMap((s) => {
      const v = s.values[0];
      if (Number.isNaN(v)) return [];
      return [v === 0 ? { labels: s.labels } : { labels: s.labels, value: v }];
    }),
  };
}

function exemplarLimit(ast: TraceQLQuery, requested: number | undefined): number {
  const hint = ast.hints.exemplars;
  if (hint === false) return 0;
  const n = requested ?? (typeof hint === 'number' ? hint : DEFAULT_MAX_EXEMPLARS);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

function metricsCallOf(ast: TraceQLQuery): MetricsCall {
  const call = ast.metrics;
  if (!call) throw new MetricsError('not a metrics query');
  if (call.unsupported) throw new MetricsError(`not supported by this engine yet: ${call.unsupported}`);
  if (call.compare) return call;
  if (!(call.fn in AGGREGATIONS)) throw new MetricsError(`not supported by this engine yet: ${call.fn}()`);
  if (call.fn === 'quantile_over_time' && (call.quantiles ?? []).length === 0) {
    throw new MetricsError(
      'quantile_over_time needs at least one quantile, e.g. quantile_over_time(duration, .99)',
    );
  }
  for (const q of call.quantiles ?? []) {
    if (!(q >= 0 && q <= 1)) throw new MetricsError(`quantile ${q} is not between 0 and 1`);
  }
  return call;
}

function isDuration(expr: FieldExpr | undefined): boolean {
  return expr?.type === 'intrinsic' && intrinsicWord(expr.name)?.type === 'duration';
}

function run(
  ast: TraceQLQuery,
  traces: Iterable<Trace>,
  grid: TimeGrid,
  keepCandidates: boolean,
  maxSeries = DEFAULT_MAX_SERIES,
): OutSeries[] {
  const call = metricsCallOf(ast);
  if (call.compare) {
    if (call.by.length > 0) throw new MetricsError('compare() takes no by()');
    return compareSeries(ast, call.compare, traces, grid)
      .sort((a, b) => compareLabels(a.labels, b.labels))
      .map((s) => ({ ...s, candidates: [], exemplarTakesSample: false }));
  }
  const aggregation = AGGREGATIONS[call.fn];
  const prepared = prepareQuery({ ...ast, metrics: undefined });
  const field = call.field;
  const seconds = isDuration(field);
  const { fromNs, toNs } = gridWindowNs(grid);
  const groups = new GroupIndex<Group>(call.by.length);
  const newGroup = (labels: TempoKeyValue[]): Group => ({
    labels,
    count: new Float64Array(grid.count),
    sum: new Float64Array(grid.count),
    extreme: new Float64Array(grid.count).fill(aggregation === 'min' ? Infinity : -Infinity),
    histogram: new Map(),
    candidates: keepCandidates ? new Array(grid.count) : [],
  });

  // `{ }` alone selects every span, and one filter keeps the spans it matches: neither needs the
  // spanset engine per trace (it would give the same rows). Anything else runs it.
  const pipeline = ast.pipeline;
  const everySpan = pipeline.type === 'filter' && pipeline.expr === null;
  const oneFilter = pipeline.type === 'filter' ? pipeline.expr : null;
  const exemplarFieldList = keepCandidates ? exemplarFields(ast) : [];
  const byFields = call.by.map((b) => b.field);
  const byCount = byFields.length;
  const byValues: Value[] = new Array(byCount);
  const byFns: FieldFn[] = new Array(byCount);
  let compiledFor: Trace | undefined;
  let fieldValue: (expr: FieldExpr, row: number) => Value = () => undefined;
  let match: ((row: number) => boolean) | undefined;
  let valueFn: FieldFn | undefined;
  /** The single filter's rows, reused trace after trace. */
  const matched: number[] = [];
  for (const trace of traces) {
    const t = trace.table;
    if (t.count === 0 || trace.startNs > toNs) continue;
    if (trace.startNs + BigInt(Math.ceil(trace.durationNs)) <= fromNs) continue;
    // The fields compiled once per trace, as the spanset engine compiles them (fields.ts). A
    // reader that hands over the same Trace object again, refilled (the embedded backend's slim
    // traces, only for queries over span-own fields), keeps them: they read the table and the
    // details through that object, so they see the new spans.
    if (trace !== compiledFor) {
      compiledFor = trace;
      const ctx = new TraceContext(trace);
      const compiled = new Map<FieldExpr, FieldFn>();
      fieldValue = (expr, row) => {
        let fn = compiled.get(expr);
        if (!fn) compiled.set(expr, (fn = compileField(expr, ctx, prepared.cache)));
        return fn(row);
      };
      match = oneFilter ? compileFilter(oneFilter, ctx, prepared.cache) : undefined;
      for (let j = 0; j < byCount; j++) byFns[j] = compileField(byFields[j], ctx, prepared.cache);
      valueFn = field ? compileField(field, ctx, prepared.cache) : undefined;
    }
    // Every row for `{ }` (no list made), the filter's rows, or the spanset engine's.
    let rows: number[] | undefined;
    if (match) {
      rows = matched;
      rows.length = 0;
      for (let r = 0; r < t.count; r++) if (match(r)) rows.push(r);
      if (rows.length === 0) continue;
    } else if (!everySpan) {
      rows = countedRows(prepared, false, trace);
      if (!rows) continue;
    }
    const traceUs = Number(trace.startNs / 1000n);
    const counted = rows ? rows.length : t.count;
    for (let k = 0; k < counted; k++) {
      const row = rows ? rows[k] : k;
      const i = sampleIndex(grid, traceUs + t.start[row] / 1000);
      if (i < 0) continue;
      let raw: Value;
      if (valueFn) {
        raw = valueFn(row);
        // A span without the field (or with a non-number) counts nowhere: the functions are
        // defined over the field's values (Tempo's sum_over_time differs, see the tests).
        if (typeof raw !== 'number') continue;
      }
      for (let j = 0; j < byCount; j++) byValues[j] = byFns[j](row);
      let g = groups.find(byValues);
      if (!g) {
        if (groups.size >= maxSeries) {
          throw new MetricsError(
            `the query makes more than ${maxSeries} series: group by fewer or lower-cardinality fields`,
          );
        }
        g = newGroup(call.by.map((b, j) => ({ key: b.text, value: labelValue(b.field, byValues[j]) })));
        groups.add(byValues, g);
      }
      const n = typeof raw === 'number' ? raw : 1;
      const value = seconds ? n / 1e9 : n;
      g.count[i]++;
      let bucket = 0;
      switch (aggregation) {
        case 'sum':
        case 'avg':
          g.sum[i] += value;
          break;
        case 'min':
          if (value < g.extreme[i]) g.extreme[i] = value;
          break;
        case 'max':
          if (value > g.extreme[i]) g.extreme[i] = value;
          break;
        case 'histogram': {
          bucket = log2Bucket(n);
          let counts = g.histogram.get(bucket);
          if (!counts) g.histogram.set(bucket, (counts = new Float64Array(grid.count)));
          counts[i]++;
          break;
        }
        case 'count':
          break;
      }
      if (keepCandidates && !g.candidates[i]) {
        const startMs = Number((trace.startNs + BigInt(Math.round(t.start[row]))) / 1_000_000n);
        const labels = exemplarLabels(exemplarFieldList, (expr) => fieldValue(expr, row));
        g.candidates[i] = { traceId: trace.traceId, labels, startMs, value, bucket };
      }
    }
  }
  if (groups.size === 0 && call.by.length === 0 && aggregation === 'count') groups.add([], newGroup([]));

  const stepSeconds = grid.stepUs / 1e6;
  const out: OutSeries[] = [];
  const sortedGroups = groups.all().sort((a, b) => compareLabels(a.labels, b.labels));
  for (const g of sortedGroups) {
    const candidates = g.candidates.filter((c): c is Candidate => c !== undefined);
    const named = g.labels.length > 0 ? g.labels : [{ key: '__name__', value: { stringValue: call.fn } }];
    switch (aggregation) {
      case 'count': {
        // Tempo multiplies by 1/step (62 × (1/60) is 1.0333333333333332, not 62 / 60).
        const perSecond = 1 / stepSeconds;
        const values = call.fn === 'rate' ? g.count.map((c) => c * perSecond) : g.count.slice();
        out.push({ labels: named, values, candidates, exemplarTakesSample: true });
        break;
      }
      case 'sum':
      case 'avg':
      case 'min':
      case 'max': {
        const values = new Float64Array(grid.count);
        for (let i = 0; i < grid.count; i++) {
          const c = g.count[i];
          values[i] =
            c === 0
              ? Number.NaN
              : aggregation === 'sum'
                ? g.sum[i]
                : aggregation === 'avg'
                  ? g.sum[i] / c
                  : g.extreme[i];
        }
        out.push({ labels: named, values, candidates, exemplarTakesSample: false });
        break;
      }
      case 'histogram': {
        const edges = [...g.histogram.keys()].sort((a, b) => a - b);
        if (call.fn === 'histogram_over_time') {
          for (const edge of edges) {
            out.push({
              labels: [...g.labels, { key: '__bucket', value: { doubleValue: seconds ? edge / 1e9 : edge } }],
              values: g.histogram.get(edge)!.slice(),
              candidates: candidates.filter((c) => c.bucket === edge),
              exemplarTakesSample: false,
            });
          }
          break;
        }
        const quantiles = call.quantiles ?? [];
        quantiles.forEach((q, qi) => {
          const values = new Float64Array(grid.count);
          for (let i = 0; i < grid.count; i++) {
            // Only the buckets holding spans at this step: like Tempo, interpolation runs from
            // the previous non-empty bucket, however far below it is.
            const buckets = edges
              .map((edge) => ({ max: seconds ? edge / 1e9 : edge, count: g.histogram.get(edge)![i] }))
              .filter((b) => b.count > 0);
            values[i] = log2Quantile(q, buckets);
          }
          out.push({
            labels: [...g.labels, { key: 'p', value: { doubleValue: q } }],
            values,
            candidates: qi === 0 ? candidates : [],
            exemplarTakesSample: false,
          });
        });
        break;
      }
    }
  }
  return call.second ? keepRanked(out, call.second.fn, call.second.k) : out;
}

/** topk/bottomk: at each step, the k series with the largest (smallest) values; a missing value counts 0. */
function keepRanked(series: OutSeries[], fn: 'topk' | 'bottomk', k: number): OutSeries[] {
  if (series.length === 0) return series;
  const steps = series[0].values.length;
  const kept = series.map(() => new Float64Array(steps).fill(Number.NaN));
  const order = series.map((_, i) => i);
  for (let i = 0; i < steps; i++) {
    const at = (s: number) => {
      const v = series[s].values[i];
      return Number.isNaN(v) ? 0 : v;
    };
    order.sort((a, b) => (fn === 'topk' ? at(b) - at(a) : at(a) - at(b)) || a - b);
    for (const s of order.slice(0, Math.max(0, k))) kept[s][i] = at(s);
  }
  return series
    .map((s, j) => ({ ...s, values: kept[j] }))
    .filter((s) => s.values.some((v) => !Number.isNaN(v)));
}

/** At most `limit` exemplars over all series, spread evenly over time. */
function chooseExemplars(series: OutSeries[], limit: number): Candidate[][] {
  const all: Array<{ s: number; c: Candidate }> = [];
  series.forEach((s, i) => {
    for (const c of s.candidates) all.push({ s: i, c });
  });
  all.sort((a, b) => a.c.startMs - b.c.startMs || a.s - b.s);
  const chosen = series.map((): Candidate[] => []);
  const take = Math.min(limit, all.length);
  for (let j = 0; j < take; j++) {
    const pick = all[Math.floor((j * all.length) / take)];
    chosen[pick.s].push(pick.c);
  }
  return chosen;
}

function exemplarOf(c: Candidate, s: OutSeries, grid: TimeGrid): MetricsExemplar {
  const i = sampleIndex(grid, c.startMs * 1000 + 1);
  const sample = i >= 0 ? s.values[i] : Number.NaN;
  return {
    labels: [{ key: 'trace:id', value: { stringValue: c.traceId.replace(/^0+(?=.)/, '') } }, ...c.labels],
    value: s.exemplarTakesSample && !Number.isNaN(sample) ? sample : c.value,
    timestampMs: String(c.startMs),
  };
}

function samplesOf(values: Float64Array, grid: TimeGrid): MetricsSample[] {
  const samples: MetricsSample[] = [];
  const firstMs = grid.firstUs / 1000;
  const stepMs = grid.stepUs / 1000;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const timestampMs = String(firstMs + i * stepMs);
    samples.push(v === 0 ? { timestampMs } : { timestampMs, value: v });
  }
  return samples;
}

function labelValue(expr: FieldExpr, v: Value): TempoAnyValue {
  return v === undefined ? { stringValue: 'nil' } : labelOf(expr, v);
}

function compareLabels(a: TempoKeyValue[], b: TempoKeyValue[]): number {
  const ka = JSON.stringify(a);
  const kb = JSON.stringify(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Groups by their by() values, in nested Maps (one level a field), so the hot loop builds no key per
 * span. Map keys compare as SameValueZero: 1 and "1", true and "true", nil and "nil" stay apart.
 */
class GroupIndex<G> {
  private readonly root = new Map<Value, unknown>();
  private readonly list: G[] = [];
  private only: G | undefined;

  constructor(private readonly depth: number) {}

  get size(): number {
    return this.list.length;
  }

  find(values: readonly Value[]): G | undefined {
    if (this.depth === 0) return this.only;
    let level = this.root;
    for (let j = 0; j < this.depth - 1; j++) {
      const next = level.get(values[j]) as Map<Value, unknown> | undefined;
      if (!next) return undefined;
      level = next;
    }
    return level.get(values[this.depth - 1]) as G | undefined;
  }

  add(values: readonly Value[], group: G): void {
    this.list.push(group);
    if (this.depth === 0) {
      this.only = group;
      return;
    }
    let level = this.root;
    for (let j = 0; j < this.depth - 1; j++) {
      let next = level.get(values[j]) as Map<Value, unknown> | undefined;
      if (!next) level.set(values[j], (next = new Map<Value, unknown>()));
      level = next;
    }
    level.set(values[this.depth - 1], group);
  }

  /** Every group, in the order they were made. */
  all(): G[] {
    return [...this.list];
  }
}
