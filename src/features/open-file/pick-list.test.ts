import { describe, expect, it } from 'vitest';
import type { TraceChoice } from '../../worker/protocol.ts';
import { entriesOf, matchedEntries, nextPickSort, sortEntries } from './pick-list.ts';

const choice = (traceId: string, startMs: number, durationMs: number): TraceChoice => ({
  traceId,
  rootService: 'svc',
  rootName: 'op',
  startUnixNano: (BigInt(startMs) * 1_000_000n + 1_700_000_000_000_000_000n).toString(),
  spans: 3,
  errors: 0,
  durationNs: durationMs * 1e6,
});

const files = [
  { fileName: 'a.jsonl', choices: [choice('aa', 10, 5), choice('bb', 30, 50)] },
  { fileName: 'b.json', choices: [choice('aa', 20, 7)] },
];

describe('the list of traces in opened files', () => {
  it('lists each trace of each file once, the same ID in two files twice', () => {
    const entries = entriesOf(files);
    expect(entries.map((e) => `${e.fileName}:${e.choice.traceId}`)).toEqual([
      'a.jsonl:aa',
      'a.jsonl:bb',
      'b.json:aa',
    ]);
    expect(new Set(entries.map((e) => e.key)).size).toBe(3);
  });

  it('sorts by start (latest first by default) and by duration, both ways', () => {
    const entries = entriesOf(files);
    expect(
      sortEntries(entries, { key: 'start', descending: true }).map((e) =>
        e.choice.startUnixNano.slice(-8, -6),
      ),
    ).toEqual(['30', '20', '10']);
    expect(
      sortEntries(entries, { key: 'duration', descending: false }).map((e) => e.choice.durationNs / 1e6),
    ).toEqual([5, 7, 50]);
    expect(nextPickSort({ key: 'start', descending: true }, 'duration')).toEqual({
      key: 'duration',
      descending: true,
    });
    expect(nextPickSort({ key: 'duration', descending: true }, 'duration')).toEqual({
      key: 'duration',
      descending: false,
    });
  });

  it('keeps only the traces that matched in their own file, with the matched span count', () => {
    const entries = entriesOf(files);
    // File b's worker matched its aa; file a's worker matched only bb.
    const kept = matchedEntries(entries, [
      [{ traceId: 'bb', matchedSpans: 2 }],
      [{ traceId: 'aa', matchedSpans: 1 }],
    ]);
    expect(kept.map((e) => [e.fileName, e.choice.traceId, e.matchedSpans])).toEqual([
      ['a.jsonl', 'bb', 2],
      ['b.json', 'aa', 1],
    ]);
  });
});
