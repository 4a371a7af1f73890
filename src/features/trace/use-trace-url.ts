// Reads and writes the trace screen's URL state through the route module that owns it.
import { useCallback, useMemo } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import {
  parseTraceUrl,
  serializeTraceSearch,
  type TraceUrlParseResult,
  type TraceUrlState,
} from '../../routes/trace-url.ts';

export interface TraceUrl {
  parsed: TraceUrlParseResult;
  /** Replaces the current history entry (selection, zoom, find); `push` for a new view or trace. */
  update: (patch: Partial<TraceUrlState>, mode?: 'replace' | 'push') => void;
}

export function useTraceUrl(): TraceUrl {
  const params = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const parsed = useMemo(
    () => parseTraceUrl(params.traceId ?? '', location.search),
    [params.traceId, location.search],
  );
  const update = useCallback(
    (patch: Partial<TraceUrlState>, mode: 'replace' | 'push' = 'replace') => {
      if (!parsed.ok) return;
      const next = { ...parsed.state, ...patch };
      // flushSync: React Router runs navigations as transitions, and a controlled checkbox or radio
      // bound to the URL would snap back to its old value until the transition lands.
      navigate(
        { pathname: `/trace/${encodeURIComponent(next.traceId)}`, search: serializeTraceSearch(next) },
        { replace: mode === 'replace', flushSync: true },
      );
    },
    [parsed, navigate],
  );
  return { parsed, update };
}
