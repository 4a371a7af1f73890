// The embedded backend's benchmark traffic: deterministic OTLP batches of small traces over eight
// services, with a sprinkling of errors and one rare failed upstream call in 5,000 traces. Shared by
// bench/ingest.ts (ingest and search) and bench/metrics.ts (TraceQL metrics).

import {
  emptySpan,
  type OtlpKeyValue,
  type OtlpResourceSpans,
  type OtlpSpan,
} from '../server/embedded/otlp/types.ts';

export const SERVICES = [
  'gateway',
  'auth',
  'checkout',
  'payment',
  'inventory',
  'postgres',
  'redis',
  'notification',
];

export const RARE_EVERY = 5_000;

export function kv(key: string, value: string | number): OtlpKeyValue {
  return { key, value: typeof value === 'string' ? { stringValue: value } : { intValue: String(value) } };
}

/**
 * `traces` traces of `spansPerTrace` spans: a root in gateway and children across services. Trace
 * `t` starts at `baseNs + t × spacingNs` (10 ms apart unless told: 100,000 traces cover 1,000 s).
 */
export function makeBatches(
  firstTrace: number,
  traces: number,
  spansPerTrace: number,
  baseNs: bigint,
  spacingNs = 10_000_000n,
): OtlpResourceSpans[] {
  const byService = new Map<string, OtlpSpan[]>();
  for (let t = firstTrace; t < firstTrace + traces; t++) {
    const traceId = (t + 1).toString(16).padStart(32, '0');
    const start = baseNs + BigInt(t) * spacingNs;
    for (let i = 0; i < spansPerTrace; i++) {
      const service = i === 0 ? 'gateway' : SERVICES[(t + i) % SERVICES.length];
      const s = emptySpan();
      s.traceId = traceId;
      s.spanId = (i + 1).toString(16).padStart(16, '0');
      s.parentSpanId = i === 0 ? '' : (Math.floor((i - 1) / 3) + 1).toString(16).padStart(16, '0');
      s.name = i === 0 ? 'GET /api/orders' : `op-${i % 7}`;
      s.kind = i === 0 ? 2 : 3;
      s.startTimeUnixNano = start + BigInt(i) * 1_000_000n;
      s.endTimeUnixNano = s.startTimeUnixNano + BigInt(((t * 7 + i * 13) % 150) + 1) * 1_000_000n;
      s.attributes = [
        kv('http.request.method', 'GET'),
        kv('http.response.status_code', 200),
        kv('net.peer.name', `${service}.svc`),
      ];
      if ((t + i) % 97 === 0) s.status = { code: 2, message: 'boom' };
      // One trace in 5,000 has a failed upstream call: what the "rare match" searches look for.
      if (t % RARE_EVERY === 0 && i === 5) {
        s.attributes[1] = kv('http.response.status_code', 503);
        s.status = { code: 2, message: 'upstream unavailable' };
      }
      let list = byService.get(service);
      if (!list) byService.set(service, (list = []));
      list.push(s);
    }
  }
  return [...byService].map(([service, spans]) => ({
    resource: {
      attributes: [kv('service.name', service), kv('host.name', `${service}-1`)],
      droppedAttributesCount: 0,
    },
    scopeSpans: [
      {
        scope: { name: 'bench', version: '1', attributes: [], droppedAttributesCount: 0 },
        spans,
        schemaUrl: '',
      },
    ],
    schemaUrl: '',
  }));
}
