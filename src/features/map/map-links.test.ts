import { describe, expect, it } from 'vitest';
import type { DatasourceInfo } from '../../datasources/config';
import { parseTraceQL } from '../../traceql/parser';
import { callTraceQL, edgeSearchPath, nodePath, TRACEQL_MAP_QUERIES, traceDatasourceFor } from './map-links';

const ds = (d: Partial<DatasourceInfo> & Pick<DatasourceInfo, 'name' | 'type'>): DatasourceInfo =>
  ({ displayName: d.name, default: false, embedded: false, links: [], ...d }) as DatasourceInfo;
const RANGE = { from: { kind: 'relative', expr: 'now-1h' }, to: { kind: 'relative', expr: 'now' } } as const;

describe('map links', () => {
  it('asks for the pair as the issue writes it, quoting names, and every query parses', () => {
    expect(callTraceQL({ client: 'gateway', server: 'check"out', connectionType: '' })).toBe(
      '{ resource.service.name = "gateway" && kind = client } >> { resource.service.name = "check\\"out" && kind = server }',
    );
    for (const connectionType of ['', 'messaging_system', 'database', 'virtual_node']) {
      for (const client of ['user', 'shop']) {
        const q = callTraceQL({ client, server: 'pay', connectionType });
        expect(() => parseTraceQL(q), q).not.toThrow();
      }
    }
    expect(callTraceQL({ client: 'user', server: 'gateway', connectionType: 'virtual_node' })).toBe(
      '{ resource.service.name = "gateway" && kind = server }',
    );
  });

  it('builds TraceQL metrics queries that parse, quoting the client service', () => {
    const q = TRACEQL_MAP_QUERIES.forClient('we"ird');
    expect(q.requests).toBe(
      '{ resource.service.name = "we\\"ird" && (kind = client || kind = producer) } > { (kind = server || kind = consumer) } | rate() by (resource.service.name)',
    );
    for (const text of [
      TRACEQL_MAP_QUERIES.clients,
      TRACEQL_MAP_QUERIES.serverP95,
      q.requests,
      q.failed,
      q.p95,
    ]) {
      expect(() => parseTraceQL(text), text).not.toThrow();
    }
  });

  it('searches with TraceQL on Tempo and by service on Jaeger; a node opens its services row', () => {
    const tempo = ds({ name: 'local', type: 'tempo' });
    const jaeger = ds({ name: 'jaeger', type: 'jaeger' });
    const edge = { client: 'gateway', server: 'checkout', connectionType: '', serverVirtual: false };
    expect(edgeSearchPath(edge, tempo, RANGE)).toMatch(/^\/search\?ds=local&q=%7B\+resource\.service\.name/);
    expect(edgeSearchPath(edge, jaeger, RANGE)).toBe('/search?ds=jaeger&service=checkout');
    expect(edgeSearchPath({ ...edge, server: 'stripe', serverVirtual: true }, jaeger, RANGE)).toBe(
      '/search?ds=jaeger&service=gateway',
    );
    expect(nodePath('checkout', tempo, RANGE)).toBe('/services?ds=local&service=checkout');
    expect(nodePath('checkout', jaeger, RANGE)).toBe('/search?ds=jaeger&service=checkout');
  });

  it('searches a Prometheus map in the trace datasource that names it', () => {
    const prom = ds({ name: 'prom', type: 'prometheus' });
    const all = [
      ds({ name: 'a', type: 'tempo', default: true }),
      ds({ name: 'b', type: 'tempo', metrics: { datasource: 'prom' } as DatasourceInfo['metrics'] }),
      prom,
    ];
    const isTrace = (d: DatasourceInfo) => d.type !== 'prometheus';
    expect(traceDatasourceFor(prom, all, isTrace)?.name).toBe('b');
    expect(traceDatasourceFor(ds({ name: 'other', type: 'prometheus' }), all, isTrace)?.name).toBe('a');
  });
});
