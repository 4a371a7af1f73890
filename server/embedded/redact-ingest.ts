// Redaction at ingest (decision 0312): what the receiver accepted is redacted in place before the
// store, span metrics, tag lists or persistence see it. The receiver still counts the spans accepted.

import { emptyCounts, type RedactionCounts, redactResourceSpans, redactText } from '../../src/redact/otlp.ts';
import { MASK, type Redactor } from '../../src/redact/rules.ts';
import type { Labels } from './logs/labels.ts';
import type { LokiStreamPush } from './logs/otlp-to-loki.ts';
import type { WireParts } from './otlp/otlp-protobuf.ts';
import type { OtlpResourceSpans } from './otlp/types.ts';

export { redactResourceSpans };

/** Totals since start, for the settings page and the header badge's figures. */
export class RedactionTally {
  spans: RedactionCounts = emptyCounts();
  logs: RedactionCounts = emptyCounts();
  add(into: RedactionCounts, counts: RedactionCounts): void {
    into.values += counts.values;
    into.dropped += counts.dropped;
  }
}

/**
 * Redacts `batches` in place; true when anything changed (then the request's own bytes are stale).
 * Every resource, scope and span changed is deleted from `parts`, so its received bytes are not reused.
 */
export function redactSpansAtIngest(
  redactor: Redactor,
  batches: OtlpResourceSpans[],
  tally?: RedactionTally,
  parts?: WireParts,
): boolean {
  if (redactor.empty) return false;
  const counts = redactResourceSpans(redactor, batches, parts && ((part) => parts.delete(part)));
  tally?.add(tally.spans, counts);
  return counts.values + counts.dropped > 0;
}

/**
 * Label names are Loki's (`user_email`, dots turned into underscores): a key rule is tried with
 * the name as it is, then with underscores read as dots (`*.password` covers `db_password`).
 */
function redactLabels(redactor: Redactor, labels: Labels, counts: RedactionCounts): Labels {
  let out: Map<string, string> | undefined;
  for (const [name, value] of labels) {
    const verdict =
      redactor.judge(name, value) ??
      (name.includes('_') ? redactor.judge(name.replaceAll('_', '.'), value) : undefined);
    if (verdict === undefined) continue;
    out ??= new Map(labels);
    if (verdict.drop) {
      out.delete(name);
      counts.dropped++;
    } else {
      out.set(name, verdict.value === '' ? MASK : verdict.value);
      counts.values++;
    }
  }
  return out ?? labels;
}

/** Log streams with labels, structured metadata and lines redacted (new objects where changed). */
export function redactLogsAtIngest(
  redactor: Redactor,
  streams: LokiStreamPush[],
  tally?: RedactionTally,
): LokiStreamPush[] {
  if (redactor.empty) return streams;
  const counts = emptyCounts();
  const out = streams.map((stream) => ({
    labels: redactLabels(redactor, stream.labels, counts),
    entries: stream.entries.map((entry) => {
      const line = redactText(redactor, entry.line, counts);
      const metadata = redactLabels(redactor, entry.metadata, counts);
      return line === entry.line && metadata === entry.metadata ? entry : { ...entry, line, metadata };
    }),
  }));
  tally?.add(tally.logs, counts);
  return out;
}
