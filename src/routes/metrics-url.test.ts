import { describe, expect, it } from 'vitest';
import { METRICS_DEFAULTS, metricsPath, parseMetricsUrl, serializeMetricsSearch } from './metrics-url';

describe('metrics URL', () => {
  it('defaults to an empty query over the last hour with an automatic step', () => {
    expect(parseMetricsUrl('')).toEqual({ ...METRICS_DEFAULTS, ds: undefined, step: undefined, extra: [] });
    expect(metricsPath()).toBe('/metrics');
  });

  it('reads and round-trips a PromQL query with window and step', () => {
    const state = parseMetricsUrl(
      'ds=prometheus&q=sum(rate(traces_spanmetrics_calls_total%5B5m%5D))&from=1710000000000&to=now&step=30s&refresh=1m',
    );
    expect(state).toMatchObject({
      ds: 'prometheus',
      q: 'sum(rate(traces_spanmetrics_calls_total[5m]))',
      step: '30s',
      range: { from: { kind: 'absolute', epochMs: 1710000000000 } },
      extra: [['refresh', '1m']],
    });
    expect(parseMetricsUrl(serializeMetricsSearch(state))).toEqual(state);
  });

  it('accepts a step in plain seconds and drops a malformed one', () => {
    expect(parseMetricsUrl('step=15').step).toBe('15');
    expect(parseMetricsUrl('step=often').step).toBeUndefined();
  });
});
