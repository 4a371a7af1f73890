import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { encodeOtlpProtobuf, generateTrace } from '../../bench/generate.ts';
import { bytesToHex } from '../model/ids.ts';
import type { AttributeValue } from '../model/types.ts';
import { decodeTrace } from './index.ts';
import { fixture, rowsById } from './testing/fixtures.ts';

// The oracle: protobufjs with OTLP's trace .proto (opentelemetry-proto v1), independent of our reader.
const PROTO = `
syntax = "proto3";
package otlp;
message TracesData { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5;
  int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10;
  repeated Event events = 11; uint32 dropped_events_count = 12; repeated Link links = 13;
  uint32 dropped_links_count = 14; Status status = 15; fixed32 flags = 16;
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
  message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; }
}
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message Trace { repeated ResourceSpans batches = 1; }
message TraceByIDResponse { Trace trace = 1; int32 status = 3; string message = 4; }
`;
const root = protobuf.parse(PROTO, { keepCase: false }).root;
const TracesData = root.lookupType('otlp.TracesData');
const TraceByIDResponse = root.lookupType('otlp.TraceByIDResponse');

interface OracleValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values?: OracleValue[] };
}
interface OracleSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId?: Uint8Array;
  name: string;
  kind?: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: { key: string; value: OracleValue }[];
  events?: { timeUnixNano: string; name: string }[];
  status?: { code?: number; message?: string };
}
interface OracleData {
  resourceSpans: {
    resource?: { attributes?: { key: string; value: OracleValue }[] };
    scopeSpans: { spans: OracleSpan[] }[];
  }[];
}

function oracleValue(v: OracleValue): AttributeValue {
  if (v.stringValue !== undefined) return { type: 'string', value: v.stringValue };
  if (v.boolValue !== undefined) return { type: 'bool', value: v.boolValue };
  if (v.intValue !== undefined) return { type: 'int', value: String(v.intValue) };
  if (v.doubleValue !== undefined) return { type: 'double', value: v.doubleValue };
  if (v.arrayValue) return { type: 'array', value: (v.arrayValue.values ?? []).map(oracleValue) };
  return { type: 'empty' };
}

function compareWithOracle(bytes: Uint8Array, data: OracleData): void {
  const result = decodeTrace(bytes);
  expect(result.error).toBeUndefined();
  const trace = result.traces[0];
  const spans = data.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ s, rs }))),
  );
  expect(trace.counts.spans).toBe(spans.length);
  const rows = rowsById(trace);
  for (const { s, rs } of spans) {
    const id = bytesToHex(s.spanId);
    const row = (rows.get(id) ?? [])[0];
    expect(row, id).toBeDefined();
    const d = trace.details.get(row);
    expect(d.traceId).toBe(bytesToHex(s.traceId));
    expect(d.parentSpanId).toBe(s.parentSpanId?.length ? bytesToHex(s.parentSpanId) : '');
    expect(d.name).toBe(s.name);
    expect(d.kind).toBe(s.kind ?? 0);
    expect(d.status).toBe(s.status?.code ?? 0);
    expect(d.statusMessage).toBe(s.status?.message ?? '');
    expect(d.startUnixNano).toBe(String(s.startTimeUnixNano));
    expect(BigInt(d.startUnixNano) + BigInt(d.duration)).toBe(BigInt(String(s.endTimeUnixNano)));
    expect(d.attributes).toEqual(
      (s.attributes ?? []).map((a) => ({ key: a.key, value: oracleValue(a.value) })),
    );
    expect(d.resource.attributes).toEqual(
      (rs.resource?.attributes ?? []).map((a) => ({ key: a.key, value: oracleValue(a.value) })),
    );
    expect(d.events.map((e) => [trace.startNs + BigInt(e.time), e.name])).toEqual(
      (s.events ?? []).map((e) => [BigInt(String(e.timeUnixNano)), e.name]),
    );
  }
}

const toObject = { longs: String, bytes: Array, defaults: false } as const;

describe('protobuf reader against protobufjs', () => {
  it.each(['mixed', 'chain', 'wide', 'sequential'] as const)('agrees on a generated %s trace', (shape) => {
    const bytes = encodeOtlpProtobuf(generateTrace(shape, 400, 5).resourceSpans);
    const decoded = TracesData.toObject(TracesData.decode(bytes), {
      ...toObject,
      bytes: Uint8Array as never,
    }) as unknown as OracleData;
    compareWithOracle(bytes, decoded);
  });

  it('agrees on the recorded Tempo v2 protobuf (TraceByIDResponse)', () => {
    const bytes = new Uint8Array(fixture('tempo/tempo-trace-v2-error-protobuf.body'));
    const msg = TraceByIDResponse.toObject(TraceByIDResponse.decode(bytes), {
      ...toObject,
      bytes: Uint8Array as never,
    }) as unknown as {
      trace: { batches: OracleData['resourceSpans'] };
    };
    compareWithOracle(bytes, { resourceSpans: msg.trace.batches });
    const trace = decodeTrace(bytes).traces[0];
    expect(rowsById(trace).size).toBe(trace.counts.spans);
  });

  it('agrees on the recorded Tempo v1 protobuf (TracesData)', () => {
    const bytes = new Uint8Array(fixture('tempo/tempo-trace-v1-error-protobuf.body'));
    compareWithOracle(
      bytes,
      TracesData.toObject(TracesData.decode(bytes), {
        ...toObject,
        bytes: Uint8Array as never,
      }) as unknown as OracleData,
    );
  });
});
