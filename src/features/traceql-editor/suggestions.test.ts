// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are Monaco snippet placeholders
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TempoTagScope, TempoTagValue } from '../../datasources/tempo';
import { FUNCTIONS } from '../../traceql/vocabulary.ts';
import { suggestionsFor, valuesTagFor } from './suggestions.ts';

const fixtures = new URL('../../../../shared/fixtures/tempo/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as T;
const tags = read<{ scopes: TempoTagScope[] }>('tempo-recent-v2-search-tags.body').scopes;
const services = read<{ tagValues: TempoTagValue[] }>('tempo-v2-tag-values-service-name.body').tagValues;
const statusCodes = read<{ tagValues: TempoTagValue[] }>(
  'tempo-v2-tag-values-status-code-int.body',
).tagValues;

describe('suggestionsFor', () => {
  it('offers scopes, intrinsics and every scope’s attributes where a field goes', () => {
    const labels = suggestionsFor({ kind: 'field' }, { tags }).map((item) => item.label);
    expect(labels).toEqual(
      expect.arrayContaining(['span.', 'resource.', 'span:duration', 'trace:rootService']),
    );
    expect(labels).toEqual(
      expect.arrayContaining(['span.http.route', 'resource.service.name', 'event.exception.type']),
    );
    // Tempo's "intrinsic" scope is not offered as attributes.
    expect(labels).not.toContain('intrinsic.duration');
  });

  it('offers only the typed scope’s attributes', () => {
    const items = suggestionsFor({ kind: 'attribute', scope: 'resource' }, { tags });
    expect(items.every((item) => item.label.startsWith('resource.'))).toBe(true);
    expect(items.map((item) => item.label)).toContain('resource.service.name');
    const unscoped = suggestionsFor({ kind: 'attribute', scope: 'none' }, { tags }).map((item) => item.label);
    expect(unscoped).toContain('.http.route');
    expect(unscoped).toContain('.service.name');
  });

  it('quotes string values unless a quote is already open, and writes numbers bare', () => {
    const field = 'resource.service.name';
    const bare = suggestionsFor({ kind: 'value', field, quote: null }, { values: services });
    expect(bare.find((item) => item.label === 'payment')?.insertText).toBe('"payment"');
    const inQuotes = suggestionsFor({ kind: 'value', field, quote: '"' }, { values: services });
    expect(inQuotes.find((item) => item.label === 'payment')?.insertText).toBe('payment');
    const numbers = suggestionsFor(
      { kind: 'value', field: 'span.http.response.status_code', quote: null },
      { values: statusCodes },
    );
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.every((item) => item.insertText === item.label && item.detail === 'int')).toBe(true);
  });

  it('escapes quotes inside values', () => {
    const values: TempoTagValue[] = [{ type: 'string', value: 'say "hi"' }];
    expect(suggestionsFor({ kind: 'value', field: '.a', quote: null }, { values })[0].insertText).toBe(
      '"say \\"hi\\""',
    );
  });

  it('knows status and kind values without asking Tempo', () => {
    expect(suggestionsFor({ kind: 'value', field: 'status', quote: null }).map((item) => item.label)).toEqual(
      ['error', 'ok', 'unset'],
    );
    expect(
      suggestionsFor({ kind: 'value', field: 'span:kind', quote: null }).map((item) => item.label),
    ).toContain('server');
  });

  it('gives every operator a line of help', () => {
    for (const context of [
      { kind: 'operator', field: '.a' },
      { kind: 'after-spanset' },
      { kind: 'after-value' },
    ] as const) {
      for (const item of suggestionsFor(context)) expect(item.documentation, item.label).toBeTruthy();
    }
    const structural = suggestionsFor({ kind: 'after-spanset' }).map((item) => item.label);
    expect(structural).toEqual(expect.arrayContaining(['>>', '&>>', '!>>', '~', '&~', '|']));
  });

  it('offers pipeline and metrics functions after |, and recent queries at the start', () => {
    expect(suggestionsFor({ kind: 'pipeline' }).map((item) => item.label)).toEqual(
      expect.arrayContaining(['count', 'by', 'select', 'rate', 'quantile_over_time']),
    );
    const start = suggestionsFor({ kind: 'spanset-start' }, { history: ['{ status = error }'] });
    expect(start.map((item) => item.kind)).toEqual(['snippet', 'history']);
  });
});

describe('suggestionsFor: metrics queries', () => {
  it('offers by (…), | and with(…) after a metrics function, by only once', () => {
    const items = suggestionsFor({ kind: 'after-metrics', grouped: false });
    expect(items.map((item) => item.label)).toEqual(['by', '|', 'with(…)']);
    expect(items[0]).toMatchObject({ insertText: 'by (${1:resource.service.name})', snippet: true });
    expect(items[0].documentation).toMatch(/one series per combination/);
    expect(items[2].insertText).toBe('with(${1:exemplars=true})');
    expect(suggestionsFor({ kind: 'after-metrics', grouped: true }).map((item) => item.label)).toEqual([
      '|',
      'with(…)',
    ]);
  });

  it('offers only topk and bottomk after the | of a metrics query', () => {
    const items = suggestionsFor({ kind: 'metrics-pipeline' });
    expect(items.map((item) => item.label)).toEqual(['topk', 'bottomk']);
    for (const item of items) expect(item.documentation).toBeTruthy();
  });

  it('offers every metrics function after |, each with its help', () => {
    const pipeline = suggestionsFor({ kind: 'pipeline' });
    for (const fn of FUNCTIONS.filter((word) => word.stage === 'metrics')) {
      const item = pipeline.find((entry) => entry.label === fn.label);
      expect(item, fn.label).toMatchObject({ detail: 'metrics function', documentation: fn.help });
    }
  });
});

describe('valuesTagFor', () => {
  it('asks for values under the name Tempo answers to', () => {
    expect(valuesTagFor('span:name')).toBe('name');
    expect(valuesTagFor('.http.route')).toBe('.http.route');
    expect(valuesTagFor('resource.service.name')).toBe('resource.service.name');
    expect(valuesTagFor('duration')).toBeUndefined();
  });
});
