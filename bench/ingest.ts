// Embedded backend benchmark: OTLP protobuf ingest through the real receiver (HTTP and gRPC, and the
// same spans as Zipkin JSON), TraceQL searches over
// 100,000 stored traces (1M spans) — worst cases that match few or no traces (so every trace in range
// is inspected), then common ones — each run cold (first) and warm, and trace by ID of a 10,000-span trace.
// Run: npx tsx bench/ingest.ts   (prints figures; budgets are printed beside them, never enforced)

import { credentials, Client as GrpcClient } from '@grpc/grpc-js';
import { createEmbedded } from '../server/embedded/index.ts';
import { encodeTracesData } from '../server/embedded/otlp/otlp-protobuf.ts';
import { type OtlpResourceSpans, serviceName as serviceOf } from '../server/embedded/otlp/types.ts';
import { HEAVY_TRACEQL } from '../server/embedded/query/testing/load.ts';
import { redactResourceSpans } from '../src/redact/otlp.ts';
import { createRedactor, DEFAULT_REDACTION_SETTINGS } from '../src/redact/rules.ts';
import { kv, makeBatches } from './embedded-traffic.ts';

/** The same spans as Zipkin v2 JSON: microsecond times, string tags, the local service. */
function zipkinSpans(batches: OtlpResourceSpans[]): object[] {
  return batches.flatMap((rs) =>
    rs.scopeSpans[0].spans.map((span) => ({
      traceId: span.traceId,
      id: span.spanId,
      ...(span.parentSpanId ? { parentId: span.parentSpanId } : {}),
      name: span.name,
      kind: span.kind === 2 ? 'SERVER' : span.kind === 3 ? 'CLIENT' : undefined,
      timestamp: Number(span.startTimeUnixNano / 1000n),
      duration: Number((span.endTimeUnixNano - span.startTimeUnixNano) / 1000n),
      localEndpoint: { serviceName: serviceOf(rs) },
      tags: Object.fromEntries(span.attributes.map((a) => [a.key, String(Object.values(a.value)[0] ?? '')])),
    })),
  );
}

function ms(t0: number): string {
  return `${(performance.now() - t0).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const baseNs = BigInt(Date.now() - 3_600_000) * 1_000_000n;

  // 1. Ingest rate through the HTTP receiver, protobuf, 1,000 spans per request; without redaction,
  //    then with the default rules (decision 0311). Every root span also carries a URL with a query
  //    string and every postgres span a SQL statement with literals, so the rules have work to do.
  const withSecrets = (first: number) => {
    const batches = makeBatches(first, 100, 10, baseNs);
    for (const rs of batches)
      for (const span of rs.scopeSpans[0].spans) {
        if (span.parentSpanId === '')
          span.attributes.push(
            kv('url.full', 'https://shop.example.com/api/orders?user=ann@example.com&page=2'),
          );
        if (serviceOf(rs) === 'postgres')
          span.attributes.push(kv('db.statement', "SELECT * FROM orders WHERE customer = 'ann' AND id = 42"));
      }
    return batches;
  };
  for (const [label, redaction] of [
    ['redaction off', { ...DEFAULT_REDACTION_SETTINGS, enabled: false }],
    ['default redaction', DEFAULT_REDACTION_SETTINGS],
  ] as const) {
    const backend = await createEmbedded({ otlpPort: 'ephemeral', demo: false, redaction });
    const url = `http://127.0.0.1:${backend.otlpPort}/v1/traces`;
    const payloads: Uint8Array[] = [];
    for (let r = 0; r < 200; r++) payloads.push(encodeTracesData(withSecrets(r * 100)));
    const t0 = performance.now();
    for (const body of payloads) {
      const res = await fetch(url, {
        method: 'POST',
        body: new Uint8Array(body),
        headers: { 'content-type': 'application/x-protobuf' },
      });
      if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
      await res.arrayBuffer();
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `ingest (OTLP/HTTP protobuf, 200 requests x 1,000 spans, ${label}): ${Math.round(200_000 / seconds).toLocaleString('en')} spans/s (budget >= 100,000 with default redaction; machine loaded)`,
    );
    await backend.close();
  }
  // The rules alone, on the same spans decoded (no HTTP, no store).
  {
    const redactor = createRedactor(DEFAULT_REDACTION_SETTINGS);
    const all = Array.from({ length: 200 }, (_, r) => withSecrets(r * 100));
    const t0 = performance.now();
    let changed = 0;
    for (const batches of all) changed += redactResourceSpans(redactor, batches).values;
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `default redaction rules alone: ${Math.round(200_000 / seconds).toLocaleString('en')} spans/s, ${changed.toLocaleString('en')} values changed (machine loaded)`,
    );
  }

  // 1b. The same 200 x 1,000 spans over OTLP/gRPC (one grpc-js channel, unary Export calls), and as
  //     Zipkin v2 JSON to /api/v2/spans (converted to OTLP JSON first, decision 0291); default redaction.
  {
    const backend = await createEmbedded({ otlpPort: 'ephemeral', grpcPort: 'ephemeral', demo: false });
    const payloads = Array.from({ length: 200 }, (_, r) =>
      Buffer.from(encodeTracesData(withSecrets(r * 100))),
    );
    const client = new GrpcClient(`127.0.0.1:${backend.grpcPort}`, credentials.createInsecure());
    const identity = (b: Buffer) => b;
    const t0 = performance.now();
    for (const body of payloads)
      await new Promise<void>((resolve, reject) =>
        client.makeUnaryRequest(
          '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          identity,
          identity,
          body,
          (error) => (error ? reject(error) : resolve()),
        ),
      );
    const seconds = (performance.now() - t0) / 1000;
    client.close();
    console.log(
      `ingest (OTLP/gRPC, 200 requests x 1,000 spans, default redaction): ${Math.round(200_000 / seconds).toLocaleString('en')} spans/s (machine loaded)`,
    );
    const zipkin = Array.from({ length: 200 }, (_, r) => JSON.stringify(zipkinSpans(withSecrets(r * 100))));
    const z0 = performance.now();
    for (const body of zipkin) {
      const res = await fetch(`http://127.0.0.1:${backend.otlpPort}/api/v2/spans`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      if (res.status !== 202) throw new Error(`zipkin intake answered ${res.status}`);
      await res.arrayBuffer();
    }
    const zSeconds = (performance.now() - z0) / 1000;
    console.log(
      `ingest (Zipkin v2 JSON, 200 requests x 1,000 spans, default redaction): ${Math.round(200_000 / zSeconds).toLocaleString('en')} spans/s (machine loaded)`,
    );
    await backend.close();
  }

  // 2. Searches over 100,000 traces / 1M spans.
  const backend = await createEmbedded({
    otlpPort: 0,
    demo: false,
    limits: { maxTraces: 200_000, maxBytes: 4 * 1024 ** 3 },
  });
  const t1 = performance.now();
  for (let first = 0; first < 100_000; first += 500)
    backend.store.ingest(makeBatches(first, 500, 10, baseNs));
  console.log(
    `loaded ${backend.store.size.toLocaleString('en')} traces, ${backend.store.spans.toLocaleString('en')} spans, ${(backend.store.bytes / 2 ** 20).toFixed(0)} MiB stored, in ${ms(t1)}`,
  );
  const search = async (label: string, q: string, window?: { startS: number; endS: number }) => {
    const query = new URLSearchParams({ q, limit: '20' });
    if (window) {
      query.set('start', String(window.startS));
      query.set('end', String(window.endS));
    }
    const t0 = performance.now();
    const res = await backend.tempo.handle({
      method: 'GET',
      path: '/api/search',
      query,
      headers: {},
      signal: new AbortController().signal,
    });
    const took = ms(t0);
    const body = JSON.parse(String(res.body)) as { traces: unknown[]; metrics: { inspectedTraces: number } };
    const where = window ? ` start/end=${window.startS}..${window.endS}` : '';
    console.log(
      `search ${label} ${q}${where} limit=20: ${took} (${body.traces.length} traces, ${body.metrics.inspectedTraces} inspected; budget <= 1 s)`,
    );
  };
  // Traces start 10 ms apart, so the 100,000 cover 1,000 s; this window is the middle 100 s (10%).
  const baseS = Number(baseNs / 1_000_000_000n);
  const tenPercent = { startS: baseS + 450, endS: baseS + 550 };
  // Worst cases first, while the decoded-trace cache is cold: every trace in range must be ruled out.
  const worstCases: [string, { startS: number; endS: number } | undefined][] = [
    ['{ resource.service.name = "payment" && duration > 100h }', undefined],
    ['{ span.http.response.status_code = 503 }', undefined],
    [
      '{ resource.service.name = "gateway" } >> { resource.service.name = "payment" && name = "charge" }',
      undefined,
    ],
    ['{ span.http.response.status_code = 503 }', tenPercent],
  ];
  for (const pass of ['cold', 'warm']) {
    for (const [q, window] of worstCases) await search(`(worst case, ${pass})`, q, window);
  }
  for (const pass of ['cold', 'warm']) {
    await search(`(common, ${pass})`, '{ resource.service.name = "payment" && duration > 100ms }');
    await search(`(common, ${pass})`, '{ resource.service.name = "gateway" } >> { status = error }');
  }
  // A range test on an attribute: ruled out on the chunks' numeric min/max (decision 0321).
  for (const pass of ['cold', 'warm'])
    await search(`(range, ${pass})`, '{ span.http.response.status_code > 503 }');
  // A regular expression on the span name: ruled out on each trace's names dictionary (decision 0321).
  for (const pass of ['cold', 'warm']) await search(`(name regex, ${pass})`, '{ name =~ "nomatch.*" }');
  // A regular expression on an attribute every span has: ruled out on each chunk's listed values
  // (decision 0322).
  for (const pass of ['cold', 'warm'])
    await search(`(attribute regex, ${pass})`, '{ span.net.peer.name =~ "nomatch.*" }');
  // A regular expression on an instrumentation scope's attribute: neither the digests nor slim traces
  // read them, so this is still the cost of decoding and evaluating every trace (issue 20's "prunable
  // or not"). Status messages are listed per chunk since decision 0355, event and link attributes
  // since 0344.
  for (const pass of ['cold', 'warm']) await search(`(not prunable, ${pass})`, HEAVY_TRACEQL);

  // 3. Trace by ID of a 10,000-span trace.
  backend.store.ingest(makeBatches(500_000, 1, 10_000, baseNs));
  const bigId = (500_001).toString(16).padStart(32, '0');
  for (const accept of ['application/protobuf', 'application/json', 'application/json']) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const res = await backend.tempo.handle({
      method: 'GET',
      path: `/api/v2/traces/${bigId}`,
      query: new URLSearchParams(),
      headers: { accept },
      signal: new AbortController().signal,
    });
    const size = typeof res.body === 'string' ? res.body.length : (res.body as Uint8Array).length;
    const cpu = process.cpuUsage(c0);
    // CPU time beside wall time: on a loaded machine wall time is mostly waiting for a core.
    console.log(
      `trace by ID, 10,000 spans, ${accept}: ${ms(t0)} (CPU ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms; ${(size / 2 ** 20).toFixed(1)} MiB; budget <= 50 ms)`,
    );
  }
  await backend.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
