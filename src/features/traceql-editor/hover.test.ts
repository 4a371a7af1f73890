import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../traceql/vocabulary.ts';
import { hoverAt } from './hover.ts';

/** The hover at the `‸` marker, with the marker removed. */
function hoverAtMarker(marked: string) {
  const offset = marked.indexOf('‸');
  return hoverAt(marked.replace('‸', ''), offset);
}

describe('hoverAt', () => {
  it('explains intrinsics in both spellings, with their type', () => {
    expect(hoverAtMarker('{ span:dur‸ation > 1s }')?.contents).toEqual([
      '**span:duration** · duration',
      'How long the span took, e.g. `span:duration > 100ms`.',
    ]);
    expect(hoverAtMarker('{ child‸Count > 1 }')?.contents[0]).toBe(
      '**childCount** (old spelling of `span:childCount`) · int',
    );
  });

  it('explains scopes, functions and hints', () => {
    expect(hoverAtMarker('{ resource.serv‸ice.name = "a" }')?.contents[1]).toMatch(/process that emitted/);
    expect(hoverAtMarker('{ parent.span.‸a = 1 }')?.contents[1]).toMatch(/span’s parent/);
    expect(hoverAtMarker('{ } | quantile_over‸_time(duration, .9)')?.contents[0]).toBe(
      '**quantile_over_time()** · metrics function',
    );
    expect(hoverAtMarker('{ } | co‸unt() > 1')?.contents[0]).toBe('**count()** · pipeline function');
    expect(hoverAtMarker('{ } wi‸th(most_recent=true)')?.contents).toHaveLength(4);
  });

  it('explains every metrics function, and by after one as the metrics grouping', () => {
    for (const fn of FUNCTIONS.filter(
      (word) => word.stage === 'metrics' || word.stage === 'metrics-second',
    )) {
      const query = `{ } | ${fn.label}(duration, .5)`;
      expect(hoverAt(query, 7)?.contents, fn.label).toEqual([
        `**${fn.label}()** · metrics function`,
        fn.help,
      ]);
    }
    expect(hoverAtMarker('{ } | rate() b‸y (resource.service.name)')?.contents[0]).toBe(
      '**by (…)** · metrics grouping',
    );
    expect(hoverAtMarker('{ } | b‸y(name)')?.contents[0]).toBe('**by()** · pipeline function');
  });

  it('reads an operator as a field operator inside a filter and a spanset operator outside', () => {
    expect(hoverAtMarker('{ .a ‸> 1 }')?.contents).toEqual(['**>** · operator', 'Greater than.']);
    expect(hoverAtMarker('{ } ‸> { }')?.contents[1]).toMatch(/^Child:/);
    expect(hoverAtMarker('{ } ‸| count() > 1')?.contents[1]).toMatch(/^Pipe:/);
    expect(hoverAtMarker('{ ‸!(.a = 1) }')?.contents).toEqual(['**!** · operator', 'Not.']);
  });

  it('says nothing about values, numbers and unknown words', () => {
    expect(hoverAtMarker('{ .a = "x‸yz" }')).toBeUndefined();
    expect(hoverAtMarker('{ .a = 12‸3 }')).toBeUndefined();
    expect(hoverAtMarker('{ span:fo‸o = 1 }')).toBeUndefined();
  });
});
