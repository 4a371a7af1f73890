// Shared by the query-worker tests and bench/queries.ts: generated traces a heavy search must read
// in full, a server around an embedded backend, and a latency probe.

import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { nearestRank } from '../../../../src/analysis/percentile.ts';
import { createApp } from '../../../app.ts';
import { validateConfig } from '../../../config/validate.ts';
import type { EmbeddedInstance } from '../../index.ts';
import type { LokiStreamPush } from '../../logs/otlp-to-loki.ts';
import { emptySpan, type OtlpKeyValue, type OtlpResourceSpans } from '../../otlp/types.ts';

/** The heavy search: no pre-filter can rule a trace out, so every trace is decoded. */
// A regex on parent span IDs: the chunk digests do not list them and slim traces do not read them
// (an orphan's parent ID is in its details), so every trace is decoded in full (a name regex is pruned on each trace's names, 0321; an attribute regex,
// the parent's too, on each chunk's listed values, 0322; a status message regex on its listed
// messages, 0355; an event name regex on its listed event names, 0357; an event or link attribute
// regex on its listed values, 0344; a scope attribute or span ID regex on slim traces, 0345).
export const HEAVY_TRACEQL = '{ span:parentID =~ ".*zzz.*" }';
export const HEAVY_LOGQL = '{service_name=~".+"} |~ ".*zzz.*"';

const SERVICES = ['gateway', 'auth', 'checkout', 'payment', 'inventory'];

function kv(key: string, value: string): OtlpKeyValue {
  return { key, value: { stringValue: value } };
}

/** `traces` traces of `spansPerTrace` spans each, one resource per service; no span name holds "zzz". */
export function traceBatches(firstTrace: number, traces: number, spansPerTrace: number): OtlpResourceSpans[] {
  const baseNs = BigInt(Date.now() - 600_000) * 1_000_000n;
  const byService = new Map<string, OtlpResourceSpans>();
  for (let t = firstTrace; t < firstTrace + traces; t++) {
    const traceId = (t + 1).toString(16).padStart(32, '0');
    for (let i = 0; i < spansPerTrace; i++) {
      const service = SERVICES[(t + i) % SERVICES.length];
      let rs = byService.get(service);
      if (!rs) {
        rs = {
          resource: { attributes: [kv('service.name', service)], droppedAttributesCount: 0 },
          scopeSpans: [
            {
              scope: { name: 'load', version: '1', attributes: [], droppedAttributesCount: 0 },
              spans: [],
              schemaUrl: '',
            },
          ],
          schemaUrl: '',
        };
        byService.set(service, rs);
      }
      const s = emptySpan();
      s.traceId = traceId;
      s.spanId = (i + 1).toString(16).padStart(16, '0');
      s.parentSpanId = i === 0 ? '' : '0000000000000001';
      s.name = `operation-${i % 13}`;
      s.kind = 2;
      s.startTimeUnixNano = baseNs + BigInt(t) * 1_000_000n + BigInt(i) * 1000n;
      s.endTimeUnixNano = s.startTimeUnixNano + 500_000n;
      s.attributes = [kv('http.route', `/api/items/${i % 17}`), kv('peer.service', service)];
      rs.scopeSpans[0].spans.push(s);
    }
  }
  return [...byService.values()];
}

/** Fills the backend with `traces` traces of 10 spans, in batches of 500 traces. */
export function loadTraces(backend: EmbeddedInstance, traces: number, firstTrace = 0): void {
  for (let first = firstTrace; first < firstTrace + traces; first += 500)
    backend.accept(traceBatches(first, Math.min(500, firstTrace + traces - first), 10));
}

/** `lines` log lines across a few streams, none holding "zzz". */
export function logPushes(lines: number): LokiStreamPush[] {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const pushes: LokiStreamPush[] = SERVICES.map((service) => ({
    labels: new Map([['service_name', service]]),
    entries: [],
  }));
  for (let i = 0; i < lines; i++) {
    pushes[i % pushes.length].entries.push({
      tsNs: nowNs - BigInt(lines - i) * 1_000_000n,
      line: `level=info msg="handled request ${i}" route=/api/items/${i % 17} took=${i % 97}ms`,
      metadata: new Map(),
    });
  }
  return pushes;
}

/** The app (gateway, /healthz) around an embedded backend, listening on a free port. */
export async function serve(backend: EmbeddedInstance): Promise<{ app: FastifyInstance; origin: string }> {
  const config = validateConfig({ server: { embedded: 'true' }, datasources: [] }, 'test.yaml');
  const app = await createApp({ config, distDir: null, inProcess: backend.datasources, log: () => {} });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

export interface Latencies {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function latencies(samples: number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: nearestRank(sorted, 0.5),
    p99: nearestRank(sorted, 0.99),
    max: nearestRank(sorted, 1),
  };
}

/** Calls `probe` every `everyMs` until `until` settles; the time each call took, in ms. */
export async function probeWhile(
  until: Promise<unknown>,
  everyMs: number,
  probe: () => Promise<void>,
): Promise<number[]> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const samples: number[] = [];
  while (!done) {
    const t0 = performance.now();
    await probe();
    samples.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return samples;
}

export function formatLatencies(name: string, l: Latencies): string {
  return `${name}: p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms (${l.count} samples)`;
}
