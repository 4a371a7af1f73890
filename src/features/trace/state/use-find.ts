// Find: names and services match at once on this thread; attributes are searched in the worker
// (debounced, cancelled when the text changes) and joined in when they arrive.
import { useEffect, useMemo, useState } from 'react';
import type { TraceWorkerClient } from '../../../worker/client.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import { orderedUnion, rowsMatchingNames } from '../find/find-names.ts';

/** How long typing must pause before the worker searches attributes. */
export const ATTRIBUTE_FIND_DELAY_MS = 150;

export interface FindState {
  /** Matched rows in tree order; null when the find text is empty. */
  rows: Uint32Array | null;
  /** Share of the attribute search done (0–1) while it runs, else null. */
  progress: number | null;
}

export function useFind(trace: LoadedTrace, client: TraceWorkerClient, text: string): FindState {
  const { table, preorder } = trace;
  const [attributeRows, setAttributeRows] = useState<Uint32Array | null>(null);
  const [progress, setProgress] = useState<number | null>(null);

  useEffect(() => {
    const needle = text.trim();
    setAttributeRows(null);
    if (!needle) return;
    let live = true;
    let cleanup = () => {};
    const timer = setTimeout(() => {
      const { id, result } = client.find(needle, (done, total) => live && setProgress(done / total));
      void result.then((r) => {
        if (!live) return;
        setProgress(null);
        if (!r.cancelled) setAttributeRows(r.rows);
      });
      cleanup = () => client.cancel(id);
    }, ATTRIBUTE_FIND_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
      cleanup();
      setProgress(null);
    };
  }, [client, text]);

  const nameRows = useMemo(() => rowsMatchingNames(table, text), [table, text]);
  const rows = useMemo(() => {
    if (!text.trim()) return null;
    return attributeRows
      ? orderedUnion(table.count, preorder, nameRows, attributeRows)
      : orderedUnion(table.count, preorder, nameRows);
  }, [table, preorder, nameRows, attributeRows, text]);
  return { rows, progress };
}
