import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DecodeResult } from '../model/types.ts';
import { addJsonDocument, JsonSession } from './json-payload.ts';
import { pilotResult, scanOtlpJson } from './otlp-json-scan.ts';
import { FIXTURES, tableSnapshot } from './testing/fixtures.ts';

const EXPECTED = 1024;

/** What decoding did before the text reader: `JSON.parse` and the walk over the parsed document. */
function viaParse(text: string): DecodeResult {
  const session = new JsonSession(EXPECTED);
  addJsonDocument(session, JSON.parse(text), '', false);
  return session.finish('json');
}

function scan(text: string): DecodeResult | undefined {
  return scanOtlpJson(text, EXPECTED, 0);
}

/** Same format, warnings, traces, tables and every span's details. */
function expectSame(scanned: DecodeResult, parsed: DecodeResult): void {
  expect(scanned.format).toBe(parsed.format);
  expect(scanned.error).toBe(parsed.error);
  expect(scanned.warnings).toEqual(parsed.warnings);
  expect(scanned.traces.length).toBe(parsed.traces.length);
  scanned.traces.forEach((a, i) => {
    const b = parsed.traces[i];
    expect(a.traceId).toBe(b.traceId);
    expect(a.startNs).toBe(b.startNs);
    expect(a.durationNs).toBe(b.durationNs);
    expect(a.counts).toEqual(b.counts);
    expect(a.partial).toBe(b.partial);
    expect(a.warnings).toEqual(b.warnings);
    expect(a.table.strings).toEqual(b.table.strings);
    expect(tableSnapshot(a)).toEqual(tableSnapshot(b));
    // One attribute at a time first (read from the text while the span is not parsed), then the keys.
    for (let row = 0; row < a.table.count; row++) {
      const keys = b.details.attributeKeys(row, 'span');
      // The next span's keys too: a key this span lacks must not be found in the text after it.
      const others = row + 1 < b.table.count ? b.details.attributeKeys(row + 1, 'span') : [];
      for (const key of [...keys, ...others, 'no.such.key', '"', ''])
        expect(a.details.attribute(row, 'span', key)).toEqual(b.details.attribute(row, 'span', key));
      expect(a.details.attributeKeys(row, 'span')).toEqual(keys);
    }
    for (let row = 0; row < a.table.count; row++) expect(a.details.get(row)).toEqual(b.details.get(row));
  });
}

/** Every JSON object document among the recorded fixtures (JSON Lines and arrays are not the reader's). */
function jsonFixtures(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(body|json|json\.gz)$/.test(name)) {
        const raw = readFileSync(file);
        const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
        if (/^\s*\{/.test(text)) out.push([path.relative(FIXTURES, file), text]);
      }
    }
  };
  walk(FIXTURES);
  return out;
}

const FIXTURE_DOCS = jsonFixtures();

describe('the OTLP JSON text reader', () => {
  it.each(FIXTURE_DOCS)('%s: the same result as JSON.parse + walk, or left to it', (_name, text) => {
    let parsed: DecodeResult | undefined;
    try {
      parsed = viaParse(text);
    } catch {
      parsed = undefined;
    }
    const scanned = scan(text);
    if (scanned === undefined) return;
    expect(parsed).toBeDefined();
    expectSame(scanned, parsed as DecodeResult);
  });

  it.each([
    'tempo/tempo-trace-v1-error-json.body',
    'tempo/tempo-trace-v2-big2k-json.body',
    'tempo/tempo-trace-v2-clockskew-json.body',
    'tempo/tempo-trace-v2-kafka-sametrace-json.body',
    'tempo/tempo-trace-v2-orphan-json.body',
    'tempo/tempo-trace-v2-partial-json.body',
    'tempo/tempo-trace-v2-stripped-31char-id.body',
    'jaeger/api-v3/GetTrace.json',
  ])('reads the recorded %s itself', (name) => {
    const recorded = FIXTURE_DOCS.find(([n]) => n === name)?.[1];
    expect(recorded).toBeDefined();
    // Compact, as the backends send it (the Jaeger recording was stored pretty-printed).
    const text = JSON.stringify(JSON.parse(recorded as string));
    const scanned = scan(text);
    expect(scanned).toBeDefined();
    expect(scanned?.traces[0].counts.spans).toBeGreaterThan(0);
    expectSame(scanned as DecodeResult, viaParse(text));
  });

  const span = (fields: string) =>
    `{"traceId":"W47/95gDgQPSabYzgT/HAA==","spanId":"AAAAAAAAAAE=",${fields}"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000000001000"}`;
  const doc = (spans: string, extra = '') =>
    `{"batches":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"scope":{"name":"s"},"spans":[${spans}]}]}]${extra}}`;

  it('decodes escaped strings the way JSON.parse does', () => {
    const text = doc(
      span(
        '"name":"GET \\"/a\\\\b\\" \\u00e9\\n","status":{"code":"STATUS_CODE_ERROR","message":"t\\u00e9"},"attributes":[{"key":"q","value":{"stringValue":"\\"x\\""}}],',
      ),
    );
    const scanned = scan(text);
    expect(scanned).toBeDefined();
    expectSame(scanned as DecodeResult, viaParse(text));
    const t = (scanned as DecodeResult).traces[0];
    expect(t.table.strings[t.table.name[0]]).toBe('GET "/a\\b" é\n');
    expect(t.details.get(0).attributes).toEqual([{ key: 'q', value: { type: 'string', value: '"x"' } }]);
  });

  it('finds one attribute in the text as the parsed list does', () => {
    const plain =
      '"attributes":[{"key":"a","value":{"stringValue":"1"}},{"key":"b","value":{"arrayValue":{"values":[{"intValue":"2"},{"boolValue":true}]}}},{"key":"a","value":{"doubleValue":-1.5e3}},{"key":"c","value":{"stringValue":"{key:d}"}},{"key":"é","value":{"bytesValue":"AA=="}},{"key":"e","value":{"stringValue":"]}x"}},{"key":"f","value":{"intValue":"1.5"}},{"key":"g","value":{"stringValue":7}},{"key":"h","value":{"boolValue":null}},{"key":"i","value":{"doubleValue":"NaN"}},{"key":"j","value":{"intValue":-3}},{"key":"l","value":{"arrayValue":{"values":[]}}}],';
    const text = doc(
      [
        span(plain),
        span(plain.replace('"{key:d}"', '"{\\"key\\":\\"d\\",\\"value\\":"')),
        span(
          '"attributes":[{"key":"a","value":{"kvlistValue":{"values":[{"key":"d","value":{"intValue":"4"}}]}}}],',
        ),
        span('"attributes":[{"value":{"stringValue":"x"},"key":"a"}],'),
        span('"attributes":[],'),
      ].join(','),
    );
    const scanned = scan(text);
    expect(scanned).toBeDefined();
    const parsed = viaParse(text);
    const a = (scanned as DecodeResult).traces[0].details;
    expect(a.attribute(0, 'span', 'a')).toEqual({ type: 'string', value: '1' });
    expect(a.attribute(0, 'span', 'b')).toEqual({
      type: 'array',
      value: [
        { type: 'int', value: '2' },
        { type: 'bool', value: true },
      ],
    });
    expect(a.attribute(0, 'span', 'd')).toBeUndefined();
    expect(a.attribute(0, 'span', 'é')).toEqual({ type: 'bytes', value: 'AA==' });
    expect(a.attribute(0, 'span', 'e')).toEqual({ type: 'string', value: ']}x' });
    expect(a.attribute(1, 'span', 'd')).toBeUndefined();
    expect(a.attribute(2, 'span', 'd')).toBeUndefined();
    expect(a.attribute(3, 'span', 'a')).toEqual({ type: 'string', value: 'x' });
    expectSame(scanned as DecodeResult, parsed);
  });

  it('warns as the walk does about odd IDs, kinds and times', () => {
    const text = doc(
      `${span('"kind":"SPAN_KIND_NOPE","parentSpanId":"zz",')},{"traceId":"W47/95gDgQPSabYzgT/HAA==","spanId":"not-an-id","startTimeUnixNano":"soon","events":[{"name":"e"}]}`,
    );
    const scanned = scan(text);
    expect(scanned).toBeDefined();
    const parsed = viaParse(text);
    expect(parsed.traces[0].warnings.length).toBeGreaterThan(2);
    expectSame(scanned as DecodeResult, parsed);
  });

  it('reads a v2 partial envelope with its message', () => {
    const text = `{"trace":{"resourceSpans":${doc(span('"name":"a",')).slice(11, -1)}},"metrics":{"inspectedBytes":"1"},"status":"PARTIAL","message":"too big"}`;
    const scanned = scan(text);
    expect(scanned?.traces[0].partial).toBe('too big');
    expectSame(scanned as DecodeResult, viaParse(text));
  });

  it.each([
    ['a repeated key', doc(span('"name":"a","name":"b",'))],
    ['an escaped key', doc(span('"n\\u0061me":"a",'))],
    ['a raw newline (pretty-printed text)', doc(span('"name":"a",\n'))],
    ['a control character in a string', doc(span('"name":"a\u0001",'))],
    ['an invalid escape', doc(span('"name":"a\\q",'))],
    ['a malformed number', doc(span('"flags":01,'))],
    ['a literal misspelled', doc(span('"attributes":[{"key":"k","value":{"boolValue":tru}}],'))],
    ['a trailing comma', doc(span('"name":"a",')).replace('"}]}]}]}', '"},]}]}]}')],
    ['truncated text', doc(span('"name":"a",')).slice(0, -3)],
    ['text after the document', `${doc(span(''))} {}`],
    ['a name of another type', doc(span('"name":7,'))],
    ['another envelope', '{"data":[{"traceID":"1","spans":[]}]}'],
    ['a Jaeger error body', '{"error":{"httpCode":404,"message":"No traces found"}}'],
    ['the resource after its spans', '{"resourceSpans":[{"scopeSpans":[],"resource":{}}]}'],
  ])('leaves %s to JSON.parse + walk', (_what, text) => {
    expect(scan(text)).toBeUndefined();
  });

  it('reads its own pilot text (kept so V8 keeps the reader optimized) itself, without warnings', () => {
    const pilot = pilotResult();
    expect(pilot?.format).toBe('tempo-v2-json');
    expect(pilot?.warnings).toEqual([]);
    expect(pilot?.traces[0].counts.spans).toBe(2);
    expect(pilot?.traces[0].warnings).toEqual([]);
  });

  it('skips nesting deeper than a recursive reader could follow', () => {
    const deep = `${'{"arrayValue":{"values":['.repeat(5000)}${']}}'.repeat(5000)}`;
    const text = doc(span(`"attributes":[{"key":"k","value":${deep}}],`));
    expect(scan(text)?.traces[0].counts.spans).toBe(1);
  });
});
