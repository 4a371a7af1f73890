// Compare through the worker protocol: each side is loaded by its own engine (as each side has its
// own worker), the loaded tables and analyses cross to a third engine as a structured clone would
// carry them, and the merged tree comes back with its buffers in the transfer list.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROW_SORT, subtreeCounts, visibleNodes } from '../analysis/compare/index.ts';
import { decodeTrace } from '../formats/index.ts';
import { adjustTraceSkew, analyseTrace } from './analyse.ts';
import { compareInputOf, compareLoadedHereOf } from './compare.ts';
import { createTraceEngine } from './engine.ts';
import type { LoadedTrace, WorkerReply } from './protocol.ts';

function engine() {
  const replies: Array<{ reply: WorkerReply; transfer: Transferable[] }> = [];
  const handle = createTraceEngine({
    decode: decodeTrace,
    analyse: analyseTrace,
    adjustSkew: adjustTraceSkew,
    post: (reply, transfer) => replies.push({ reply, transfer }),
    yieldToEvents: () => Promise.resolve(),
  });
  const settle = async (id: number) => {
    for (let i = 0; i < 200; i++) {
      const last = replies.find((r) => r.reply.id === id && !r.reply.type.includes('progress'));
      if (last) return last;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    throw new Error(`no reply to ${id}`);
  };
  return { handle, settle };
}

async function loaded(name: string, side = engine()): Promise<LoadedTrace> {
  const body = readFileSync(
    new URL(`../../../shared/fixtures/jaeger/edge-cases/${name}.json`, import.meta.url),
  );
  side.handle({
    type: 'load',
    id: 1,
    source: {
      kind: 'bytes',
      bytes: body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
      label: name,
    },
    options: { adjustSkew: false },
  });
  const { reply } = await side.settle(1);
  if (reply.type !== 'loaded') throw new Error(`not loaded: ${JSON.stringify(reply)}`);
  return reply.trace;
}

describe('compare in the worker', () => {
  it('merges two loaded traces and transfers the merged columns back', async () => {
    const a = await loaded('spansAmongEachOther');
    const b = await loaded('spansAmongEachOtherGrouped');
    const worker = engine();
    worker.handle(structuredClone({ type: 'compare', id: 7, a: compareInputOf(a), b: compareInputOf(b) }));
    const { reply, transfer } = await worker.settle(7);
    if (reply.type !== 'compared') throw new Error(`not compared: ${JSON.stringify(reply)}`);
    const { diff, headline } = structuredClone(reply);
    expect(diff.count).toBe(4);
    const query = diff.childStart[diff.childStart[diff.childStart[0]]];
    expect(diff.strings[diff.name[query]]).toBe('HikariProxyPreparedStatement.executeQuery');
    expect([diff.a.count[query], diff.b.count[query]]).toEqual([9, 12]);
    expect(diff.totalDiff[query]).toBe(120_000);
    expect(headline.difference).toBe(b.analyses.cpLengthNs - a.analyses.cpLengthNs);
    expect(transfer).toContain(reply.diff.totalDiff.buffer);
    expect(transfer).toContain(reply.diff.b.members.buffer);
    expect(new Set(transfer).size).toBe(transfer.length);
  });

  it('answers a compare without any trace loaded in that worker, and reports a bad request as an error', async () => {
    const worker = engine();
    const a = await loaded('traceWithThreeShortChildren');
    worker.handle({ type: 'compare', id: 1, a: compareInputOf(a), b: compareInputOf(a) });
    expect((await worker.settle(1)).reply.type).toBe('compared');
    const broken = { ...compareInputOf(a), analyses: { ...a.analyses, selfTime: new Float64Array(0) } };
    worker.handle({ type: 'compare', id: 2, a: compareInputOf(a), b: broken });
    expect((await worker.settle(2)).reply).toMatchObject({
      type: 'error',
      message: 'Trace B: its analyses do not match its 4 spans',
    });
    worker.handle({
      type: 'compare',
      id: 3,
      a: { ...compareInputOf(a), roots: new Uint32Array([99]) },
      b: compareInputOf(a),
    });
    expect((await worker.settle(3)).reply).toMatchObject({
      type: 'error',
      message: 'Trace A: root row 99 is not one of its 4 spans',
    });
  });

  it('compares in the worker that loaded A from its own table, with only A’s analyses sent, and sends the default rows', async () => {
    const worker = engine();
    const a = await loaded('spansAmongEachOther', worker);
    const b = await loaded('spansAmongEachOtherGrouped');
    worker.handle(
      structuredClone({ type: 'compare', id: 8, a: compareLoadedHereOf(a), b: compareInputOf(b) }),
    );
    const here = (await worker.settle(8)).reply;
    const elsewhere = engine();
    elsewhere.handle(structuredClone({ type: 'compare', id: 9, a: compareInputOf(a), b: compareInputOf(b) }));
    const copied = (await elsewhere.settle(9)).reply;
    if (here.type !== 'compared' || copied.type !== 'compared') throw new Error('not compared');
    expect([...here.diff.totalDiff]).toEqual([...copied.diff.totalDiff]);
    expect([...here.diff.a.members]).toEqual([...copied.diff.a.members]);
    expect(here.headline).toEqual(copied.headline);
    // What the tree's first paint draws, as the screen would compute it.
    expect([...here.rows.defaultRows]).toEqual([...visibleNodes(here.diff, DEFAULT_ROW_SORT, new Set())]);
    const counts = subtreeCounts(here.diff);
    expect([...here.rows.subtreeSpansA]).toEqual([...counts.a]);
    expect(here.rows.subtreeSpansB[0]).toBe(b.table.count);
    expect(here.rows.barScale).toBe(Math.max(1, ...[...here.diff.subtreeCriticalDiff].map(Math.abs)));
  });

  it('refuses a side said to be loaded in a worker that holds another trace', async () => {
    const worker = engine();
    await loaded('spansAmongEachOther', worker);
    const b = await loaded('spansAmongEachOtherGrouped');
    worker.handle({ type: 'compare', id: 4, a: compareLoadedHereOf(b), b: compareInputOf(b) });
    expect((await worker.settle(4)).reply).toMatchObject({
      type: 'error',
      message: `Trace A: ${b.traceId} is not the trace loaded in this worker`,
    });
  });
});
