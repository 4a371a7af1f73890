// Pasted text as responders paste it: header blocks copied from DevTools or curl -v, log lines from
// Loki (the recorded fixture's own lines), JSON log records. The whole paste goes to parseTraceInput.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findIdsInText } from './find-in-text';
import { foundText } from './found-text';
import { needsConfirmation, parseTraceInput } from './parse-trace-input';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const PARENT = 'a3ce929d0e0e4736';

/** The first log line and its stream labels of a real Loki answer (trace 2bafbe17…, span 3692dc6e…). */
const loki = JSON.parse(
  readFileSync(
    new URL(
      '../../../../shared/fixtures/loki/loki-query-range-traceid-structured-metadata.body',
      import.meta.url,
    ),
    'utf8',
  ),
) as { data: { result: Array<{ stream: Record<string, string>; values: string[][] }> } };
const LOKI_STREAM = loki.data.result[0].stream;
const LOKI_LINE = loki.data.result[0].values[0][1];
const LOKI_TRACE = '2bafbe17c123c304432c535342f87d81';
const LOKI_SPAN = '3692dc6eeb97ab3f';

const opened = (text: string) => {
  const result = parseTraceInput(text);
  if (!result.ok) throw new Error(result.reason);
  return { traceId: result.traceId, spanId: result.spanId, form: result.form, found: result.found };
};

describe('pasted text with the trace ID in it', () => {
  it('a B3 multi-header block as curl -v prints it, the parent span not taken for the span', () => {
    const text = [
      '> GET /api/checkout HTTP/1.1',
      '> Host: shop.example.com',
      `> X-B3-TraceId: ${ID}`,
      `> X-B3-ParentSpanId: ${PARENT}`,
      `> X-B3-SpanId: ${SPAN}`,
      '> X-B3-Sampled: 1',
    ].join('\n');
    expect(opened(text)).toEqual({
      traceId: ID,
      spanId: SPAN,
      form: 'b3-headers',
      found: { label: 'X-B3-TraceId', line: 3, others: [], guessed: false },
    });
  });

  it('a request-header dump from DevTools with a traceparent line among others', () => {
    const text = [
      'POST /v1/payments HTTP/1.1',
      'Host: payments.internal:8443',
      'Content-Type: application/json',
      'User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
      `traceparent: 00-${ID}-${SPAN}-01`,
      'tracestate: congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
      '',
    ].join('\r\n');
    const result = opened(text);
    expect(result).toMatchObject({ traceId: ID, spanId: SPAN, form: 'traceparent' });
    expect(needsConfirmation(result.found)).toBe(false);
  });

  it('a logfmt line from Loki: trace_id and span_id fields', () => {
    expect(LOKI_LINE).toContain('trace_id=');
    expect(opened(`1795300496011932937 ${LOKI_LINE}`)).toMatchObject({
      traceId: LOKI_TRACE,
      spanId: LOKI_SPAN,
      form: 'trace-id',
      found: { label: 'trace_id', guessed: false, others: [] },
    });
  });

  it('a JSON log record, compact (no spaces) and pretty-printed', () => {
    const compact = JSON.stringify({ level: 'debug', ...LOKI_STREAM });
    expect(compact).not.toMatch(/\s/);
    expect(opened(compact)).toMatchObject({ traceId: LOKI_TRACE, spanId: LOKI_SPAN });
    const otlpLogRecord = JSON.stringify(
      {
        timeUnixNano: '1795300496011932937',
        severityText: 'ERROR',
        body: { stringValue: 'card declined by issuer' },
        traceId: ID.toUpperCase(),
        spanId: SPAN,
      },
      null,
      2,
    );
    expect(opened(otlpLogRecord)).toMatchObject({
      traceId: ID,
      spanId: SPAN,
      found: { label: 'traceId', line: 7 },
    });
  });

  it('a Jaeger client log line with uber-trace-id and a parent_span_id field', () => {
    const text = `2026-12-02T14:10:07Z INFO checkout placed order parent_span_id=${PARENT} uber-trace-id=${ID}:${SPAN}:${PARENT}:1`;
    expect(opened(text)).toMatchObject({ traceId: ID, spanId: SPAN, form: 'uber-trace-id' });
  });

  it('prefers a labelled ID over a bare hex run earlier in the text', () => {
    const text = `request ${'f'.repeat(16)}${'e'.repeat(16)} failed\ntrace_id=${ID}`;
    expect(opened(text)).toMatchObject({ traceId: ID, found: { guessed: false, line: 2 } });
  });

  it('says when the text names two different traces, and which was taken', () => {
    const other = '0af7651916cd43dd8448eb211c80319c';
    const text = `level=error trace_id=${ID} msg="retrying"\nlevel=info traceparent=00-${other}-${SPAN}-01`;
    const result = opened(text);
    // The propagation header is the stronger label; the log field's ID is the other one.
    expect(result.traceId).toBe(other);
    expect(result.found?.others).toEqual([ID]);
    expect(needsConfirmation(result.found)).toBe(true);
  });

  it('takes a bare 32-hex run as a guess to confirm, not a 16-hex one next to it', () => {
    const text = `checkout failed for order 1234\n  trace ${ID} span ${SPAN}`;
    const result = opened(text);
    expect(result).toMatchObject({ traceId: ID, found: { guessed: true, line: 2, others: [] } });
    expect(needsConfirmation(result.found)).toBe(true);
  });

  it('skips a labelled value that is not valid and takes the next one', () => {
    const text = `X-B3-TraceId: 00000000000000000000000000000000\ntrace_id=${ID}`;
    expect(opened(text).traceId).toBe(ID);
  });
});

describe('pasted text with no trace ID in it', () => {
  it('keeps the reason of the whole-input parse', () => {
    const result = parseTraceInput('Host: shop.example.com\nAccept: */*');
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/not a trace id/i) });
  });

  it('does not read a hex run inside a longer token (a git SHA, a UUID) as an ID', () => {
    const text = `commit 3f76552a9d0c1b2e4f5a6b7c8d9e0f1a2b3c4d5e\nrequest id 4bf92f35-77b3-4da6-a3ce-929d0e0e4736 done`;
    expect(findIdsInText(text).traces).toEqual([]);
    expect(parseTraceInput(text).ok).toBe(false);
  });

  it('does not read Datadog’s decimal dd.trace_id as hex', () => {
    const text = 'level=info dd.trace_id=1234567890123456789 dd.span_id=987654321 msg=ok';
    expect(findIdsInText(text).traces).toEqual([]);
  });

  it('does not take a span ID or parent field as a trace ID', () => {
    const ids = findIdsInText(`parent_span_id=${PARENT}\nX-B3-ParentSpanId: ${PARENT}\nspan_id=${SPAN}`);
    expect(ids.traces).toEqual([]);
    expect(ids.spans.map((s) => s.value)).toEqual([SPAN]);
  });
});

describe('what the box says it found', () => {
  it('names the ID, where it was and the other traces', () => {
    const other = '0af7651916cd43dd8448eb211c80319c';
    const result = parseTraceInput(`trace_id=${ID}\ntraceparent: 00-${other}-${SPAN}-01`);
    if (!result.ok) throw new Error(result.reason);
    expect(foundText(result)).toBe(
      `Found trace ${other} at span ${SPAN} (traceparent on line 2). The text also names trace ${ID}.`,
    );
  });

  it('says a bare hex run was not labelled', () => {
    const result = parseTraceInput(`order 1234 failed\ntrace ${ID}`);
    if (!result.ok) throw new Error(result.reason);
    expect(foundText(result)).toBe(`Found trace ${ID} (an unlabelled hex value on line 2).`);
  });
});
