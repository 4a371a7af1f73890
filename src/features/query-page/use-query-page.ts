// The state every query page (`/logs`, `/metrics`) keeps the same way: the URL is the truth, the
// form edits a draft of it that follows the URL, Run navigates to the draft, the datasource is the
// URL's or the first of its type, and relative times resolve once per URL (a new run), not on
// every render.
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import type { DatasourceInfo, DatasourceType } from '../../datasources/config';
import { useRuntimeConfig } from '../../queries/config';
import { formatTimePoint, parseTimePoint, resolveTimeRange, type TimeRange } from '../../routes/time-range';

/** What every query page's URL holds. */
export interface QueryUrlState {
  ds?: string;
  q: string;
  range: TimeRange;
}

/** What every query page's form edits (as typed: times unparsed). */
export interface QueryDraft {
  ds: string;
  q: string;
  from: string;
  to: string;
}

export interface QueryPageOptions<S extends QueryUrlState, D extends QueryDraft> {
  datasourceType: DatasourceType;
  parseUrl: (params: URLSearchParams) => S;
  pathOf: (state: S) => string;
  /** The page's own draft fields for a URL state (the shared ones are filled in). */
  extraDraft: (state: S) => Omit<D, keyof QueryDraft>;
  /** The page's own draft fields applied to the next URL state (ds, q and range already are). */
  applyDraft?: (next: S, draft: D) => S;
}

export interface QueryPage<S extends QueryUrlState, D extends QueryDraft> {
  state: S;
  /** Loaded: the config arrived (so an empty `datasources` means none is configured). */
  configLoaded: boolean;
  /** Every configured datasource (stable while the config is). */
  allDatasources: readonly DatasourceInfo[];
  /** The configured datasources of the page's type. */
  datasources: DatasourceInfo[];
  datasource: DatasourceInfo | undefined;
  draft: D;
  edit: (changes: Partial<D>) => void;
  /** The URL's time range in epoch ms, resolved when the URL changed. */
  window: { fromMs: number; toMs: number };
  submit: (event: FormEvent) => void;
}

const NO_DATASOURCES: readonly DatasourceInfo[] = [];

export function useQueryPage<S extends QueryUrlState, D extends QueryDraft>(
  options: QueryPageOptions<S, D>,
): QueryPage<S, D> {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const state = options.parseUrl(params);
  const config = useRuntimeConfig();
  const allDatasources = config.data?.datasources ?? NO_DATASOURCES;
  const datasources = allDatasources.filter((ds) => ds.type === options.datasourceType) ?? [];
  const datasource = datasources.find((ds) => ds.name === state.ds) ?? datasources[0];

  const draftOf = (s: S): D =>
    ({
      ds: s.ds ?? '',
      q: s.q,
      from: formatTimePoint(s.range.from),
      to: formatTimePoint(s.range.to),
      ...options.extraDraft(s),
    }) as D;
  const [draft, setDraft] = useState(() => draftOf(state));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the draft follows the URL, not every render
  useEffect(() => setDraft(draftOf(state)), [location.search]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: relative times resolve once per URL
  const window = useMemo(() => resolveTimeRange(state.range, Date.now()), [location.search]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: S = {
      ...state,
      ds: draft.ds || undefined,
      q: draft.q.trim(),
      range: {
        from: parseTimePoint(draft.from) ?? state.range.from,
        to: parseTimePoint(draft.to) ?? state.range.to,
      },
    };
    navigate(options.pathOf(options.applyDraft ? options.applyDraft(next, draft) : next));
  };

  return {
    state,
    configLoaded: config.data !== undefined,
    allDatasources,
    datasources,
    datasource,
    draft,
    edit: (changes) => setDraft((current) => ({ ...current, ...changes })),
    window,
    submit,
  };
}
