import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLokiResult } from '../../datasources/loki';
import { decodeTrace } from '../../formats';
import { logMarkers, offsetNs } from './markers';

const FIXTURES = new URL('../../../../shared/fixtures/', import.meta.url);
const TRACE = '2bafbe17c123c304432c535342f87d81';

function recordedLines(name: string) {
  const body: unknown = JSON.parse(readFileSync(new URL(`loki/${name}.body`, FIXTURES), 'utf8'));
  const result = parseLokiResult(body, { limit: 1000, direction: 'forward' });
  if (result.resultType !== 'streams') throw new Error('expected streams');
  return result.lines;
}

describe('log markers on the recorded trace', () => {
  it('puts every recorded line of the trace on the span whose ID it carries, at its time', () => {
    const bytes = readFileSync(new URL(`tempo/tempo-trace-v2-error-json.body`, FIXTURES));
    const decoded = decodeTrace(new Uint8Array(bytes), { contentType: 'application/json' });
    const trace = decoded.traces[0];
    expect(trace.traceId).toBe(TRACE);
    const lines = recordedLines('loki-query-range-traceid-line-filter');
    const markers = logMarkers(lines, trace.table, trace.startNs.toString());
    expect(markers).toHaveLength(lines.length);
    for (const marker of markers) {
      const details = trace.details.get(marker.row);
      expect(details.spanId).toBe(marker.spanId);
      // Logged while the span ran (the demo logs start/finish lines inside their span).
      expect(marker.timeNs).toBeGreaterThanOrEqual(details.start - 1e6);
      expect(marker.timeNs).toBeLessThanOrEqual(details.start + details.duration + 1e6);
    }
  });

  it("falls back to the deepest running span of the line's service when the line has no span ID", () => {
    const bytes = readFileSync(new URL(`tempo/tempo-trace-v2-error-json.body`, FIXTURES));
    const trace = decodeTrace(new Uint8Array(bytes), { contentType: 'application/json' }).traces[0];
    const row = Array.from({ length: trace.table.count }, (_, i) => i).find(
      (i) => trace.table.parent[i] >= 0,
    )!;
    const details = trace.details.get(row);
    const at = trace.startNs + BigInt(Math.round(details.start + details.duration / 2));
    const markers = logMarkers(
      [
        {
          id: 'x',
          timeNs: at.toString(),
          timeMs: 0,
          line: 'no ids here',
          labels: { service_name: details.service },
          structuredMetadata: {},
          parsed: {},
        },
      ],
      trace.table,
      trace.startNs.toString(),
    );
    expect(markers).toHaveLength(1);
    const chosen = markers[0].row;
    expect(trace.table.strings[trace.table.service[chosen]]).toBe(details.service);
    expect(trace.table.depth[chosen]).toBeGreaterThanOrEqual(trace.table.depth[row]);
    expect(offsetNs('1795300496011045968', '1795300496000000000')).toBe(11045968);
  });
});
