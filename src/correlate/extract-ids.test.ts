import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLokiResult } from '../datasources/loki';
import { extractIds, logfmtFields } from './extract-ids';
import { compileIdPattern } from './id-pattern';

const FIXTURES = new URL('../../../shared/fixtures/loki/', import.meta.url);
const TRACE = '2bafbe17c123c304432c535342f87d81';

function recordedLines(name: string) {
  const body: unknown = JSON.parse(readFileSync(new URL(`${name}.body`, FIXTURES), 'utf8'));
  const result = parseLokiResult(body, { limit: 1000, direction: 'forward' });
  if (result.resultType !== 'streams') throw new Error('expected streams');
  return result.lines;
}

describe('trace IDs in recorded Loki lines', () => {
  it('reads structured metadata first when Loki categorized the labels', () => {
    const lines = recordedLines('loki-query-range-traceid-categorize-labels');
    const places = new Set<string>();
    for (const line of lines) {
      const ids = extractIds(line);
      expect(ids?.traceId).toBe(TRACE);
      expect(ids?.spanId).toBe(line.structuredMetadata.span_id ?? line.parsed.span_id);
      places.add(ids?.foundIn ?? '');
    }
    // OTLP lines carry the IDs as structured metadata; app lines only in the text, which logfmt parsed.
    expect(places).toEqual(new Set(['structured-metadata', 'parsed']));
  });

  it('finds the IDs of every line without categorized labels, from labels or from the logfmt text', () => {
    const lines = recordedLines('loki-query-range-traceid-line-filter');
    const places = new Set<string>();
    for (const line of lines) {
      const ids = extractIds(line);
      expect(ids?.traceId, line.line).toBe(TRACE);
      expect(ids?.spanId, line.line).toMatch(/^[0-9a-f]{16}$/);
      places.add(ids?.foundIn ?? '');
    }
    expect(places).toEqual(new Set(['labels', 'logfmt', 'json']));
  });

  it('reads logfmt lines of many traces', () => {
    const lines = recordedLines('loki-query-range-service-payment');
    for (const line of lines) {
      const fields = logfmtFields(line.line);
      const ids = extractIds({ line: line.line });
      expect(ids).toEqual({ traceId: fields.trace_id, spanId: fields.span_id, foundIn: 'logfmt' });
    }
  });
});

describe('trace IDs in other line shapes', () => {
  it('reads JSON fields in their common spellings and pads short IDs', () => {
    expect(extractIds({ line: '{"msg":"x","traceId":"8efff7c0ffee","spanId":"abc"}' })).toEqual({
      traceId: '8efff7c0ffee'.padStart(32, '0'),
      spanId: '0000000000000abc',
      foundIn: 'json',
    });
    expect(extractIds({ line: '{"traceID":"ABCDEF0123456789ABCDEF0123456789"}' })?.traceId).toBe(
      'abcdef0123456789abcdef0123456789',
    );
  });

  it('reads quoted logfmt values and ignores all-zero or non-hex IDs', () => {
    expect(extractIds({ line: 'msg="a b" trace_id="0af7651916cd43dd8448eb211c80319c"' })?.traceId).toBe(
      '0af7651916cd43dd8448eb211c80319c',
    );
    expect(extractIds({ line: 'trace_id=00000000000000000000000000000000 msg=x' })).toBeUndefined();
    expect(extractIds({ line: 'trace_id=not-hex' })).toBeUndefined();
    expect(extractIds({ line: 'nothing to see' })).toBeUndefined();
  });

  it('uses a configured RE2 pattern with named groups, or its first group', () => {
    const named = compileIdPattern('\\[(?P<traceId>[0-9a-f]{32})/(?P<spanId>[0-9a-f]{16})\\]');
    if ('error' in named) throw new Error(named.error);
    expect(extractIds({ line: `GET /x [${TRACE}/48cb889768a3f10d] 200` }, named)).toEqual({
      traceId: TRACE,
      spanId: '48cb889768a3f10d',
      foundIn: 'pattern',
    });
    const first = compileIdPattern('req=([0-9a-f]+)');
    if ('error' in first) throw new Error(first.error);
    expect(extractIds({ line: `req=${TRACE} done` }, first)?.traceId).toBe(TRACE);
    expect(compileIdPattern('(unclosed')).toHaveProperty('error');
  });

  it('falls back to a trace ID written after "trace id" in prose', () => {
    expect(extractIds({ line: `failed; traceId: ${TRACE}` })).toEqual({ traceId: TRACE, foundIn: 'pattern' });
  });
});
