// Nothing acknowledged is lost to a crash: a child process ingests requests sent with bounded
// concurrency, is killed with SIGKILL mid-stream, and every span it answered 200 for must be there
// after the restart, over several cycles (each restart replays all the cycles before it).

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbedded } from './index.ts';
import { encodeTracesData } from './otlp/otlp-protobuf.ts';
import { emptySpan, type OtlpResourceSpans } from './otlp/types.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(root, 'server/embedded/testing/ingest-child.ts');
const CYCLES = 4;
const CONCURRENCY = 8;
const SPANS_PER_REQUEST = 20;

const dataDir = mkdtempSync(path.join(tmpdir(), 'tracelight-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function request(cycle: number, n: number): { traceId: string; body: Uint8Array } {
  const traceId = `${cycle.toString(16).padStart(8, '0')}${n.toString(16).padStart(24, '0')}`;
  const batches: OtlpResourceSpans[] = [
    {
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: 'crash' } }],
        droppedAttributesCount: 0,
      },
      scopeSpans: [
        {
          scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0 },
          spans: Array.from({ length: SPANS_PER_REQUEST }, (_, i) => ({
            ...emptySpan(),
            traceId,
            spanId: (i + 1).toString(16).padStart(16, '0'),
            name: `op-${i}`,
            startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(n),
            endTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(n) + 5000n,
            attributes: [{ key: 'pad', value: { stringValue: 'p'.repeat(200) } }],
          })),
          schemaUrl: '',
        },
      ],
      schemaUrl: '',
    },
  ];
  return { traceId, body: encodeTracesData(batches) };
}

function startChild(): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], { cwd: root });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /port (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`child exited early (${code}): ${out}`)));
  });
}

/** Posts requests CONCURRENCY at a time until `stop`; returns the trace IDs answered 200. */
async function ingestUntil(port: number, cycle: number, stop: Promise<void>): Promise<string[]> {
  const acked: string[] = [];
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  let next = 0;
  const worker = async () => {
    while (!stopped) {
      const { traceId, body } = request(cycle, next++);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body: new Uint8Array(body),
        });
        await res.arrayBuffer();
        if (res.status === 200) acked.push(traceId);
      } catch {
        return; // the server is gone: this request was not acknowledged
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return acked;
}

describe('kill -9 during ingest', () => {
  it(`loses no acknowledged span over ${CYCLES} crash cycles`, async () => {
    const acked: string[] = [];
    const missing: string[] = [];
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const { child, port } = await startChild();
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      const killed = new Promise<void>((resolve) =>
        setTimeout(
          () => {
            child.kill('SIGKILL');
            resolve();
          },
          400 + cycle * 150,
        ),
      );
      acked.push(...(await ingestUntil(port, cycle, exited)));
      await killed;
      await exited;
      // The restart, as the server does it: replay the data dir, then look for every acknowledged span.
      const restarted = await createEmbedded({ otlpPort: 0, demo: false, dataDir });
      for (const traceId of acked)
        if (restarted.store.get(traceId)?.spanCount !== SPANS_PER_REQUEST) missing.push(traceId);
      await restarted.close();
    }
    console.log(
      `crash test: ${CYCLES} kill -9 cycles, ${acked.length} requests (${acked.length * SPANS_PER_REQUEST} spans) acknowledged, ${missing.length} missing after restart`,
    );
    expect(acked.length).toBeGreaterThan(CYCLES * 20);
    expect(missing).toEqual([]);
  }, 60_000);
});
