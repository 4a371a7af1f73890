import { describe, expect, it } from 'vitest';
import type { Trace } from '../../model/types.ts';
import { parseTraceQL } from '../parser.ts';
import { buildTrace } from '../testing/build-trace.ts';
import { MetricsError, metricsQueryInstant, metricsQueryRange, type QueryRangeResponse } from './index.ts';

const S = 1_000_000_000;
const MS = 1_000_000;
/** A minute boundary: 1_700_000_040 s is 28_333_334 minutes. */
const T0 = 1_700_000_040n * BigInt(S);
const T0_MS = 1_700_000_040_000;

// Start (s after T0), service, name, status, duration, attributes — one span per trace here,
// laid out on a 60 s grid whose samples are at T0, T0+60 s, T0+120 s:
//
//   sample T0        T0+60 s            T0+120 s
//          |  ( … ] |  ( …           ] |  ( …    ]
//   a      0s                                         api    GET    ok     1 ms   items=2
//   b           10s                                   api    GET    error  3 ms   items=5
//   c                      60s                        db     query  ok     3.5 ms
//   d                         61s                     db     query  error  100 ms items=4
//   e                                        130 s    api    GET    ok  (outside: after the last sample)
const ROWS: Array<[number, string, string, number, number, Record<string, number>]> = [
  [0, 'api', 'GET', 1, 1 * MS, { items: 2 }],
  [10, 'api', 'GET', 2, 3 * MS, { items: 5 }],
  [60, 'db', 'query', 1, 3.5 * MS, {}],
  [61, 'db', 'query', 2, 100 * MS, { items: 4 }],
  [130, 'api', 'GET', 1, 1 * MS, {}],
];

const TRACES: Trace[] = ROWS.map(([at, service, name, status, duration, attrs], i) =>
  buildTrace(
    [{ id: `000000000000000${i + 1}`, name, service, status, start: 0, duration, attrs }],
    `${'0'.repeat(31)}${i + 1}`,
    T0 + BigInt(at) * BigInt(S),
  ),
);

function range(
  query: string,
  options: { start?: bigint; end?: bigint; step?: number } = {},
): QueryRangeResponse {
  const parsed = parseTraceQL(query);
  if (!parsed.ok) throw new Error(parsed.errors[0].message);
  return metricsQueryRange(parsed.ast, TRACES, {
    startNs: options.start ?? T0,
    endNs: options.end ?? T0 + 120n * BigInt(S),
    stepNs: BigInt(options.step ?? 60) * BigInt(S),
  });
}

/** Each series as `labels → values per sample` (`-` where the series has no sample). */
function table(response: QueryRangeResponse): Record<string, Array<number | '-'>> {
  const out: Record<string, Array<number | '-'>> = {};
  for (const s of response.series) {
    const name = s.labels.map((l) => `${l.key}=${Object.values(l.value)[0]}`).join(',');
    out[name] = [0, 1, 2].map((i) => {
      const sample = s.samples.find((x) => x.timestampMs === String(T0_MS + i * 60_000));
      return sample === undefined ? '-' : (sample.value ?? 0);
    });
  }
  return out;
}

describe('the time grid', () => {
  it('counts a span in the sample that ends its interval: (T − step, T], the boundary in the earlier one', () => {
    expect(table(range('{ } | count_over_time()'))).toEqual({ '__name__=count_over_time': [1, 2, 1] });
  });

  it('snaps an unaligned start down and end up to the step, keeping a sample at both ends', () => {
    const r = range('{ } | count_over_time()', { start: T0 + 5n * BigInt(S), end: T0 + 100n * BigInt(S) });
    expect(r.series[0].samples.map((s) => s.timestampMs)).toEqual([
      String(T0_MS),
      String(T0_MS + 60_000),
      String(T0_MS + 120_000),
    ]);
  });

  it('writes 0 as a sample without a value, like Tempo', () => {
    const r = range('{ resource.service.name = "db" } | count_over_time()');
    expect(r.series[0].samples[0]).toEqual({ timestampMs: String(T0_MS) });
  });
});

describe('functions', () => {
  it('rate() is spans per second of step, by several fields at once', () => {
    expect(table(range('{ } | rate() by (resource.service.name, status)'))).toEqual({
      'resource.service.name=api,status=error': [0, 1 / 60, 0],
      'resource.service.name=api,status=ok': [1 / 60, 0, 0],
      'resource.service.name=db,status=error': [0, 0, 1 / 60],
      'resource.service.name=db,status=ok': [0, 1 / 60, 0],
    });
  });

  it('a by() field a span lacks is the label "nil"', () => {
    expect(table(range('{ } | count_over_time() by (span.items)'))).toEqual({
      'span.items=2': [1, 0, 0],
      'span.items=4': [0, 0, 1],
      'span.items=5': [0, 1, 0],
      'span.items=nil': [0, 1, 0],
    });
  });

  it('keeps series apart whatever their values hold: by() values that would run together stay two series', () => {
    const traces = [
      buildTrace(
        [{ id: '0000000000000001', name: 'a', start: 0, duration: MS, attrs: { x: 'p\u0000sq' } }],
        '1'.padStart(32, '0'),
        T0,
      ),
      buildTrace(
        [
          {
            id: '0000000000000002',
            name: 'a',
            start: 0,
            duration: MS,
            attrs: { x: 'p', y: 'q\u0000uundefined' },
          },
        ],
        '2'.padStart(32, '0'),
        T0,
      ),
      buildTrace(
        [{ id: '0000000000000003', name: 'a', start: 0, duration: MS, attrs: { x: 1 } }],
        '3'.padStart(32, '0'),
        T0,
      ),
      buildTrace(
        [{ id: '0000000000000004', name: 'a', start: 0, duration: MS, attrs: { x: '1' } }],
        '4'.padStart(32, '0'),
        T0,
      ),
    ];
    const parsed = parseTraceQL('{ } | count_over_time() by (span.x, span.y)');
    if (!parsed.ok) throw new Error();
    const r = metricsQueryInstant(parsed.ast, traces, { startNs: T0 - BigInt(S), endNs: T0 + BigInt(S) });
    expect(r.series).toHaveLength(4);
    expect(r.series.every((s) => s.value === 1)).toBe(true);
  });

  it('min/max/avg_over_time(duration) are in seconds and only at steps that had spans', () => {
    expect(table(range('{ } | max_over_time(duration)'))).toEqual({
      '__name__=max_over_time': [0.001, 0.0035, 0.1],
    });
    expect(table(range('{ } | min_over_time(duration)'))).toEqual({
      '__name__=min_over_time': [0.001, 0.003, 0.1],
    });
    expect(table(range('{ status = error } | avg_over_time(duration)'))).toEqual({
      '__name__=avg_over_time': ['-', 0.003, 0.1],
    });
  });

  it('sum_over_time of an attribute skips spans that lack it (Tempo restarts the sum after them: we follow the documented meaning)', () => {
    // Step T0+60 s holds b (items=5) then c (no items): Tempo 3.0.3 was seen to answer as if the sum started again after c.
    expect(table(range('{ } | sum_over_time(span.items)'))).toEqual({ '__name__=sum_over_time': [2, 5, 4] });
  });

  it('histogram_over_time(duration) has one series per power-of-two bucket, upper edge in seconds', () => {
    expect(table(range('{ } | histogram_over_time(duration)'))).toEqual({
      // 1 ms ≤ 2^20 ns; 3 ms and 3.5 ms ≤ 2^22 ns; 100 ms ≤ 2^27 ns.
      '__bucket=0.001048576': [1, 0, 0],
      '__bucket=0.004194304': [0, 2, 0],
      '__bucket=0.134217728': [0, 0, 1],
    });
  });

  it('quantile_over_time interpolates exponentially from the previous non-empty bucket', () => {
    // Over (T0 − 1 s, T0 + 120 s]: 1 ms (2^20), 3 ms and 3.5 ms (2^22), 100 ms (2^27). The median is rank 2
    // of 4: half-way through bucket 2^22, measured from 2^20 (not 2^21): 2^21 ns.
    const parsed = parseTraceQL('{ } | quantile_over_time(duration, .5, .9)');
    if (!parsed.ok) throw new Error();
    const r = metricsQueryInstant(parsed.ast, TRACES, {
      startNs: T0 - BigInt(S),
      endNs: T0 + 120n * BigInt(S),
    });
    const values = Object.fromEntries(
      r.series.map((s) => [String(Object.values(s.labels[0].value)[0]), s.value]),
    );
    expect(values['0.5']).toBeCloseTo(2 ** 21 / S, 15);
    expect(values['0.9']).toBeCloseTo(2 ** 27 / S, 15);
  });

  it('topk/bottomk keep, at each step, the k series ranked highest/lowest (empty steps count 0)', () => {
    expect(table(range('{ } | count_over_time() by (resource.service.name) | topk(1)'))).toEqual({
      'resource.service.name=api': [1, 1, '-'],
      'resource.service.name=db': ['-', '-', 1],
    });
    expect(table(range('{ } | count_over_time() by (resource.service.name) | bottomk(1)'))).toEqual({
      // At T0+60 s both have 1: a tie goes to the first series by labels.
      'resource.service.name=api': ['-', 1, 0],
      'resource.service.name=db': [0, '-', '-'],
    });
  });

  it('an instant query is one value over (start, end]', () => {
    const parsed = parseTraceQL('{ } | rate() by (resource.service.name)');
    if (!parsed.ok) throw new Error();
    const r = metricsQueryInstant(parsed.ast, TRACES, { startNs: T0, endNs: T0 + 100n * BigInt(S) });
    expect(r.series).toEqual([
      { labels: [{ key: 'resource.service.name', value: { stringValue: 'api' } }], value: 1 / 100 },
      { labels: [{ key: 'resource.service.name', value: { stringValue: 'db' } }], value: 2 / 100 },
    ]);
  });
});

describe('refusals', () => {
  const refusal = (query: string) => {
    const parsed = parseTraceQL(query);
    if (!parsed.ok) throw new Error(parsed.errors[0].message);
    try {
      metricsQueryRange(parsed.ast, TRACES, { startNs: T0, endNs: T0 + BigInt(S), stepNs: BigInt(S) });
    } catch (e) {
      return e instanceof MetricsError ? e.message : `not a MetricsError: ${e}`;
    }
    return 'answered';
  };

  it('refuses what it cannot compute with a reason, instead of a wrong answer', () => {
    expect(refusal('{ status = error }')).toBe('not a metrics query');
    expect(refusal('({ } | rate()) / ({ status = error } | rate())')).toMatch(/arithmetic/);
    expect(refusal('{ } | rate() > 10')).toMatch(/threshold/);
    expect(refusal('{ } | quantile_over_time(duration, 1.5)')).toMatch(/between 0 and 1/);
    expect(refusal('{ } | rate()')).toBe('answered');
  });

  it('refuses a by() that would make more series than the cap, instead of growing without bound', () => {
    const parsed = parseTraceQL('{ } | rate() by (span:id)');
    if (!parsed.ok) throw new Error();
    const request = { startNs: T0, endNs: T0 + 120n * BigInt(S), stepNs: 60n * BigInt(S), maxSeries: 3 };
    expect(() => metricsQueryRange(parsed.ast, TRACES, request)).toThrow(/more than 3 series/);
    expect(metricsQueryRange(parsed.ast, TRACES, { ...request, maxSeries: 4 }).series).toHaveLength(4);
  });
});
