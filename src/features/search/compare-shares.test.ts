import { describe, expect, it } from 'vitest';
import { parseTempoMetricsRange } from '../../datasources/tempo';
import { parseTraceQL } from '../../traceql';
import { metricsQueryRange } from '../../traceql/metrics';
import { buildTrace } from '../../traceql/testing/build-trace';
import { compareShares, conditionOf } from './compare-shares';
import { refineMetricsQuery } from './refine-traceql';

const S = 1_000_000_000n;
const T0 = 1_700_000_040n * S;

// Ten spans: the four failing ones are all in region "us" and two carry exception.type; the six
// others are "eu" but one.
//   failing: us us us us          (exception.type=Timeout on two)
//   others:  eu eu eu eu eu us
const spans = [
  ...Array.from({ length: 4 }, (_, i) => ({ status: 2, region: 'us', exception: i < 2 })),
  ...Array.from({ length: 6 }, (_, i) => ({ status: 1, region: i === 5 ? 'us' : 'eu', exception: false })),
];
const traces = spans.map((s, i) =>
  buildTrace(
    [
      {
        id: `00000000000000${String(i + 10)}`,
        name: 'GET',
        service: 'api',
        status: s.status,
        start: 0,
        duration: 1e6,
        attrs: s.exception ? { region: s.region, 'exception.type': 'Timeout' } : { region: s.region },
      },
    ],
    `${'0'.repeat(30)}${String(i + 10)}`,
    T0 + BigInt(i) * S,
  ),
);

function answer(q: string) {
  const parsed = parseTraceQL(q);
  if (!parsed.ok) throw new Error(parsed.errors[0].message);
  const response = metricsQueryRange(parsed.ast, traces, {
    startNs: T0,
    endNs: T0 + 60n * S,
    stepNs: 60n * S,
  });
  // Through the wire shape, as the browser reads it.
  return parseTempoMetricsRange(JSON.parse(JSON.stringify(response)));
}

describe('compare() shares', () => {
  const attributes = compareShares(answer('{ } | compare({ status = error })'));
  const of = (name: string) => attributes.find((a) => a.attribute === name);

  it('gives each value its share of each side, the largest difference first', () => {
    const region = of('span.region');
    expect(region?.values.map((v) => [v.text, v.selectionShare, v.baselineShare])).toEqual([
      ['us', 1, 1 / 6],
      ['eu', 0, 5 / 6],
    ]);
    expect(region?.score).toBeCloseTo(5 / 6, 9);
  });

  it('measures an attribute only the selection carries against all its spans', () => {
    expect(of('span.exception.type')?.values[0]).toMatchObject({
      text: 'Timeout',
      selectionShare: 0.5,
      baselineShare: 0,
    });
  });

  it('ranks the attributes by their largest difference; one that does not differ comes last', () => {
    const names = attributes.map((a) => a.attribute);
    expect(names.indexOf('span.region')).toBeLessThan(names.indexOf('span.exception.type'));
    expect(names.at(-1)).toMatch(/^(name|kind|resource\.service\.name|rootName|rootServiceName)$/);
    expect(of('name')?.score).toBe(0);
  });

  it('writes a value as the TraceQL condition that selects it, and adds it to the spans the query picks', () => {
    expect(conditionOf('span.region', { type: 'string', value: 'us' })).toBe('span.region = "us"');
    expect(conditionOf('status', { type: 'string', value: 'error' })).toBe('status = error');
    expect(conditionOf('span.http.response.status_code', { type: 'int', value: '402' })).toBe(
      'span.http.response.status_code = 402',
    );
    expect(conditionOf('span.odd key', { type: 'string', value: 'a"b' })).toBe('span."odd key" = "a\\"b"');
    const q = '{ resource.service.name = "api" } | compare({ status = error })';
    const parsed = parseTraceQL(q);
    if (!parsed.ok || !parsed.ast.metrics) throw new Error();
    expect(refineMetricsQuery(q, parsed.ast.metrics.from, { text: 'span.region = "us"' })).toBe(
      '{ resource.service.name = "api" && span.region = "us" } | compare({ status = error })',
    );
    expect(refineMetricsQuery('{ } | compare({ status = error })', 6, { text: 'span.region = "us"' })).toBe(
      '{ span.region = "us" } | compare({ status = error })',
    );
  });
});
