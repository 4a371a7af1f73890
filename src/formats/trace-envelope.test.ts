import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  inspectJsonEnvelope,
  inspectTempoV2Protobuf,
  inspectTracesDataProtobuf,
  isTraceByIdResponse,
  topLevelJsonMembers,
} from './trace-envelope';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../shared/fixtures/${name}`, import.meta.url)));
const text = (value: string) => new TextEncoder().encode(value);
const PARTIAL = 'Trace exceeds maximum size of 200000 bytes, a partial trace is returned';

describe('trace envelope inspection', () => {
  it('reads Tempo v2 JSON: spans, no status', () => {
    expect(inspectJsonEnvelope(fixture('tempo/tempo-trace-v2-error-json.body'))).toEqual({ hasSpans: true });
  });

  it('reads Tempo v2 JSON PARTIAL from the end of a 1.2 MB body', () => {
    expect(inspectJsonEnvelope(fixture('tempo/tempo-trace-v2-partial-json.body'))).toEqual({
      hasSpans: true,
      partialMessage: PARTIAL,
    });
  });

  it('reads Tempo v2 protobuf PARTIAL', () => {
    expect(inspectTempoV2Protobuf(fixture('tempo/tempo-trace-v2-partial-protobuf.body'))).toEqual({
      hasSpans: true,
      partialMessage: PARTIAL,
    });
    expect(inspectTempoV2Protobuf(fixture('tempo/tempo-trace-v2-error-protobuf.body'))).toEqual({
      hasSpans: true,
    });
  });

  it('sees the empty v2 trace Tempo sends for an unknown ID', () => {
    expect(inspectJsonEnvelope(fixture('tempo/tempo-trace-v2-notfound.body'))).toEqual({ hasSpans: false });
    expect(inspectTempoV2Protobuf(new Uint8Array([0x0a, 0x00, 0x12, 0x00]))).toEqual({ hasSpans: false });
  });

  it('reads v1 JSON and protobuf, Jaeger envelopes', () => {
    expect(inspectJsonEnvelope(fixture('tempo/tempo-trace-v1-error-json.body'))?.hasSpans).toBe(true);
    expect(inspectTracesDataProtobuf(fixture('tempo/tempo-trace-v1-error-protobuf.body'))?.hasSpans).toBe(
      true,
    );
    expect(inspectJsonEnvelope(fixture('jaeger/api-v3/GetTrace.json'))?.hasSpans).toBe(true);
    expect(inspectJsonEnvelope(fixture('jaeger/legacy/otlp2jaeger-out.json'))?.hasSpans).toBe(true);
    expect(inspectJsonEnvelope(text('{"data":[],"errors":null}'))?.hasSpans).toBe(false);
    expect(inspectJsonEnvelope(text('{"batches":[]}'))?.hasSpans).toBe(false);
  });

  it('handles escapes, nesting and whitespace without parsing values', () => {
    const members = topLevelJsonMembers(
      text(' { "a\\"b" : "x}\\"]" , "n": -1.5e3 ,"o":{"p":[1,{"q":"}"}]}, "t": true }'),
    );
    expect([...(members?.keys() ?? [])]).toEqual(['a"b', 'n', 'o', 't']);
    const o = members?.get('o');
    expect(
      o &&
        new TextDecoder().decode(
          text(' { "a\\"b" : "x}\\"]" , "n": -1.5e3 ,"o":{"p":[1,{"q":"}"}]}, "t": true }').subarray(
            o.start,
            o.end,
          ),
        ),
    ).toBe('{"p":[1,{"q":"}"}]}');
    expect(inspectJsonEnvelope(text('{"trace":{},"status":"PARTIAL","message":"cut \\"here\\""}'))).toEqual({
      hasSpans: false,
      partialMessage: 'cut "here"',
    });
  });

  it("tells Tempo v2's TraceByIDResponse from TracesData (the protobuf decoder's choice)", () => {
    expect(isTraceByIdResponse(fixture('tempo/tempo-trace-v2-error-protobuf.body'))).toBe(true);
    expect(isTraceByIdResponse(fixture('tempo/tempo-trace-v2-partial-protobuf.body'))).toBe(true);
    expect(isTraceByIdResponse(fixture('tempo/tempo-trace-v1-error-protobuf.body'))).toBe(false);
    // status = 3 alone, an empty trace, and bytes that are not a message
    expect(isTraceByIdResponse(new Uint8Array([0x18, 0x01]))).toBe(true);
    expect(isTraceByIdResponse(new Uint8Array([0x0a, 0x00]))).toBe(true);
    expect(isTraceByIdResponse(new Uint8Array([0x0a, 0x05, 0x01]))).toBe(false);
    expect(isTraceByIdResponse(new Uint8Array(0))).toBe(false);
  });

  it('rejects what is not an envelope', () => {
    expect(inspectJsonEnvelope(text('[1,2]'))).toBeUndefined();
    expect(inspectJsonEnvelope(text('not json'))).toBeUndefined();
    expect(inspectTempoV2Protobuf(new Uint8Array([0x0a, 0x05, 0x01]))).toBeUndefined();
  });
});
