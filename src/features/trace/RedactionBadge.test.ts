import { describe, expect, it } from 'vitest';
import type { TraceRedaction } from '../../worker/protocol.ts';
import { redactionBadgeText } from './RedactionBadge.tsx';

const base: TraceRedaction = { where: 'worker', total: 0, byRule: [], revealed: false, mayReveal: false };

describe('the header badge (decisions 0318, 0319)', () => {
  it('says it is counting until the worker answers, then the figure, or nothing when none changed', () => {
    expect(redactionBadgeText({ ...base, counting: true })).toBe('Redacted values: counting…');
    expect(redactionBadgeText({ ...base, total: 1_234 })).toBe('1,234 values redacted');
    expect(redactionBadgeText({ ...base, total: 1 })).toBe('1 value redacted');
    expect(redactionBadgeText(base)).toBeNull();
  });

  it('has nothing to count for a trace redacted at ingest or without rules', () => {
    expect(redactionBadgeText({ ...base, where: 'ingest' })).toBeNull();
    expect(redactionBadgeText({ ...base, where: 'none' })).toBeNull();
    expect(redactionBadgeText({ ...base, revealed: true, counting: true })).toBe('Redacted values shown');
  });
});
