// Label sets as Loki has them: name → value, no empty values, printed and ordered by sorted name.

export type Labels = ReadonlyMap<string, string>;

/** Sorted `[name, value]` pairs. */
export function sortedPairs(labels: Labels): [string, string][] {
  return Array.from(labels).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Prometheus' `{a="1", b="2"}` form: the identity of a stream and the order Loki returns streams in. */
export function labelsKey(labels: Labels): string {
  return `{${sortedPairs(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')}}`;
}

/** A plain object with sorted keys for JSON output (null prototype: names come from the wire). */
export function labelsObject(labels: Labels): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of sortedPairs(labels)) out[k] = v;
  return out;
}

/**
 * An OpenTelemetry attribute name as a Loki label name (Prometheus' NormalizeLabel): every rune that is
 * not a letter or digit becomes `_`; a leading digit gets `key_`, a single leading `_` gets `key`.
 */
export function normalizeLabelName(name: string): string {
  if (name === '') return name;
  const s = name.replace(/[^\p{L}\p{N}]/gu, '_');
  if (/^\p{N}/u.test(s)) return `key_${s}`;
  if (s.startsWith('_') && !s.startsWith('__')) return `key${s}`;
  return s;
}

/** A key extracted by `| json` / `| logfmt` as a label name (invalid characters become `_`). */
export function sanitizeExtractedKey(key: string): string {
  let s = key.replace(/[^a-zA-Z0-9_]/g, '_');
  if (/^[0-9]/.test(s)) s = `_${s}`;
  return s;
}
