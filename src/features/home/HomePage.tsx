import { Link, useNavigate } from 'react-router';
import { type DatasourceInfo, isTraceDatasource, type RuntimeConfig } from '../../datasources/config';
import { useRuntimeConfig } from '../../queries/config';
import { searchPath } from '../../routes/search-url';
import { tracePath } from '../../routes/trace-url';
import { Notice } from '../../ui/Notice';
import { Panel } from '../../ui/Panel';
import { linkText } from '../../ui/styles';
import { type OpenedResult, OpenFiles, useOpenedTraces } from '../open-file';
import { ConfigLoadStatus } from '../settings';
import { EmbeddedNote } from './EmbeddedNote';
import { OpenTraceForm } from './OpenTraceForm';
import { RecentTraces } from './RecentTraces';
import { StartingPoints } from './StartingPoints';

const FALLBACK_HINT =
  'No datasources are configured. Start Tracelight with an environment variable such as ' +
  'TEMPO_URL=http://tempo:3200 (or JAEGER_URL, ZIPKIN_URL, LOKI_URL, PROMETHEUS_URL), or with a ' +
  'configuration file (--config tracelight.yaml). The README explains every option.';

export function HomePage() {
  const config = useRuntimeConfig();
  const opened = useOpenedTraces();
  const navigate = useNavigate();
  // A file's trace goes to the app-wide store and the trace page takes it from there by file and ID.
  const onOpened = (result: OpenedResult) => {
    if (!opened) {
      result.client.dispose();
      return;
    }
    const file = opened.put(result);
    navigate(tracePath({ traceId: result.trace.traceId, file }));
  };
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 p-4 sm:p-8">
      <title>Tracelight</title>
      <div>
        <h1 className="text-2xl font-semibold">Tracelight</h1>
        <p className="mt-1 text-slate-700 dark:text-slate-300">
          Open a trace by its ID, or search for one. Critical path and dark time show where the latency went.
        </p>
      </div>
      {config.data && (
        <EmbeddedNote
          datasources={config.data.datasources}
          {...(config.data.embedded ? { embedded: config.data.embedded } : {})}
        />
      )}
      <Panel>
        <OpenTraceForm prominent />
      </Panel>
      <div className="grid gap-6 md:grid-cols-2">
        <RecentTraces datasources={config.data?.datasources ?? []} />
        {config.data && <StartingPoints datasources={config.data.datasources} />}
      </div>
      <OpenFiles windowDrops onOpened={onOpened} />
      <ConfigLoadStatus config={config} />
      {config.data && <DatasourceSummary config={config.data} />}
    </div>
  );
}

function DatasourceSummary({ config }: { config: RuntimeConfig }) {
  if (config.datasources.length === 0) {
    return (
      <Notice tone="warning">
        <p className="font-medium">No datasources yet</p>
        <p className="mt-1 whitespace-pre-wrap">{config.hint ?? FALLBACK_HINT}</p>
      </Notice>
    );
  }
  const traceSources = config.datasources.filter(isTraceDatasource);
  return (
    <Panel title="Datasources">
      <ul className="flex flex-col gap-2 text-sm">
        {config.datasources.map((ds) => (
          <DatasourceLine key={ds.name} datasource={ds} />
        ))}
      </ul>
      {traceSources.length === 0 && (
        <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">
          None of these hold traces: add a Tempo, Jaeger or Zipkin datasource to search and open traces.
        </p>
      )}
      <p className="mt-3 text-sm">
        <Link to="/settings" className={linkText}>
          Check their health in Settings
        </Link>
      </p>
    </Panel>
  );
}

function DatasourceLine({ datasource }: { datasource: DatasourceInfo }) {
  return (
    <li className="flex flex-wrap items-baseline gap-x-2">
      <span className="font-medium">{datasource.displayName}</span>
      <span className="text-slate-600 dark:text-slate-400">
        {datasource.type}
        {datasource.default ? ', default' : ''}
      </span>
      {isTraceDatasource(datasource) && (
        <Link to={searchPath({ ds: datasource.name })} className={linkText}>
          Search {datasource.displayName}
        </Link>
      )}
    </li>
  );
}
