// Broken chains of the shown trace (analysis/broken-chains.ts, run in the worker where the parent
// IDs, tracestate and peer attributes are). Asked again for each new table (a reload, the skew switch).
import { useEffect, useState } from 'react';
import type { BrokenChains } from '../../../analysis/broken-chains.ts';
import type { TraceWorkerClient } from '../../../worker/client.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';

export function useBrokenChains(client: TraceWorkerClient, trace: LoadedTrace): BrokenChains | null {
  const [chains, setChains] = useState<{ table: unknown; chains: BrokenChains } | null>(null);
  const table = trace.table;
  useEffect(() => {
    let live = true;
    void client.brokenChains(Date.now()).then((found) => {
      if (live && found) setChains({ table, chains: found });
    });
    return () => {
      live = false;
    };
  }, [client, table]);
  return chains && chains.table === table ? chains.chains : null;
}

/** Seconds before a trace still arriving is fetched again by itself, once. */
export const AUTO_RELOAD_S = 15;

/** Whether the trace was already fetched again by itself this session (once is enough). */
export function autoReloadTaken(
  traceId: string,
  storage: Pick<Storage, 'getItem' | 'setItem'> | null,
): boolean {
  const key = `tracelight.auto-reload.${traceId}`;
  try {
    if (!storage || storage.getItem(key)) return true;
    storage.setItem(key, '1');
    return false;
  } catch {
    return true;
  }
}
