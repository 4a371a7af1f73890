import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hexToXrayTraceId, xrayFormFor, xrayTraceIdToHex } from '../model/ids.ts';
import { normalizeTraceId } from '../routes/ids.ts';
import type { OtlpJsonSpan } from './datadog.ts';
import { decodeTrace } from './index.ts';
import { secondsToNanos, xrayToOtlp } from './xray.ts';

const DIR = new URL('../../../shared/fixtures/xray/', import.meta.url);
const text = (name: string) => readFileSync(new URL(name, DIR), 'utf8');
const spansOf = (input: unknown): OtlpJsonSpan[] =>
  xrayToOtlp(input).tracesData.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
const attr = (s: OtlpJsonSpan, key: string) => s.attributes.find((a) => a.key === key)?.value;
const byName = (spans: OtlpJsonSpan[], name: string) => spans.filter((s) => s.name === name);

describe('X-Ray times', () => {
  it('turns epoch-second decimals into exact nanoseconds without float multiplication', () => {
    expect(secondsToNanos('1596566305.5928545')).toBe(1596566305592854500n);
    expect(secondsToNanos('1478293361.271')).toBe(1478293361271000000n);
    expect(secondsToNanos('1518279577')).toBe(1518279577000000000n);
    expect(secondsToNanos('1.5e9')).toBe(1500000000000000000n);
    expect(secondsToNanos('0.1234567891')).toBe(123456789n);
    // 1596566305.5928545 * 1e9 as a float is 1596566305592854528
    expect(secondsToNanos(1596566305.5928545)).toBe(1596566305592854500n);
  });
});

describe('X-Ray trace IDs', () => {
  it('maps 1-5759e988-bd862e3fe1be46a994272793 to 32 hex and back, in the open box form too', () => {
    expect(xrayTraceIdToHex('1-5759e988-bd862e3fe1be46a994272793')).toBe('5759e988bd862e3fe1be46a994272793');
    expect(normalizeTraceId(' 1-5759E988-bd862e3fe1be46a994272793 ')).toBe(
      '5759e988bd862e3fe1be46a994272793',
    );
    expect(hexToXrayTraceId('5759e988bd862e3fe1be46a994272793')).toBe('1-5759e988-bd862e3fe1be46a994272793');
    expect(normalizeTraceId('2-5759e988-bd862e3fe1be46a994272793')).toBeUndefined();
  });

  it('shows the X-Ray form for X-Ray files and for IDs whose first 8 hex are the start in epoch seconds', () => {
    const hex = '5759e988bd862e3fe1be46a994272793';
    expect(xrayFormFor(hex, true, '0')).toBe('1-5759e988-bd862e3fe1be46a994272793');
    const start = `${0x5759e988 + 3}000000000`;
    expect(xrayFormFor(hex, false, start)).toBe('1-5759e988-bd862e3fe1be46a994272793');
    expect(xrayFormFor('4bf92f3577b34da6a3ce929d0e0e4736', false, start)).toBeUndefined();
    expect(xrayFormFor('5759e98800000000000000000000002a', false, start)).toBeUndefined();
  });
});

describe('X-Ray decoder on the recorded samples', () => {
  it('ddbSample: every subsegment is a child span, with fault, exceptions, aws, annotations and metadata', () => {
    const spans = spansOf(text('otelcol_ddbSample.txt'));
    const count = (text('otelcol_ddbSample.txt').match(/"id": "[0-9a-f]{16}",\s*"name"/g) ?? []).length;
    expect(spans.length).toBe(count);
    const root = spans[0];
    expect(root.traceId).toBe('5f29ab21d4ebf299219a65bd5c31d6da');
    expect(root.parentSpanId).toBe('');
    expect(root.kind).toBe(2);
    expect(root.startTimeUnixNano).toBe('1596566305535414000');
    expect(root.endTimeUnixNano).toBe('1596566305592854500');
    expect(root.status).toEqual({
      code: 2,
      message: 'ResourceNotFoundException: Requested resource not found',
    });
    expect(root.events[0].name).toBe('exception');
    expect(root.events[0].timeUnixNano).toBe(root.endTimeUnixNano);
    expect(root.events[0].attributes).toContainEqual({
      key: 'exception.type',
      value: { stringValue: 'dynamodb.ResourceNotFoundException' },
    });
    expect(root.events[0].attributes).toContainEqual({
      key: 'exception.stacktrace',
      value: { stringValue: 'main (runtime/proc.go:203)\ngoexit (runtime/asm_amd64.s:1373)' },
    });
    expect(attr(root, 'telemetry.sdk.name')).toEqual({ stringValue: 'X-Ray for Go' });
    expect(attr(root, 'enduser.id')).toEqual({ stringValue: 'xraysegmentdump' });
    const child = byName(spans, 'DDB.DescribeExistingTableAndPutToMissingTable')[0];
    expect(child.parentSpanId).toBe(root.spanId);
    expect(child.traceId).toBe(root.traceId);
    expect(attr(child, 'aws.xray.metadata.default')).toEqual({
      stringValue: '{"DDB.DescribeExistingTableAndPutToMissingTable.AddMetadata":"meta"}',
    });
    expect(attr(child, 'DDB.DescribeExistingTableAndPutToMissingTable.Annotation')).toEqual({
      stringValue: 'anno',
    });
    const dynamo = byName(spans, 'dynamodb');
    expect(dynamo.length).toBe(2);
    for (const d of dynamo) {
      expect(d.kind).toBe(3);
      expect(attr(d, 'rpc.system')).toEqual({ stringValue: 'aws-api' });
      expect(JSON.stringify(attr(d, 'aws.request_id'))).toMatch(/^{"stringValue":"[A-Z0-9]+"}$/);
      expect(attr(d, 'aws.dynamodb.table_names')).toBeDefined();
    }
    expect(dynamo.map((d) => attr(d, 'rpc.method'))).toEqual([
      { stringValue: 'DescribeTable' },
      { stringValue: 'PutItem' },
    ]);
    expect(attr(dynamo[0], 'http.response.status_code')).toEqual({ intValue: '200' });
    const result = decodeTrace(text('otelcol_ddbSample.txt'), { fileName: 'ddbSample.txt' });
    expect(result.format).toBe('xray-json');
    expect(result.traces[0].counts.spans).toBe(count);
    expect(result.traces[0].startNs).toBe(1596566305535414000n);
  });

  it('serverSample: http.request/response under OpenTelemetry names', () => {
    const [s] = spansOf(text('otelcol_serverSample.txt'));
    expect(attr(s, 'http.request.method')).toEqual({ stringValue: 'GET' });
    expect(attr(s, 'url.full')).toEqual({ stringValue: 'http://localhost:8000/' });
    expect(attr(s, 'client.address')).toEqual({ stringValue: '127.0.0.1' });
    expect(attr(s, 'user_agent.original')).toEqual({ stringValue: 'Go-http-client/1.1' });
    expect(attr(s, 'aws.xray.http.request.x_forwarded_for')).toEqual({ boolValue: true });
    expect(attr(s, 'http.response.status_code')).toEqual({ intValue: '200' });
    expect(s.status.code).toBe(0);
  });

  it('awsValidAwsFields: ec2, ecs, elastic_beanstalk and account_id as resource-like attributes', () => {
    const [s] = spansOf(text('otelcol_awsValidAwsFields.txt'));
    expect(attr(s, 'host.id')).toEqual({ stringValue: 'i-075ad396f12bc325a' });
    expect(attr(s, 'cloud.availability_zone')).toEqual({ stringValue: 'us-west-2c' });
    expect(attr(s, 'container.name')).toEqual({ stringValue: 'containerId1234' });
    expect(attr(s, 'deployment.environment.name')).toEqual({ stringValue: 'scorekeep' });
    expect(attr(s, 'cloud.account.id')).toEqual({ stringValue: '620297135128' });
    expect(attr(s, 'aws.elastic_beanstalk.deployment_id')).toEqual({ intValue: '32' });
  });

  it('indepSubsegment: a separately sent remote subsegment keeps its parent_id and is a client call', () => {
    const [s] = spansOf(text('otelcol_indepSubsegment.txt'));
    expect(s.parentSpanId).toBe('defdfd9912dc5a56');
    expect(s.kind).toBe(3);
    expect(attr(s, 'http.response.body.size')).toEqual({ intValue: '861' });
    expect(s.endTimeUnixNano).toBe('1478293361449000000');
  });

  it('minInProgress: an in-progress segment opens, flagged, with no end', () => {
    const [s] = spansOf(text('otelcol_minInProgress.txt'));
    expect(attr(s, 'aws.xray.in_progress')).toEqual({ boolValue: true });
    expect(s.endTimeUnixNano).toBe(s.startTimeUnixNano);
    expect(xrayToOtlp(text('otelcol_minInProgress.txt')).warnings).toEqual([]);
  });

  it('minCauseIsExceptionId: fault with a cause that is an exception ID', () => {
    const [s] = spansOf(text('otelcol_minCauseIsExceptionId.txt'));
    expect(s.status).toEqual({ code: 2, message: 'fault' });
    expect(attr(s, 'aws.xray.cause.exception_id')).toEqual({ stringValue: 'abcdefghijklmnop' });
  });

  it('minOtherFields: throttle is an error, error:false is kept, resource_arn and origin', () => {
    const [s] = spansOf(text('otelcol_minOtherFields.txt'));
    expect(s.status).toEqual({ code: 2, message: 'throttle' });
    expect(attr(s, 'aws.xray.throttle')).toEqual({ boolValue: true });
    expect(attr(s, 'aws.xray.error')).toEqual({ boolValue: false });
    expect(attr(s, 'cloud.resource_id')).toEqual({ stringValue: 'chicken' });
    expect(attr(s, 'aws.xray.origin')).toEqual({ stringValue: 'AWS::EC2::Instance' });
    expect(s.parentSpanId).toBe('defdfd9912dc5a56');
  });

  it('segmentValidationFailed: a segment with no start_time is refused with a warning', () => {
    const result = decodeTrace(text('otelcol_segmentValidationFailed.txt'));
    expect(result.traces.length).toBe(0);
    expect(result.warnings.map((w) => w.message).join()).toMatch(/no start_time/);
  });

  it('veneur daemon format: the header line is skipped and the segment read, annotations as attributes', () => {
    const result = decodeTrace(text('veneur_xray_segment.json'), { fileName: 'xray_segment.json' });
    expect(result.traces.length).toBe(1);
    expect(result.traces[0].traceId).toBe('5a7f1b00000000003fdd0f60394d200c');
    expect(result.warnings).toEqual([]);
    const [s] = spansOf(JSON.parse(text('veneur_xray_segment.json').split('\n')[1]));
    expect(attr(s, 'mind')).toEqual({ stringValue: 'crystal' });
    expect(attr(s, 'aws.xray.metadata.feelings')).toEqual({ stringValue: 'magenta' });
    expect(s.startTimeUnixNano).toBe('1518279577000000000');
  });

  it('BatchGetTraces: Segments[].Document strings, joined across segments by parent_id', () => {
    const server = text('otelcol_serverSample.txt');
    const downstream = JSON.stringify({
      trace_id: '1-5f2aebcc-b475d14618c51eaa28753d37',
      id: '0000000000000abc',
      parent_id: 'bda182a644eee9b3',
      name: 'Backend',
      start_time: 1596648396.64,
      end_time: 1596648396.6401,
    });
    const body = JSON.stringify({
      Traces: [
        {
          Id: '1-5f2aebcc-b475d14618c51eaa28753d37',
          Segments: [
            { Id: 'bda182a644eee9b3', Document: server },
            { Id: '0000000000000abc', Document: downstream },
          ],
        },
      ],
      UnprocessedTraceIds: [],
    });
    const result = decodeTrace(body, { fileName: 'batch-get-traces.json' });
    expect(result.format).toBe('xray-json');
    expect(result.traces.length).toBe(1);
    const t = result.traces[0];
    expect(t.counts.spans).toBe(2);
    expect(t.table.parent[1]).toBe(0);
    expect(t.table.strings[t.table.service[1]]).toBe('Backend');
  });
});
