// "Export trace" (decision 0331): the trace as OTLP JSON with the redaction rules applied — always,
// even while the screen reveals the values — plus extra removals the user ticks in the dialog, and
// a summary of what was removed. Written span by span by `writeOtlpJson`, as the JSON download is.
import type { Attribute, SpanDetails, SpanDetailsStore, Trace } from '../model/types.ts';
import { MASK } from '../redact/defaults.ts';
import type { RedactionTally } from '../redact/trace.ts';
import { writeOtlpJson } from './views.ts';

/** What the user asks to remove on top of the rules. */
export interface ExportExtras {
  /** Every value of these attribute keys (span, resource, scope, event and link attributes). */
  keys: string[];
  /** Every resource attribute's value but `service.name` (which names the services). */
  resource: boolean;
  /** Every span event's attribute values (exception messages, stack traces, log fields). */
  events: boolean;
}

export interface ExportSummary {
  /** What the configured rules had changed (the header's count). */
  rules: RedactionTally;
  /** What the extra removals masked, by what was ticked: `key <name>`, `resource`, `events`. */
  extras: { what: string; count: number }[];
  spans: number;
  chars: number;
}

export type ExportRequest = { type: 'export'; id: number; extras: ExportExtras };
export type ExportReply = { type: 'exported'; id: number; blob: Blob; summary: ExportSummary };

const masked = (a: Attribute): Attribute => ({ key: a.key, value: { type: 'string', value: MASK } });
const isMask = (a: Attribute) => a.value.type === 'string' && a.value.value === MASK;

/** `details` with the extras applied; adds what it masked to `count`. */
function applyExtras(
  d: SpanDetails,
  extras: ExportExtras,
  keys: ReadonlySet<string>,
  count: (what: string, shared?: string) => void,
): SpanDetails {
  const byKey = (list: Attribute[], shared?: string) =>
    keys.size === 0
      ? list
      : list.map((a) => {
          if (!keys.has(a.key) || isMask(a)) return a;
          count(`key ${a.key}`, shared);
          return masked(a);
        });
  const resourceKey = JSON.stringify(d.resource.attributes);
  let resource = byKey(d.resource.attributes, resourceKey);
  if (extras.resource)
    resource = resource.map((a) => {
      if (a.key === 'service.name' || isMask(a)) return a;
      count('resource', resourceKey);
      return masked(a);
    });
  return {
    ...d,
    attributes: byKey(d.attributes),
    resource: { attributes: resource },
    scope: { ...d.scope, attributes: byKey(d.scope.attributes, JSON.stringify(d.scope)) },
    events: d.events.map((e) => {
      let attributes = byKey(e.attributes);
      if (extras.events)
        attributes = attributes.map((a) => {
          if (isMask(a)) return a;
          count('events');
          return masked(a);
        });
      return { ...e, attributes };
    }),
    links: d.links.map((l) => ({ ...l, attributes: byKey(l.attributes) })),
  };
}

/**
 * The export of `trace` (already read through the rules), as a Blob. A resource's or scope's
 * attributes count once per distinct resource or scope, as the header's count does.
 */
export function exportTrace(
  trace: Trace,
  tally: RedactionTally,
  extras: ExportExtras,
): { blob: Blob; summary: ExportSummary } {
  const keys = new Set(extras.keys.map((k) => k.trim()).filter((k) => k !== ''));
  const counts = new Map<string, number>();
  // A resource's (or scope's) masked values count on its first span only: `pending` holds what the
  // span being read counted, `counted` what earlier spans did.
  const counted = new Set<string>();
  const pending = new Set<string>();
  const count = (what: string, shared?: string) => {
    if (shared !== undefined) {
      const key = `${what}\u0000${shared}`;
      if (counted.has(key)) return;
      pending.add(key);
    }
    counts.set(what, (counts.get(what) ?? 0) + 1);
  };
  const store: SpanDetailsStore = trace.details;
  const plain = keys.size === 0 && !extras.resource && !extras.events;
  const details: SpanDetailsStore = plain
    ? store
    : {
        get count() {
          return store.count;
        },
        get: (row) => {
          const d = applyExtras(store.get(row), extras, keys, count);
          for (const key of pending) counted.add(key);
          pending.clear();
          return d;
        },
        attribute: (row, scope, key) => store.attribute(row, scope, key),
        attributeKeys: (row, scope) => store.attributeKeys(row, scope),
        scope: (row) => store.scope(row),
        events: (row) => store.events(row),
        links: (row) => store.links(row),
      };
  const parts: string[] = [];
  let chars = 0;
  writeOtlpJson({ ...trace, details }, (text) => {
    parts.push(text);
    chars += text.length;
    return true;
  });
  parts.push('\n');
  const extrasSummary = [...counts].map(([what, n]) => ({ what, count: n }));
  return {
    blob: new Blob(parts, { type: 'application/json' }),
    summary: { rules: tally, extras: extrasSummary, spans: trace.table.count, chars: chars + 1 },
  };
}
