// The worker applies the runtime config's rules to what it decodes (decision 0318): a recorded Tempo
// trace with secrets put into its attributes, status message and span name, read every way the
// screen reads it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceClient } from '../datasources/types.ts';
import { decodeTrace } from '../formats/index.ts';
import { DEFAULT_RULES, MASK, Redactor } from '../redact/rules.ts';
import { countRedactions, redactionCounter, redactTrace } from '../redact/trace.ts';
import { adjustTraceSkew, analyseTrace } from './analyse.ts';
import { createTraceEngine } from './engine.ts';
import { findInRange } from './find-attributes.ts';
import type {
  DatasourceTarget,
  LoadedTrace,
  LoadOptions,
  RedactionPolicy,
  WorkerReply,
  WorkerRequest,
} from './protocol.ts';

interface OtlpSpan {
  name: string;
  attributes: { key: string; value: { stringValue?: string } }[];
  status?: { code?: number; message?: string };
}

const EMAIL = 'ann.lee@example.com';
const TOKEN = 'Bearer abc123.def456';

/** The recorded error trace with an e-mail, a bearer token, a password and a secret status message. */
function seededBody(): { bytes: ArrayBuffer; spans: number } {
  const url = new URL('../../../shared/fixtures/tempo/tempo-trace-v2-error-json.body', import.meta.url);
  const doc = JSON.parse(readFileSync(url, 'utf8')) as {
    trace: { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
  };
  const spans = doc.trace.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
  spans[0].attributes.push({ key: 'user.email', value: { stringValue: `mail ${EMAIL}` } });
  spans[0].attributes.push({ key: 'http.request.header.authorization', value: { stringValue: TOKEN } });
  spans[1].attributes.push({ key: 'db.password', value: { stringValue: 'hunter2' } });
  spans[1].status = { code: 2, message: `no account for ${EMAIL}` };
  spans[2].name = `notify ${EMAIL}`;
  return { bytes: new TextEncoder().encode(JSON.stringify(doc)).buffer as ArrayBuffer, spans: spans.length };
}

function harness(makeClient?: (target: DatasourceTarget) => TraceClient | null) {
  const replies: WorkerReply[] = [];
  const handle = createTraceEngine({
    decode: decodeTrace,
    analyse: analyseTrace,
    adjustSkew: adjustTraceSkew,
    post: (reply) => replies.push(reply),
    yieldToEvents: () => Promise.resolve(),
    makeClient,
  });
  let next = 1;
  const ask = async (build: (id: number) => WorkerRequest): Promise<WorkerReply> => {
    const id = next++;
    handle(build(id));
    for (let i = 0; i < 500; i++) {
      const reply = replies.find((r) => r.id === id && !r.type.includes('progress'));
      if (reply) return reply;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    throw new Error(`no reply to ${id}`);
  };
  /** The loaded trace's redaction once counted (after first paint, decision 0318). */
  const counted = async () => {
    const reply = await ask((id) => ({ type: 'redaction-count', id }));
    if (reply.type !== 'redaction-counted') throw new Error(`not counted: ${JSON.stringify(reply)}`);
    return reply.redaction;
  };
  return { ask, counted };
}

const POLICY: RedactionPolicy = { rules: [...DEFAULT_RULES], allowReveal: false };

async function load(options: LoadOptions) {
  const h = harness();
  const { bytes } = seededBody();
  const reply = await h.ask((id) => ({
    type: 'load',
    id,
    source: { kind: 'bytes', bytes, contentType: 'application/json', label: 'Tempo' },
    options,
  }));
  if (reply.type !== 'loaded') throw new Error(`not loaded: ${JSON.stringify(reply)}`);
  return { h, trace: reply.trace };
}

async function everything(h: ReturnType<typeof harness>, trace: LoadedTrace): Promise<string> {
  const parts: string[] = [JSON.stringify(trace.table.strings), JSON.stringify(trace.choices)];
  for (let row = 0; row < trace.table.count; row++) {
    const r = await h.ask((id) => ({ type: 'details', id, row }));
    parts.push(JSON.stringify(r.type === 'details' ? r.details : null));
  }
  const json = await h.ask((id) => ({ type: 'view-json', id }));
  parts.push(json.type === 'view-json' ? json.json.preview : '');
  const download = await h.ask((id) => ({ type: 'view-json-download', id }));
  parts.push(download.type === 'view-json-download' ? await download.blob.text() : '');
  return parts.join('\n');
}

describe('redaction in the worker', () => {
  it('no value a rule masks reaches details, names, the JSON view or its download', async () => {
    const { h, trace } = await load({ adjustSkew: false, redaction: POLICY });
    const text = await everything(h, trace);
    expect(text).not.toContain('ann.lee');
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('hunter2');
    expect(text).toContain(`notify ${MASK}`);
    expect(text).toContain(`no account for ${MASK}`);
    // The JSON view is rebuilt from the redacted trace, not the backend's body.
    const json = await h.ask((id) => ({ type: 'view-json', id }));
    expect(json.type === 'view-json' && json.json.origin).toBe('otlp');
  });

  it('counts what it changed, per rule, for the header badge, after the trace is shown', async () => {
    const { h, trace } = await load({ adjustSkew: false, redaction: POLICY });
    // The first table goes out before the count: masked already, the figures still to come.
    expect(trace.redaction).toMatchObject({ where: 'worker', counting: true, total: 0 });
    expect(JSON.stringify(trace.table.strings)).not.toContain(EMAIL);
    const redaction = await h.counted();
    expect(redaction.where).toBe('worker');
    expect(redaction.counting).toBeUndefined();
    // e-mail in an attribute, the status message and the span name; the token; the password; and
    // the recording's own redis query text `GET session:74694`.
    expect(redaction.byRule).toEqual([
      { rule: 'email', count: 3 },
      { rule: 'secret-keys', count: 2 },
      { rule: 'sql-literals', count: 1 },
    ]);
    expect(redaction.total).toBe(6);
    expect(redaction.mayReveal).toBe(false);
    // A table sent after the count carries the figures itself.
    const again = await h.ask((id) => ({ type: 'reanalyse', id, options: { adjustSkew: true } }));
    expect(again.type === 'loaded' && again.trace.redaction).toMatchObject({ total: 6 });
  });

  it('find and TraceQL filters search redacted values only', async () => {
    const { h } = await load({ adjustSkew: false, redaction: POLICY });
    const found = await h.ask((id) => ({ type: 'find', id, text: 'ann.lee' }));
    expect(found.type === 'found' && found.rows.length).toBe(0);
    const masked = await h.ask((id) => ({ type: 'find', id, text: MASK }));
    expect(found.type === 'found' && masked.type === 'found' && masked.rows.length).toBe(2);
    const filtered = await h.ask((id) => ({ type: 'filter', id, query: '{ span.db.password = "hunter2" }' }));
    expect(filtered.type === 'filtered' && filtered.outcome.ok && filtered.outcome.rows.length).toBe(0);
    const byMask = await h.ask((id) => ({ type: 'filter', id, query: `{ span.db.password = "${MASK}" }` }));
    expect(byMask.type === 'filtered' && byMask.outcome.ok && byMask.outcome.rows.length).toBe(1);
  });

  it('without rules (the server has none) values are shown as sent and the body is the backend’s', async () => {
    const { h, trace } = await load({ adjustSkew: false, redaction: null });
    expect(trace.redaction).toMatchObject({ where: 'none', total: 0 });
    const text = await everything(h, trace);
    expect(text).toContain(EMAIL);
    const json = await h.ask((id) => ({ type: 'view-json', id }));
    expect(json.type === 'view-json' && json.json.origin).toBe('backend');
  });

  it('reveal shows the decoded values only when the operator allows it, and hides them again', async () => {
    const refused = await load({ adjustSkew: false, redaction: POLICY });
    const asked = await refused.h.ask((id) => ({
      type: 'reanalyse',
      id,
      options: { adjustSkew: false, reveal: true },
    }));
    expect(asked.type === 'loaded' && asked.trace.redaction.revealed).toBe(false);
    expect(asked.type === 'loaded' && JSON.stringify(asked.trace.table.strings)).not.toContain(EMAIL);

    const { h } = await load({ adjustSkew: false, redaction: { ...POLICY, allowReveal: true } });
    const shown = await h.ask((id) => ({
      type: 'reanalyse',
      id,
      options: { adjustSkew: false, reveal: true },
    }));
    if (shown.type !== 'loaded') throw new Error('not loaded');
    expect(shown.trace.redaction).toMatchObject({ revealed: true, mayReveal: true, total: 0 });
    expect(await everything(h, shown.trace)).toContain(EMAIL);
    const hidden = await h.ask((id) => ({ type: 'reanalyse', id, options: { adjustSkew: false } }));
    if (hidden.type !== 'loaded') throw new Error('not loaded');
    expect(hidden.trace.redaction).toMatchObject({ revealed: false, total: 6 });
    expect(await everything(h, hidden.trace)).not.toContain(EMAIL);
  });

  it('reading redacted output again changes and counts nothing (an exported file re-opened)', async () => {
    const { h } = await load({ adjustSkew: false, redaction: POLICY });
    const download = await h.ask((id) => ({ type: 'view-json-download', id }));
    if (download.type !== 'view-json-download') throw new Error('no download');
    const again = harness();
    const bytes = new TextEncoder().encode(await download.blob.text()).buffer as ArrayBuffer;
    const reply = await again.ask((id) => ({
      type: 'load',
      id,
      source: { kind: 'bytes', bytes, contentType: 'application/json', label: 'export.json' },
      options: { adjustSkew: false, redaction: POLICY },
    }));
    if (reply.type !== 'loaded') throw new Error('not loaded');
    expect((await again.counted()).total).toBe(0);
    expect(JSON.stringify(reply.trace.table.strings)).toContain(`notify ${MASK}`);
  });

  it('export applies the rules even while revealed, the ticked extras too, and says what it removed', async () => {
    const { h } = await load({ adjustSkew: false, redaction: { ...POLICY, allowReveal: true } });
    await h.ask((id) => ({ type: 'reanalyse', id, options: { adjustSkew: false, reveal: true } }));
    const reply = await h.ask((id) => ({
      type: 'export',
      id,
      extras: { keys: ['server.address'], resource: true, events: true },
    }));
    if (reply.type !== 'exported') throw new Error(`not exported: ${JSON.stringify(reply)}`);
    const text = await reply.blob.text();
    expect(text).not.toContain('ann.lee');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('fraud-check.risk.svc'); // a server.address
    expect(text).not.toContain('eu-west-1'); // a resource attribute
    expect(text).not.toContain('GatewayTimeoutError:'); // an exception event's stack trace
    expect(text).toContain('"stringValue": "payment"'); // service.name stays
    expect(reply.summary.rules.total).toBe(6);
    const extras = Object.fromEntries(reply.summary.extras.map((e) => [e.what, e.count]));
    // The recording has 7 services, each with one resource of 10 attributes (service.name kept).
    expect(extras.resource).toBe(7 * 9);
    expect(extras['key server.address']).toBeGreaterThan(0);
    expect(extras.events).toBeGreaterThan(0);
    expect(reply.summary.spans).toBe(23);

    // Read back, the masks are there and nothing is counted again.
    const again = harness();
    const bytes = new TextEncoder().encode(text).buffer as ArrayBuffer;
    const loaded = await again.ask((id) => ({
      type: 'load',
      id,
      source: { kind: 'bytes', bytes, fileName: 'trace-export.json', label: 'trace-export.json' },
      options: { adjustSkew: false, redaction: POLICY },
    }));
    if (loaded.type !== 'loaded') throw new Error('not loaded');
    expect(loaded.trace.table.count).toBe(23);
    expect((await again.counted()).total).toBe(0);
    const details = await again.ask((id) => ({ type: 'details', id, row: 0 }));
    expect(details.type === 'details' && JSON.stringify(details.details)).toContain(MASK);
  });

  it('a trace from the embedded backend is not redacted again (its ingest did it); a remote one is', async () => {
    const { bytes } = seededBody();
    const h = harness(() => ({
      getTrace: async () => ({
        bytes: new Uint8Array(bytes),
        contentType: 'application/json',
        api: 'tempo-v2',
      }),
    }));
    const targets = (embedded: boolean): DatasourceTarget[] => [
      { name: 'tempo', type: 'tempo', displayName: 'Tempo', baseUrl: 'http://x/api/ds/tempo/', embedded },
    ];
    const traceId = '2bafbe17c123c304432c535342f87d81';
    const open = async (embedded: boolean) => {
      const reply = await h.ask((id) => ({
        type: 'load',
        id,
        source: { kind: 'datasources', traceId, datasources: targets(embedded), label: 'tempo' },
        options: { adjustSkew: false, redaction: POLICY },
      }));
      if (reply.type !== 'loaded') throw new Error(`not loaded: ${JSON.stringify(reply)}`);
      return reply.trace;
    };
    const embedded = await open(true);
    expect(embedded.redaction).toMatchObject({ where: 'ingest', total: 0 });
    expect(embedded.redaction.counting).toBeUndefined();
    const remote = await open(false);
    expect(remote.redaction).toMatchObject({ where: 'worker', counting: true });
    expect(await h.counted()).toMatchObject({ where: 'worker', total: 6 });
    expect(JSON.stringify(remote.table.strings)).not.toContain(EMAIL);
  });
});

describe('details redacted on read, counted in chunks (decision 0318)', () => {
  const decoded = () =>
    decodeTrace(new Uint8Array(seededBody().bytes), { contentType: 'application/json' }).traces[0];

  it('a span read before, during and after the count shows the same masks', () => {
    const trace = decoded();
    const redactor = new Redactor(DEFAULT_RULES);
    const { trace: read, marks } = redactTrace(trace, redactor);
    const rows = Array.from({ length: trace.details.count }, (_, row) => row);
    const before = rows.map((row) => JSON.stringify(read.details.get(row)));
    expect(before.join()).not.toContain('ann.lee');
    expect(before.join()).not.toContain('hunter2');
    expect(before.join()).toContain(MASK);
    const counter = redactionCounter(trace, redactor, marks);
    const during: string[][] = [];
    while (!counter.step(5)) during.push(rows.map((row) => JSON.stringify(read.details.get(row))));
    expect(during.length).toBeGreaterThan(2);
    for (const seen of during) expect(seen).toEqual(before);
    expect(counter.finish().total).toBe(6);
    expect(rows.map((row) => JSON.stringify(read.details.get(row)))).toEqual(before);
    // After the count, the rows no rule changes are read straight from the decoder.
    expect(marks.touched.reduce((n, t) => n + t, 0)).toBeLessThan(trace.details.count);
    expect(countRedactions(trace, redactor).total).toBe(6);
  });

  it('find and attribute reads never match an original, before or after the count', () => {
    const trace = decoded();
    const redactor = new Redactor(DEFAULT_RULES);
    const { trace: read, marks } = redactTrace(trace, redactor);
    const find = (needle: string) => {
      const rows: number[] = [];
      findInRange(read.details, needle, 0, read.table.count, rows);
      return rows;
    };
    // Found as decoded: the needles are really in the trace.
    const raw: number[] = [];
    findInRange(trace.details, 'ann.lee', 0, trace.table.count, raw);
    expect(raw.length).toBeGreaterThan(0);
    const passwordRow = trace.details.get(1).row;
    const check = () => {
      expect(find('ann.lee')).toEqual([]);
      expect(find('hunter2')).toEqual([]);
      expect(find('abc123')).toEqual([]);
      expect(read.details.attribute(passwordRow, 'span', 'db.password')).toEqual({
        type: 'string',
        value: MASK,
      });
    };
    check();
    const counter = redactionCounter(trace, redactor, marks);
    counter.step(1);
    check();
    counter.finish();
    check();
  });
});
