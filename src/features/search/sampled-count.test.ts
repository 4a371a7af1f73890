import { describe, expect, it } from 'vitest';
import { sampledCountLine } from './sampled-count';

describe('the sampled-count line', () => {
  it('estimates the real count when every trace says its probability: 62 at 5 % → ~1,240', () => {
    expect(sampledCountLine(Array(62).fill(0.05), false)).toEqual({
      text: '~1,240 requests; 62 kept at 5%',
      estimated: true,
    });
  });

  it('gives the range of rates, and says when the list is cut by the limit', () => {
    // 2 × 4 + 1 × 20 = 28
    expect(sampledCountLine([0.25, 0.05, 0.25], true)?.text).toBe(
      '~28 requests; 3 kept at 5%–25% (of the traces listed)',
    );
  });

  it('says counts are of sampled traces only when any trace cannot tell', () => {
    expect(sampledCountLine([0.05, undefined, undefined], false)).toEqual({
      text: 'Counts are of sampled traces only: 1 of 3 traces say how they were sampled',
      estimated: false,
    });
    expect(sampledCountLine([undefined], false)?.text).toBe(
      'Counts are of sampled traces only: the traces do not say how they were sampled',
    );
    expect(sampledCountLine([], false)).toBeUndefined();
  });
});
