import { describe, expect, it } from 'vitest';
import type { InProcessRequest } from '../gateway/in-process.ts';
import { createEmbedded } from './index.ts';

const NOW = Date.UTC(2026, 10, 21, 23, 0, 0);

function get(query: string): InProcessRequest {
  return {
    method: 'GET',
    path: '/loki/api/v1/query_range',
    query: new URLSearchParams({
      query,
      limit: '5000',
      start: String(NOW / 1000 - 7200),
      end: String(NOW / 1000 + 60),
    }),
    headers: { 'x-loki-response-encoding-flags': 'categorize-labels' },
    signal: new AbortController().signal,
  };
}

interface Stream {
  stream: Record<string, string>;
  values: [string, string, { structuredMetadata?: Record<string, string> }][];
}

describe('demo logs', () => {
  it('come with the demo traces: logfmt, JSON and plain text, levels, exceptions as error lines, IDs of real spans', async () => {
    const b = await createEmbedded({ otlpPort: 0, demo: true, now: () => NOW });
    try {
      const res = await b.loki.handle(get('{deployment_environment_name="demo"}'));
      const streams = JSON.parse(String(res.body)).data.result as Stream[];
      const entries = streams.flatMap((s) =>
        s.values.map(([, line, extra]) => ({
          service: s.stream.service_name,
          line,
          md: extra.structuredMetadata ?? {},
        })),
      );
      expect(entries.length).toBe(5000);
      expect(b.logs.size).toBeGreaterThan(5000);

      const styles = new Set(
        entries.map((e) =>
          e.line.startsWith('{') ? 'json' : e.line.startsWith('level=') ? 'logfmt' : 'plain',
        ),
      );
      expect(styles).toEqual(new Set(['json', 'logfmt', 'plain']));
      const levels = new Set(entries.map((e) => e.md.detected_level));
      for (const l of ['debug', 'info', 'error']) expect(levels).toContain(l);

      for (const e of entries) {
        expect(e.md.trace_id).toMatch(/^[0-9a-f]{32}$/);
        expect(e.md.span_id).toMatch(/^[0-9a-f]{16}$/);
      }
      expect(entries.some((e) => e.line.includes(`trace_id=${e.md.trace_id}`))).toBe(true);
      expect(entries.some((e) => !e.line.includes(e.md.trace_id))).toBe(true);

      // An exception of an error trace appears as an error line of that span, with its trace in the store.
      const exception = entries.find((e) => e.line.includes('PaymentDeclinedException'));
      expect(exception?.md.detected_level).toBe('error');
      const rec = b.store.get(exception!.md.trace_id);
      expect(rec?.errorCount).toBeGreaterThan(0);
      const spanIds = b.store
        .batches(rec!)
        .flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.spanId)));
      expect(spanIds).toContain(exception!.md.span_id);
    } finally {
      await b.close();
    }
  });

  it('are deterministic and bounded for the big batch traces', async () => {
    const a = await createEmbedded({ otlpPort: 0, demo: true, now: () => NOW });
    const b = await createEmbedded({ otlpPort: 0, demo: true, now: () => NOW });
    try {
      expect(a.logs.size).toBe(b.logs.size);
      expect(a.logs.size).toBeLessThan(20_000);
      const q = '{service_name="batch-jobs"}';
      const result = async (x: typeof a) =>
        JSON.parse(String((await x.loki.handle(get(q))).body)).data.result;
      const fromA = await result(a);
      expect(fromA.length).toBeGreaterThan(0);
      expect(fromA).toEqual(await result(b));
    } finally {
      await a.close();
      await b.close();
    }
  });
});
