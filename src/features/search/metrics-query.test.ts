import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTempoMetricsRange } from '../../datasources/tempo';
import { answeredStepMs, chartOf } from '../query-page';
import { metricsQueryFacts } from './metrics-query';

describe('metricsQueryFacts', () => {
  it('knows a metrics query from a search, by the parser', () => {
    expect(metricsQueryFacts('{ status = error }')).toBeUndefined();
    expect(metricsQueryFacts('{ } | count() > 2')).toBeUndefined();
    expect(metricsQueryFacts('{ } | by(resource.service.name)')).toBeUndefined();
    expect(metricsQueryFacts('')).toBeUndefined();
    expect(metricsQueryFacts('{ } | rate()')?.call?.fn).toBe('rate');
  });

  it('counts a broken query that calls a metrics function, so the metrics endpoint says what is wrong', () => {
    expect(metricsQueryFacts('{ status = error } | rate(')).toEqual({ unit: 'none' });
    expect(metricsQueryFacts('{ .rate = ')).toBeUndefined();
    expect(metricsQueryFacts('{ status = ')).toBeUndefined();
  });

  it('draws rates per second, durations in seconds and counts as numbers', () => {
    expect(metricsQueryFacts('{ } | rate() by (name)')?.unit).toBe('per-second');
    expect(metricsQueryFacts('{ } | quantile_over_time(duration, .99)')?.unit).toBe('seconds');
    expect(metricsQueryFacts('{ } | max_over_time(span:duration)')?.unit).toBe('seconds');
    expect(metricsQueryFacts('{ } | sum_over_time(span.bytes)')?.unit).toBe('none');
    expect(metricsQueryFacts('{ } | count_over_time()')?.unit).toBe('none');
    expect(metricsQueryFacts('{ } | histogram_over_time(duration)')?.unit).toBe('none');
  });

  it('keeps the spanset filter that picked the spans, but not { }', () => {
    expect(metricsQueryFacts('{ status = error } | rate()')?.spanset).toBe('{ status = error }');
    expect(metricsQueryFacts('{ .a = 1 } >> { kind = server } | rate() by (name)')?.spanset).toBe(
      '{ .a = 1 } >> { kind = server }',
    );
    expect(metricsQueryFacts('{ } | rate()')?.spanset).toBeUndefined();
    expect(metricsQueryFacts('{} | rate()')?.spanset).toBeUndefined();
  });
});

describe('chartOf', () => {
  const recorded = parseTempoMetricsRange(
    JSON.parse(
      readFileSync(
        new URL('../../../../shared/fixtures/tempo/tempo-metrics-rate-by-service.body', import.meta.url),
        'utf8',
      ),
    ),
  );

  it("names each recorded series by its by() labels and places every exemplar on its series' colour", () => {
    const chart = chartOf(recorded);
    expect(chart.series).toHaveLength(11);
    expect(chart.series[0].labels).toEqual({ 'resource.service.name': 'api-gateway' });
    expect(chart.series[0].points[3]).toEqual({ t: 1795300500000, v: 0.11666666666666667 });
    expect(chart.exemplars).toHaveLength(50);
    const first = chart.exemplars[0];
    expect(first.seriesId).toBe('s0');
    expect(first.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.labels['trace:id']).toBe(first.traceId);
    expect(first.labels['resource.service.name']).toBe('api-gateway');
    expect(first.title).toBe(`trace ${first.traceId.slice(0, 8)}…`);
  });

  it('reads the step the backend used off the samples', () => {
    expect(answeredStepMs(recorded)).toBe(60_000);
    expect(answeredStepMs({ series: [] })).toBeUndefined();
  });
});
