// Traces opened from files this session, handed from wherever they were opened (home page, trace
// screen) to the trace screen. A file's trace is known by the file's number in this tab and its trace
// ID (the URL's `/trace/<id>?file=<n>`, decision 0180): IDs need not be hex or unique across files.
// Files are read in the browser and never uploaded, so a reload cannot bring them back; the provider
// lives as long as the app does.
import { createContext, type ReactNode, useContext, useState } from 'react';
import type { TraceWorkerClient } from '../../worker/client.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';

export interface OpenedTrace {
  client: TraceWorkerClient;
  trace: LoadedTrace;
  fileName: string;
}

export interface OpenedTraces {
  get(traceId: string, file: number): OpenedTrace | undefined;
  /** Keeps a file's trace and returns the file's number in this tab (1, 2, …). */
  put(opened: OpenedTrace): number;
  /** Every trace held, one per file read (the "linked from" look-up reads them all). */
  all(): OpenedTrace[];
}

/**
 * The numbering and keeping, apart from React: one number per file read (per worker, since each
 * read file has its own), and one trace per worker — picking another trace of the same file
 * re-analyses that worker, so the trace it held before is no longer there.
 */
export function createOpenedTraces(): OpenedTraces {
  const byKey = new Map<string, OpenedTrace>();
  const numbers = new Map<TraceWorkerClient, number>();
  let next = 1;
  const key = (traceId: string, file: number) => `${file}:${traceId}`;
  return {
    get: (traceId, file) => byKey.get(key(traceId, file)),
    put: (opened) => {
      let file = numbers.get(opened.client);
      if (file === undefined) {
        file = next++;
        numbers.set(opened.client, file);
      }
      for (const [k, held] of byKey) if (held.client === opened.client) byKey.delete(k);
      byKey.set(key(opened.trace.traceId, file), opened);
      return file;
    },
    all: () => [...byKey.values()],
  };
}

const OpenedTracesContext = createContext<OpenedTraces | null>(null);

export function OpenedTracesProvider(props: { children: ReactNode }) {
  const [value] = useState(createOpenedTraces);
  return <OpenedTracesContext.Provider value={value}>{props.children}</OpenedTracesContext.Provider>;
}

/** The app-wide store when the shell mounts the provider, else null (the trace screen keeps its own). */
export function useOpenedTraces(): OpenedTraces | null {
  return useContext(OpenedTracesContext);
}
