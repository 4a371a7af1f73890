// Span metrics computed from every ingested span, named as Tempo's metrics-generator names them
// (`traces_spanmetrics_calls_total`, `traces_spanmetrics_latency` in seconds with Tempo's default
// buckets; labels service, span_name, span_kind, status_code), exposed as OpenMetrics text with
// exemplars carrying trace_id and span_id. The number of series is bounded; spans that would open a
// series past the bound are counted instead. See docs/decisions/0091-span-metrics.md.

import type { OtlpResourceSpans } from '../otlp/types.ts';
import { SPAN_KIND_NAMES, STATUS_CODE_NAMES, serviceName } from '../otlp/types.ts';

/** Tempo's default `histogram_buckets`: 2 ms doubling to 16.384 s (prometheus.ExponentialBuckets(0.002, 2, 14)). */
export const TEMPO_DEFAULT_BUCKETS: readonly number[] = Array.from({ length: 14 }, (_, i) =>
  Number((0.002 * 2 ** i).toFixed(3)),
);

export interface SpanMetricsOptions {
  /** Distinct label sets kept; spans beyond it are counted in the overflow counter. */
  maxSeries: number;
  buckets: readonly number[];
}

export const DEFAULT_SPAN_METRICS_OPTIONS: SpanMetricsOptions = {
  maxSeries: 5000,
  buckets: TEMPO_DEFAULT_BUCKETS,
};

interface Exemplar {
  traceId: string;
  spanId: string;
  seconds: number;
  /** Unix seconds of the observation. */
  timestamp: number;
}

interface Series {
  /** Rendered `service="…",span_name="…",…` (without braces). */
  labels: string;
  calls: number;
  sum: number;
  /** Per bucket (not cumulative); the last slot is +Inf. */
  counts: number[];
  /** The latest observation that fell into each bucket. */
  exemplars: (Exemplar | undefined)[];
}

// Read per span: module constants (an imported binding is a getter call per read under tsx).
const KINDS = SPAN_KIND_NAMES.length;
const CODES = STATUS_CODE_NAMES.length;

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatNumber(n: number): string {
  if (n === Number.POSITIVE_INFINITY) return '+Inf';
  if (n === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(n);
}

export class SpanMetrics {
  private readonly series = new Map<string, Series>();
  /**
   * The same series by service, then span name, then kind × status: no label key is built per span.
   * Holds only label sets that have a series, so it is bounded as `series` is.
   */
  private readonly index = new Map<string, Map<string, (Series | undefined)[]>>();
  private overflowSpans = 0;

  constructor(
    readonly options: SpanMetricsOptions = DEFAULT_SPAN_METRICS_OPTIONS,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {}

  get seriesCount(): number {
    return this.series.size;
  }

  observe(batches: readonly OtlpResourceSpans[]): void {
    const now = this.nowSeconds();
    const { buckets } = this.options;
    for (const rs of batches) {
      const service = serviceName(rs);
      const byName = this.index.get(service);
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          // Kinds and codes without a name read as unspecified and unset, the first of each.
          const kind = span.kind >>> 0 === span.kind && span.kind < KINDS ? span.kind : 0;
          const code =
            span.status.code >>> 0 === span.status.code && span.status.code < CODES ? span.status.code : 0;
          const s =
            byName?.get(span.name)?.[kind * CODES + code] ?? this.open(service, span.name, kind, code);
          if (!s) continue;
          const ns = span.endTimeUnixNano - span.startTimeUnixNano;
          const seconds = ns > 0n ? Number(ns) / 1e9 : 0;
          let b = 0;
          while (b < buckets.length && seconds > buckets[b]) b++;
          s.calls++;
          s.sum += seconds;
          s.counts[b]++;
          const ex = s.exemplars[b];
          if (ex) {
            ex.traceId = span.traceId;
            ex.spanId = span.spanId;
            ex.seconds = seconds;
            ex.timestamp = now;
          } else s.exemplars[b] = { traceId: span.traceId, spanId: span.spanId, seconds, timestamp: now };
        }
      }
    }
  }

  /** The series of a label set seen for the first time, or undefined (counted) past the bound. */
  private open(service: string, name: string, kindCode: number, statusCode: number): Series | undefined {
    const kind = SPAN_KIND_NAMES[kindCode];
    const status = STATUS_CODE_NAMES[statusCode];
    const key = `${service}\u0000${name}\u0000${kind}\u0000${status}`;
    let s = this.series.get(key);
    if (!s) {
      if (this.series.size >= this.options.maxSeries) {
        this.overflowSpans++;
        return undefined;
      }
      s = {
        labels: `service="${escapeLabelValue(service)}",span_name="${escapeLabelValue(name)}",span_kind="${kind}",status_code="${status}"`,
        calls: 0,
        sum: 0,
        counts: new Array(this.options.buckets.length + 1).fill(0),
        exemplars: new Array(this.options.buckets.length + 1).fill(undefined),
      };
      this.series.set(key, s);
    }
    let byName = this.index.get(service);
    if (!byName) this.index.set(service, (byName = new Map()));
    let slots = byName.get(name);
    if (!slots) byName.set(name, (slots = []));
    slots[kindCode * CODES + statusCode] = s;
    return s;
  }

  /** The OpenMetrics exposition (ends with `# EOF`); `more` are other families' lines, put before the end. */
  render(more: readonly string[] = []): string {
    const { buckets } = this.options;
    const out: string[] = [];
    out.push('# TYPE traces_spanmetrics_calls counter');
    out.push('# HELP traces_spanmetrics_calls Spans received, by service, span name, kind and status.');
    for (const s of this.series.values()) out.push(`traces_spanmetrics_calls_total{${s.labels}} ${s.calls}`);
    out.push('# TYPE traces_spanmetrics_latency histogram');
    out.push('# HELP traces_spanmetrics_latency Span durations in seconds; exemplars name a trace and span.');
    const les = [...buckets.map(formatNumber), '+Inf'];
    for (const s of this.series.values()) {
      let cumulative = 0;
      for (let b = 0; b < les.length; b++) {
        cumulative += s.counts[b];
        const ex = s.exemplars[b];
        const exemplar = ex
          ? ` # {trace_id="${ex.traceId}",span_id="${ex.spanId}"} ${formatNumber(ex.seconds)} ${ex.timestamp.toFixed(3)}`
          : '';
        out.push(`traces_spanmetrics_latency_bucket{${s.labels},le="${les[b]}"} ${cumulative}${exemplar}`);
      }
      out.push(`traces_spanmetrics_latency_count{${s.labels}} ${s.calls}`);
      out.push(`traces_spanmetrics_latency_sum{${s.labels}} ${formatNumber(s.sum)}`);
    }
    out.push('# TYPE tracelight_spanmetrics_active_series gauge');
    out.push(
      '# HELP tracelight_spanmetrics_active_series Span-metrics label sets held (bounded by maxSeries).',
    );
    out.push(`tracelight_spanmetrics_active_series ${this.series.size}`);
    out.push('# TYPE tracelight_spanmetrics_overflow_spans counter');
    out.push(
      '# HELP tracelight_spanmetrics_overflow_spans Spans not counted because the series bound was reached.',
    );
    out.push(`tracelight_spanmetrics_overflow_spans_total ${this.overflowSpans}`);
    out.push(...more);
    out.push('# EOF');
    return `${out.join('\n')}\n`;
  }

  clear(): void {
    this.series.clear();
    this.index.clear();
    this.overflowSpans = 0;
  }
}
