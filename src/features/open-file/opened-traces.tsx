// Traces opened from files this session, handed from wherever they were opened (home page, trace
// screen) to the trace screen by ID. Files are read in the browser and never uploaded, so a reload
// cannot bring them back; the provider lives as long as the app does.
import { createContext, type ReactNode, useContext, useMemo, useRef } from 'react';
import type { TraceWorkerClient } from '../../worker/client.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';

export interface OpenedTrace {
  client: TraceWorkerClient;
  trace: LoadedTrace;
  fileName: string;
}

export interface OpenedTraces {
  get(traceId: string): OpenedTrace | undefined;
  put(opened: OpenedTrace): void;
}

const OpenedTracesContext = createContext<OpenedTraces | null>(null);

export function OpenedTracesProvider(props: { children: ReactNode }) {
  const byId = useRef(new Map<string, OpenedTrace>());
  const value = useMemo<OpenedTraces>(
    () => ({
      get: (traceId) => byId.current.get(traceId),
      put: (opened) => {
        const previous = byId.current.get(opened.trace.traceId);
        if (previous && previous.client !== opened.client) previous.client.dispose();
        byId.current.set(opened.trace.traceId, opened);
      },
    }),
    [],
  );
  return <OpenedTracesContext.Provider value={value}>{props.children}</OpenedTracesContext.Provider>;
}

/** The app-wide store when the shell mounts the provider, else null (the trace screen keeps its own). */
export function useOpenedTraces(): OpenedTraces | null {
  return useContext(OpenedTracesContext);
}
