// Applying a Redactor to OTLP-shaped traces, in place: attributes of resources, scopes, spans,
// events and links, and status messages. The shapes are structural, so the embedded backend's
// OTLP objects (server/embedded/otlp/types.ts) and decoded OTLP JSON both fit.

import { MASK } from './defaults.ts';
import type { Redactor } from './rules.ts';

export interface AnyValueLike {
  stringValue?: string;
  arrayValue?: { values: AnyValueLike[] };
  kvlistValue?: { values: KeyValueLike[] };
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  bytesValue?: string;
}

export interface KeyValueLike {
  key: string;
  value: AnyValueLike;
}

/** OTLP JSON leaves out empty lists and messages: every part may be absent. */
interface AttributesLike {
  attributes?: KeyValueLike[];
}

export interface SpanLike extends AttributesLike {
  events?: AttributesLike[];
  links?: AttributesLike[];
  status?: { message?: string };
}

export interface ResourceSpansLike {
  resource?: AttributesLike;
  scopeSpans?: { scope?: AttributesLike; spans?: SpanLike[] }[];
}

/** What redaction changed: values masked or rewritten, and attributes dropped. */
export interface RedactionCounts {
  values: number;
  dropped: number;
}

export function emptyCounts(): RedactionCounts {
  return { values: 0, dropped: 0 };
}

export function totalRedacted(counts: RedactionCounts): number {
  return counts.values + counts.dropped;
}

function redactValue(redactor: Redactor, key: string, value: AnyValueLike, counts: RedactionCounts): boolean {
  if (value.arrayValue !== undefined) {
    const values = value.arrayValue.values;
    let keep = 0;
    for (let i = 0; i < values.length; i++) {
      if (!redactValue(redactor, key, values[i], counts)) values[keep++] = values[i];
    }
    values.length = keep;
    return false;
  }
  if (value.kvlistValue !== undefined) {
    value.kvlistValue.values = redactAttributes(redactor, value.kvlistValue.values, counts);
    return false;
  }
  const verdict = redactor.judge(key, value.stringValue);
  if (verdict === undefined) return false;
  if (verdict.drop) {
    counts.dropped++;
    return true;
  }
  for (const field of ['boolValue', 'intValue', 'doubleValue', 'bytesValue'] as const) delete value[field];
  value.stringValue = verdict.value;
  counts.values++;
  return false;
}

/** Redacts `attributes` in place (dropped ones are removed); returns the same array. */
export function redactAttributes(
  redactor: Redactor,
  attributes: KeyValueLike[],
  counts: RedactionCounts,
): KeyValueLike[] {
  let keep = 0;
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i];
    if (!redactValue(redactor, kv.key, kv.value, counts)) attributes[keep++] = kv;
  }
  attributes.length = keep;
  return attributes;
}

/** Free text (a status message, a log line): keyless rules only. */
export function redactText(redactor: Redactor, text: string, counts: RedactionCounts): string {
  if (text === '' || text === MASK) return text;
  const out = redactor.text(text);
  if (out === undefined) return text;
  counts.values++;
  return out;
}

/** Redacts every span of `batches` in place; returns what changed. */
export function redactResourceSpans(redactor: Redactor, batches: ResourceSpansLike[]): RedactionCounts {
  const counts = emptyCounts();
  if (redactor.empty) return counts;
  const attributes = (owner: AttributesLike | undefined) => {
    if (owner?.attributes) redactAttributes(redactor, owner.attributes, counts);
  };
  for (const rs of batches) {
    attributes(rs.resource);
    for (const ss of rs.scopeSpans ?? []) {
      attributes(ss.scope);
      for (const span of ss.spans ?? []) {
        attributes(span);
        for (const e of span.events ?? []) attributes(e);
        for (const l of span.links ?? []) attributes(l);
        const message = span.status?.message;
        if (span.status && message) span.status.message = redactText(redactor, message, counts);
      }
    }
  }
  return counts;
}
