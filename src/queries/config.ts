import { queryOptions, useQuery } from '@tanstack/react-query';
import { fetchRuntimeConfig } from '../datasources/config';

export const configQueryKey = ['runtime-config'] as const;

/** The server's runtime config (config.json): loaded once per page load, started at boot (src/app/boot.ts). */
export const runtimeConfigQuery = queryOptions({
  queryKey: configQueryKey,
  queryFn: ({ signal }) => fetchRuntimeConfig({ signal }),
  staleTime: Number.POSITIVE_INFINITY,
  retry: 1,
});

export function useRuntimeConfig() {
  return useQuery(runtimeConfigQuery);
}
