import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from '../formats/index.ts';
import { isDemoTrace } from './demo-flag.ts';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** An OTLP/HTTP JSON export of one two-span trace whose resource carries `attributes`. */
function otlpTrace(attributes: Array<{ key: string; value: Record<string, unknown> }>) {
  const span = (spanId: string, parentSpanId: string, name: string) => ({
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId,
    parentSpanId,
    name,
    kind: 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000100000000',
    status: {},
  });
  return encode({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'gateway' } }, ...attributes] },
        scopeSpans: [
          {
            scope: { name: 'demo' },
            spans: [
              span('eee19b7ec3c1b174', '', 'GET /checkout'),
              span('eee19b7ec3c1b175', 'eee19b7ec3c1b174', 'auth'),
            ],
          },
        ],
      },
    ],
  });
}

describe('isDemoTrace', () => {
  it('is true when the root resource says tracelight.demo=true (as the embedded demo seeds it)', () => {
    const [trace] = decodeTrace(otlpTrace([{ key: 'tracelight.demo', value: { boolValue: true } }])).traces;
    expect(isDemoTrace(trace)).toBe(true);
  });

  it('accepts the string "true" and refuses false', () => {
    const [asString] = decodeTrace(
      otlpTrace([{ key: 'tracelight.demo', value: { stringValue: 'true' } }]),
    ).traces;
    expect(isDemoTrace(asString)).toBe(true);
    const [off] = decodeTrace(otlpTrace([{ key: 'tracelight.demo', value: { boolValue: false } }])).traces;
    expect(isDemoTrace(off)).toBe(false);
  });

  it('is false for a real recorded Tempo trace', () => {
    const body = readFileSync(
      new URL('../../../shared/fixtures/tempo/tempo-trace-v2-error-json.body', import.meta.url),
    );
    const [trace] = decodeTrace(new Uint8Array(body)).traces;
    expect(trace.counts.spans).toBeGreaterThan(1);
    expect(isDemoTrace(trace)).toBe(false);
  });
});
