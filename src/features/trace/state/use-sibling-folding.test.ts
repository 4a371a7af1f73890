// @vitest-environment jsdom
// Folding repeated siblings and focusing on a subtree (decisions 0191, 0192), on a recorded Jaeger
// trace of a real N+1 query: petclinic's GET /owners runs nine HikariProxyPreparedStatement.executeQuery.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { parseTraceUrl, type TraceUrlState } from '../../../routes/trace-url.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import { rowOfSpanId } from '../waterfall/span-id.ts';
import { inProcessWorker } from './testing/in-process-worker.ts';
import { useSiblingFolding } from './use-sibling-folding.ts';
import { useSpanSelection } from './use-span-selection.ts';
import { useSubtreeFocus } from './use-subtree-focus.ts';

/** The first query by start time: the group's ID in the URL. */
const FIRST_QUERY = 'd293d7d80690ce74';
const A_QUERY = 'a68c6983a6d81a2'.padStart(16, '0');
const OWNERS = '6f9bbe751e5fd944';
const GATEWAY_ROOT = '9afcdf2e24e8d70a';

async function loadPetclinic(): Promise<LoadedTrace> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const body = readFileSync(
    path.join(here, '../../../../../shared/fixtures/jaeger/edge-cases/spansAmongEachOther.json'),
  );
  const bytes = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  const { client } = inProcessWorker();
  const outcome = await client.load(
    { kind: 'bytes', bytes, contentType: 'application/json', label: 'spansAmongEachOther.json' },
    { adjustSkew: false },
  );
  if (!outcome.ok) throw new Error(outcome.failure.message);
  return outcome.trace;
}

function urlOf(trace: LoadedTrace, search: string): TraceUrlState {
  const parsed = parseTraceUrl(trace.traceId, search);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.state;
}

function folding(trace: LoadedTrace, search = '') {
  const update = vi.fn();
  const { result } = renderHook(() => useSiblingFolding(trace, urlOf(trace, search), update));
  return { update, folding: result.current };
}

describe('useSiblingFolding (recorded petclinic N+1 query)', () => {
  it('finds the nine queries as one group, folded, known by the first one’s span ID', async () => {
    const trace = await loadPetclinic();
    const { folding: f } = folding(trace);
    expect(f.groups?.count).toBe(1);
    expect(f.groups && f.groups.memberTo[0] - f.groups.memberFrom[0]).toBe(9);
    expect(f.groupId(0)).toBe(FIRST_QUERY);
    expect(f.unfolded[0]).toBe(0);
  });

  it('unfolds into the URL and folds out of it', async () => {
    const trace = await loadPetclinic();
    const closed = folding(trace);
    closed.folding.toggle(0);
    expect(closed.update).toHaveBeenLastCalledWith({ unfold: [FIRST_QUERY] });
    const open = folding(trace, `unfold=${FIRST_QUERY}`);
    expect(open.folding.unfolded[0]).toBe(1);
    open.folding.toggle(0);
    expect(open.update).toHaveBeenLastCalledWith({ unfold: [] });
  });

  it('shows the group of a linked span unfolded; folding it clears that selection', async () => {
    const trace = await loadPetclinic();
    const { folding: f, update } = folding(trace, `span=${A_QUERY}`);
    expect(f.unfolded[0]).toBe(1);
    f.toggle(0);
    expect(update).toHaveBeenLastCalledWith({ span: undefined, unfold: [] });
  });

  it('unfolds the group of a span being revealed, and nothing for a span in no group', async () => {
    const trace = await loadPetclinic();
    const { folding: f } = folding(trace);
    expect(f.revealPatch(rowOfSpanId(trace.table, A_QUERY))).toEqual({ unfold: [FIRST_QUERY] });
    expect(f.revealPatch(rowOfSpanId(trace.table, OWNERS))).toEqual({});
  });

  it('folds nothing with `fold=0`', async () => {
    const trace = await loadPetclinic();
    const { folding: f } = folding(trace, 'fold=0');
    expect(f.groups).toBeNull();
    expect(f.revealPatch(rowOfSpanId(trace.table, A_QUERY))).toEqual({});
  });
});

describe('useSubtreeFocus and revealing a span', () => {
  it('focuses as a new history entry, leaves the zoom, and leaves the focus for a span outside it', async () => {
    const trace = await loadPetclinic();
    const table = trace.table;
    const owners = rowOfSpanId(table, OWNERS);
    const update = vi.fn();
    const { result, rerender } = renderHook(({ focus }) => useSubtreeFocus(table, focus, update), {
      initialProps: { focus: undefined as string | undefined },
    });
    expect(result.current.row).toBe(-1);
    result.current.focusOn(owners);
    expect(update).toHaveBeenLastCalledWith({ focus: OWNERS, span: OWNERS, zoom: undefined }, 'push');
    rerender({ focus: OWNERS });
    expect(result.current.row).toBe(owners);
    expect(result.current.revealPatch(rowOfSpanId(table, A_QUERY))).toEqual({});
    expect(result.current.revealPatch(rowOfSpanId(table, GATEWAY_ROOT))).toEqual({ focus: undefined });
    result.current.focusOn(-1);
    expect(update).toHaveBeenLastCalledWith({ focus: undefined }, 'push');
  });

  it('selecting a span writes the reveal patch with it, in one URL change', async () => {
    const trace = await loadPetclinic();
    const update = vi.fn();
    const patch = (row: number) =>
      row === rowOfSpanId(trace.table, A_QUERY) ? { unfold: [FIRST_QUERY] } : {};
    const { result } = renderHook(() => useSpanSelection(trace.table, undefined, update, () => {}, patch));
    result.current.select(rowOfSpanId(trace.table, A_QUERY));
    expect(update).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenLastCalledWith({ unfold: [FIRST_QUERY], span: A_QUERY });
    result.current.openInWaterfall(rowOfSpanId(trace.table, A_QUERY));
    expect(update).toHaveBeenLastCalledWith(
      { unfold: [FIRST_QUERY], span: A_QUERY, view: 'waterfall' },
      'push',
    );
  });
});
