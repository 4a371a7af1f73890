import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type MetricsSeriesSet, parseTempoMetricsRange } from '../../datasources/tempo.ts';
import { buildServiceRows, NO_VALUE, sortServiceRows } from './service-rows.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const recorded = (name: string) =>
  JSON.parse(readFileSync(path.join(here, `../../../../shared/fixtures/tempo/${name}.body`), 'utf8'));

const SERVICE = 'resource.service.name';
const label = (key: string, value: string | number) =>
  typeof value === 'string'
    ? { key, value: { type: 'string' as const, value } }
    : { key, value: { type: 'double' as const, value } };

describe('services rows', () => {
  // Tempo 3.0.3's answer to `{} | rate() by (resource.service.name)`, one hour at 60 s steps.
  const rate = parseTempoMetricsRange(recorded('tempo-metrics-rate-by-service'));

  it('gives one row per service of the recorded rate answer, its rate the mean of the steps', () => {
    const rows = buildServiceRows({ groupBy: SERVICE, rate });
    expect(rows.map((r) => r.key).sort()).toEqual(
      rate.series
        .map((s) => String(s.labels[0].value.type === 'string' ? s.labels[0].value.value : ''))
        .sort(),
    );
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      const series = rate.series.find((s) =>
        s.labels.some((l) => l.value.type === 'string' && l.value.value === row.key),
      );
      const total = series?.samples.reduce((sum, [, v]) => sum + v, 0) ?? 0;
      expect(row.rate).toBeCloseTo(total / (series?.samples.length ?? 1), 9);
      expect(row.rate).toBeGreaterThan(0);
      // Without the errors answer the share is unknown (the table shows "–"), not 0%.
      expect(row.errorShare).toBeUndefined();
    }
    const withNoFailures = buildServiceRows({ groupBy: SERVICE, rate, errors: { series: [] } });
    expect(withNoFailures.every((r) => r.errorShare === 0)).toBe(true);
  });

  it('puts the failing services first, with their share, quantiles and sparklines', () => {
    const [a, b] = rate.series;
    const name = (s: typeof a) => (s.labels[0].value.type === 'string' ? s.labels[0].value.value : '');
    const steps = a.samples.map(([ts]) => ts);
    // B fails on every span of its first step; A on a quarter of its spans everywhere.
    const errors: MetricsSeriesSet = {
      series: [
        {
          labels: [label(SERVICE, name(a))],
          samples: a.samples.map(([ts, v]) => [ts, v / 4]),
          exemplars: [],
        },
        { labels: [label(SERVICE, name(b))], samples: [[b.samples[0][0], b.samples[0][1]]], exemplars: [] },
      ],
    };
    const quantiles: MetricsSeriesSet = {
      series: [0.5, 0.95, 0.99].map((p, i) => ({
        labels: [label(SERVICE, name(a)), label('p', p)],
        samples: [[steps.at(-1) ?? 0, 0.1 * (i + 1)]],
        exemplars: [],
      })),
    };
    const rows = sortServiceRows(
      buildServiceRows({ groupBy: SERVICE, rate, errors, quantiles }),
      'errors',
      false,
    );
    expect(rows[0].key).toBe(name(a));
    expect(rows[0].errorShare).toBeCloseTo(0.25, 9);
    expect(rows[0]).toMatchObject({ p50: 0.1, p95: 0.2, p99: expect.closeTo(0.3, 9) });
    expect(
      rows[0].errorShareSeries.every(([, v], i) =>
        a.samples[i][1] > 0 ? Math.abs(v - 0.25) < 1e-9 : v === 0,
      ),
    ).toBe(true);
    const rowB = rows.find((r) => r.key === name(b));
    expect(rowB?.errorShareSeries.slice(1).every(([, v]) => v === 0)).toBe(true);
    expect(rows.slice(2).every((r) => r.errorShare === 0)).toBe(true);
    expect(sortServiceRows(rows, 'name', true).map((r) => r.key)).toEqual(
      rows.map((r) => r.key).sort((x, y) => x.localeCompare(y)),
    );
  });

  it('names a series without the grouping field', () => {
    const set: MetricsSeriesSet = { series: [{ labels: [], samples: [[1, 2]], exemplars: [] }] };
    expect(buildServiceRows({ groupBy: SERVICE, rate: set })[0]).toMatchObject({ key: NO_VALUE, rate: 2 });
  });
});
