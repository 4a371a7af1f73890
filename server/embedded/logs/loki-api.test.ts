// The Loki API against Loki's own answers: a store is loaded with the entries of the recorded
// responses (stream labels, structured metadata, line), the recorded queries are run again, and
// the results must equal what Loki returned — with and without categorize-labels.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InProcessRequest } from '../../gateway/in-process.ts';
import { LogStore } from './log-store.ts';
import { LokiApi } from './loki-api.ts';

const dir = new URL('../../../../shared/fixtures/loki/', import.meta.url);
const body = (name: string) => readFileSync(new URL(`${name}.body`, dir), 'utf8');
const recordedUrl = (name: string) => new URL(readFileSync(new URL(`${name}.url`, dir), 'utf8').trim());

type Value = [
  string,
  string,
  { structuredMetadata?: Record<string, string>; parsed?: Record<string, string> }?,
];
interface Stream {
  stream: Record<string, string>;
  values: Value[];
}
const result = (name: string): Stream[] => JSON.parse(body(name)).data.result;

const STREAM_LABELS = new Set(['env', 'job', 'namespace', 'service_name']);

/** Entries of the categorize-labels recording: its categories are explicit. */
function categorizedEntries() {
  return result('loki-query-range-traceid-categorize-labels').flatMap((s) =>
    s.values.map(([ts, line, extra]) => ({
      labels: new Map(Object.entries(s.stream)),
      entries: [
        { tsNs: BigInt(ts), line, metadata: new Map(Object.entries(extra?.structuredMetadata ?? {})) },
      ],
    })),
  );
}

/** Entries of the logfmt recording: trace_id/span_id were metadata exactly when Loki renamed the parsed ones. */
function logfmtEntries() {
  return result('loki-query-range-logfmt-parser-errors').flatMap((s) =>
    s.values.map(([ts, line]) => {
      const labels = new Map<string, string>();
      const metadata = new Map<string, string>([['detected_level', s.stream.detected_level]]);
      for (const [k, v] of Object.entries(s.stream)) if (STREAM_LABELS.has(k)) labels.set(k, v);
      if (s.stream.trace_id_extracted) metadata.set('trace_id', s.stream.trace_id);
      if (s.stream.span_id_extracted) metadata.set('span_id', s.stream.span_id);
      return { labels, entries: [{ tsNs: BigInt(ts), line, metadata }] };
    }),
  );
}

function api(): LokiApi {
  const store = new LogStore();
  store.push(categorizedEntries());
  store.push(logfmtEntries());
  return new LokiApi(store, () => 1795303191000000000n);
}

function replay(name: string, headers: Record<string, string> = {}): InProcessRequest {
  const url = recordedUrl(name);
  return {
    method: 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers,
    signal: new AbortController().signal,
  };
}

async function answer(req: InProcessRequest) {
  const res = await api().handle(req);
  return { status: res.status, headers: res.headers ?? {}, text: String(res.body) };
}

const CATEGORIZE = { 'x-loki-response-encoding-flags': 'categorize-labels' };

describe('Loki API against the recordings', () => {
  it('categorize-labels: streams by stream labels, structuredMetadata and parsed (with _extracted) per value', async () => {
    const got = await answer(replay('loki-query-range-traceid-categorize-labels', CATEGORIZE));
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/json; charset=UTF-8');
    const doc = JSON.parse(got.text);
    const recorded = JSON.parse(body('loki-query-range-traceid-categorize-labels'));
    expect(Object.keys(doc.data)).toEqual(Object.keys(recorded.data));
    expect(doc.status).toBe('success');
    expect(doc.data.encodingFlags).toEqual(['categorize-labels']);
    expect(doc.data.result).toEqual(recorded.data.result);
  });

  it('without the flag: metadata merged into the labels, one stream per distinct label set', async () => {
    // Same query as the line-filter recording, limited to the 20 entries the store holds.
    const req = replay('loki-query-range-traceid-line-filter');
    req.query.set('limit', '20');
    const doc = JSON.parse((await answer(req)).text);
    const held = new Set(categorizedEntries().map((s) => String(s.entries[0].tsNs)));
    const expected = result('loki-query-range-traceid-line-filter')
      .map((s) => ({ stream: s.stream, values: s.values.filter(([ts]) => held.has(ts)) }))
      .filter((s) => s.values.length > 0);
    expect(doc.data.result).toEqual(expected);
    expect(doc.data.encodingFlags).toBeUndefined();
  });

  it('structured-metadata filter | trace_id="…" with a regex selector', async () => {
    const doc = JSON.parse((await answer(replay('loki-query-range-traceid-structured-metadata'))).text);
    const held = new Set(categorizedEntries().map((s) => String(s.entries[0].tsNs)));
    const expected = result('loki-query-range-traceid-structured-metadata')
      .map((s) => ({ stream: s.stream, values: s.values.filter(([ts]) => held.has(ts)) }))
      .filter((s) => s.values.length > 0);
    expect(expected.length).toBeGreaterThan(3);
    expect(doc.data.result).toEqual(expected);
  });

  it('| logfmt | level="error", backward, limit 50: the same streams and values as Loki', async () => {
    const doc = JSON.parse((await answer(replay('loki-query-range-logfmt-parser-errors'))).text);
    expect(doc.data.result).toEqual(result('loki-query-range-logfmt-parser-errors'));
  });

  it('labels and label values', async () => {
    expect((await answer(replay('loki-labels'))).text).toBe(body('loki-labels'));
    const values = JSON.parse((await answer(replay('loki-label-service-name-values'))).text);
    const recorded = JSON.parse(body('loki-label-service-name-values'));
    expect(values.status).toBe('success');
    expect(values.data.length).toBeGreaterThan(3);
    for (const v of values.data) expect(recorded.data).toContain(v);
    expect(values.data).toEqual([...values.data].sort());
    expect((await answer(replay('loki-label-unknown-values'))).text).toBe(body('loki-label-unknown-values'));
  });

  it("answers Loki's 400s in Loki's plain-text form", async () => {
    for (const name of [
      'loki-query-range-invalid',
      'loki-query-range-no-selector',
      'loki-query-instant-streams',
    ]) {
      const got = await answer(replay(name));
      expect(got.status, name).toBe(400);
      expect(got.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(got.text, name).toBe(body(name));
    }
  });

  it('/ready', async () => {
    expect((await answer(replay('loki-ready'))).text).toBe(body('loki-ready'));
  });

  it('refuses LogQL outside the subset with a 400 that names it', async () => {
    const cases: [string, RegExp][] = [
      ['sum by (service_name) (count_over_time({env="prod"}[1m]))', /metric query function sum\(\)/],
      ['{env="prod"} | line_format "{{.msg}}"', /\| line_format/],
      ['{env="prod"} |= "a" or "b"', /`or` between line filters/],
      ['{env="prod"} | json | duration > 10ms', /duration and byte comparisons/],
      ['{env="prod"} | pattern "<ip> <_>"', /\| pattern/],
      ['{env="prod"} | level="error" or level="warn"', /`or` between label filters/],
    ];
    for (const [query, message] of cases) {
      const req = replay('loki-query-range-service-payment');
      req.query.set('query', query);
      const got = await answer(req);
      expect(got.status, query).toBe(400);
      expect(got.text, query).toMatch(message);
      expect(got.text).toMatch(/not supported by Tracelight's embedded Loki API/);
    }
  });

  it('times as nanoseconds, float seconds and RFC 3339 select the same window', async () => {
    const run = async (start: string, end: string) => {
      const req = replay('loki-query-range-logfmt-parser-errors');
      req.query.set('start', start);
      req.query.set('end', end);
      return JSON.parse((await answer(req)).text).data.result.length as number;
    };
    const ns = await run('1795301600000000000', '1795302000000000000');
    expect(ns).toBeGreaterThan(0);
    expect(ns).toBeLessThan(result('loki-query-range-logfmt-parser-errors').length);
    expect(await run('1795301600.0', '1795302000.000')).toBe(ns);
    expect(await run('1795301600', '1795302000')).toBe(ns);
    const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
    expect(await run(iso(1795301600), iso(1795302000))).toBe(ns);
  });

  it('forward and backward take the oldest and the newest `limit` entries', async () => {
    const ts = async (direction: string) => {
      const req = replay('loki-query-range-logfmt-parser-errors');
      req.query.set('direction', direction);
      req.query.set('limit', '3');
      const doc = JSON.parse((await answer(req)).text);
      return (doc.data.result as Stream[]).flatMap((s) => s.values.map((v) => BigInt(v[0])));
    };
    const all = result('loki-query-range-logfmt-parser-errors')
      .flatMap((s) => s.values.map((v) => BigInt(v[0])))
      .sort((a, b) => (a < b ? -1 : 1));
    expect((await ts('forward')).sort()).toEqual(all.slice(0, 3));
    expect((await ts('backward')).sort()).toEqual(all.slice(-3));
  });
});
