// What a `compare()` answer says, as Traces Drilldown's comparison shows it: for each attribute, the
// share of the selection's spans and of the baseline's spans that carry each value, the values that
// differ most first, and the attributes whose values differ most first. Pure: no React, no fetch.
import type { MetricsSeriesSet, TraceqlMetricsSeries } from '../../datasources/tempo';
import { attributeValueText } from '../../model/attribute-text';
import type { AttributeValue } from '../../model/types';
import { traceqlString, traceqlTag } from './traceql-builder';

export interface ValueShare {
  value: AttributeValue;
  text: string;
  selectionCount: number;
  baselineCount: number;
  /** 0..1 of the selection's spans (all of them, not only those with the attribute). */
  selectionShare: number;
  baselineShare: number;
  /** selectionShare − baselineShare: positive where the selection has more of the value. */
  difference: number;
}

export interface AttributeComparison {
  attribute: string;
  /** Spans of each side that carry the attribute (the shares are of all the side's spans). */
  selectionTotal: number;
  baselineTotal: number;
  /** The backend kept only its top values (`__too_many_values__`): the shares cover those. */
  truncated: boolean;
  /** By |difference|, largest first. */
  values: ValueShare[];
  /** The largest |difference| of its values. */
  score: number;
}

const META = '__meta_type';
const ERROR = '__meta_error';

const sum = (s: TraceqlMetricsSeries) => s.samples.reduce((total, [, v]) => total + v, 0);

function typeOf(series: TraceqlMetricsSeries): string | undefined {
  const meta = series.labels.find((l) => l.key === META || l.key === ERROR);
  return meta ? attributeValueText(meta.value) : undefined;
}

/** The series' other label: the attribute (and, for a value series, its value). */
function attributeOf(series: TraceqlMetricsSeries) {
  return series.labels.find((l) => l.key !== META && l.key !== ERROR);
}

function valueKey(v: AttributeValue): string {
  return `${v.type}:${attributeValueText(v)}`;
}

/** Attributes ranked by how much their values differ between the selection and the baseline. */
export function compareShares(set: MetricsSeriesSet): AttributeComparison[] {
  const byAttribute = new Map<
    string,
    {
      selectionTotal: number;
      baselineTotal: number;
      truncated: boolean;
      values: Map<string, { value: AttributeValue; selection: number; baseline: number }>;
    }
  >();
  const entry = (attribute: string) => {
    let e = byAttribute.get(attribute);
    if (!e) {
      e = { selectionTotal: 0, baselineTotal: 0, truncated: false, values: new Map() };
      byAttribute.set(attribute, e);
    }
    return e;
  };
  for (const series of set.series) {
    const type = typeOf(series);
    const label = attributeOf(series);
    if (!type || !label) continue;
    const e = entry(label.key);
    if (type === 'selection_total') e.selectionTotal += sum(series);
    else if (type === 'baseline_total') e.baselineTotal += sum(series);
    else if (type === '__too_many_values__') e.truncated = true;
    else if (type === 'selection' || type === 'baseline') {
      const key = valueKey(label.value);
      let v = e.values.get(key);
      if (!v) e.values.set(key, (v = { value: label.value, selection: 0, baseline: 0 }));
      v[type] += sum(series);
    }
  }
  // Shares are of each side's spans (every span has a name, so `name`'s totals count them), not of
  // the spans that carry the attribute: a value on three baseline spans and no selection span is
  // then a small difference, and one only failing spans carry (an exception type) a large one.
  const spans = byAttribute.get('name');
  const out: AttributeComparison[] = [];
  for (const [attribute, e] of byAttribute) {
    if (e.values.size === 0) continue;
    const selectionSpans = spans?.selectionTotal || e.selectionTotal;
    const baselineSpans = spans?.baselineTotal || e.baselineTotal;
    const values: ValueShare[] = [...e.values.values()].map((v) => {
      const selectionShare = selectionSpans > 0 ? v.selection / selectionSpans : 0;
      const baselineShare = baselineSpans > 0 ? v.baseline / baselineSpans : 0;
      return {
        value: v.value,
        text: attributeValueText(v.value),
        selectionCount: v.selection,
        baselineCount: v.baseline,
        selectionShare,
        baselineShare,
        difference: selectionShare - baselineShare,
      };
    });
    // Ties: what the selection has more of first.
    values.sort(
      (a, b) =>
        Math.abs(b.difference) - Math.abs(a.difference) ||
        b.difference - a.difference ||
        a.text.localeCompare(b.text),
    );
    out.push({
      attribute,
      selectionTotal: e.selectionTotal,
      baselineTotal: e.baselineTotal,
      truncated: e.truncated,
      values,
      score: Math.abs(values[0]?.difference ?? 0),
    });
  }
  return out.sort((a, b) => b.score - a.score || a.attribute.localeCompare(b.attribute));
}

const KEYWORD_ATTRIBUTES = new Set(['status', 'kind']);

/** The TraceQL condition `attribute = value` for a compared value (`span.region = "us"`, `status = error`). */
export function conditionOf(attribute: string, value: AttributeValue): string {
  const field = traceqlTag(attribute);
  const text = attributeValueText(value);
  if (KEYWORD_ATTRIBUTES.has(attribute) && /^[a-z]+$/.test(text)) return `${field} = ${text}`;
  switch (value.type) {
    case 'int':
    case 'double':
      return `${field} = ${text}`;
    case 'bool':
      return `${field} = ${value.value}`;
    default:
      return `${field} = ${traceqlString(text)}`;
  }
}
