import { describe, expect, it } from 'vitest';
import { parseTraceQL } from '../../traceql';
import { completionSiteAt, valueQueryFor } from './completion-context.ts';

/** The site at the `|` marker, with the marker removed. */
function siteAt(marked: string) {
  const offset = marked.indexOf('‸');
  const text = marked.replace('‸', '');
  const site = completionSiteAt(text, offset);
  return { ...site, replaced: text.slice(site.from, site.to) };
}

describe('completionSiteAt', () => {
  it('offers a spanset at the start and after spanset operators', () => {
    expect(siteAt('‸').context).toEqual({ kind: 'spanset-start' });
    expect(siteAt('{ .a = 1 } >> ‸').context).toEqual({ kind: 'spanset-start' });
    expect(siteAt('{ .a = 1 } &~ ‸').context).toEqual({ kind: 'spanset-start' });
  });

  it('offers fields after { and after && inside a filter', () => {
    expect(siteAt('{ ‸ }').context).toEqual({ kind: 'field' });
    expect(siteAt('{ .a = 1 && ‸ }').context).toEqual({ kind: 'field' });
    expect(siteAt('{ (‸').context).toEqual({ kind: 'field' });
  });

  it('replaces the half-typed word', () => {
    const site = siteAt('{ dur‸ }');
    expect(site.context).toEqual({ kind: 'field' });
    expect(site.replaced).toBe('dur');
  });

  it('completes attribute names within the typed scope, replacing the whole attribute', () => {
    const site = siteAt('{ span.http.ro‸ }');
    expect(site.context).toEqual({ kind: 'attribute', scope: 'span' });
    expect(site.replaced).toBe('span.http.ro');
    expect(siteAt('{ resource.‸').context).toEqual({ kind: 'attribute', scope: 'resource' });
    expect(siteAt('{ .‸').context).toEqual({ kind: 'attribute', scope: 'none' });
    expect(siteAt('{ parent.span.x‸').context).toEqual({ kind: 'attribute', scope: 'parent' });
  });

  it('replaces the rest of the attribute when the cursor is inside it', () => {
    const site = siteAt('{ span.ht‸tp.route = 1 }');
    expect(site.replaced).toBe('span.http.route');
  });

  it('offers operators after a complete field', () => {
    expect(siteAt('{ span.http.route ‸').context).toEqual({ kind: 'operator', field: 'span.http.route' });
    expect(siteAt('{ status ‸ }').context).toEqual({ kind: 'operator', field: 'status' });
  });

  it('offers values after a comparison, knowing whether a quote is open', () => {
    expect(siteAt('{ resource.service.name = ‸ }').context).toEqual({
      kind: 'value',
      field: 'resource.service.name',
      quote: null,
    });
    const quoted = siteAt('{ resource.service.name = "pay‸" }');
    expect(quoted.context).toEqual({ kind: 'value', field: 'resource.service.name', quote: '"' });
    expect(quoted.replaced).toBe('pay');
    expect(siteAt('{ .a =~ `x‸').context).toEqual({ kind: 'value', field: '.a', quote: '`' });
    const bare = siteAt('{ status = err‸ }');
    expect(bare.context).toEqual({ kind: 'value', field: 'status', quote: null });
    expect(bare.replaced).toBe('err');
  });

  it('offers && and || after a value, spanset operators after a filter, functions after |', () => {
    expect(siteAt('{ .a = "x" ‸').context).toEqual({ kind: 'after-value' });
    expect(siteAt('{ duration > 1s ‸ }').context).toEqual({ kind: 'after-value' });
    expect(siteAt('{ .a = "x" } ‸').context).toEqual({ kind: 'after-spanset' });
    expect(siteAt('{ } | ‸').context).toEqual({ kind: 'pipeline' });
    expect(siteAt('{ } | rat‸').context).toEqual({ kind: 'pipeline' });
  });

  it('offers by, with and | after a metrics function, and only the second stage after its |', () => {
    expect(siteAt('{ } | rate() ‸').context).toEqual({ kind: 'after-metrics', grouped: false });
    const typing = siteAt('{ status = error } | count_over_time() b‸');
    expect(typing.context).toEqual({ kind: 'after-metrics', grouped: false });
    expect(typing.replaced).toBe('b');
    expect(siteAt('{ } | rate() by (name) ‸').context).toEqual({ kind: 'after-metrics', grouped: true });
    expect(siteAt('{ } | rate() by (name, ‸').context).toEqual({ kind: 'field' });
    expect(siteAt('{ } | rate() by (name) | ‸').context).toEqual({ kind: 'metrics-pipeline' });
    expect(siteAt('{ } | quantile_over_time(duration, .9) | to‸').context).toEqual({
      kind: 'metrics-pipeline',
    });
    // A spanset stage's by() is not a metrics query.
    expect(siteAt('{ } | by(name) ‸').context).toEqual({ kind: 'after-spanset' });
    // A rate attribute inside a filter is not a metrics function.
    expect(siteAt('{ .rate = 1 } ‸').context).toEqual({ kind: 'after-spanset' });
  });

  it('offers fields inside by(), avg() and quantile_over_time()', () => {
    expect(siteAt('{ } | by(‸').context).toEqual({ kind: 'field' });
    expect(siteAt('{ } | quantile_over_time(‸').context).toEqual({ kind: 'field' });
    expect(siteAt('{ } | avg(span.‸').context).toEqual({ kind: 'attribute', scope: 'span' });
  });

  it('offers hint names inside with(', () => {
    expect(siteAt('{ } | rate() with(‸').context).toEqual({ kind: 'hint' });
    expect(siteAt('{ } | rate() with(sample=‸').context).toEqual({ kind: 'none' });
  });

  it('offers nothing in comments or in strings that are not values', () => {
    expect(siteAt('// spans of { ‸').context).toEqual({ kind: 'none' });
    expect(siteAt('{ .a = 1 } /* a ‸ */').context).toEqual({ kind: 'none' });
    expect(siteAt('{ "‸').context).toEqual({ kind: 'none' });
  });
});

describe('valueQueryFor', () => {
  const valid = (query: string) => parseTraceQL(query).ok;
  const at = (marked: string) => valueQueryFor(marked.replace('‸', ''), marked.indexOf('‸'), valid);

  it('drops the condition being typed and keeps the rest of the query', () => {
    expect(at('{ resource.service.name = "api-gateway" && .http.route = ‸ }')).toBe(
      '{ resource.service.name = "api-gateway"  }',
    );
    expect(at('{ .http.route = "/a‸" && resource.service.name = "x" }')).toBe(
      '{  resource.service.name = "x" }',
    );
    expect(at('{ .a = 1 } && { .http.route = ‸ }')).toBe('{ .a = 1 } && {  }');
  });

  it('sends no q when nothing else constrains the values or the rest does not parse', () => {
    expect(at('{ resource.service.name = ‸ }')).toBeUndefined();
    expect(at('{ .a = && .http.route = ‸ }')).toBeUndefined();
  });
});
