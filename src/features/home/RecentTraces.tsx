// The traces opened lately (src/state/recent-traces.ts), newest first; names are backend data,
// rendered as text.
import { Link } from 'react-router';
import { tracePath } from '../../routes/trace-url';
import { useRecentTraces } from '../../state/recent-traces';
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

export function RecentTraces() {
  const traces = useRecentTraces((s) => s.traces);
  const clear = useRecentTraces((s) => s.clear);
  if (traces.length === 0) return null;
  const now = Date.now();
  return (
    <Panel
      title="Recent traces"
      actions={
        <Button variant="ghost" onClick={clear}>
          Clear
        </Button>
      }
    >
      <ul aria-label="Recent traces" className="flex flex-col gap-1.5 text-sm">
        {traces.map((trace) => (
          <li key={`${trace.traceId}|${trace.ds ?? ''}`} className="flex flex-wrap items-baseline gap-x-2">
            <Link to={tracePath({ traceId: trace.traceId, ds: trace.ds })} className={linkText}>
              {trace.rootService || trace.rootName
                ? `${trace.rootService}${trace.rootService && trace.rootName ? ': ' : ''}${trace.rootName}`
                : trace.traceId}
            </Link>
            <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{trace.traceId}</span>
            <span className="text-xs text-slate-600 dark:text-slate-400">
              {trace.ds ? `${trace.ds} · ` : ''}
              {ago(trace.openedAt, now)}
            </span>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
