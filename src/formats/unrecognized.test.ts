// Input that is no trace format at all is told apart from a recognised format that is damaged: the
// first is `unrecognized` (what it looked like), the second keeps its precise `error`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from './index.ts';

const repo = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url));
const fixture = (path: string) => readFileSync(new URL(`../../../shared/fixtures/${path}`, import.meta.url));

describe('not a trace format', () => {
  it('README.md (text that the protobuf sniffing used to read as wire data)', () => {
    const result = decodeTrace(repo('README.md'), { fileName: 'README.md' });
    expect(result.traces).toEqual([]);
    expect(result.unrecognized).toBe('text');
  });

  it('text named .json, and JSON of another shape (package.json, a Loki answer)', () => {
    expect(decodeTrace(repo('README.md'), { fileName: 'notes.json' }).unrecognized).toBe('text');
    expect(decodeTrace(repo('package.json'), { fileName: 'package.json' }).unrecognized).toBe('json');
    const loki = fixture('loki/loki-query-range-traceid-structured-metadata.body');
    expect(decodeTrace(loki, { fileName: 'loki.json' }).unrecognized).toBe('json');
  });

  it('binary data that is not protobuf (a gzip file)', () => {
    const gz = fixture('tempo/dataset/tempo-traces-v2.jsonl.gz').subarray(0, 4096);
    expect(decodeTrace(gz, { fileName: 'traces.jsonl.gz' }).unrecognized).toBe('binary');
  });
});

describe('a recognised format that is damaged keeps its precise message', () => {
  it('truncated OTLP protobuf', () => {
    const body = fixture('tempo/tempo-trace-v2-error-protobuf.body');
    const result = decodeTrace(body.subarray(0, 40), { contentType: 'application/protobuf' });
    expect(result.unrecognized).toBeUndefined();
    expect(result.error).toMatch(/protobuf: .* at byte \d+/);
  });

  it('truncated OTLP JSON', () => {
    const body = fixture('tempo/tempo-trace-v2-error-json.body');
    const result = decodeTrace(body.subarray(0, 200), { fileName: 'trace.json' });
    expect(result.unrecognized).toBeUndefined();
    expect(result.error).toMatch(/invalid or truncated JSON/);
  });

  it('the real trace files still decode', () => {
    const body = fixture('tempo/tempo-trace-v2-error-protobuf.body');
    expect(decodeTrace(body).traces).toHaveLength(1);
    expect(decodeTrace(fixture('jaeger/edge-cases/testTrace.json')).traces[0].traceId).toBe('trace-123');
  });
});
