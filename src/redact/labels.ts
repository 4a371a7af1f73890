// Values derived from spans that a remote backend computed (decision 0332): TraceQL metrics series
// labels and exemplar labels from a remote Tempo, Prometheus span-metrics labels, service-graph
// nodes. They go through the same rules as the spans before anything draws them, and a masked value
// is never sent back as a query: it would only match masks, or put the secret's shape in a URL.
import type { Attribute } from '../model/types.ts';
import { MASK } from './defaults.ts';
import type { Redactor } from './rules.ts';

/** The attribute a label names: TraceQL's scope prefix off (`resource.service.name`, `.http.url`). */
function keyOf(label: string): string {
  return label.replace(/^(?:span|resource|event|link|instrumentation|trace)?\./, '');
}

/**
 * One label value after the rules for its key (a TraceQL attribute such as `resource.service.name`,
 * or a Prometheus label such as `service_name`, underscores read as dots as at ingest), then the
 * keyless rules. `masked`: the value shown is not the value the backend holds.
 */
export function redactLabelValue(
  redactor: Redactor,
  label: string,
  value: string,
): { value: string; masked: boolean } {
  if (value === '') return { value, masked: false };
  if (redactor.empty) return { value, masked: value.includes(MASK) };
  const key = keyOf(label);
  let out = value;
  const verdict =
    redactor.judge(key, out) ??
    (key.includes('_') ? redactor.judge(key.replaceAll('_', '.'), out) : undefined);
  if (verdict !== undefined) out = verdict.drop ? MASK : verdict.value;
  out = redactor.text(out) ?? out;
  // A value masked at ingest (the embedded backend) is a mask too: querying it would match many.
  return { value: out, masked: out !== value || out.includes(MASK) };
}

/** Whether a value shown (after `redactLabelValue`) is a mask that must not go back as a query. */
export function labelValueMasked(value: string): boolean {
  return value.includes(MASK);
}

/** Labels after the rules: the same array when none changed. Non-string values are left as they are. */
export function redactLabels(redactor: Redactor, labels: readonly Attribute[]): Attribute[] {
  let out: Attribute[] | null = null;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    const text = label.value.type === 'string' ? label.value.value : undefined;
    const redacted = text === undefined ? undefined : redactLabelValue(redactor, label.key, text).value;
    if (redacted === undefined || redacted === text) {
      out?.push(label);
      continue;
    }
    out ??= labels.slice(0, i);
    out.push({ key: label.key, value: { type: 'string', value: redacted } });
  }
  return out ?? (labels as Attribute[]);
}

/** Series (and their exemplars) with every label after the rules; the same objects when none changed. */
export function redactSeriesLabels<S extends { labels: Attribute[]; exemplars?: { labels: Attribute[] }[] }>(
  redactor: Redactor,
  series: readonly S[],
): S[] {
  if (redactor.empty) return series as S[];
  return series.map((s) => {
    const labels = redactLabels(redactor, s.labels);
    let exemplarsChanged = false;
    const exemplars = s.exemplars?.map((e) => {
      const l = redactLabels(redactor, e.labels);
      if (l === e.labels) return e;
      exemplarsChanged = true;
      return { ...e, labels: l };
    });
    if (labels === s.labels && !exemplarsChanged) return s;
    return { ...s, labels, ...(exemplarsChanged ? { exemplars } : {}) };
  });
}

/**
 * Names for the values of one label (service names on a map) after the rules, kept apart: two
 * different originals a rule masks alike become `•••• #1` and `•••• #2`, so nodes stay distinct
 * while no original reaches the screen, the DOM or a URL (selection parameters carry the shown name).
 */
export function distinctLabelNames(redactor: Redactor, label: string): (value: string) => string {
  const named = new Map<string, string>();
  const uses = new Map<string, number>();
  return (value) => {
    const known = named.get(value);
    if (known !== undefined) return known;
    const shown = redactLabelValue(redactor, label, value);
    let name = shown.value;
    if (shown.masked && shown.value !== value) {
      const n = (uses.get(shown.value) ?? 0) + 1;
      uses.set(shown.value, n);
      name = `${shown.value} #${n}`;
    }
    named.set(value, name);
    return name;
  };
}

/** Prometheus-style labels (`{ service_name: "…" }`) after the rules: the same object when none changed. */
export function redactLabelRecord(
  redactor: Redactor,
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  if (redactor.empty) return labels as Record<string, string>;
  let out: Record<string, string> | null = null;
  for (const [key, value] of Object.entries(labels)) {
    const shown = redactLabelValue(redactor, key, value).value;
    if (shown === value) continue;
    out ??= { ...labels };
    out[key] = shown;
  }
  return out ?? (labels as Record<string, string>);
}

/**
 * A query built from values the screen shows (a span's service and name) that holds a mask: it is
 * not sent (decision 0332) — it would ask the backend for the mask, or for what the mask hides.
 */
export function queryHoldsMask(query: string): boolean {
  return query.includes(MASK);
}
