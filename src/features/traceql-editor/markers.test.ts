import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TempoTagScope } from '../../datasources/tempo';
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
