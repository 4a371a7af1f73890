import { useQuery } from '@tanstack/react-query';
import type { DatasourceInfo } from '../datasources/config';
import { checkDatasourceHealth } from '../datasources/health';

export function healthQueryKey(datasource: Pick<DatasourceInfo, 'name' | 'type'>) {
  return ['datasource-health', datasource.name, datasource.type] as const;
}

/** A live health check: never cached as fresh, never retried silently (a failure is the answer). */
export function useDatasourceHealth(datasource: Pick<DatasourceInfo, 'name' | 'type'>) {
  return useQuery({
    queryKey: healthQueryKey(datasource),
    queryFn: ({ signal }) => checkDatasourceHealth(datasource, { signal }),
    staleTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  });
}
