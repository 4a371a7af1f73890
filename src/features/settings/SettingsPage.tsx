import { useQueryClient } from '@tanstack/react-query';
import { useRuntimeConfig } from '../../queries/config';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Panel } from '../../ui/Panel';
import { ConfigLoadStatus } from './ConfigLoadStatus';
import { DatasourceHealthRow } from './DatasourceHealthRow';
import { SamplingEstimate } from './SamplingEstimate';
import { ThemeToggle } from './ThemeToggle';

export function SettingsPage() {
  const config = useRuntimeConfig();
  const queryClient = useQueryClient();
  const datasources = config.data?.datasources ?? [];
  const embeddedTempo = datasources.filter((ds) => ds.embedded && ds.type === 'tempo');
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 p-4 sm:p-8">
      <title>Settings · Tracelight</title>
      <h1 className="text-2xl font-semibold">Settings</h1>
      <Panel
        title="Datasources"
        actions={
          datasources.length > 1 && (
            <Button onClick={() => queryClient.invalidateQueries({ queryKey: ['datasource-health'] })}>
              Check all again
            </Button>
          )
        }
      >
        <ConfigLoadStatus config={config} />
        {config.data && datasources.length === 0 && (
          <Notice tone="warning">
            <p className="font-medium">No datasources are configured.</p>
            {config.data.hint && <p className="mt-1 whitespace-pre-wrap">{config.data.hint}</p>}
          </Notice>
        )}
        {datasources.length > 0 && (
          <ul aria-label="Configured datasources" className="divide-y divide-slate-200 dark:divide-slate-700">
            {datasources.map((ds) => (
              <DatasourceHealthRow key={ds.name} datasource={ds} />
            ))}
          </ul>
        )}
        <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">
          Datasources come from the server's configuration file and environment; checks go through the
          server's gateway, which adds any credentials.
        </p>
      </Panel>
      {embeddedTempo.length > 0 && (
        <Panel title="Sampling and storage estimate">
          <div className="flex flex-col gap-6">
            {embeddedTempo.map((ds) => (
              <SamplingEstimate
                key={ds.name}
                datasource={ds.name}
                label={ds.displayName === ds.name ? ds.name : `${ds.displayName} (${ds.name})`}
              />
            ))}
          </div>
        </Panel>
      )}
      <Panel title="Appearance">
        <ThemeToggle />
      </Panel>
    </div>
  );
}
