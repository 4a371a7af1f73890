// `{ … } | compare({ selection }, topN, start, end)`: the spans the first stage selects are split
// into the selection (the filter matches and, with start/end, the span starts inside them) and the
// baseline (the rest). For every attribute a span carries, each value's count per step goes to its
// side, and each attribute's total per step too; the answer is Tempo's (pkg/traceql
// engine_metrics_compare.go): series labelled `__meta_type` = baseline | selection (one per value,
// the topN values by count) and baseline_total | selection_total (one per attribute, value nil),
// plus `__meta_error = __too_many_values__` for an attribute with more than topN values.
import type { Trace } from '../../model/types.ts';
import type { MetricsCall, TraceQLQuery } from '../ast.ts';
import { type PreparedQuery, prepareQuery } from '../evaluate.ts';
import type { TempoAnyValue, TempoKeyValue } from '../search.ts';
import { KIND_VALUES, STATUS_VALUES } from '../vocabulary.ts';
import { gridWindowNs, sampleIndex, type TimeGrid } from './grid.ts';
import { countedRows } from './rows.ts';

type CompareArgs = NonNullable<MetricsCall['compare']>;

export interface CompareSeries {
  labels: TempoKeyValue[];
  /** Count per step; every step is present (compare() answers are dense). */
  values: Float64Array;
}

/**
 * Values kept per attribute and side before the topN cut. Tempo keeps every value; a
 * high-cardinality attribute (an ID) would then cost memory per span, so past this the new values
 * count in the attribute's total only, and the attribute is reported as having too many values.
 */
export const MAX_TRACKED_VALUES = 10_000;

const META = '__meta_type';
const ERROR = '__meta_error';
const TOO_MANY = '__too_many_values__';

interface Side {
  /** attribute → value key → counts. */
  values: Map<string, Map<string, { value: TempoAnyValue; counts: Float64Array }>>;
  totals: Map<string, Float64Array>;
}

const newSide = (): Side => ({ values: new Map(), totals: new Map() });

function word(list: readonly { label: string; code: number }[], code: number): string {
  return list.find((w) => w.code === code)?.label ?? String(code);
}

function anyValue(v: ReturnType<Trace['details']['attribute']>): TempoAnyValue | undefined {
  switch (v?.type) {
    case 'string':
      return { stringValue: v.value };
    case 'int':
      return { intValue: v.value };
    case 'double':
      return { doubleValue: v.value };
    case 'bool':
      return { boolValue: v.value };
    default:
      // Arrays, maps, bytes and empty values are not grouped on (nor does Tempo's compare()).
      return undefined;
  }
}

function valueKey(v: TempoAnyValue): string {
  if ('stringValue' in v) return `s${v.stringValue}`;
  if ('intValue' in v) return `i${v.intValue}`;
  if ('doubleValue' in v) return `d${v.doubleValue}`;
  if ('boolValue' in v) return `b${v.boolValue}`;
  return 'nil';
}

export function compareSeries(
  ast: TraceQLQuery,
  args: CompareArgs,
  traces: Iterable<Trace>,
  grid: TimeGrid,
): CompareSeries[] {
  const stage = prepareQuery({ ...ast, metrics: undefined });
  const everySpan = ast.pipeline.type === 'filter' && ast.pipeline.expr === null;
  const selection: PreparedQuery = prepareQuery({ type: 'query', pipeline: args.selection, hints: {} });
  const { fromNs, toNs } = gridWindowNs(grid);
  const sides = { baseline: newSide(), selection: newSide() };
  const tooMany = new Set<string>();

  const count = (side: Side, key: string, value: TempoAnyValue, step: number) => {
    let totals = side.totals.get(key);
    if (!totals) side.totals.set(key, (totals = new Float64Array(grid.count)));
    totals[step]++;
    let values = side.values.get(key);
    if (!values) side.values.set(key, (values = new Map()));
    const vk = valueKey(value);
    let entry = values.get(vk);
    if (!entry) {
      if (values.size >= MAX_TRACKED_VALUES) {
        tooMany.add(key);
        return;
      }
      values.set(vk, (entry = { value, counts: new Float64Array(grid.count) }));
    }
    entry.counts[step]++;
  };

  for (const trace of traces) {
    const t = trace.table;
    if (t.count === 0 || trace.startNs > toNs) continue;
    if (trace.startNs + BigInt(Math.ceil(trace.durationNs)) <= fromNs) continue;
    const rows = countedRows(stage, everySpan, trace);
    if (!rows) continue;
    const selected = selectedRows(selection, args, trace);
    const traceUs = Number(trace.startNs / 1000n);
    const root = trace.roots.length > 0 ? trace.roots[0] : -1;
    const rootService = root >= 0 ? t.strings[t.service[root]] : undefined;
    const rootName = root >= 0 ? t.strings[t.name[root]] : undefined;
    for (const row of rows) {
      const step = sampleIndex(grid, traceUs + t.start[row] / 1000);
      if (step < 0) continue;
      const side = selected[row] === 1 ? sides.selection : sides.baseline;
      count(side, 'name', { stringValue: t.strings[t.name[row]] }, step);
      count(side, 'status', { stringValue: word(STATUS_VALUES, t.status[row]) }, step);
      count(side, 'kind', { stringValue: word(KIND_VALUES, t.kind[row]) }, step);
      const message = t.strings[t.statusMessage[row]];
      if (message) count(side, 'statusMessage', { stringValue: message }, step);
      if (rootService !== undefined) count(side, 'rootServiceName', { stringValue: rootService }, step);
      if (rootName !== undefined) count(side, 'rootName', { stringValue: rootName }, step);
      for (const scope of ['resource', 'span'] as const) {
        for (const key of trace.details.attributeKeys(row, scope)) {
          const value = anyValue(trace.details.attribute(row, scope, key));
          if (value) count(side, `${scope}.${key}`, value, step);
        }
      }
    }
  }

  const out: CompareSeries[] = [];
  for (const [type, side] of [
    ['baseline', sides.baseline],
    ['selection', sides.selection],
  ] as const) {
    for (const [key, values] of side.values) {
      const entries = [...values.values()];
      if (entries.length > args.topN) {
        tooMany.add(key);
        const total = (e: (typeof entries)[number]) => e.counts.reduce((s, c) => s + c, 0);
        const totals = new Map(entries.map((e) => [e, total(e)]));
        // The most frequent first; ties keep a stable order (Tempo's pick among ties is unstable).
        entries.sort(
          (a, b) => totals.get(b)! - totals.get(a)! || valueKey(a.value).localeCompare(valueKey(b.value)),
        );
        entries.length = args.topN;
      }
      for (const e of entries) {
        out.push({
          labels: [
            { key: META, value: { stringValue: type } },
            { key, value: e.value },
          ],
          values: e.counts,
        });
      }
    }
    for (const [key, totals] of side.totals) {
      out.push({
        labels: [{ key: META, value: { stringValue: `${type}_total` } }, nilLabel(key)],
        values: totals,
      });
    }
  }
  for (const key of tooMany) {
    out.push({
      labels: [{ key: ERROR, value: { stringValue: TOO_MANY } }, nilLabel(key)],
      values: new Float64Array(grid.count),
    });
  }
  return out;
}

/** A label whose value is nil: Tempo writes the key with an empty value. */
function nilLabel(key: string): TempoKeyValue {
  return { key, value: {} };
}

/** 1 for each row of the trace in the selection: the filter matches, inside start..end when given. */
function selectedRows(selection: PreparedQuery, args: CompareArgs, trace: Trace): Uint8Array {
  const marks = new Uint8Array(trace.table.count);
  const rows = countedRows(selection, false, trace) ?? [];
  for (const row of rows) {
    if (args.startNs !== undefined && args.endNs !== undefined) {
      const start = trace.startNs + BigInt(Math.round(trace.table.start[row]));
      if (start < args.startNs || start >= args.endNs) continue;
    }
    marks[row] = 1;
  }
  return marks;
}
