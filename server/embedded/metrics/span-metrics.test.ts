import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptySpan, type OtlpResourceSpans, type OtlpSpan } from '../otlp/types.ts';
import { SpanMetrics, TEMPO_DEFAULT_BUCKETS } from './span-metrics.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../shared/fixtures/prometheus/${name}`, import.meta.url), 'utf8');

function batch(service: string, spans: Partial<OtlpSpan>[]): OtlpResourceSpans[] {
  return [
    {
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: service } }],
        droppedAttributesCount: 0,
      },
      scopeSpans: [
        {
          scope: { name: 't', version: '', attributes: [], droppedAttributesCount: 0 },
          spans: spans.map((s, i) => ({
            ...emptySpan(),
            traceId: 'ab'.repeat(16),
            spanId: String(i + 1).padStart(16, '0'),
            name: 'GET /cart',
            kind: 2,
            startTimeUnixNano: 1_000_000_000n,
            endTimeUnixNano: 1_030_000_000n,
            ...s,
          })),
          schemaUrl: '',
        },
      ],
      schemaUrl: '',
    },
  ];
}

/** Sample lines `name{labels} value [# {exemplar labels} value ts]` as Prometheus' OpenMetrics parser reads them. */
const LABELS = String.raw`\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\}`;
const SAMPLE_RE = new RegExp(
  String.raw`^([a-zA-Z_:][a-zA-Z0-9_:]*)(${LABELS})? (\S+)(?: # (${LABELS}) (\S+) (\S+))?$`,
);

describe('span metrics exposition', () => {
  it("has Tempo's default buckets (those of the recorded Tempo exemplars)", () => {
    const recorded = JSON.parse(fixture('prom-exemplars-tempo-spanmetrics.body')) as {
      data: { seriesLabels: { le: string } }[];
    };
    for (const s of recorded.data) expect(TEMPO_DEFAULT_BUCKETS).toContain(Number(s.seriesLabels.le));
    expect(TEMPO_DEFAULT_BUCKETS).toHaveLength(14);
    expect(TEMPO_DEFAULT_BUCKETS.at(-1)).toBe(16.384);
  });

  it('is OpenMetrics in the form of the recorded scrape target: TYPE/HELP, cumulative buckets with exemplars, # EOF', () => {
    const m = new SpanMetrics(undefined, () => 1795303298.494);
    m.observe(
      batch('checkout', [
        {},
        { spanId: 'ffffffffffffff02', endTimeUnixNano: 1_700_000_000n, status: { code: 2, message: 'boom' } },
        { spanId: 'ffffffffffffff03', endTimeUnixNano: 1_001_000_000n },
      ]),
    );
    const text = m.render();
    const recorded = fixture('prom-scrape-target-openmetrics.body');
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(recorded.endsWith('# EOF\n')).toBe(true);
    // Every line of ours parses with the same grammar as every sample line of the recording.
    for (const line of recorded.split('\n').filter((l) => l && !l.startsWith('#')))
      expect(line).toMatch(SAMPLE_RE);
    const samples = text.split('\n').filter((l) => l && !l.startsWith('#'));
    for (const line of samples) expect(line).toMatch(SAMPLE_RE);
    expect(text).toContain('# TYPE traces_spanmetrics_calls counter');
    expect(text).toContain('# TYPE traces_spanmetrics_latency histogram');

    const ok =
      'service="checkout",span_name="GET /cart",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"';
    expect(samples).toContain(`traces_spanmetrics_calls_total{${ok}} 2`);
    expect(samples).toContain(`traces_spanmetrics_latency_count{${ok}} 2`);
    expect(samples).toContain(`traces_spanmetrics_latency_sum{${ok}} 0.031`);
    // 1 ms falls in le=0.002, 30 ms in le=0.032: cumulative counts, each bucket's own exemplar.
    expect(samples).toContain(
      `traces_spanmetrics_latency_bucket{${ok},le="0.002"} 1 # {trace_id="${'ab'.repeat(16)}",span_id="ffffffffffffff03"} 0.001 1795303298.494`,
    );
    expect(samples).toContain(`traces_spanmetrics_latency_bucket{${ok},le="0.016"} 1`);
    expect(samples).toContain(
      `traces_spanmetrics_latency_bucket{${ok},le="0.032"} 2 # {trace_id="${'ab'.repeat(16)}",span_id="0000000000000001"} 0.03 1795303298.494`,
    );
    expect(samples).toContain(`traces_spanmetrics_latency_bucket{${ok},le="+Inf"} 2`);
    const err = ok.replace('STATUS_CODE_UNSET', 'STATUS_CODE_ERROR');
    expect(samples).toContain(`traces_spanmetrics_calls_total{${err}} 1`);
    expect(samples.filter((l) => l.startsWith(`traces_spanmetrics_latency_bucket{${err}`))).toHaveLength(15);
  });

  it('escapes label values from the wire', () => {
    const m = new SpanMetrics();
    m.observe(batch('we"ird\\svc', [{ name: 'line\nbreak' }]));
    expect(m.render()).toContain('service="we\\"ird\\\\svc",span_name="line\\nbreak"');
  });

  it('bounds the series and counts the spans that did not fit', () => {
    const m = new SpanMetrics({ maxSeries: 3, buckets: TEMPO_DEFAULT_BUCKETS });
    m.observe(
      batch(
        'svc',
        Array.from({ length: 10 }, (_, i) => ({ name: `op-${i}` })),
      ),
    );
    m.observe(batch('svc', [{ name: 'op-1' }]));
    expect(m.seriesCount).toBe(3);
    const text = m.render();
    expect(text).toContain('tracelight_spanmetrics_active_series 3');
    expect(text).toContain('tracelight_spanmetrics_overflow_spans_total 7');
    expect(text).toContain(
      'span_name="op-1",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"} 2',
    );
    expect(text).not.toContain('op-3');
  });

  it('counts kinds and status codes without a name as unspecified and unset, in one series', () => {
    const m = new SpanMetrics();
    m.observe(
      batch('svc', [
        { kind: 0, status: { code: 0, message: '' } },
        { kind: 9, status: { code: 7, message: '' } },
        { kind: 2, status: { code: 2, message: '' } },
      ]),
    );
    m.observe(batch('svc', [{ kind: -1, spanId: '00000000000000ff', endTimeUnixNano: 1_001_000_000n }]));
    expect(m.seriesCount).toBe(2);
    const text = m.render();
    expect(text).toContain(
      'traces_spanmetrics_calls_total{service="svc",span_name="GET /cart",span_kind="SPAN_KIND_UNSPECIFIED",status_code="STATUS_CODE_UNSET"} 3',
    );
    expect(text).toContain(
      'traces_spanmetrics_calls_total{service="svc",span_name="GET /cart",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_ERROR"} 1',
    );
    // Each bucket's exemplar is the latest span that fell into it.
    expect(text).toContain(
      'status_code="STATUS_CODE_UNSET",le="0.032"} 3 # {trace_id="abababababababababababababababab",span_id="0000000000000002"} 0.03 ',
    );
  });
});
