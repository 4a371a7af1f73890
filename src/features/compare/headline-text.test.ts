// The headline sentence, on drawn pairs and on the embedded backend's demo checkout: a fast one and
// one whose stock check ran slow (demo-traces.ts: every 17th checkout from the 3rd).
import { describe, expect, it } from 'vitest';
import { seedDemoTraces } from '../../../server/embedded/demo-traces.ts';
import { encodeTracesData } from '../../../server/embedded/otlp/otlp-protobuf.ts';
import type { OtlpResourceSpans } from '../../../server/embedded/otlp/types.ts';
import { compareHeadline, compareSide, compareTraces } from '../../analysis/compare/index.ts';
import { asciiTrace } from '../../analysis/testing/ascii-trace.ts';
import { decodeTrace } from '../../formats/index.ts';
import type { Trace } from '../../model/types.ts';
import { headlineSentence } from './headline-text.ts';

function sentence(a: Trace, b: Trace): string {
  return headlineSentence(compareHeadline(compareTraces(compareSide(a), compareSide(b))));
}

const ms = 1e6;
const fast = asciiTrace(
  `
  root |==========|              svc=checkout
   pay  |======|                 svc=payment
    charge |==|                  svc=payment
  `,
  ms,
).trace;
const slow = asciiTrace(
  `
  root |======================|  svc=checkout
   pay  |================|       svc=payment
    charge |============|        svc=payment
  `,
  ms,
).trace;

describe('headlineSentence', () => {
  it('says how much longer B took, where on the critical path, and where new dark time is', () => {
    expect(sentence(fast, slow)).toBe(
      'B took 12 ms longer; 10 ms of it on the critical path in payment charge (self time +10 ms) and 2 ms of new dark time in checkout root',
    );
  });

  it('says how much less B took when it is faster', () => {
    expect(sentence(slow, fast)).toBe(
      'B took 12 ms less; 10 ms of it on the critical path in payment charge (self time -10 ms) and 2 ms less dark time in checkout root',
    );
  });

  it('says when both took the same time', () => {
    expect(sentence(fast, fast)).toBe('A and B took the same time (11 ms)');
  });

  it('finds the slow stock query in the demo checkout', () => {
    const batches: OtlpResourceSpans[][] = [];
    seedDemoTraces((b) => batches.push(b), Date.UTC(2026, 10, 21, 12), 21);
    const decode = (i: number) => {
      const result = decodeTrace(encodeTracesData(batches[i]));
      expect(result.error).toBeUndefined();
      return result.traces[0];
    };
    const a = decode(0); // checkout, stock check 8–20 ms
    const b = decode(20); // checkout, stock check 600–1000 ms
    const headline = compareHeadline(compareTraces(compareSide(a), compareSide(b)));
    expect(headline.difference).toBeGreaterThan(500 * ms);
    // The database's own server span is the leaf that waited: the time is its self time.
    expect(headline.criticalPath).toMatchObject({ service: 'postgres', name: 'SELECT stock' });
    expect(headline.criticalPath?.criticalDiff).toBeGreaterThan(500 * ms);
    // In A the payment branch was the longer one; in B the stock check is, so payment left the path
    // and the query gained more than the whole difference.
    expect(headline.criticalPath?.criticalDiff).toBeGreaterThan(headline.difference);
    expect(headlineSentence(headline)).toMatch(
      /^B took [\d.]+ ms longer; [\d.]+ ms more on the critical path in postgres SELECT stock \(self time \+[\d.]+ ms\)/,
    );
  });
});
