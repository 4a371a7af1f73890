// The runtime configuration's load state for pages that list datasources: loading, or why it failed.
import type { UseQueryResult } from '@tanstack/react-query';
import type { RuntimeConfig } from '../../datasources/config';
import { Notice } from '../../ui/Notice';

export function ConfigLoadStatus({ config }: { config: UseQueryResult<RuntimeConfig> }) {
  return (
    <>
      {config.isPending && (
        <p className="text-sm text-slate-600 dark:text-slate-400">Loading configuration…</p>
      )}
      {config.isError && (
        <Notice tone="error">
          <p className="font-medium">The configuration could not be loaded.</p>
          <p className="mt-1 whitespace-pre-wrap">{config.error.message}</p>
        </Notice>
      )}
    </>
  );
}
