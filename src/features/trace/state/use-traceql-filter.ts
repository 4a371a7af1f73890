// The TraceQL filter runs in the worker; its answer counts only for the query and the table it ran on,
// so a stale answer never shows while the next one is on its way.
import { useEffect, useState } from 'react';
import type { SpanTable } from '../../../model/types.ts';
import type { TraceWorkerClient } from '../../../worker/client.ts';
import type { FilterOutcome } from '../../../worker/traceql-filter.ts';

export interface TraceqlFilterState {
  /** The worker's answer for the current query and table; null when no query or not answered yet. */
  outcome: FilterOutcome | null;
  /** Matching rows when the query ran without error. */
  rows: Uint32Array | null;
}

interface Answer {
  query: string;
  table: SpanTable;
  outcome: FilterOutcome;
}

export function useTraceqlFilter(
  client: TraceWorkerClient,
  table: SpanTable,
  filter: string,
): TraceqlFilterState {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const query = filter.trim();
  useEffect(() => {
    if (!query) return;
    let live = true;
    void client.filter(query).then((outcome) => {
      if (live) setAnswer({ query, table, outcome });
    });
    return () => {
      live = false;
    };
  }, [client, query, table]);
  const outcome = query && answer?.query === query && answer.table === table ? answer.outcome : null;
  return { outcome, rows: outcome?.ok ? outcome.rows : null };
}
