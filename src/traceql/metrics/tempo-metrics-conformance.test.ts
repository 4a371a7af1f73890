// The metrics engine against a real Tempo 3.0.3: the traces it held
// (../shared/fixtures/tempo/dataset/) and its recorded answers to /api/metrics requests
// (../shared/fixtures/tempo/tempo-metrics-*). Same series, timestamps and values; exemplars differ
// between runs, so only their count and that each names a real matching span are checked.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeTrace } from '../../formats/index.ts';
import type { Trace } from '../../model/types.ts';
import { parseTraceQL } from '../parser.ts';
import { MetricsError, metricsQueryInstant, metricsQueryRange, type QueryRangeResponse } from './index.ts';

const FIXTURES = new URL('../../../../shared/fixtures/tempo/', import.meta.url);

let traces: Trace[] = [];

beforeAll(() => {
  const lines = gunzipSync(readFileSync(new URL('dataset/tempo-traces-v2.jsonl.gz', FIXTURES)))
    .toString('utf8')
    .split('\n');
  traces = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const { response } = JSON.parse(line) as { response: unknown };
    traces.push(...decodeTrace(JSON.stringify(response)).traces);
  }
});

interface Recording {
  params: URLSearchParams;
  body: string;
}

function recording(name: string): Recording {
  const url = new URL(readFileSync(new URL(`tempo-metrics-${name}.url`, FIXTURES), 'utf8').trim());
  return {
    params: url.searchParams,
    body: readFileSync(new URL(`tempo-metrics-${name}.body`, FIXTURES), 'utf8'),
  };
}

const seconds = (s: string | null) => BigInt(s ?? '0') * 1_000_000_000n;
const stepNs = (s: string | null) => BigInt(Number.parseInt(s ?? '0', 10)) * 1_000_000_000n;

function runRange(rec: Recording): QueryRangeResponse {
  const parsed = parseTraceQL(rec.params.get('q') ?? '');
  if (!parsed.ok) throw new Error(parsed.errors[0].message);
  const exemplars = rec.params.get('exemplars');
  return metricsQueryRange(parsed.ast, traces, {
    startNs: seconds(rec.params.get('start')),
    endNs: seconds(rec.params.get('end')),
    stepNs: stepNs(rec.params.get('step')),
    exemplars: exemplars === null ? undefined : Number(exemplars),
  });
}

const labelKey = (labels: unknown) => JSON.stringify(labels);

function expectSameSeries(ours: QueryRangeResponse, tempo: QueryRangeResponse, closeTo = false): void {
  const theirs = new Map(tempo.series.map((s) => [labelKey(s.labels), s.samples]));
  expect(ours.series.map((s) => labelKey(s.labels)).sort()).toEqual([...theirs.keys()].sort());
  for (const s of ours.series) {
    const expected = theirs.get(labelKey(s.labels))!;
    expect(
      s.samples.map((x) => x.timestampMs),
      labelKey(s.labels),
    ).toEqual(expected.map((x) => x.timestampMs));
    s.samples.forEach((sample, i) => {
      const want = expected[i].value;
      if (closeTo && want !== undefined && sample.value !== undefined) {
        expect(sample.value, `${labelKey(s.labels)} @${sample.timestampMs}`).toBeCloseTo(want, 12);
      } else {
        expect(sample.value, `${labelKey(s.labels)} @${sample.timestampMs}`).toBe(want);
      }
    });
  }
}

describe('TraceQL metrics against Tempo 3.0.3', () => {
  for (const name of ['rate-by-service', 'rate-exemplars', 'histogram']) {
    it(`${name}: the same series, timestamps and values`, () => {
      const rec = recording(name);
      expectSameSeries(runRange(rec), JSON.parse(rec.body) as QueryRangeResponse, true);
    });
  }

  it('quantile-checkout: the same series and Tempo’s log2-bucket quantiles', () => {
    const rec = recording('quantile-checkout');
    expectSameSeries(runRange(rec), JSON.parse(rec.body) as QueryRangeResponse, true);
  });

  it('rate-exemplars: at most exemplars= of them, each a real matching span with its step’s rate', () => {
    const rec = recording('rate-exemplars');
    const ours = runRange(rec);
    const tempo = JSON.parse(rec.body) as QueryRangeResponse;
    const exemplars = ours.series.flatMap((s) => s.exemplars ?? []);
    expect(exemplars.length).toBeGreaterThanOrEqual(tempo.series[0].exemplars?.length ?? 0);
    expect(exemplars.length).toBeLessThanOrEqual(10);
    for (const e of exemplars) {
      const traceId = (e.labels[0].value as { stringValue: string }).stringValue.padStart(32, '0');
      const trace = traces.find((t) => t.traceId === traceId);
      expect(trace, traceId).toBeDefined();
      const t = trace!.table;
      const span = Array.from({ length: t.count }, (_, r) => r).find(
        (r) =>
          t.strings[t.service[r]] === 'api-gateway' &&
          String((trace!.startNs + BigInt(Math.round(t.start[r]))) / 1_000_000n) === e.timestampMs,
      );
      expect(span, `${traceId} @${e.timestampMs}`).toBeDefined();
      const step = Math.ceil(Number(e.timestampMs) / 60_000) * 60_000;
      const sample = ours.series[0].samples.find((x) => x.timestampMs === String(step));
      expect(e.value).toBe(sample?.value);
    }
  });

  it('rate-by-service: exemplars are on by default, at most 100, each in the series it is labelled with', () => {
    const ours = runRange(recording('rate-by-service'));
    const all = ours.series.flatMap((s) => (s.exemplars ?? []).map((e) => ({ s, e })));
    expect(all.length).toBeGreaterThan(11);
    expect(all.length).toBeLessThanOrEqual(100);
    for (const { s, e } of all) expect(e.labels.slice(1)).toEqual(s.labels);
  });

  for (const name of ['rate-by-service', 'rate-exemplars', 'histogram', 'quantile-checkout']) {
    it(`${name}: exemplars carry the same label keys as Tempo’s (its order varies), with the span’s own values`, () => {
      const rec = recording(name);
      const keys = (r: QueryRangeResponse) => [
        ...new Set(
          r.series.flatMap((s) =>
            (s.exemplars ?? []).map((e) =>
              e.labels
                .map((l) => l.key)
                .sort()
                .join(','),
            ),
          ),
        ),
      ];
      const ours = runRange(rec);
      expect(keys(ours)).toEqual(keys(JSON.parse(rec.body) as QueryRangeResponse));
      for (const e of ours.series.flatMap((s) => s.exemplars ?? [])) {
        const duration = e.labels.find((l) => l.key === 'duration');
        if (!duration) continue;
        const text = (duration.value as { stringValue: string }).stringValue;
        expect(text).toMatch(/^\d+(\.\d+)?(ns|µs|ms|s)$/);
        const unit = { ns: 1e-9, µs: 1e-6, ms: 1e-3, s: 1 }[
          /[a-zµ]+$/.exec(text)![0] as 'ns' | 'µs' | 'ms' | 's'
        ];
        expect(Number.parseFloat(text) * unit).toBeCloseTo(e.value, 9);
      }
    });
  }

  it('with(exemplars=false) turns exemplars off', () => {
    const rec = recording('rate-exemplars');
    rec.params.set('q', `${rec.params.get('q')} with (exemplars=false)`);
    const ours = runRange(rec);
    expect(ours.series[0].samples.length).toBe(47);
    expect(ours.series.flatMap((s) => s.exemplars ?? [])).toEqual([]);
  });

  it('instant: one value per series over the whole range', () => {
    const rec = recording('instant');
    const parsed = parseTraceQL(rec.params.get('q') ?? '');
    if (!parsed.ok) throw new Error(parsed.errors[0].message);
    const ours = metricsQueryInstant(parsed.ast, traces, {
      startNs: seconds(rec.params.get('start')),
      endNs: seconds(rec.params.get('end')),
    });
    const tempo = JSON.parse(rec.body) as { series: unknown[] };
    expect(ours.series).toEqual(tempo.series);
  });

  it('numbers compare as numbers whatever their wire type (Tempo 3.0.3 splits > 0 by int/double: grafana/tempo#4332; we follow the documented meaning)', () => {
    // cart.total is a double on 380 spans and an int on 2: Tempo's `> 0` would count only the 2.
    const count = (q: string) => {
      const parsed = parseTraceQL(q);
      if (!parsed.ok) throw new Error(parsed.errors[0].message);
      return metricsQueryInstant(parsed.ast, traces, {
        startNs: 1_795_200_000n * 1_000_000_000n,
        endNs: 1_795_400_000n * 1_000_000_000n,
      }).series.reduce((n, s) => n + (s.value ?? 0), 0);
    };
    const all = count('{ span.cart.total != nil } | count_over_time()');
    expect(all).toBe(382);
    expect(count('{ span.cart.total > 0 } | count_over_time()')).toBe(
      count('{ span.cart.total > 0.0 } | count_over_time()'),
    );
    expect(count('{ span.cart.total > 0 } | count_over_time()')).toBeGreaterThan(2);
  });

  it('a spanset query on the metrics endpoint is refused with Tempo’s words', () => {
    const rec = recording('not-metrics');
    const parsed = parseTraceQL(rec.params.get('q') ?? '');
    if (!parsed.ok) throw new Error(parsed.errors[0].message);
    expect(() => runRange(rec)).toThrow(new MetricsError(rec.body.trim()));
  });
});
