// "Start from a signal": per trace datasource, one-click searches for the last hour's errors and
// slowest traces (starting-points.ts).
import { Link } from 'react-router';
import { type DatasourceInfo, isTraceDatasource } from '../../datasources/config';
import { Panel } from '../../ui/Panel';
import { linkText } from '../../ui/styles';
import { startingPoints } from './starting-points';

export function StartingPoints({ datasources }: { datasources: readonly DatasourceInfo[] }) {
  const traceSources = datasources.filter(isTraceDatasource);
  if (traceSources.length === 0) return null;
  return (
    <Panel title="Start from a signal">
      <ul className="flex flex-col gap-3 text-sm">
        {traceSources.map((ds) => (
          <li key={ds.name}>
            <h3 className="font-medium">
              {ds.displayName}{' '}
              <span className="font-normal text-slate-600 dark:text-slate-400">({ds.type})</span>
            </h3>
            <ul className="mt-1 flex flex-col gap-1" aria-label={`Searches in ${ds.displayName}`}>
              {startingPoints(ds).map((point) => (
                <li key={point.key} className="flex flex-wrap items-baseline gap-x-2">
                  <Link to={point.path} state={point.state} className={linkText}>
                    {point.label}
                  </Link>
                  <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{point.detail}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
