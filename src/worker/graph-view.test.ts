import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { criticalPath } from '../analysis/index.ts';
import { decodeTrace } from '../formats/index.ts';
import { graphView } from './graph-view.ts';

const kafka = () =>
  decodeTrace(
    readFileSync(
      new URL('../../../shared/fixtures/tempo/tempo-trace-v2-kafka-sametrace-json.body', import.meta.url),
    ),
  ).traces[0];

describe('graphView', () => {
  it('lays out every service of the Kafka trace apart, callers left of callees, the same on every run', () => {
    const trace = kafka();
    const view = graphView(trace, criticalPath(trace), false);
    const at = Object.fromEntries(view.nodes.map((n) => [n.id, n]));
    expect(Object.keys(at).sort()).toEqual([
      'checkout',
      'notification',
      'order-worker',
      'postgres',
      'smtp',
      'user',
    ]);
    expect(at.user.x).toBeLessThan(at.checkout.x);
    expect(at.checkout.x).toBeLessThan(at['order-worker'].x);
    expect(at['order-worker'].x).toBeLessThan(at.notification.x);
    const places = new Set(view.nodes.map((n) => `${n.x},${n.y}`));
    expect(places.size).toBe(view.nodes.length);
    for (const edge of view.edges) expect(edge.points.length).toBeGreaterThanOrEqual(4);
    const again = graphView(trace, criticalPath(trace), false);
    expect(again.nodes.map((n) => [n.x, n.y])).toEqual(view.nodes.map((n) => [n.x, n.y]));
  });

  it('lists the calls of an edge with their rows', () => {
    const trace = kafka();
    const view = graphView(trace, criticalPath(trace), false);
    const edge = view.edges.find(
      (e) => view.nodes[e.from].id === 'checkout' && view.nodes[e.to].id === 'order-worker',
    );
    expect(edge?.connectionType).toBe('messaging_system');
    expect(edge?.listed).toHaveLength(1);
    const call = edge?.listed[0];
    expect(trace.table.strings[trace.table.name[call?.clientRow ?? 0]]).toBe('orders publish');
    expect(trace.table.strings[trace.table.name[call?.serverRow ?? 0]]).toBe('orders process');
  });
});
