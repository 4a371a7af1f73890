import { describe, expect, it } from 'vitest';
import { parseRuntimeConfig, type RuntimeConfig } from '../datasources/config';
import { exemplarTrace } from './exemplars';
import { resolveMetricsTarget } from './targets';

function config(metrics: Record<string, unknown>): RuntimeConfig {
  return parseRuntimeConfig({
    basePath: '/',
    datasources: [
      { name: 'tempo', type: 'tempo', displayName: 'Tempo', default: true, metrics },
      { name: 'prom', type: 'prometheus', displayName: 'Prometheus', default: true },
    ],
  });
}

describe('metrics target of a trace datasource', () => {
  it('reads trace and span IDs from the exemplar labels the configuration names', () => {
    const target = resolveMetricsTarget(
      config({ datasource: 'prom', exemplarTraceIdLabels: ['tid'], exemplarSpanIdLabels: ['sid'] }),
      'tempo',
    );
    expect(target?.traceIdLabels).toEqual(['tid']);
    expect(target?.spanIdLabels).toEqual(['sid']);
    const labels = { tid: 'abc', sid: '00f067aa0ba902b7', span_id: '1111111111111111' };
    expect(exemplarTrace(labels, target!.traceIdLabels, target!.spanIdLabels)).toEqual({
      traceId: '00000000000000000000000000000abc',
      spanId: '00f067aa0ba902b7',
    });
  });

  it('falls back to the OpenTelemetry and Tempo label names when none are configured', () => {
    const target = resolveMetricsTarget(config({ datasource: 'prom' }), 'tempo');
    expect(target?.traceIdLabels).toEqual(expect.arrayContaining(['trace_id', 'traceID', 'trace:id']));
    expect(target?.spanIdLabels).toContain('span_id');
  });
});
