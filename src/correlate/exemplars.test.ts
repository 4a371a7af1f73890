import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type MetricSeries, parseExemplars, parseQueryResult } from '../datasources/prometheus';
import { exemplarTrace, matchPlottedSeries, placeExemplars } from './exemplars';

const FIXTURES = new URL('../../../shared/fixtures/prometheus/', import.meta.url);
const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`${name}.body`, FIXTURES), 'utf8'));

describe('exemplar trace IDs', () => {
  it("pads Tempo's traceID (leading zeros dropped) to 32 hex", () => {
    const series = parseExemplars(read('prom-exemplars-tempo-spanmetrics'));
    const ids = series.flatMap((s) => s.exemplars.map((e) => e.labels.traceID));
    const short = ids.find((id) => id.length < 32);
    expect(short).toBeDefined();
    expect(exemplarTrace({ traceID: short! })?.traceId).toBe(short!.padStart(32, '0'));
    for (const group of series) {
      for (const exemplar of group.exemplars)
        expect(exemplarTrace(exemplar.labels)?.traceId).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('reads trace_id, trace:id and a span ID, and honours the configured label order', () => {
    expect(exemplarTrace({ trace_id: 'ABC', span_id: 'f' })).toEqual({
      traceId: 'abc'.padStart(32, '0'),
      spanId: '000000000000000f',
    });
    expect(exemplarTrace({ 'trace:id': '1' })?.traceId).toBe('1'.padStart(32, '0'));
    expect(exemplarTrace({ mine: '2', trace_id: '1' }, ['mine'])?.traceId).toBe('2'.padStart(32, '0'));
    expect(exemplarTrace({ trace_id: 'zz' })).toBeUndefined();
  });
});

describe('exemplars on plotted series', () => {
  it('puts each exemplar on the aggregated series whose labels it carries', () => {
    const plotted = parseQueryResult(read('prom-query-range-shop-p95'));
    if (plotted.resultType !== 'matrix') throw new Error('matrix expected');
    const exemplars = parseExemplars(read('prom-exemplars-shop-histogram'));
    const placed = placeExemplars(plotted.series, exemplars, (i) => `s${i}`);
    expect(placed.length).toBe(exemplars.reduce((n, s) => n + s.exemplars.length, 0));
    for (const dot of placed) {
      const route = dot.labels.http_route;
      const index = plotted.series.findIndex((s) => s.labels.http_route === route);
      expect(dot.seriesId).toBe(index >= 0 ? `s${index}` : undefined);
      expect(dot.trace?.traceId).toBe(dot.labels.trace_id);
    }
    expect(new Set(placed.map((d) => d.seriesId)).size).toBeGreaterThan(1);
  });

  it('prefers the most specific series and leaves unmatched exemplars unattached', () => {
    const plotted: MetricSeries[] = [
      { labels: {}, points: [] },
      { labels: { service: 'a' }, points: [] },
    ];
    expect(matchPlottedSeries(plotted, { service: 'a', le: '1' })).toBe(1);
    expect(matchPlottedSeries(plotted, { service: 'b' })).toBe(0);
    expect(matchPlottedSeries([{ labels: { service: 'a' }, points: [] }], { service: 'b' })).toBe(-1);
  });
});
