import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TempoTagScope } from '../../datasources/tempo';
import { FUNCTIONS } from '../../traceql/vocabulary.ts';
import { backendErrorMarker, diagnose } from './markers.ts';

const fixtures = new URL('../../../../shared/fixtures/tempo/', import.meta.url);
const recordedTags = (
  JSON.parse(readFileSync(new URL('tempo-recent-v2-search-tags.body', fixtures), 'utf8')) as {
    scopes: TempoTagScope[];
  }
).scopes;
const recordedParseError = readFileSync(new URL('tempo-search-invalid.body', fixtures), 'utf8');

describe('diagnose', () => {
  it.each([
    '{ } | quantile_over_time(duration, .99)',
    '{ duration > 1d }',
    '({ } | rate()) / ({ } | count_over_time())',
    '{ } | rate() > 10',
    '{ } | rate() with(sample=true)',
    '{ span:childCount > 2 }',
    '{ resource.service.name = "api-gateway" } >> { span.http.route =~ `/api/.*` } | count() > 1',
    '{ status = error } &>> { kind = server } // comment',
  ])('marks nothing in the valid query %s', (query) => {
    expect(diagnose(query, recordedTags)).toEqual([]);
  });

  it('marks nothing in an empty editor', () => {
    expect(diagnose('  \n ')).toEqual([]);
  });

  it('marks a broken query where it breaks, saying what was expected', () => {
    const [marker] = diagnose('{ status = }');
    expect(marker).toMatchObject({ severity: 'error', startLineNumber: 1, startColumn: 12, endColumn: 13 });
    expect(marker.message).toMatch(/^expected .*status or kind, found "}"/);
  });

  it('places errors on later lines by line and column', () => {
    const [marker] = diagnose('{ .a = 1 }\n  && { .b = }');
    expect(marker).toMatchObject({ startLineNumber: 2, startColumn: 13 });
  });

  it('warns about an unscoped attribute, naming the scope Tempo knows it in', () => {
    const markers = diagnose(
      '{ .http.route = "/api/me" && .service.name = "x" && .nowhere = 1 }',
      recordedTags,
    );
    expect(markers.map((marker) => marker.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(markers[0]).toMatchObject({ startColumn: 3, endColumn: 14 });
    expect(markers[0].message).toContain('write span.http.route');
    expect(markers[1].message).toContain('write resource.service.name');
    expect(markers[2].message).toContain('span.nowhere or resource.nowhere');
  });
});

describe('diagnose: metrics queries', () => {
  // One valid use of every metrics function the vocabulary lists, as Tempo's docs write them.
  const VALID: Record<string, string[]> = {
    rate: ['{ status = error } | rate()', '{ } | rate() by (resource.service.name, name)'],
    count_over_time: ['{ } | count_over_time() by (span.http.route) with (exemplars=false)'],
    sum_over_time: ['{ } | sum_over_time(span.cart.total)'],
    avg_over_time: ['{ } | avg_over_time(duration) by (resource.service.name)'],
    min_over_time: ['{ kind = server } | min_over_time(span:duration)'],
    max_over_time: ['{ } | max_over_time(span.x) by (span.y) | bottomk(2)'],
    quantile_over_time: ['{ } | quantile_over_time(duration, .5, .95, .99) by (resource.service.name)'],
    histogram_over_time: ['{ resource.service.name = "payment" } | histogram_over_time(duration)'],
    compare: [
      '{ resource.service.name = "checkout" } | compare({ status = error })',
      '{ } | compare({ status = error }, 10)',
    ],
    topk: ['{ } | count_over_time() by (resource.service.name, name) | topk(3)'],
    bottomk: ['{ } | rate() by (name) | bottomk(5)'],
  };

  it('has a sample for every metrics function of the vocabulary', () => {
    const metricsFunctions = FUNCTIONS.filter(
      (fn) => fn.stage === 'metrics' || fn.stage === 'metrics-second',
    );
    expect(Object.keys(VALID).sort()).toEqual(metricsFunctions.map((fn) => fn.label).sort());
  });

  it.each(Object.values(VALID).flat())('marks nothing in the valid metrics query %s', (query) => {
    expect(diagnose(query, recordedTags)).toEqual([]);
  });

  it.each([
    ['{ } | quantile_over_time(duration)', 34, /expected "," and the quantiles/],
    ['{ } | quantile_over_time(duration, )', 36, /a quantile \(a number\)/],
    ['{ } | rate() by ()', 18, /expected an attribute or intrinsic in by\(…\)/],
    ['{ } | rate() by (1)', 18, /expected an attribute or intrinsic in by\(…\), found a number/],
    ['{ } | rate() by (span.a + 1)', 18, /found an expression/],
    ['{ } | sum_over_time()', 21, /expected an attribute or intrinsic in sum_over_time/],
    ['{ } | avg_over_time("x")', 21, /found a string/],
    ['{ } | rate(duration)', 12, /to close rate\(/],
    ['{ } | topk(5)', 7, /metrics function after "\|", found "topk"/],
    ['{ } | rate() | topk()', 21, /the number of series/],
    ['{ } | rate() by (name', 22, /in by\(…\), found the end of the query/],
    ['{ } | rate() && { }', 14, /expected "\|"/],
  ])('marks the invalid metrics query %s at column %i', (query, column, message) => {
    const markers = diagnose(query);
    expect(markers).toHaveLength(1);
    expect(markers[0]).toMatchObject({ severity: 'error', startLineNumber: 1, startColumn: column });
    expect(markers[0].message).toMatch(message);
  });
});

describe('backendErrorMarker', () => {
  it('puts Tempo’s recorded parse error at its line and column', () => {
    const marker = backendErrorMarker('{ status = }', { message: recordedParseError, line: 1, column: 12 });
    expect(marker).toMatchObject({ source: 'Tempo', startLineNumber: 1, startColumn: 12, endColumn: 13 });
    expect(marker?.message).toContain('unexpected }');
  });

  it('clamps a position past the text to its end and gives up without a position', () => {
    expect(backendErrorMarker('{ a', { message: 'x', line: 3, column: 40 })).toMatchObject({
      startLineNumber: 1,
      startColumn: 3,
      endColumn: 4,
    });
    expect(backendErrorMarker('{', { message: 'x' })).toBeUndefined();
  });
});
