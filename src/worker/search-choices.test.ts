import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from '../formats/index.ts';
import { searchChoices } from './search-choices.ts';

// A JSON Lines file of 80 traces from the real Tempo dataset (one `{"trace": …}` per line, as a
// responder would save them), decoded the way the worker decodes a dropped file; Tempo's own answers
// to the same queries over all 881 traces are the reference.
const DATASET = new URL('../../../shared/fixtures/tempo/dataset/', import.meta.url);
const lines = gunzipSync(readFileSync(new URL('tempo-traces-v2.jsonl.gz', DATASET)))
  .toString('utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .slice(0, 80)
  .map((l) => JSON.stringify((JSON.parse(l) as { response: unknown }).response));
const decoded = decodeTrace(new TextEncoder().encode(lines.join('\n')), { fileName: 'traces.jsonl' });
const inFile = new Set(decoded.traces.map((t) => t.traceId));

interface TempoAnswer {
  query: string;
  body: { traces: Array<{ traceID: string; spanSets?: Array<{ matched?: number }> }> };
}
const tempo: TempoAnswer[] = JSON.parse(
  gunzipSync(readFileSync(new URL('conformance.json.gz', DATASET))).toString('utf8'),
);
const tempoAnswer = (query: string) => {
  const found = tempo.find((c) => c.query === query);
  if (!found) throw new Error(`no recorded answer to ${query}`);
  return new Map(
    found.body.traces
      .map(
        (t) =>
          [
            t.traceID.padStart(32, '0'),
            (t.spanSets ?? []).reduce((n, s) => n + (s.matched ?? 0), 0),
          ] as const,
      )
      .filter(([id]) => inFile.has(id)),
  );
};

describe('searching the traces of a file with TraceQL', () => {
  it('reads every trace of the file', () => {
    expect(decoded.traces).toHaveLength(80);
  });

  it.each([
    '{ status = error }',
    '{ .service.name = "checkout" } >> { status = error }',
    '{ resource.service.name = "inventory" } | count() > 3',
    '{ duration > 500ms }',
  ])('matches the traces Tempo matched for %s', (query) => {
    const expected = tempoAnswer(query);
    const outcome = searchChoices(decoded.traces, query);
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(new Set(outcome.matches.map((m) => m.traceId))).toEqual(new Set(expected.keys()));
    expect(expected.size).toBeGreaterThan(0);
    expect(expected.size).toBeLessThan(80);
  });

  it('counts the matched spans per trace as Tempo does for a plain filter', () => {
    const expected = tempoAnswer('{ status = error }');
    const outcome = searchChoices(decoded.traces, '{ status = error }');
    if (!outcome.ok) throw new Error(outcome.error.message);
    for (const m of outcome.matches) expect(m.matchedSpans, m.traceId).toBe(expected.get(m.traceId));
  });

  it('says where a query is broken, and that metrics queries cannot pick traces', () => {
    const broken = searchChoices(decoded.traces, '{ duration > }');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error.column).toBeGreaterThan(1);
    const metrics = searchChoices(decoded.traces, '{ } | rate()');
    expect(metrics.ok === false && metrics.error.message).toMatch(/Metrics queries/);
  });
});
