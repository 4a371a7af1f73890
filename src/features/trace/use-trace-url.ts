// Reads and writes the trace screen's URL state through the route module that owns it.
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import {
  parseTraceUrl,
  serializeTraceSearch,
  type TraceUrlParseResult,
  type TraceUrlState,
  tracePathname,
} from '../../routes/trace-url.ts';

export interface TraceUrl {
  parsed: TraceUrlParseResult;
  /** Replaces the current history entry (selection, zoom, find); `push` for a new view or trace. */
  update: (patch: Partial<TraceUrlState>, mode?: 'replace' | 'push') => void;
}

/** A URL written but not yet committed by the router, and the location it was written from. */
interface PendingUrl {
  fromKey: string;
  traceId: string;
  search: string;
}

export function useTraceUrl(): TraceUrl {
  const params = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  // React Router commits its state in a transition (RouterProvider from 'react-router' ignores the
  // `flushSync` option). Until it does, useLocation() still holds the old URL, and React puts a
  // controlled checkbox or radio back to the old value the moment its change event ends. So the URL
  // just written is kept in urgent state and read until the router's location moves on (docs 0066).
  const [pending, setPending] = useState<PendingUrl | null>(null);
  if (pending && pending.fromKey !== location.key) setPending(null);
  const current = pending?.fromKey === location.key ? pending : null;
  const traceId = current ? current.traceId : (params.traceId ?? '');
  const search = current ? current.search : location.search;
  const parsed = useMemo(() => parseTraceUrl(traceId, search), [traceId, search]);
  const locationKey = location.key;
  // Two updates in one event (reveal a span's ancestors, then select it) must both land: the second
  // builds on the first, not on the URL the event's render read. `latest` is what the URL holds now:
  // set by each update, and by each commit (a navigation, back and forward included).
  const latest = useRef(parsed);
  useLayoutEffect(() => {
    latest.current = parsed;
  }, [parsed]);
  const update = useCallback(
    (patch: Partial<TraceUrlState>, mode: 'replace' | 'push' = 'replace') => {
      const base = latest.current;
      if (!base.ok) return;
      const next = { ...base.state, ...patch };
      latest.current = { ok: true, state: next };
      const nextSearch = serializeTraceSearch(next);
      setPending({ fromKey: locationKey, traceId: next.traceId, search: nextSearch });
      navigate(
        { pathname: tracePathname(next.traceId), search: nextSearch },
        // flushSync takes effect only under RouterProvider from 'react-router/dom'; harmless here.
        { replace: mode === 'replace', flushSync: true },
      );
    },
    [locationKey, navigate],
  );
  return { parsed, update };
}
