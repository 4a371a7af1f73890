import { describe, expect, it } from 'vitest';
import { parseTraceQL } from '../parser.ts';
import { exemplarFields, goDuration } from './exemplar-labels.ts';

describe('exemplar labels', () => {
  it('write durations as Go does (Tempo’s exemplars say "857.203µs", "12.089673ms")', () => {
    expect(goDuration(857_203)).toBe('857.203µs');
    expect(goDuration(12_089_673)).toBe('12.089673ms');
    expect(goDuration(999)).toBe('999ns');
    expect(goDuration(1_500_000_000)).toBe('1.5s');
    expect(goDuration(90e9)).toBe('1m30s');
    expect(goDuration(7200e9)).toBe('2h0m0s');
    expect(goDuration(0)).toBe('0s');
  });

  it('name each field the query reads once, filters first, then by(), then the function’s field', () => {
    const parsed = parseTraceQL(
      '{ resource.service.name = "a" && kind = server } >> { .x > 1 } | quantile_over_time(duration, .9) by (span.route, resource.service.name)',
    );
    if (!parsed.ok) throw new Error(parsed.errors[0].message);
    expect(exemplarFields(parsed.ast).map((f) => f.key)).toEqual([
      'resource.service.name',
      'kind',
      '.x',
      'span.route',
      'duration',
    ]);
  });
});
