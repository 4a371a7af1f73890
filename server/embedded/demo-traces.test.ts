// The demo data is deterministic and shows the shapes the app is built to explain.

import { describe, expect, it } from 'vitest';
import { seedDemoTraces } from './demo-traces.ts';
import type { OtlpResourceSpans } from './otlp/types.ts';
import { serviceName, stringAttribute } from './otlp/types.ts';

function seed(now: number) {
  const traces: OtlpResourceSpans[][] = [];
  const result = seedDemoTraces((b) => traces.push(b), now);
  return { traces, result };
}

describe('demo traces', () => {
  const now = Date.UTC(2026, 10, 21, 12, 0, 0);
  const { traces, result } = seed(now);
  const spans = traces.flatMap((t) =>
    t.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ s, rs })))),
  );

  it('is the same every time, relative to now', () => {
    const again = seed(now + 60_000);
    expect(again.result).toEqual(result);
    const first = traces[0][0].scopeSpans[0].spans[0];
    const second = again.traces[0][0].scopeSpans[0].spans[0];
    expect(second.traceId).toBe(first.traceId);
    expect(second.startTimeUnixNano - first.startTimeUnixNano).toBe(60_000_000_000n);
  });

  it('spreads over the last hour from at least 12 services, all marked as demo data', () => {
    const services = new Set(spans.map(({ rs }) => serviceName(rs)));
    expect(services.size).toBeGreaterThanOrEqual(12);
    for (const s of [
      'gateway',
      'auth',
      'checkout',
      'payment',
      'fraud-check',
      'ml-inference',
      'inventory',
      'postgres',
      'redis',
      'notification',
    ]) {
      expect(services).toContain(s);
    }
    const nowNs = BigInt(now) * 1_000_000n;
    const starts = spans.map(({ s }) => s.startTimeUnixNano);
    expect(starts.every((t) => t >= nowNs - 3_600_000_000_000n && t <= nowNs)).toBe(true);
    expect(
      spans.every(({ rs }) =>
        rs.resource.attributes.some((a) => a.key === 'tracelight.demo' && a.value.boolValue),
      ),
    ).toBe(true);
  });

  it('has errors with exception events, a Kafka link, clock skew, orphans and two big traces', () => {
    const errors = spans.filter(({ s }) => s.status.code === 2);
    expect(errors.length).toBeGreaterThan(10);
    expect(
      errors.some(({ s }) =>
        s.events.some((e) => e.name === 'exception' && stringAttribute(e.attributes, 'exception.type')),
      ),
    ).toBe(true);
    const consumer = spans.find(({ s }) => s.kind === 5 && s.links.length > 0)!.s;
    const producer = spans.find(({ s }) => s.spanId === consumer.links[0].spanId)!.s;
    expect(producer.kind).toBe(4);
    const byId = new Map(spans.map(({ s }) => [s.spanId, s]));
    expect(
      spans.some(
        ({ s }) =>
          s.kind === 2 &&
          byId.get(s.parentSpanId) &&
          s.startTimeUnixNano < byId.get(s.parentSpanId)!.startTimeUnixNano,
      ),
    ).toBe(true);
    expect(spans.some(({ s }) => s.parentSpanId && !byId.has(s.parentSpanId))).toBe(true);
    const sizes = traces.map((t) =>
      t.reduce((n, rs) => n + rs.scopeSpans.reduce((m, ss) => m + ss.spans.length, 0), 0),
    );
    expect(sizes).toContain(5_000);
    expect(sizes).toContain(50_000);
  });
});
