// The traces opened lately (src/state/recent-traces.ts), newest first; names are backend data,
// rendered as text.
import { Link } from 'react-router';
import type { DatasourceInfo } from '../../datasources/config';
import { tracePath } from '../../routes/trace-url';
import type { TraceTime } from '../../routes/trace-window';
import { type RecentTrace, useRecentTraces } from '../../state/recent-traces';
import { Button } from '../../ui/Button';
import { Panel } from '../../ui/Panel';
import { linkText } from '../../ui/styles';

function ago(openedAt: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - openedAt) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return new Date(openedAt).toLocaleDateString();
}

function recentTime(trace: RecentTrace): TraceTime | undefined {
  const { startUnixMs, endUnixMs } = trace;
  return startUnixMs === undefined || endUnixMs === undefined
    ? undefined
    : { kind: 'bounds', startUnixMs, endUnixMs };
}

export function RecentTraces({ datasources }: { datasources: readonly DatasourceInfo[] }) {
  const traces = useRecentTraces((s) => s.traces);
  const clear = useRecentTraces((s) => s.clear);
  const now = Date.now();
  const displayName = (ds: string) => datasources.find((d) => d.name === ds)?.displayName ?? ds;
  return (
    <Panel
      title="Recent traces"
      actions={
        traces.length > 0 && (
          <Button variant="ghost" onClick={clear} className="-my-1.5" aria-label="Clear recent traces">
            Clear
          </Button>
        )
      }
    >
      {traces.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Traces you open from a datasource are listed here, newest first.
        </p>
      ) : (
        <ul aria-label="Recent traces" className="flex flex-col gap-2 text-sm">
          {traces.map((trace) => (
            <li key={`${trace.traceId}|${trace.ds ?? ''}`} className="flex flex-col">
              <Link
                to={tracePath({ traceId: trace.traceId, ds: trace.ds }, recentTime(trace))}
                className={`${linkText} truncate`}
                title={`${trace.rootService} ${trace.rootName}`.trim() || trace.traceId}
              >
                {trace.rootService || trace.rootName
                  ? `${trace.rootService}${trace.rootService && trace.rootName ? ': ' : ''}${trace.rootName}`
                  : trace.traceId}
              </Link>
              <span className="text-xs text-slate-600 dark:text-slate-400">
                {trace.ds && `${displayName(trace.ds)} · `}
                <time
                  dateTime={new Date(trace.openedAt).toISOString()}
                  title={new Date(trace.openedAt).toLocaleString()}
                >
                  {ago(trace.openedAt, now)}
                </time>
              </span>
              <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{trace.traceId}</span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
