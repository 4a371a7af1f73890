import { describe, expect, it } from 'vitest';
import { asciiTrace } from '../../analysis/testing/ascii-trace.ts';
import { analyseTrace } from '../../worker/analyse.ts';
import { darkTimeBadge } from './dark-share.ts';

describe('the header’s dark-time figure', () => {
  it('says it is a share of the critical path, with both durations in its tooltip', () => {
    // A runs 20 ns; its one child covers 5 of them: 15 ns of the 20 ns path is A's own time.
    const drawn = asciiTrace(`
A   |===================|
 B        |====|
`);
    const analyses = analyseTrace(drawn.trace);
    const badge = darkTimeBadge({ analyses, durationNs: 20 });
    expect(badge.text).toBe('75.0% of the critical path is dark time');
    expect(badge.title).toMatch(/^15 ns of the 20 ns critical path is dark time: a parent span’s own time/);
  });

  it('measures against the critical path when spans outlast it', () => {
    const badge = darkTimeBadge({
      // 30 ns of dark time on a 60 ns path, in a trace of 100 ns (a consumer ran after the answer).
      analyses: { darkShare: 0.3, cpLengthNs: 60 } as Parameters<typeof darkTimeBadge>[0]['analyses'],
      durationNs: 100,
    });
    expect(badge.text).toBe('50.0% of the critical path is dark time');
  });

  it('reads 0% for an empty path', () => {
    const badge = darkTimeBadge({
      analyses: { darkShare: 0, cpLengthNs: 0 } as Parameters<typeof darkTimeBadge>[0]['analyses'],
      durationNs: 0,
    });
    expect(badge.text).toBe('0.0% of the critical path is dark time');
  });
});
