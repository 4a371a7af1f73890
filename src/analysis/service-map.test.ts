import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorShare, histogramQuantile, type MapEdge, serviceMapOf } from './service-map.ts';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(
      new URL(`../../../shared/fixtures/prometheus/servicegraph/${name}.body`, import.meta.url),
      'utf8',
    ),
  ) as {
    data: { result: { metric: Record<string, string>; values: [number, string][] }[] };
  };

describe('histogramQuantile', () => {
  it("gives Prometheus' own p90 answers from the recorded bucket rates, at every step of every edge", () => {
    const buckets = fixture('request-server-seconds-bucket-rate5m-by-client-server-le');
    const p90 = fixture('request-server-seconds-p90-rate5m-by-client-server');
    const byStep = new Map<string, [number, number][]>();
    for (const s of buckets.data.result) {
      const le = s.metric.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.metric.le);
      for (const [t, v] of s.values) {
        const key = `${s.metric.client}>${s.metric.server}@${t}`;
        const list = byStep.get(key) ?? [];
        list.push([le, Number(v)]);
        byStep.set(key, list);
      }
    }
    let compared = 0;
    let numbers = 0;
    for (const s of p90.data.result) {
      for (const [t, v] of s.values) {
        const ours = histogramQuantile(0.9, byStep.get(`${s.metric.client}>${s.metric.server}@${t}`) ?? []);
        compared++;
        if (v === 'NaN') expect(ours).toBeUndefined();
        else {
          numbers++;
          expect(ours).toBeCloseTo(Number(v), 9);
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(numbers).toBeGreaterThan(50);
  });

  it('reads the highest finite bound when the rank falls in +Inf, and nothing without +Inf or counts', () => {
    expect(
      histogramQuantile(0.95, [
        [0.1, 1],
        [0.2, 2],
        [Number.POSITIVE_INFINITY, 10],
      ]),
    ).toBe(0.2);
    expect(histogramQuantile(0.5, [[0.1, 3]])).toBeUndefined();
    expect(histogramQuantile(0.5, [[Number.POSITIVE_INFINITY, 0]])).toBeUndefined();
    // Inside the first bucket: from 0 to its bound.
    expect(
      histogramQuantile(0.5, [
        [0.1, 4],
        [Number.POSITIVE_INFINITY, 4],
      ]),
    ).toBeCloseTo(0.05, 12);
  });
});

describe('serviceMapOf', () => {
  const edge = (
    client: string,
    server: string,
    connectionType: string,
    rate: number,
    failedRate?: number,
  ): MapEdge => ({
    client,
    server,
    connectionType,
    rate,
    failedRate,
    p95Seconds: undefined,
  });

  it('gives each node the rate and failures of the edges into it, and marks user, peers and databases virtual', () => {
    const map = serviceMapOf(
      [
        edge('user', 'frontend', 'virtual_node', 2, 0.5),
        edge('frontend', 'checkout', '', 1, 0.25),
        edge('batch', 'checkout', '', 1, 0),
        edge('checkout', 'postgres', 'database', 0.5, 0),
        edge('checkout', 'stripe', 'virtual_node', 0.5, 0.1),
        edge('checkout', 'kafka-consumer', 'messaging_system', 0.5, 0),
      ],
      new Map([['checkout', 0.12]]),
    );
    const node = (id: string) => map.nodes.find((n) => n.id === id);
    expect(map.nodes.map((n) => n.id)).toEqual([
      'batch',
      'checkout',
      'frontend',
      'kafka-consumer',
      'postgres',
      'stripe',
      'user',
    ]);
    expect(node('checkout')).toEqual({
      id: 'checkout',
      virtual: false,
      rate: 2,
      failedRate: 0.25,
      p95Seconds: 0.12,
    });
    expect(node('user')?.virtual).toBe(true);
    expect(node('frontend')?.virtual).toBe(false);
    expect(node('postgres')?.virtual).toBe(true);
    expect(node('stripe')?.virtual).toBe(true);
    expect(node('kafka-consumer')?.virtual).toBe(false);
    expect(node('batch')).toMatchObject({ rate: 0, virtual: false });
    expect(errorShare(node('checkout') ?? { rate: 0, failedRate: 0 })).toBe(0.125);
  });

  it('keeps failures unknown when a source does not know them (Jaeger dependencies)', () => {
    const map = serviceMapOf([edge('a', 'b', '', 3)]);
    expect(map.nodes.find((n) => n.id === 'b')?.failedRate).toBeUndefined();
    expect(errorShare(map.edges[0])).toBeUndefined();
  });
});
