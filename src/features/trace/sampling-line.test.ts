import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from '../../formats/index.ts';
import { WireWriter } from '../../formats/protobuf-writer.ts';
import { readZipkinProto3 } from '../../formats/zipkin-proto3.ts';
import { samplingSummary } from '../../worker/sampling-summary.ts';
import { samplingBadges } from './sampling-line.ts';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

interface HandSpan {
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  flags?: number;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
}

/** An OTLP/HTTP JSON export of one trace made of `spans`. */
function otlp(spans: HandSpan[]) {
  return encode({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
        scopeSpans: [
          {
            scope: { name: 'hand' },
            spans: spans.map((s, i) => ({
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              traceState: s.traceState,
              flags: s.flags,
              attributes: s.attributes ?? [],
              name: `op-${i}`,
              kind: 2,
              startTimeUnixNano: `${1700000000000000000 + i * 1000}`,
              endTimeUnixNano: '1700000000100000000',
              status: {},
            })),
          },
        ],
      },
    ],
  });
}

const summaryOf = (bytes: Uint8Array, hint?: { contentType?: string }) =>
  samplingSummary(decodeTrace(bytes, hint).traces[0]);

describe('how a trace was sampled, read in the worker', () => {
  it('reads the root’s th threshold: 5 % (th = 0.95 × 2^56, written f333333333333), each span ~20', () => {
    const s = summaryOf(
      otlp([
        { spanId: 'aaaaaaaaaaaaaaa1', traceState: 'ot=th:f333333333333;rv:abcdef01234567', flags: 0x101 },
        {
          spanId: 'aaaaaaaaaaaaaaa2',
          parentSpanId: 'aaaaaaaaaaaaaaa1',
          traceState: 'ot=th:f333333333333',
          flags: 0x301,
        },
      ]),
    );
    expect(s.method.kind).toBe('probability');
    expect(s.threshold).toBe('f333333333333');
    expect(s.notSampledSpans).toBe(0);
    expect(samplingBadges(s).map((b) => b.text)).toEqual([
      'Sampled at 5% (th=f333333333333), each span stands for ~20',
    ]);
  });

  it('takes the root’s decision when a child was sampled further down (th:c = 25 %)', () => {
    const s = summaryOf(
      otlp([
        { spanId: 'aaaaaaaaaaaaaaa2', parentSpanId: 'aaaaaaaaaaaaaaa1', traceState: 'ot=th:fd70a4' },
        { spanId: 'aaaaaaaaaaaaaaa1', traceState: 'vendor=x,ot=th:c' },
      ]),
    );
    expect(samplingBadges(s)[0].text).toBe('Sampled at 25% (th=c), each span stands for ~4');
  });

  it('counts spans sent with the sampled flag clear, and ignores flags of 0', () => {
    const s = summaryOf(
      otlp([
        { spanId: 'aaaaaaaaaaaaaaa1', flags: 0x100 },
        { spanId: 'aaaaaaaaaaaaaaa2', parentSpanId: 'aaaaaaaaaaaaaaa1', flags: 0x300 },
        { spanId: 'aaaaaaaaaaaaaaa3', parentSpanId: 'aaaaaaaaaaaaaaa1', flags: 0 },
        { spanId: 'aaaaaaaaaaaaaaa4', parentSpanId: 'aaaaaaaaaaaaaaa1', flags: 1 },
      ]),
    );
    expect(s.notSampledSpans).toBe(2);
    expect(samplingBadges(s).map((b) => b.text)).toEqual(['Sampled flag off on 2 spans']);
  });

  it('reads Jaeger sampler tags on the root', () => {
    const s = summaryOf(
      otlp([
        {
          spanId: 'aaaaaaaaaaaaaaa1',
          attributes: [
            { key: 'sampler.type', value: { stringValue: 'probabilistic' } },
            { key: 'sampler.param', value: { doubleValue: 0.001 } },
          ],
        },
      ]),
    );
    expect(samplingBadges(s)[0].text).toBe('Jaeger probabilistic 0.001 (0.1%), each trace stands for ~1,000');
  });

  it('reads Zipkin’s debug flag', () => {
    const zipkin = encode([
      {
        traceId: '5b8efff798038103',
        id: '5b8efff798038103',
        name: 'get',
        timestamp: 1700000000000000,
        duration: 5,
        debug: true,
        localEndpoint: { serviceName: 'web' },
      },
    ]);
    const s = summaryOf(zipkin, { contentType: 'application/json' });
    expect(s.debugSpans).toBe(1);
    expect(samplingBadges(s).map((b) => b.text)).toEqual(['Zipkin debug: sampling forced']);
  });

  it('says nothing when the spans cannot tell: the Jaeger fixtures (flags 1 on every span)', () => {
    const bytes = readFileSync('../shared/fixtures/jaeger/edge-cases/testTrace.json');
    const s = summaryOf(new Uint8Array(bytes));
    expect(s.method.kind).toBe('unknown');
    expect(s.notSampledSpans).toBe(0);
    expect(samplingBadges(s)).toEqual([]);
  });

  it('ignores a malformed threshold (upper-case hex)', () => {
    const s = summaryOf(otlp([{ spanId: 'aaaaaaaaaaaaaaa1', traceState: 'ot=th:F333' }]));
    expect(samplingBadges(s)).toEqual([]);
  });

  it('reads the tracestate the embedded Jaeger API writes as the w3c.tracestate tag', () => {
    const jaeger = encode({
      data: [
        {
          traceID: '5b8efff798038103d269b633813fc60c',
          spans: [
            {
              traceID: '5b8efff798038103d269b633813fc60c',
              spanID: 'aaaaaaaaaaaaaaa1',
              operationName: 'GET /',
              references: [],
              startTime: 1700000000000000,
              duration: 1000,
              flags: 1,
              tags: [{ key: 'w3c.tracestate', type: 'string', value: 'ot=th:8' }],
              processID: 'p1',
            },
          ],
          processes: { p1: { serviceName: 'web', tags: [] } },
        },
      ],
    });
    expect(samplingBadges(summaryOf(jaeger)).map((b) => b.text)).toEqual([
      'Sampled at 50% (th=8), each span stands for ~2',
    ]);
  });

  it('reads the debug flag of Zipkin proto3 (field 12)', () => {
    const w = new WireWriter();
    const span = w.beginMessage(1);
    w.bytesField(1, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    w.bytesField(3, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 9]));
    w.stringField(5, 'get');
    w.boolField(12, true);
    w.endMessage(span);
    expect(readZipkinProto3(w.finish())[0]).toMatchObject({ name: 'get', debug: true });
  });
});
