import { describe, expect, it } from 'vitest';
import { parseTraceInput } from './parse-trace-input';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

function grafanaPanes(query: string, spanId?: string): string {
  const pane = {
    datasource: 'P214B5B846CF3925F',
    queries: [
      { refId: 'A', datasource: { type: 'tempo', uid: 'P214B5B846CF3925F' }, queryType: 'traceql', query },
    ],
    range: { from: 'now-1h', to: 'now' },
    ...(spanId ? { panelsState: { trace: { spanId } } } : {}),
  };
  return `https://grafana.example.com/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify({ x7k: pane }))}&orgId=1`;
}

describe('parseTraceInput accepts', () => {
  const cases: Array<
    [string, string, { traceId: string; spanId?: string; datasource?: string; form: string }]
  > = [
    ['32 hex', ID, { traceId: ID, form: 'trace-id' }],
    ['upper case', ID.toUpperCase(), { traceId: ID, form: 'trace-id' }],
    [
      'Tempo’s stripped 31-char ID',
      '73bad988b85ac85925c6a3da73e917d',
      { traceId: '073bad988b85ac85925c6a3da73e917d', form: 'trace-id' },
    ],
    [
      'a 64-bit Jaeger ID',
      'a3ce929d0e0e4736',
      { traceId: '0000000000000000a3ce929d0e0e4736', form: 'trace-id' },
    ],
    ['one hex digit', '1', { traceId: '00000000000000000000000000000001', form: 'trace-id' }],
    ['0x prefix', `0x${ID}`, { traceId: ID, form: 'trace-id' }],
    ['UUID dashes', '4bf92f35-77b3-4da6-a3ce-929d0e0e4736', { traceId: ID, form: 'trace-id' }],
    ['spaces inside and around', '  4bf92f35 77b34da6 a3ce929d 0e0e4736 ', { traceId: ID, form: 'trace-id' }],
    ['quotes', `"${ID}"`, { traceId: ID, form: 'trace-id' }],
    ['traceparent value', `00-${ID}-${SPAN}-01`, { traceId: ID, spanId: SPAN, form: 'traceparent' }],
    [
      'traceparent header line',
      `traceparent: 00-${ID}-${SPAN}-01`,
      { traceId: ID, spanId: SPAN, form: 'traceparent' },
    ],
    [
      'traceparent header, other casing',
      `Traceparent:00-${ID.toUpperCase()}-${SPAN}-00`,
      { traceId: ID, spanId: SPAN, form: 'traceparent' },
    ],
    [
      'future traceparent version with extra fields',
      `cc-${ID}-${SPAN}-01-what-the-future-holds`,
      { traceId: ID, spanId: SPAN, form: 'traceparent' },
    ],
    ['uber-trace-id value', `${ID}:${SPAN}:0:1`, { traceId: ID, spanId: SPAN, form: 'uber-trace-id' }],
    [
      'uber-trace-id unpadded',
      'a3ce929d0e0e4736:f067aa0ba902b7:0:1',
      { traceId: '0000000000000000a3ce929d0e0e4736', spanId: SPAN, form: 'uber-trace-id' },
    ],
    [
      'uber-trace-id URL-encoded',
      `${ID}%3A${SPAN}%3A0%3A1`,
      { traceId: ID, spanId: SPAN, form: 'uber-trace-id' },
    ],
    [
      'uber-trace-id header line',
      `uber-trace-id: ${ID}:${SPAN}:a3ce929d0e0e4736:1`,
      { traceId: ID, spanId: SPAN, form: 'uber-trace-id' },
    ],
    ['b3 single value', `${ID}-${SPAN}-1`, { traceId: ID, spanId: SPAN, form: 'b3' }],
    [
      'b3 single header with parent',
      `b3: ${ID}-${SPAN}-d-a3ce929d0e0e4736`,
      { traceId: ID, spanId: SPAN, form: 'b3' },
    ],
    [
      'b3 single, 64-bit trace, no sampling',
      `b3: a3ce929d0e0e4736-${SPAN}`,
      { traceId: '0000000000000000a3ce929d0e0e4736', spanId: SPAN, form: 'b3' },
    ],
    ['X-B3-TraceId line', `X-B3-TraceId: ${ID}`, { traceId: ID, form: 'b3-headers' }],
    [
      'X-B3 trace and span lines',
      `X-B3-TraceId: ${ID}\nX-B3-SpanId: ${SPAN}\nX-B3-Sampled: 1`,
      { traceId: ID, spanId: SPAN, form: 'b3-headers' },
    ],
    ['a log field', `trace_id=${ID}`, { traceId: ID, form: 'trace-id' }],
    ['Jaeger UI URL', `https://jaeger.example.com/trace/${ID}`, { traceId: ID, form: 'tracelight-url' }],
    [
      'Jaeger UI URL with uiFind span',
      `https://jaeger.example.com/jaeger/trace/${ID}?uiFind=${SPAN}`,
      { traceId: ID, spanId: SPAN, form: 'jaeger-url' },
    ],
    [
      'Jaeger UI URL with uiFind text',
      `https://jaeger.example.com/trace/a3ce929d0e0e4736?uiFind=checkout%20error`,
      { traceId: '0000000000000000a3ce929d0e0e4736', form: 'jaeger-url' },
    ],
    [
      'Tracelight URL',
      `https://ops.example.com/tracelight/trace/${ID}?span=${SPAN}&ds=tempo-prod&view=flame`,
      { traceId: ID, spanId: SPAN, datasource: 'tempo-prod', form: 'tracelight-url' },
    ],
    [
      'Tracelight relative link',
      `/trace/73bad988b85ac85925c6a3da73e917d?ds=local`,
      { traceId: '073bad988b85ac85925c6a3da73e917d', datasource: 'local', form: 'tracelight-url' },
    ],
    ['URL without scheme', `tracelight.internal:8080/trace/${ID}`, { traceId: ID, form: 'tracelight-url' }],
    ['Grafana panes= URL', grafanaPanes(ID), { traceId: ID, form: 'grafana-url' }],
    [
      'Grafana panes= URL with a span',
      grafanaPanes(ID, SPAN),
      { traceId: ID, spanId: SPAN, form: 'grafana-url' },
    ],
    [
      'Grafana panes= with a TraceQL ID query',
      grafanaPanes(`{ trace:id = "${ID}" }`),
      { traceId: ID, form: 'grafana-url' },
    ],
    [
      'Grafana left= object URL',
      `https://grafana.example.com/explore?orgId=1&left=${encodeURIComponent(JSON.stringify({ datasource: 'Tempo', queries: [{ refId: 'A', query: ID }], range: { from: 'now-1h', to: 'now' } }))}`,
      { traceId: ID, form: 'grafana-url' },
    ],
    [
      'Grafana left= array URL (oldest form)',
      `https://grafana.example.com/explore?left=${encodeURIComponent(JSON.stringify(['now-1h', 'now', 'Tempo', { query: 'a3ce929d0e0e4736' }]))}`,
      { traceId: '0000000000000000a3ce929d0e0e4736', form: 'grafana-url' },
    ],
  ];
  it.each(cases)('%s', (_label, input, expected) => {
    const result = parseTraceInput(input);
    expect(result).toEqual({ ok: true, ...expected });
  });
});

describe('parseTraceInput rejects, saying why', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty', '   ', /enter a trace id/i],
    ['the all-zero trace ID', '00000000000000000000000000000000', /all-zero trace id/i],
    ['a short all-zero ID', '0', /all-zero trace id/i],
    ['an all-zero traceparent trace', `00-00000000000000000000000000000000-${SPAN}-01`, /all-zero trace id/i],
    ['an all-zero traceparent span', `00-${ID}-0000000000000000-01`, /all-zero span id/i],
    ['an all-zero uber span', `${ID}:0:0:1`, /all-zero span id/i],
    ['traceparent version ff', `ff-${ID}-${SPAN}-01`, /version ff/i],
    ['version 00 with extra fields', `00-${ID}-${SPAN}-01-extra`, /exactly four fields/i],
    ['a malformed traceparent header', 'traceparent: 00-abc-def-01', /not a valid traceparent/i],
    ['b3 with only a sampling decision', 'b3: 1', /only a sampling decision/i],
    ['33 hex characters', `a${ID}`, /at most 32/i],
    ['non-hex characters', 'checkout-service-error', /hexadecimal/i],
    ['a Tracelight URL with an all-zero span', `/trace/${ID}?span=0000000000000000`, /all-zero span id/i],
    ['a Tracelight URL with a bad span', `/trace/${ID}?span=zz`, /span id has only hexadecimal/i],
    ['a link to something else', 'https://grafana.example.com/d/abc/dashboard', /does not point at a trace/i],
    ['Grafana Explore without a trace query', grafanaPanes('{ status = error }'), /no trace id/i],
    [
      'Grafana Explore with broken JSON',
      'https://grafana.example.com/explore?panes=%7Bnope',
      /not valid json/i,
    ],
  ];
  it.each(cases)('%s', (_label, input, reason) => {
    const result = parseTraceInput(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('ignores a datasource name that is not a valid name', () => {
    expect(parseTraceInput(`/trace/${ID}?ds=..%2Fetc`)).toEqual({
      ok: true,
      traceId: ID,
      form: 'tracelight-url',
    });
  });
});

describe('AWS X-Ray trace IDs', () => {
  const XRAY = '1-5759e988-bd862e3fe1be46a994272793';
  const HEX32 = '5759e988bd862e3fe1be46a994272793';

  it('opens the X-Ray form as its 32-hex trace ID (drop 1- and the dash)', () => {
    expect(parseTraceInput(XRAY)).toMatchObject({ ok: true, traceId: HEX32, form: 'xray' });
    expect(parseTraceInput(` ${XRAY.toUpperCase()} `)).toMatchObject({ ok: true, traceId: HEX32 });
  });

  it('reads an X-Amzn-Trace-Id header value with its parent span', () => {
    expect(parseTraceInput(`X-Amzn-Trace-Id: Root=${XRAY};Parent=53995c3f42cd8ad8;Sampled=1`)).toMatchObject({
      ok: true,
      traceId: HEX32,
      spanId: '53995c3f42cd8ad8',
      form: 'xray',
    });
    expect(parseTraceInput(`Root=${XRAY}`)).toMatchObject({ ok: true, traceId: HEX32 });
  });

  it('finds an X-Ray ID inside a log line', () => {
    const result = parseTraceInput(`2026-12-03 ERROR request failed xray=${XRAY} user=42`);
    expect(result).toMatchObject({ ok: true, traceId: HEX32 });
  });

  it('does not take another version or a short ID as X-Ray', () => {
    expect(parseTraceInput('2-5759e988-bd862e3fe1be46a994272793')).toMatchObject({ ok: false });
  });
});
