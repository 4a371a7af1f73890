import type { DatasourceInfo } from '../../datasources/config';
import type { HealthResult } from '../../datasources/health';
import { useDatasourceHealth } from '../../queries/health';
import { Button } from '../../ui/Button';
import { StatusDot } from '../../ui/StatusDot';

const SOURCE_LABEL: Record<Exclude<HealthResult, { healthy: true }>['source'], string> = {
  backend: 'The backend answered',
  gateway: 'The Tracelight gateway answered',
  network: 'No answer',
  timeout: 'No answer',
};

export function DatasourceHealthRow({ datasource }: { datasource: DatasourceInfo }) {
  const health = useDatasourceHealth(datasource);
  const label = datasource.displayName === datasource.name ? datasource.name : datasource.displayName;
  return (
    <li className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between" aria-label={label}>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <span className="font-medium">{label}</span>
          {label !== datasource.name && (
            <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{datasource.name}</span>
          )}
          <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200">
            {datasource.type}
          </span>
          {datasource.default && (
            <span className="rounded bg-sky-100 px-1.5 py-0.5 text-xs text-sky-900 dark:bg-sky-900 dark:text-sky-100">
              default
            </span>
          )}
          {datasource.embedded && (
            <span className="rounded bg-violet-100 px-1.5 py-0.5 text-xs text-violet-900 dark:bg-violet-900 dark:text-violet-100">
              built in
            </span>
          )}
        </div>
        <div className="mt-1.5" aria-live="polite">
          <HealthStatus
            result={health.data}
            checking={health.isFetching}
            failure={health.isError ? health.error.message : undefined}
          />
        </div>
      </div>
      <Button
        onClick={() => health.refetch()}
        disabled={health.isFetching}
        aria-label={`Check ${label} again`}
      >
        Check again
      </Button>
    </li>
  );
}

function HealthStatus({
  result,
  checking,
  failure,
}: {
  result: HealthResult | undefined;
  checking: boolean;
  failure: string | undefined;
}) {
  if (checking || (!result && !failure)) {
    return (
      <p className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
        <StatusDot tone="pending" /> Checking…
      </p>
    );
  }
  if (failure || !result) {
    return (
      <p className="flex items-center gap-2 text-sm text-red-800 dark:text-red-300">
        <StatusDot tone="error" /> Check failed: {failure}
      </p>
    );
  }
  if (result.healthy) {
    return (
      <p
        className="flex items-center gap-2 text-sm text-emerald-800 dark:text-emerald-300"
        data-health="healthy"
      >
        <StatusDot tone="ok" /> <span className="font-medium">healthy</span>
        <span className="text-slate-600 dark:text-slate-400">
          HTTP {result.status} from /{result.path}
        </span>
      </p>
    );
  }
  return (
    <div className="text-sm" data-health="unhealthy">
      <p className="flex flex-wrap items-center gap-2 text-red-800 dark:text-red-300">
        <StatusDot tone="error" /> <span className="font-medium">unhealthy</span>
        {result.status !== undefined && <span>HTTP {result.status}</span>}
        <span className="text-slate-700 dark:text-slate-300">
          {SOURCE_LABEL[result.source]} on /{result.path}:
        </span>
      </p>
      <pre className="mt-1 max-h-40 overflow-auto rounded-md border border-red-200 bg-red-50 p-2 font-mono text-xs whitespace-pre-wrap text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        {result.message}
      </pre>
    </div>
  );
}
