// Hand-built traces with span links for the stitching tests, as OTLP JSON decoded by the real decoder.
import { decodeTrace } from '../../formats/index.ts';
import type { Trace } from '../../model/types.ts';

// Hand-built traces as OTLP JSON, decoded by the real decoder (links and all).
export interface S {
  id: string;
  parent?: string;
  name: string;
  service?: string;
  kind?: number;
  /** ms from a common epoch. */
  start: number;
  end: number;
  links?: { traceId: string; spanId: string }[];
}
const EPOCH = 1_700_000_000_000n * 1_000_000n;
const ns = (ms: number) => (EPOCH + BigInt(Math.round(ms * 1e6))).toString();

export function otlp(traceId: string, spans: S[]) {
  const byService = new Map<string, S[]>();
  for (const s of spans) byService.set(s.service ?? 'svc', [...(byService.get(s.service ?? 'svc') ?? []), s]);
  return {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          scope: { name: 'test' },
          spans: list.map((s) => ({
            traceId,
            spanId: s.id,
            parentSpanId: s.parent ?? '',
            name: s.name,
            kind: s.kind ?? 1,
            startTimeUnixNano: ns(s.start),
            endTimeUnixNano: ns(s.end),
            links: (s.links ?? []).map((l) => ({ ...l, attributes: [] })),
          })),
        },
      ],
    })),
  };
}

export function traceOf(traceId: string, spans: S[]): Trace {
  const result = decodeTrace(JSON.stringify(otlp(traceId, spans)), { contentType: 'application/json' });
  const t = result.traces.find((x) => x.traceId === traceId);
  if (!t) throw new Error(result.error ?? 'no trace');
  return t;
}

/**
 * A generated trace of `count` random spans for the stitching benches: trace number `t` (its span
 * IDs are `t * 100000 + i + 1`), its root a consumer linking to `link` when given, else a server
 * whose first child is a producer.
 */
export function generatedLinkedSpans(
  t: number,
  count: number,
  random: () => number,
  link?: { traceId: string; spanId: string },
): S[] {
  const hex = (n: number) => n.toString(16).padStart(16, '0');
  const spans: S[] = [];
  const start = t * 50;
  for (let i = 0; i < count; i++) {
    const parent = i === 0 ? undefined : Math.floor(random() * i);
    const s = parent === undefined ? start : spans[parent].start + random() * 5;
    spans.push({
      id: hex(t * 100_000 + i + 1),
      parent: parent === undefined ? undefined : hex(t * 100_000 + parent + 1),
      name: `op-${i % 37}`,
      service: `svc-${(t * 7 + (i % 11)) % 30}`,
      kind: i === 0 && link ? 5 : i === 1 && !link ? 4 : 1,
      start: s,
      end: s + 1 + random() * 20,
      links: i === 0 && link ? [link] : undefined,
    });
  }
  return spans;
}
