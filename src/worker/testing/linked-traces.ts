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
