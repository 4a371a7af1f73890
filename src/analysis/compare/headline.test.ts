// The headline's figures: which node the extra time went to on the critical path, and where new dark time is.
import { describe, expect, it } from 'vitest';
import { asciiTrace } from '../testing/ascii-trace.ts';
import { compareHeadline } from './headline.ts';
import { compareSide, compareTraces } from './merge-tree.ts';

const ms = 1e6;
const fast = asciiTrace(
  `
  root |==========|            svc=checkout
   pay  |======|               svc=payment
    charge |==|                svc=payment
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

describe('compareHeadline', () => {
  it('names the slower leaf on the critical path and the parent that gained dark time', () => {
    const headline = compareHeadline(compareTraces(compareSide(fast), compareSide(slow)));
    expect(headline.difference).toBe(12 * ms);
    expect(headline.criticalPath).toMatchObject({
      service: 'payment',
      name: 'charge',
      criticalDiff: 10 * ms,
      selfDiff: 10 * ms,
    });
    expect(headline.darkTime).toMatchObject({ service: 'checkout', name: 'root', darkDiff: 2 * ms });
  });

  it('looks for time saved when B is faster', () => {
    const headline = compareHeadline(compareTraces(compareSide(slow), compareSide(fast)));
    expect(headline.difference).toBe(-12 * ms);
    expect(headline.criticalPath).toMatchObject({
      name: 'charge',
      criticalDiff: -10 * ms,
      selfDiff: -10 * ms,
    });
    expect(headline.darkTime).toMatchObject({ name: 'root', darkDiff: -2 * ms });
  });

  it('has no parts when both took the same time', () => {
    const headline = compareHeadline(compareTraces(compareSide(fast), compareSide(fast)));
    expect(headline).toEqual({ durationA: 11 * ms, durationB: 11 * ms, difference: 0 });
  });
});
