// Reads and writes the compare screen's URL state through the route module that owns it (0243).
// As on the trace screen, two updates in one event build on each other (`latest`).
import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import {
  type CompareUrlParseResult,
  type CompareUrlState,
  comparePathname,
  parseCompareUrl,
  serializeCompareSearch,
} from '../../routes/compare-url.ts';

export type UpdateCompareUrl = (patch: Partial<CompareUrlState>, mode?: 'replace' | 'push') => void;

export function useCompareUrl(): { parsed: CompareUrlParseResult; update: UpdateCompareUrl } {
  const params = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const parsed = useMemo(
    () => parseCompareUrl(params.traceA ?? '', params.traceB ?? '', location.search),
    [params.traceA, params.traceB, location.search],
  );
  const latest = useRef(parsed);
  useLayoutEffect(() => {
    latest.current = parsed;
  }, [parsed]);
  const update = useCallback<UpdateCompareUrl>(
    (patch, mode = 'replace') => {
      const base = latest.current;
      if (!base.ok) return;
      const next = { ...base.state, ...patch };
      latest.current = { ok: true, state: next };
      navigate(
        { pathname: comparePathname(next.a?.traceId, next.b.traceId), search: serializeCompareSearch(next) },
        { replace: mode === 'replace' },
      );
    },
    [navigate],
  );
  return { parsed, update };
}
