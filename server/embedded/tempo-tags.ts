// Tempo's tag-name and tag-value endpoints over the embedded store, for query completion.
// They read the newest traces within a bounded budget, as Tempo reads only recent blocks.

import {
  ATTRIBUTE_SCOPES,
  type AttributeScopeName,
  INTRINSIC_TAGS,
  KIND_VALUES,
  STATUS_VALUES,
} from '../../src/traceql/vocabulary.ts';
import { secondsParam } from './http.ts';
import type { OtlpAnyValue, OtlpKeyValue, OtlpResourceSpans, OtlpSpan } from './otlp/types.ts';
import { serviceName } from './otlp/types.ts';
import type { TraceRecord, TraceStore } from './store.ts';
import type { TraceSearcher } from './tempo-search.ts';

/** How many recent traces the tag endpoints read. */
const TAG_SCAN_TRACES = 2_000;

const SCOPE_NAMES: readonly AttributeScopeName[] = ATTRIBUTE_SCOPES.map((scope) => scope.label);
const ALL_SCOPES = new Set<string>([...SCOPE_NAMES, 'intrinsic', 'none', 'all']);

interface TagMetrics {
  inspectedBytes?: string;
}

/** Calls `visit` for each span of the recent traces in the window, with its resource, and filter. */
function scan(
  store: TraceStore,
  searcher: TraceSearcher,
  query: URLSearchParams,
  visit: (span: OtlpSpan, rs: OtlpResourceSpans, scope: OtlpKeyValue[]) => void,
): { error: string } | TagMetrics {
  const start = secondsParam(query, 'start');
  const end = secondsParam(query, 'end');
  if (start === null || end === null) return { error: 'invalid start or end: must be Unix seconds' };
  const q = query.get('q')?.trim();
  let filter: ((rec: TraceRecord) => Set<string>) | undefined;
  if (q && q !== '{}') {
    const f = searcher.matchingSpans(q);
    if ('error' in f) filter = undefined;
    else filter = f;
  }
  let inspected = 0;
  let bytes = 0;
  for (const rec of store.newestFirst()) {
    if (inspected >= TAG_SCAN_TRACES) break;
    if (start !== undefined && rec.endNs < start) continue;
    if (end !== undefined && rec.startNs > end) continue;
    inspected++;
    bytes += rec.bytes;
    const allowed = filter?.(rec);
    if (allowed && allowed.size === 0) continue;
    for (const rs of store.batches(rec)) {
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          if (allowed && !allowed.has(span.spanId)) continue;
          visit(span, rs, ss.scope.attributes);
        }
      }
    }
  }
  return bytes ? { inspectedBytes: String(bytes) } : {};
}

export function tagNames(
  store: TraceStore,
  searcher: TraceSearcher,
  scope: string | undefined,
  query: URLSearchParams,
): { error: string } | { scopes: { name: string; tags: string[] }[]; metrics: TagMetrics } {
  if (scope !== undefined && scope !== '' && !ALL_SCOPES.has(scope))
    return { error: `invalid scope: ${scope}` };
  const wanted = (s: string) => !scope || scope === 'all' || scope === 'none' || scope === s;
  const found: Record<AttributeScopeName, Set<string>> = {
    resource: new Set(),
    span: new Set(),
    event: new Set(),
    link: new Set(),
    instrumentation: new Set(),
  };
  const metrics = scan(store, searcher, query, (span, rs, scopeAttrs) => {
    for (const kv of rs.resource.attributes) found.resource.add(kv.key);
    for (const kv of span.attributes) found.span.add(kv.key);
    for (const ev of span.events) for (const kv of ev.attributes) found.event.add(kv.key);
    for (const l of span.links) for (const kv of l.attributes) found.link.add(kv.key);
    for (const kv of scopeAttrs) found.instrumentation.add(kv.key);
  });
  if ('error' in metrics) return metrics;
  const scopes: { name: string; tags: string[] }[] = [];
  for (const s of SCOPE_NAMES) {
    if (wanted(s) && found[s].size) scopes.push({ name: s, tags: [...found[s]].sort() });
  }
  if (wanted('intrinsic')) scopes.push({ name: 'intrinsic', tags: [...INTRINSIC_TAGS] });
  return { scopes, metrics };
}

export interface TagValue {
  type: 'string' | 'int' | 'float' | 'bool' | 'duration' | 'keyword';
  value: string;
}

const KIND_KEYWORDS: readonly string[] = KIND_VALUES.map((word) => word.label);
const STATUS_KEYWORDS: readonly string[] = STATUS_VALUES.map((word) => word.label);

function typedValue(v: OtlpAnyValue): TagValue | undefined {
  if (v.stringValue !== undefined) return { type: 'string', value: v.stringValue };
  if (v.intValue !== undefined) return { type: 'int', value: v.intValue };
  if (v.doubleValue !== undefined) return { type: 'float', value: String(v.doubleValue) };
  if (v.boolValue !== undefined) return { type: 'bool', value: String(v.boolValue) };
  return undefined;
}

function lookup(attrs: OtlpKeyValue[], key: string): OtlpAnyValue | undefined {
  for (const kv of attrs) if (kv.key === key) return kv.value;
  return undefined;
}

/** `resource.x`, `span.x`, `.x`, `event.x`, `link.x`, `instrumentation.x`, or an intrinsic. */
export function tagValues(
  store: TraceStore,
  searcher: TraceSearcher,
  tag: string,
  query: URLSearchParams,
): { error: string } | { tagValues: TagValue[]; metrics: TagMetrics } {
  if (tag === 'kind' || tag === 'span:kind') {
    return { tagValues: KIND_KEYWORDS.map((value) => ({ type: 'keyword', value })), metrics: {} };
  }
  if (tag === 'status' || tag === 'span:status') {
    return { tagValues: STATUS_KEYWORDS.map((value) => ({ type: 'keyword', value })), metrics: {} };
  }
  const seen = new Map<string, TagValue>();
  const add = (v: TagValue | undefined) => {
    if (v && !seen.has(`${v.type}\u0000${v.value}`)) seen.set(`${v.type}\u0000${v.value}`, v);
  };
  const str = (value: string): TagValue => ({ type: 'string', value });
  let visit: ((span: OtlpSpan, rs: OtlpResourceSpans, scopeAttrs: OtlpKeyValue[]) => void) | undefined;
  const dot = tag.indexOf('.');
  const scope = dot > 0 ? tag.slice(0, dot) : dot === 0 ? 'none' : '';
  const key = dot >= 0 ? tag.slice(dot + 1) : '';
  switch (tag) {
    case 'name':
    case 'span:name':
      visit = (span) => add(str(span.name));
      break;
    case 'statusMessage':
    case 'span:statusMessage':
      visit = (span) => span.status.message && add(str(span.status.message));
      break;
    case 'rootServiceName':
    case 'trace:rootService':
      visit = (span, rs) => !span.parentSpanId && add(str(serviceName(rs)));
      break;
    case 'rootName':
    case 'trace:rootName':
      visit = (span) => !span.parentSpanId && add(str(span.name));
      break;
    case 'event:name':
      visit = (span) => {
        for (const e of span.events) add(str(e.name));
      };
      break;
    default:
      switch (scope) {
        case 'resource':
          visit = (_s, rs) => add(typedValueOf(lookup(rs.resource.attributes, key)));
          break;
        case 'span':
          visit = (span) => add(typedValueOf(lookup(span.attributes, key)));
          break;
        case 'none':
          visit = (span, rs) => {
            add(typedValueOf(lookup(span.attributes, key)));
            add(typedValueOf(lookup(rs.resource.attributes, key)));
          };
          break;
        case 'event':
          visit = (span) => {
            for (const e of span.events) add(typedValueOf(lookup(e.attributes, key)));
          };
          break;
        case 'link':
          visit = (span) => {
            for (const l of span.links) add(typedValueOf(lookup(l.attributes, key)));
          };
          break;
        case 'instrumentation':
          visit = (_s, _rs, scopeAttrs) => add(typedValueOf(lookup(scopeAttrs, key)));
          break;
      }
  }
  if (!visit) return { tagValues: [], metrics: {} };
  const metrics = scan(store, searcher, query, visit);
  if ('error' in metrics) return metrics;
  return { tagValues: [...seen.values()], metrics };
}

function typedValueOf(v: OtlpAnyValue | undefined): TagValue | undefined {
  return v ? typedValue(v) : undefined;
}
