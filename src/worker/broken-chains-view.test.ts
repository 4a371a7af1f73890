import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from '../formats/index.ts';
import { brokenChainsOf } from './broken-chains-view.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';
const at = (ms: number) => (1_700_000_000_000n * 1_000_000n + BigInt(ms) * 1_000_000n).toString();
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** OTLP JSON as a collector sends it: a checkout calling payments, whose server span lost its parent. */
function body(traceState: string): Uint8Array {
  const resource = (service: string) => ({ attributes: [str('service.name', service)] });
  return new TextEncoder().encode(
    JSON.stringify({
      resourceSpans: [
        {
          resource: resource('checkout'),
          scopeSpans: [
            {
              spans: [
                {
                  traceId: TRACE,
                  spanId: '0000000000000001',
                  name: 'POST /checkout',
                  kind: 2,
                  startTimeUnixNano: at(0),
                  endTimeUnixNano: at(400),
                },
                {
                  traceId: TRACE,
                  spanId: '0000000000000002',
                  parentSpanId: '0000000000000001',
                  name: 'charge',
                  kind: 3,
                  startTimeUnixNano: at(50),
                  endTimeUnixNano: at(350),
                  attributes: [str('server.address', 'payments.internal')],
                },
              ],
            },
          ],
        },
        {
          resource: resource('payments'),
          scopeSpans: [
            {
              spans: [
                {
                  traceId: TRACE,
                  spanId: '0000000000000003',
                  parentSpanId: '00000000000000ff',
                  traceState,
                  name: 'authorize',
                  kind: 2,
                  startTimeUnixNano: at(100),
                  endTimeUnixNano: at(300),
                },
              ],
            },
          ],
        },
      ],
    }),
  );
}

describe('broken chains read from the worker’s details', () => {
  it('explains the orphan from its parent ID, the call around it and its tracestate', () => {
    const [trace] = decodeTrace(body('ot=th:c;rv:12345678901234,vendor=x')).traces;
    const chains = brokenChainsOf(trace, 1_700_000_000_000 + 3_600_000);
    expect(chains.orphans).toHaveLength(1);
    const o = chains.orphans[0];
    expect(trace.table.strings[trace.table.name[o.row]]).toBe('authorize');
    expect(o.parentSpanId).toBe('00000000000000ff');
    expect(o.caller === undefined ? '' : trace.table.strings[trace.table.name[o.caller]]).toBe('charge');
    expect(o.callerPeer).toBe('payments.internal');
    expect(o.causes).toEqual(['sampled-out', 'propagation-broke']);
    expect(chains.missingCallees.map((m) => m.peer)).toEqual(['payments.internal']);
    expect(chains.roots.map((r) => r.size).sort()).toEqual([1, 2]);
  });

  it('puts "still arriving" first for a trace that ended moments ago, and no sampling without its tracestate', () => {
    const [trace] = decodeTrace(body('')).traces;
    const chains = brokenChainsOf(trace, 1_700_000_000_000 + 5_000);
    expect(chains.orphans[0].causes).toEqual(['still-arriving', 'propagation-broke']);
  });
});

describe("Zipkin's recorded Kafka messaging trace", () => {
  it('claims no broken chain: producers sending to Kafka are not calls without a callee', () => {
    const bytes = readFileSync(
      new URL('../../../shared/fixtures/zipkin/messaging-kafka.json', import.meta.url),
    );
    const traces = decodeTrace(bytes).traces;
    expect(traces.length).toBeGreaterThan(0);
    for (const trace of traces) {
      const chains = brokenChainsOf(trace, Date.now());
      expect(chains.orphans).toEqual([]);
      expect(chains.missingCallees).toEqual([]);
      expect(chains.roots).toEqual([]);
    }
  });
});
