// The embedded Tempo API against the recordings of a real Tempo (../shared/fixtures/tempo).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { WireReader } from '../../src/formats/protobuf-wire.ts';
import { DEFAULT_REDACTION_SETTINGS } from '../../src/redact/rules.ts';
import type { InProcessRequest, InProcessResponse } from '../gateway/in-process.ts';
import { createEmbedded, type EmbeddedInstance } from './index.ts';
import { parseOtlpJson } from './otlp/otlp-json.ts';
import { decodeTracesData } from './otlp/otlp-protobuf.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');

function recording(name: string): {
  status: number;
  contentType: string;
  body: Buffer;
  request: InProcessRequest;
} {
  const dir = path.join(fixtures, 'tempo');
  const meta = Object.fromEntries(
    readFileSync(path.join(dir, `${name}.meta`), 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const url = new URL(readFileSync(path.join(dir, `${name}.url`), 'utf8').trim());
  const accept = /Accept: (\S+)/.exec(meta.curl_extra_args ?? '')?.[1];
  return {
    status: Number(meta.http_code),
    contentType: meta.content_type as string,
    body: readFileSync(path.join(dir, `${name}.body`)),
    request: {
      method: 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: accept ? { accept } : {},
      signal: new AbortController().signal,
    },
  };
}

function bodyBytes(res: InProcessResponse): Buffer {
  return typeof res.body === 'string' ? Buffer.from(res.body) : Buffer.from(res.body as Uint8Array);
}

let backend: EmbeddedInstance;
beforeAll(async () => {
  // Compared byte for byte with what Tempo answered: the recordings' URLs and SQL stay as recorded.
  backend = await createEmbedded({
    otlpPort: 0,
    demo: false,
    redaction: { ...DEFAULT_REDACTION_SETTINGS, enabled: false },
  });
  const lines = gunzipSync(readFileSync(path.join(fixtures, 'tempo/dataset/tempo-traces-v2.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter(Boolean);
  for (const line of lines) {
    const { response } = JSON.parse(line) as { response: unknown };
    backend.accept(parseOtlpJson(response).batches);
  }
}, 120_000);

describe('embedded Tempo API, compared with recordings of a real Tempo', () => {
  it('holds the whole recorded dataset', () => {
    expect(backend.store.size).toBe(881);
    expect(backend.store.spans).toBe(36_889);
  });

  it.each([
    'tempo-echo',
    'tempo-ready',
    'tempo-status-buildinfo-404check',
    'tempo-trace-v1-notfound',
    'tempo-trace-v2-notfound',
    'tempo-trace-v2-range-excludes',
    'tempo-trace-v2-invalid-id',
    'tempo-v2-search-tags-scope-bogus',
  ])('%s: same status, type and body', async (name) => {
    const rec = recording(name);
    const res = await backend.tempo.handle(rec.request);
    expect(res.status).toBe(rec.status);
    if (rec.contentType) expect(res.headers?.['content-type']).toBe(rec.contentType);
    expect(bodyBytes(res).toString()).toBe(rec.body.toString());
  });

  it('buildinfo has the same fields', async () => {
    const rec = recording('tempo-buildinfo');
    const res = await backend.tempo.handle(rec.request);
    expect(Object.keys(JSON.parse(bodyBytes(res).toString()))).toEqual(
      Object.keys(JSON.parse(rec.body.toString())),
    );
  });

  it.each([
    ['tempo-trace-v1-error-json', (b: Record<string, unknown>) => b],
    ['tempo-trace-v2-error-json', (b: Record<string, unknown>) => b.trace],
    ['tempo-trace-v2-clockskew-json', (b: Record<string, unknown>) => b.trace],
    ['tempo-trace-v2-orphan-json', (b: Record<string, unknown>) => b.trace],
    ['tempo-trace-v2-kafka-sametrace-json', (b: Record<string, unknown>) => b.trace],
    ['tempo-trace-v2-big2k-json', (b: Record<string, unknown>) => b.trace],
  ])('%s: the same trace JSON, byte for byte in content', async (name, pick) => {
    const rec = recording(name);
    const res = await backend.tempo.handle(rec.request);
    expect(res.status).toBe(200);
    expect(res.headers?.['content-type']).toBe(rec.contentType);
    expect(pick(JSON.parse(bodyBytes(res).toString()))).toEqual(pick(JSON.parse(rec.body.toString())));
  });

  it('looks a trace up by the shortened ID search returns', async () => {
    const rec = recording('tempo-trace-v2-stripped-31char-id');
    const res = await backend.tempo.handle(rec.request);
    expect(JSON.parse(bodyBytes(res).toString()).trace).toEqual(JSON.parse(rec.body.toString()).trace);
  });

  it('answers Accept: application/protobuf with the same spans as Tempo (v1 and v2)', async () => {
    const v1 = recording('tempo-trace-v1-error-protobuf');
    const res1 = await backend.tempo.handle(v1.request);
    expect(res1.headers?.['content-type']).toBe('application/protobuf');
    expect(decodeTracesData(bodyBytes(res1))).toEqual(decodeTracesData(v1.body));

    const v2 = recording('tempo-trace-v2-error-protobuf');
    const res2 = await backend.tempo.handle(v2.request);
    const traceField = (buf: Uint8Array) => {
      const r = new WireReader(buf);
      expect(r.varint()).toBe((1 << 3) | 2);
      return decodeTracesData(r.bytes());
    };
    expect(traceField(bodyBytes(res2))).toEqual(traceField(v2.body));
  });

  it("rejects invalid TraceQL with 400 and Tempo's prefix", async () => {
    const rec = recording('tempo-search-invalid');
    const res = await backend.tempo.handle(rec.request);
    expect(res.status).toBe(400);
    expect(String(res.body)).toMatch(/^invalid TraceQL query: parse error at line 1, col 12: /);
  });

  it('legacy tags= search finds the same traces as Tempo', async () => {
    const rec = recording('tempo-search-tags-legacy');
    rec.request.query.set('limit', '1000');
    const res = await backend.tempo.handle(rec.request);
    const ours = JSON.parse(bodyBytes(res).toString()).traces as { traceID: string }[];
    const theirs = JSON.parse(rec.body.toString()).traces as { traceID: string; rootServiceName: string }[];
    const ids = new Set(ours.map((t) => t.traceID));
    for (const t of theirs) expect(ids.has(t.traceID.padStart(32, '0'))).toBe(true);
    // Tempo's fields, plus the serviceStats its TraceQL results carry (decision 0176).
    expect(Object.keys(ours[0]).sort()).toEqual([...Object.keys(theirs[0]), 'serviceStats'].sort());
  });

  it('a search without a query carries the serviceStats Tempo sends for the same traces with {}', async () => {
    const rec = recording('tempo-search-all');
    rec.request.query.delete('q');
    rec.request.query.set('limit', '1000');
    const res = await backend.tempo.handle(rec.request);
    type Stats = Record<string, { spanCount: number; errorCount?: number }>;
    const ours = JSON.parse(bodyBytes(res).toString()).traces as { traceID: string; serviceStats: Stats }[];
    const theirs = JSON.parse(rec.body.toString()).traces as { traceID: string; serviceStats: Stats }[];
    const byId = new Map(ours.map((t) => [t.traceID, t.serviceStats]));
    expect(theirs.length).toBe(20);
    for (const t of theirs) expect(byId.get(t.traceID.padStart(32, '0')), t.traceID).toEqual(t.serviceStats);
  });

  it("search results have Tempo's fields", async () => {
    const rec = recording('tempo-search-structural-checkout-desc-error');
    const res = await backend.tempo.handle(rec.request);
    const ours = JSON.parse(bodyBytes(res).toString());
    const theirs = JSON.parse(rec.body.toString());
    expect(ours.traces.length).toBe(theirs.traces.length);
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(ours.traces[0])).toEqual(keys(theirs.traces[0]));
    expect(keys(ours.traces[0].spanSets[0].spans[0])).toEqual(
      expect.arrayContaining(['spanID', 'startTimeUnixNano', 'durationNanos']),
    );
  });

  it("tag names and values come back in Tempo's shapes", async () => {
    for (const name of [
      'tempo-v2-search-tags-scope-resource',
      'tempo-v2-search-tags-scope-intrinsic',
      'tempo-v2-tag-values-service-name',
      'tempo-v2-tag-values-status-code-int',
      'tempo-v2-tag-values-bool',
      'tempo-v2-tag-values-event-exception-type',
      'tempo-v2-tag-values-intrinsic-kind',
      'tempo-v2-tag-values-intrinsic-status',
    ]) {
      const rec = recording(name);
      rec.request.query.delete('start');
      rec.request.query.delete('end');
      const res = await backend.tempo.handle(rec.request);
      expect(res.status, name).toBe(200);
      const ours = JSON.parse(bodyBytes(res).toString());
      const theirs = JSON.parse(rec.body.toString());
      if (theirs.scopes) {
        expect(ours.scopes).toEqual(theirs.scopes);
      } else {
        const sort = (v: { type: string; value: string }[]) => v.map((x) => `${x.type}:${x.value}`).sort();
        expect(sort(ours.tagValues), name).toEqual(sort(theirs.tagValues));
      }
    }
  });

  it('narrows tag values by the q query', async () => {
    const rec = recording('tempo-v2-tag-values-intrinsic-name-q');
    rec.request.query.delete('start');
    rec.request.query.delete('end');
    const res = await backend.tempo.handle(rec.request);
    const names = (b: Buffer | string) =>
      (JSON.parse(String(b)).tagValues as { value: string }[]).map((v) => v.value).sort();
    expect(names(bodyBytes(res).toString())).toEqual(names(rec.body.toString()));
  });

  it('answers every conformance query with the traces Tempo returned', async () => {
    const cases = JSON.parse(
      gunzipSync(readFileSync(path.join(fixtures, 'tempo/dataset/conformance.json.gz'))).toString(),
    ) as {
      query: string;
      url: string;
      status: number;
      body: { traces: { traceID: string; spanSets?: { spans: { spanID: string }[]; matched: number }[] }[] };
    }[];
    for (const c of cases) {
      const url = new URL(c.url, 'http://tempo');
      const res = await backend.tempo.handle({
        method: 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: {},
        signal: new AbortController().signal,
      });
      expect(res.status, c.query).toBe(c.status);
      const ours = JSON.parse(bodyBytes(res).toString()).traces as { traceID: string }[];
      const want = c.body.traces.map((t) => t.traceID.padStart(32, '0')).sort();
      expect(ours.map((t) => t.traceID).sort(), c.query).toEqual(want);
    }
  }, 120_000);
});
