import { readdirSync, readFileSync } from 'node:fs';
import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { SpanFlag } from '../model/types.ts';
import { datadogToOtlp, type OtlpJsonSpan } from './datadog.ts';
import { decodeTrace } from './index.ts';

const DIR = new URL('../../../shared/fixtures/datadog/', import.meta.url);
const text = (name: string) => readFileSync(new URL(name, DIR), 'utf8');
const spansOf = (name: string): OtlpJsonSpan[] =>
  datadogToOtlp(text(name)).tracesData.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
const attr = (s: OtlpJsonSpan, key: string) => s.attributes.find((a) => a.key === key)?.value;

describe('Datadog v0.4 decoder on the recorded samples', () => {
  const v04 = readdirSync(DIR).filter((f) => /^(ddtracepy_|veneur_).*\.json$/.test(f));

  it.each(v04)('%s: every span decodes, in as many traces as the payload has', (name) => {
    const payload = JSON.parse(text(name)) as { trace_id?: unknown }[][];
    const result = decodeTrace(text(name), { fileName: name });
    expect(result.error).toBeUndefined();
    expect(result.format).toBe('datadog-json');
    const spans = result.traces.reduce((n, t) => n + t.counts.spans, 0);
    expect(spans).toBe(payload.reduce((n, t) => n + t.length, 0));
    expect(result.traces.length).toBe(new Set(payload.map((t) => JSON.stringify(t[0]?.trace_id))).size);
  });

  it('reads 64-bit decimal IDs and nanosecond times exactly (beyond 2^53)', () => {
    const [s] = spansOf('veneur_trace.pb.json');
    expect(s.traceId).toBe(`0000000000000000${2952322985753260966n.toString(16).padStart(16, '0')}`);
    expect(s.spanId).toBe(6609809824038723702n.toString(16).padStart(16, '0'));
    expect(s.parentSpanId).toBe(759030388714467718n.toString(16).padStart(16, '0'));
    expect(s.startTimeUnixNano).toBe('1496959028355075485');
    expect(s.endTimeUnixNano).toBe(String(1496959028355075485n + 45565n));
    expect(s.name).toBe('flush');
    const result = decodeTrace(text('veneur_trace.pb.json'));
    const t = result.traces[0];
    expect(t.startNs).toBe(1496959028355075485n);
    expect(t.table.flags[0] & SpanFlag.Orphan).toBeTruthy();
  });

  it('builds the 128-bit trace ID from _dd.p.tid, treats error:1 as an error, maps span.kind and keeps meta/metrics', () => {
    const [s] = spansOf('ddtracepy_httpx_get_500.json');
    expect(s.traceId).toBe('69de7a65000000000000000000000000');
    expect(s.status.code).toBe(2);
    expect(s.kind).toBe(3);
    expect(attr(s, 'http.status_code')).toEqual({ stringValue: '500' });
    expect(attr(s, '_dd.measured')).toEqual({ doubleValue: 1 });
    expect(s.events).toEqual([]);
    const trace = decodeTrace(text('ddtracepy_httpx_get_500.json')).traces[0];
    expect(trace.table.status[0]).toBe(2);
    expect(trace.traceId).toBe('69de7a65000000000000000000000000');
  });

  it('shows resource as the operation (the SQL text of a query span)', () => {
    const s = spansOf('ddtracepy_django_psycopg2_query.json')[0];
    const raw = (
      JSON.parse(text('ddtracepy_django_psycopg2_query.json')) as { resource: string; name: string }[][]
    )[0][0];
    expect(s.name).toBe(raw.resource);
    expect(attr(s, 'datadog.span.name')).toEqual({ stringValue: raw.name });
    expect(attr(s, 'datadog.span.type')).toEqual({ stringValue: 'sql' });
  });

  it('reads meta.events as span events and _dd.span_links as links', () => {
    const withEvents = spansOf('ddtracepy_otel_span_events.json').filter((s) => s.events.length > 0);
    expect(withEvents.length).toBeGreaterThan(0);
    expect(withEvents[0].events[0].timeUnixNano).toBe('1714536311886000');
    expect(withEvents[0].attributes.find((a) => a.key === 'events')).toBeUndefined();
    const linked = spansOf('ddtracepy_pubsub_span_links.json').filter((s) => s.links.length > 0);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked[0].links[0].traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(linked[0].links[0].spanId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('error.* meta become the status message and an exception event at the span end', () => {
    const { tracesData } = datadogToOtlp([
      [
        {
          trace_id: '1',
          span_id: '2',
          parent_id: 0,
          start: '1000',
          duration: '500',
          name: 'n',
          resource: 'r',
          service: 'svc',
          error: 7,
          meta: { 'error.msg': 'boom', 'error.type': 'ValueError', 'error.stack': 'at x' },
        },
      ],
    ]);
    const s = tracesData.resourceSpans[0].scopeSpans[0].spans[0];
    expect(s.status).toEqual({ code: 2, message: 'boom' });
    expect(s.events).toEqual([
      {
        timeUnixNano: '1500',
        name: 'exception',
        attributes: [
          { key: 'exception.type', value: { stringValue: 'ValueError' } },
          { key: 'exception.message', value: { stringValue: 'boom' } },
          { key: 'exception.stacktrace', value: { stringValue: 'at x' } },
        ],
      },
    ]);
    expect(tracesData.resourceSpans[0].resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'svc' } },
    ]);
  });

  it('reads the same payload as msgpack (v0.4, uint64 IDs) and opens it as a dropped file', () => {
    const payload = [
      [
        {
          trace_id: 2952322985753260966n,
          span_id: 18446744073709551615n,
          parent_id: 0,
          start: 1496959028355075485n,
          duration: 45565,
          name: 'op',
          resource: 'GET /',
          service: 'web',
          error: 0,
          meta: {},
          metrics: {},
        },
      ],
    ];
    const bytes = encode(payload, { useBigInt64: true });
    const s = datadogToOtlp(bytes).tracesData.resourceSpans[0].scopeSpans[0].spans[0];
    expect(s.spanId).toBe('ffffffffffffffff');
    expect(s.startTimeUnixNano).toBe('1496959028355075485');
    const result = decodeTrace(bytes, { fileName: 'traces.msgpack' });
    expect(result.format).toBe('datadog-msgpack');
    expect(result.traces[0].counts.spans).toBe(1);
  });
});
