// Which trace datasource the top bar's picker shows and the "Open trace" box uses.
// On /search, /trace and /services the URL's `ds` is the truth (absent: all trace datasources); elsewhere it is
// the remembered choice, or the config's default trace datasource.

import { useCallback } from 'react';
import { matchPath, useLocation, useNavigate } from 'react-router';
import { type DatasourceInfo, defaultTraceDatasource, isTraceDatasource } from '../../datasources/config';
import { useRuntimeConfig } from '../../queries/config';
import { ALL_DATASOURCES, useDatasourceStore } from '../../state/datasource-store';

export interface TraceDatasourceChoice {
  /** A datasource name, or undefined for "all trace datasources". */
  value: string | undefined;
  options: DatasourceInfo[];
  loading: boolean;
  /** True when the current page carries `ds` in its URL, so a change updates the URL. */
  urlBound: boolean;
  choose(value: string | undefined): void;
}

function isUrlBoundPath(pathname: string): boolean {
  return (
    matchPath('/search', pathname) !== null ||
    matchPath('/trace/:traceId', pathname) !== null ||
    matchPath('/services', pathname) !== null
  );
}

export function useTraceDatasourceChoice(): TraceDatasourceChoice {
  const config = useRuntimeConfig();
  const location = useLocation();
  const navigate = useNavigate();
  const chosen = useDatasourceStore((state) => state.chosen);
  const remember = useDatasourceStore((state) => state.choose);
  const options = config.data?.datasources.filter(isTraceDatasource) ?? [];
  const urlBound = isUrlBoundPath(location.pathname);

  let value: string | undefined;
  if (urlBound) {
    value = new URLSearchParams(location.search).get('ds') || undefined;
  } else if (chosen === ALL_DATASOURCES) {
    value = undefined;
  } else if (chosen && options.some((ds) => ds.name === chosen)) {
    value = chosen;
  } else {
    value = config.data ? defaultTraceDatasource(config.data)?.name : undefined;
  }

  const choose = useCallback(
    (next: string | undefined) => {
      remember(next ?? ALL_DATASOURCES);
      if (!urlBound) return;
      const params = new URLSearchParams(location.search);
      if (next) params.set('ds', next);
      else params.delete('ds');
      const search = params.toString();
      navigate({ pathname: location.pathname, search: search ? `?${search}` : '' });
    },
    [remember, urlBound, location.pathname, location.search, navigate],
  );

  return { value, options, loading: config.isPending, urlBound, choose };
}
