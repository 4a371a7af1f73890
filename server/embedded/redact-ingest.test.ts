// Redaction at ingest, end to end through the receiver: what a rule masks is on no screen's data,
// in no tag list or metric, and nowhere on disk — and the spans still count as accepted.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_REDACTION_SETTINGS, MASK, type RedactionSettings } from '../../src/redact/rules.ts';
import { createEmbedded, type EmbeddedInstance } from './index.ts';
import { encodeTracesData } from './otlp/otlp-protobuf.ts';
import { emptySpan, type OtlpKeyValue, type OtlpResourceSpans } from './otlp/types.ts';

const SECRETS = [
  'ann.lee@example.com',
  '4111 1111 1111 1111',
  'hunter2-db-pass',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJlLXNlY3JldA',
  'tok-9f8e7d6c5b4a',
  'O-Brien-literal',
];

const str = (key: string, stringValue: string): OtlpKeyValue => ({ key, value: { stringValue } });

function batches(): OtlpResourceSpans[] {
  const span = emptySpan();
  span.traceId = '0af7651916cd43dd8448eb211c80319c';
  span.spanId = 'b7ad6b7169203331';
  span.name = 'POST /checkout';
  span.kind = 2;
  span.startTimeUnixNano = 1_700_000_000_000_000_000n;
  span.endTimeUnixNano = 1_700_000_000_050_000_000n;
  span.attributes = [
    str('enduser.email', SECRETS[0]),
    str('db.password', SECRETS[2]),
    str('db.statement', `SELECT * FROM users WHERE name = '${SECRETS[5]}'`),
    str('url.full', `https://shop.example.org/checkout?session=${SECRETS[3]}`),
    str('http.request.method', 'POST'),
  ];
  span.events = [
    {
      timeUnixNano: span.startTimeUnixNano,
      name: 'charge',
      attributes: [str('payment.card', SECRETS[1])],
      droppedAttributesCount: 0,
    },
  ];
  span.links = [
    {
      traceId: '1af7651916cd43dd8448eb211c80319c',
      spanId: 'c7ad6b7169203331',
      traceState: '',
      attributes: [str('auth', `Bearer ${SECRETS[4]}`)],
      droppedAttributesCount: 0,
      flags: 0,
    },
  ];
  span.status = { code: 2, message: `card declined for ${SECRETS[0]}` };
  return [
    {
      resource: {
        attributes: [str('service.name', 'shop'), str('owner', SECRETS[0])],
        droppedAttributesCount: 0,
      },
      scopeSpans: [
        {
          scope: { name: 's', version: '', attributes: [], droppedAttributesCount: 0 },
          spans: [span],
          schemaUrl: '',
        },
      ],
      schemaUrl: '',
    },
  ];
}

const LOGS = {
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
      scopeLogs: [
        {
          logRecords: [
            {
              timeUnixNano: '1700000000000000000',
              severityText: 'INFO',
              body: { stringValue: `receipt sent to ${SECRETS[0]}` },
              attributes: [{ key: 'app.password', value: { stringValue: SECRETS[2] } }],
              traceId: '0af7651916cd43dd8448eb211c80319c',
            },
          ],
        },
      ],
    },
  ],
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Which of SECRETS appear in any file under `dir`, as bytes. */
function secretsOnDisk(dir: string): string[] {
  const contents = filesUnder(dir).map((f) => readFileSync(f));
  return SECRETS.filter((s) => contents.some((c) => c.includes(Buffer.from(s))));
}

let backend: EmbeddedInstance | undefined;
let dir: string | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function ingest(redaction: RedactionSettings, encoding: 'json' | 'protobuf') {
  dir = mkdtempSync(path.join(tmpdir(), 'tracelight-redact-'));
  backend = await createEmbedded({
    otlpPort: 'ephemeral',
    demo: false,
    dataDir: dir,
    queryWorkers: 0,
    redaction,
  });
  const base = `http://127.0.0.1:${backend.otlpPort}`;
  const body =
    encoding === 'protobuf'
      ? Buffer.from(encodeTracesData(batches()))
      : JSON.stringify({ resourceSpans: batches() }, (_, v) => (typeof v === 'bigint' ? String(v) : v));
  const traces = await fetch(`${base}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json' },
    body,
  });
  const logs = await fetch(`${base}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(LOGS),
  });
  return { traces, logs, dir, backend };
}

describe('redaction at ingest', () => {
  for (const encoding of ['json', 'protobuf'] as const)
    it(`leaves no matching value on disk (${encoding}); the spans still count as accepted`, async () => {
      const { traces, logs, dir, backend } = await ingest(DEFAULT_REDACTION_SETTINGS, encoding);
      expect(traces.status).toBe(200);
      const answer = encoding === 'json' ? await traces.json() : {};
      expect(answer).not.toHaveProperty('partialSuccess.rejectedSpans');
      expect(logs.status).toBe(200);
      expect(backend.store.spans).toBe(1);
      expect(secretsOnDisk(dir)).toEqual([]);
      // Nothing the app reads carries them either: the stored trace, tag values, span metrics.
      const stored = JSON.stringify(
        backend.store.batches(backend.store.get('0af7651916cd43dd8448eb211c80319c')!),
        (_, v) => (typeof v === 'bigint' ? String(v) : v),
      );
      for (const s of SECRETS) expect(stored).not.toContain(s);
      expect(stored).toContain(MASK);
      expect(stored).toContain('SELECT * FROM users WHERE name = ?');
      expect(stored).toContain(`https://shop.example.org/checkout?session=${MASK}`);
      const tagValues = await backend.tempo.handle({
        method: 'GET',
        path: '/api/v2/search/tag/span.enduser.email/values',
        query: new URLSearchParams(),
        headers: {},
        signal: AbortSignal.timeout(10_000),
      });
      expect(String(tagValues.body)).not.toContain('example.com');
      const metrics = backend.spanMetrics.render();
      for (const s of SECRETS) expect(metrics).not.toContain(s);
      // owner, e-mail, password, SQL, URL, card (event), bearer (link), status message.
      expect(backend.redaction.spans.values).toBe(8);
      expect(backend.redaction.logs.values).toBeGreaterThanOrEqual(2);
    });

  it('with redaction off the same request leaves the values on disk (the check above can fail)', async () => {
    const { traces, dir } = await ingest({ ...DEFAULT_REDACTION_SETTINGS, enabled: false }, 'protobuf');
    expect(traces.status).toBe(200);
    expect(secretsOnDisk(dir)).toEqual(SECRETS);
  });

  it('what was stored redacted replays redacted', async () => {
    const first = await ingest(DEFAULT_REDACTION_SETTINGS, 'protobuf');
    await first.backend.close();
    backend = await createEmbedded({ otlpPort: 0, demo: false, dataDir: first.dir, queryWorkers: 0 });
    const rec = backend.store.get('0af7651916cd43dd8448eb211c80319c');
    expect(rec).toBeDefined();
    expect(
      JSON.stringify(backend.store.batches(rec!), (_, v) => (typeof v === 'bigint' ? String(v) : v)),
    ).not.toContain(SECRETS[0]);
  });
});
