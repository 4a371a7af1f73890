// The adversarial ingest suite: every input in adversarial/ingest/ (listed with its expected outcome in
// cases.json) is posted to the real OTLP/HTTP receiver of an embedded backend with a data dir. Each must
// get its expected status, store exactly the expected spans, refuse the expected ones with a message
// naming the field; afterwards every stored trace must read back and survive a restart.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { WireReader } from '../../src/formats/protobuf-wire.ts';
import { createEmbedded, type EmbeddedInstance } from './index.ts';
import { encodeTracesData } from './otlp/otlp-protobuf.ts';

interface IngestCase {
  file: string;
  contentType: string;
  contentEncoding?: string;
  status: number;
  storedSpans: number;
  rejectedSpans?: number;
  message?: string;
  note: string;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const casesDir = path.join(root, 'adversarial/ingest');
const { cases } = JSON.parse(readFileSync(path.join(casesDir, 'cases.json'), 'utf8')) as {
  cases: IngestCase[];
};
const MAX_BODY_BYTES = 1024 * 1024;

const tally = { tried: 0, refused: 0, stored: 0, lost: 0, crashed: 0 };
const dataDir = mkdtempSync(path.join(tmpdir(), 'tracelight-adversarial-'));
let backend: EmbeddedInstance | undefined;
afterAll(async () => {
  await backend?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** What an OTLP answer says, in either encoding: the refused count and the message. */
function readAnswer(contentType: string | null, body: Uint8Array): { rejected: number; message: string } {
  if (contentType?.startsWith('application/json')) {
    const doc = JSON.parse(Buffer.from(body).toString('utf8')) as {
      partialSuccess?: { rejectedSpans?: string; errorMessage?: string };
      message?: string;
    };
    return {
      rejected: Number(doc.partialSuccess?.rejectedSpans ?? 0),
      message: doc.partialSuccess?.errorMessage ?? doc.message ?? '',
    };
  }
  // ExportTraceServiceResponse { partial_success = 1 { rejected_spans = 1, error_message = 2 } }, or
  // google.rpc.Status { code = 1, message = 2 }.
  const out = { rejected: 0, message: '' };
  const r = new WireReader(body);
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === ((1 << 3) | 2)) {
      const outer = r.enter();
      while (r.pos < r.end) {
        const t = r.varint();
        if (t === 1 << 3) out.rejected = r.varint();
        else if (t === ((2 << 3) | 2)) out.message = r.string();
        else r.skip(t & 7);
      }
      r.leave(outer);
    } else if (tag === ((2 << 3) | 2)) out.message = r.string();
    else r.skip(tag & 7);
  }
  return out;
}

describe('adversarial ingest (adversarial/ingest/cases.json)', () => {
  it('starts the real receiver with a data dir', async () => {
    backend = await createEmbedded({
      otlpPort: 'ephemeral',
      demo: false,
      dataDir,
      maxBodyBytes: MAX_BODY_BYTES,
    });
    expect(backend.otlpPort).toBeGreaterThan(0);
  });

  for (const c of cases) {
    it(`${c.file}: ${c.status}, ${c.storedSpans} stored — ${c.note}`, async () => {
      tally.tried++;
      const before = backend!.store.spans;
      const headers: Record<string, string> = { 'content-type': c.contentType };
      if (c.contentEncoding) headers['content-encoding'] = c.contentEncoding;
      let res: Response;
      try {
        res = await fetch(`http://127.0.0.1:${backend!.otlpPort}/v1/traces`, {
          method: 'POST',
          headers,
          body: new Uint8Array(readFileSync(path.join(casesDir, c.file))),
        });
      } catch (e) {
        tally.crashed++;
        throw e;
      }
      const body = new Uint8Array(await res.arrayBuffer());
      const stored = backend!.store.spans - before;
      if (res.status >= 500) tally.crashed++;
      else if (stored < c.storedSpans) tally.lost++;
      else if (res.status >= 400 && stored === 0) tally.refused++;
      else if (res.status === 200) tally.stored++;
      expect(res.status).toBe(c.status);
      expect(stored).toBe(c.storedSpans);
      const answer = readAnswer(res.headers.get('content-type'), body);
      expect(answer.rejected).toBe(c.rejectedSpans ?? 0);
      if (c.message) expect(answer.message).toContain(c.message);
    });
  }

  it('keeps every stored trace readable, and all of it across a restart', async () => {
    const spans = backend!.store.spans;
    for (const rec of backend!.store.records()) {
      const batches = backend!.store.batches(rec);
      expect(batches.reduce((n, rs) => n + rs.scopeSpans.reduce((m, ss) => m + ss.spans.length, 0), 0)).toBe(
        rec.spanCount,
      );
      expect(() => encodeTracesData(batches)).not.toThrow();
    }
    await backend!.close();
    const lines: string[] = [];
    backend = await createEmbedded({ otlpPort: 0, demo: false, dataDir, log: (l) => lines.push(l) });
    const lostOnRestart = spans - backend.store.spans;
    tally.lost += Math.max(0, lostOnRestart);
    console.log(
      `adversarial ingest: tried ${tally.tried}, refused cleanly ${tally.refused}, stored ${tally.stored}, lost ${tally.lost}, crashed ${tally.crashed}`,
    );
    expect(lostOnRestart).toBe(0);
    expect(lines.join('\n')).toMatch(/nothing skipped/);
    expect(tally).toMatchObject({ tried: cases.length, lost: 0, crashed: 0 });
  });
});
