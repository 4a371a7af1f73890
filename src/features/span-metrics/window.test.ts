import { describe, expect, it } from 'vitest';
import { metricsWindow } from './window';

describe('span metrics window', () => {
  it('spans half an hour either side of the trace, marking its start', () => {
    const w = metricsWindow('1795300496011045968', 2_500_000_000, 1795400000000);
    expect(w.markerMs).toBe(1795300496011);
    expect(w.start).toBe(1795300496 - 1800);
    expect(w.end).toBe(Math.ceil((1795300496011 + 2500 + 1_800_000) / 1000));
    expect(w.step).toBe(Math.ceil((w.end - w.start) / 120));
  });
  it('never reaches past now', () => {
    const w = metricsWindow('1795300496011045968', 1e9, 1795300500000);
    expect(w.end).toBe(1795300500);
  });
});
