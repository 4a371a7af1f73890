import { describe, expect, it } from 'vitest';
import { traceFromSpecs } from '../../analysis/testing/trace-builder.ts';
import { createRedactor } from '../../redact/rules.ts';
import { parseTraceUrl, type TraceUrlState } from '../../routes/trace-url.ts';
import { traceLinks } from './trace-links.ts';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const OTHER = '0af7651916cd43dd8448eb211c80319c';
const { table } = traceFromSpecs([
  { name: 'root', parent: -1, start: 0, duration: 100 },
  { name: 'child', parent: 0, start: 10, duration: 20 },
]);
// 2023-11-14T22:13:20Z for 100 ms.
const time = { kind: 'bounds', startUnixMs: 1_700_000_000_000, endUnixMs: 1_700_000_000_100 } as const;
const href = (path: string) => `https://tracelight.example${path}`;

function url(search: string): TraceUrlState {
  const parsed = parseTraceUrl(ID, search);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.state;
}

describe('the trace screen’s links', () => {
  it('copy link keeps everything on screen, the span, and the trace’s bounds a minute either side', () => {
    const links = traceLinks(url('ds=tempo&view=stats&qf=errors&toggled=000000'), table, time, href);
    expect(links.stateLink(1)).toBe(
      `https://tracelight.example/trace/${ID}?ds=tempo&span=0000000000000002&view=stats&qf=errors&toggled=000000&start=1699999940&end=1700000061`,
    );
  });

  it('keeps the window the page was opened with', () => {
    const links = traceLinks(url('ds=tempo&start=1699990000&end=1700010000'), table, time, href);
    expect(links.spanLink(0)).toBe(
      `https://tracelight.example/trace/${ID}?ds=tempo&span=0000000000000001&start=1699990000&end=1700010000`,
    );
  });

  it('bounds a linked trace by half an hour around this one’s start, not by this trace’s window', () => {
    const links = traceLinks(url('ds=tempo&start=1699990000&end=1700010000'), table, time, href);
    expect(links.linkTo(OTHER, '00f067aa0ba902b7')).toBe(
      `https://tracelight.example/trace/${OTHER}?ds=tempo&span=00f067aa0ba902b7&start=1699998200&end=1700001800`,
    );
  });

  it('copy link leaves out find, filter and unknown parameters that hold a value a rule masks, and says which', () => {
    const search = new URLSearchParams({
      ds: 'tempo',
      find: 'ann@example.com',
      filter: '{ span.db.password = "hunter2" }',
      campaign: 'spring',
      note: 'Bearer abc.def',
    });
    const links = traceLinks(url(search.toString()), table, time, href, createRedactor());
    expect(links.withheld).toEqual(['find', 'filter', 'note']);
    const copied = links.stateLink(1);
    expect(copied).not.toMatch(/ann|hunter2|abc\.def|find=|filter=/);
    expect(copied).toContain('campaign=spring');
    const safe = traceLinks(
      url('ds=tempo&find=checkout&filter=%7B%20status%20%3D%20error%20%7D'),
      table,
      time,
      href,
      createRedactor(),
    );
    expect(safe.withheld).toEqual([]);
    expect(safe.stateLink(1)).toContain('find=checkout');
    expect(safe.stateLink(1)).toContain('filter=');
  });
});
