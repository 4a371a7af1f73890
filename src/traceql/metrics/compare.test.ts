import { describe, expect, it } from 'vitest';
import type { Trace } from '../../model/types.ts';
import { parseTraceQL } from '../parser.ts';
import { buildTrace } from '../testing/build-trace.ts';
import { MetricsError, metricsQueryInstant, metricsQueryRange, type QueryRangeResponse } from './index.ts';

const S = 1_000_000_000n;
/** A minute boundary; samples at T0, T0+60 s, T0+120 s count spans starting in (T−60 s, T]. */
const T0 = 1_700_000_040n * S;
const T0_MS = 1_700_000_040_000;

// One span per trace:          sample T0   T0+60 s      T0+120 s
//   a   5 s  api GET    ok     region=eu              ·
//   b  10 s  api GET    error  region=us              ·
//   c  20 s  db  query  error  region=us              ·
//   d  70 s  db  query  ok     region=eu                          ·
const ROWS: Array<[bigint, string, string, number, string]> = [
  [5n, 'api', 'GET', 1, 'eu'],
  [10n, 'api', 'GET', 2, 'us'],
  [20n, 'db', 'query', 2, 'us'],
  [70n, 'db', 'query', 1, 'eu'],
];
const TRACES: Trace[] = ROWS.map(([at, service, name, status, region], i) =>
  buildTrace(
    [
      {
        id: `000000000000000${i + 1}`,
        name,
        service,
        status,
        kind: 2,
        start: 0,
        duration: 1e6,
        attrs: { region },
      },
    ],
    `${'0'.repeat(31)}${i + 1}`,
    T0 + at * S,
  ),
);

function range(query: string): QueryRangeResponse {
  const parsed = parseTraceQL(query);
  if (!parsed.ok) throw new Error(parsed.errors[0].message);
  return metricsQueryRange(parsed.ast, TRACES, { startNs: T0, endNs: T0 + 120n * S, stepNs: 60n * S });
}

/** `type attribute=value → counts per sample`, for the series this test looks at. */
function table(response: QueryRangeResponse): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const s of response.series) {
    const [meta, attr] = s.labels;
    const value = Object.values(attr.value)[0];
    const name = `${Object.values(meta.value)[0]} ${attr.key}${value === undefined ? '' : `=${value}`}`;
    out[name] = [0, 1, 2].map((i) => {
      const sample = s.samples.find((x) => x.timestampMs === String(T0_MS + i * 60_000));
      return sample?.value ?? 0;
    });
  }
  return out;
}

describe('compare()', () => {
  it('splits the spans into the selection and the baseline, per attribute value and step', () => {
    const t = table(range('{ } | compare({ status = error })'));
    expect(t['selection span.region=us']).toEqual([0, 2, 0]);
    expect(t['baseline span.region=eu']).toEqual([0, 1, 1]);
    expect(t['selection resource.service.name=api']).toEqual([0, 1, 0]);
    expect(t['selection resource.service.name=db']).toEqual([0, 1, 0]);
    expect(t['baseline name=query']).toEqual([0, 0, 1]);
    expect(t['selection status=error']).toEqual([0, 2, 0]);
    expect(t['baseline kind=server']).toEqual([0, 1, 1]);
    expect(t['selection rootServiceName=db']).toEqual([0, 1, 0]);
    // Each attribute's total per side, with a nil value.
    expect(t['selection_total span.region']).toEqual([0, 2, 0]);
    expect(t['baseline_total name']).toEqual([0, 1, 1]);
    // No value the baseline lacks is invented, and durations are never grouped on.
    expect(t['baseline span.region=us']).toBeUndefined();
    expect(Object.keys(t).some((k) => k.includes('duration'))).toBe(false);
  });

  it('keeps the topN values per attribute and side, and flags the attributes that had more', () => {
    const response = range('{ } | compare({ status = error }, 1)');
    const t = table(response);
    // The baseline has GET (a) and query (d), one span each: the tie goes to the first in order.
    expect(t['baseline name=GET']).toEqual([0, 1, 0]);
    expect(t['baseline name=query']).toBeUndefined();
    expect(t['__too_many_values__ name']).toEqual([0, 0, 0]);
    // The totals still count every span.
    expect(t['baseline_total name']).toEqual([0, 1, 1]);
    // span.region has one value per side: not flagged.
    expect(t['__too_many_values__ span.region']).toBeUndefined();
  });

  it('with start and end, only spans starting inside them are the selection', () => {
    const from = T0 + 15n * S;
    const to = T0 + 60n * S;
    const t = table(range(`{ } | compare({ status = error }, 10, ${from}, ${to})`));
    // b (10 s) is an error outside the window: baseline. c (20 s) is the selection.
    expect(t['selection span.region=us']).toEqual([0, 1, 0]);
    expect(t['baseline span.region=us']).toEqual([0, 1, 0]);
  });

  it('counts only the spans the first stage selects', () => {
    const t = table(range('{ resource.service.name = "db" } | compare({ status = error })'));
    expect(t['selection_total name']).toEqual([0, 1, 0]);
    expect(t['baseline_total name']).toEqual([0, 0, 1]);
    expect(t['baseline resource.service.name=api']).toBeUndefined();
  });

  it('answers an instant query with one count per series over the window', () => {
    const parsed = parseTraceQL('{ } | compare({ status = error })');
    if (!parsed.ok) throw new Error();
    const answer = metricsQueryInstant(parsed.ast, TRACES, { startNs: T0, endNs: T0 + 120n * S });
    const region = answer.series.find(
      (s) => s.labels[1]?.key === 'span.region' && Object.values(s.labels[0].value)[0] === 'baseline',
    );
    expect(region?.value).toBe(2);
  });

  it('refuses a by() and malformed arguments with a reason', () => {
    const parsed = parseTraceQL('{ } | compare({ status = error }) by (name)');
    if (!parsed.ok) throw new Error(parsed.errors[0].message);
    expect(() =>
      metricsQueryRange(parsed.ast, TRACES, { startNs: T0, endNs: T0 + 60n * S, stepNs: 60n * S }),
    ).toThrow(MetricsError);
    expect(parseTraceQL('{ } | compare({ status = error }, 10, 5)').ok).toBe(false);
    expect(parseTraceQL('{ } | compare({ status = error }, 0)').ok).toBe(false);
    expect(parseTraceQL('{ } | compare({ status = error }, 10, 9, 5)').ok).toBe(false);
    expect(parseTraceQL('{ } | compare({ a } >> { b })').ok).toBe(false);
  });
});
