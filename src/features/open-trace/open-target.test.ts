import { describe, expect, it } from 'vitest';
import { openTargetPath } from './open-target';
import { parseTraceInput } from './parse-trace-input';

const open = (input: string, chosen?: string) => {
  const parsed = parseTraceInput(input);
  if (!parsed.ok) throw new Error(parsed.reason);
  return openTargetPath(parsed, chosen);
};

describe('open trace target', () => {
  it('opens a bare (shortened) ID left-padded, in the chosen datasource', () => {
    expect(open('73bad988b85ac85925c6a3da73e917d', 'tempo')).toBe(
      '/trace/073bad988b85ac85925c6a3da73e917d?ds=tempo',
    );
    expect(open('73bad988b85ac85925c6a3da73e917d')).toBe('/trace/073bad988b85ac85925c6a3da73e917d');
  });

  it('opens at the span a traceparent names', () => {
    expect(open('traceparent: 00-2bafbe17c123c304432c535342f87d81-00f067aa0ba902b7-01')).toBe(
      '/trace/2bafbe17c123c304432c535342f87d81?span=00f067aa0ba902b7',
    );
  });

  it("prefers a Tracelight link's own datasource over the chosen one", () => {
    expect(
      open('https://tl.example.com/trace/2bafbe17c123c304432c535342f87d81?ds=jaeger&span=1', 'tempo'),
    ).toBe('/trace/2bafbe17c123c304432c535342f87d81?ds=jaeger&span=0000000000000001');
  });

  it("keeps a Tracelight link's time window, and only a whole one", () => {
    expect(
      open(
        'https://tl.example.com/trace/2bafbe17c123c304432c535342f87d81?ds=tempo&start=1795300436&end=1795300558',
      ),
    ).toBe('/trace/2bafbe17c123c304432c535342f87d81?ds=tempo&start=1795300436&end=1795300558');
    expect(open('https://tl.example.com/trace/2bafbe17c123c304432c535342f87d81?start=1795300436')).toBe(
      '/trace/2bafbe17c123c304432c535342f87d81',
    );
  });
});
