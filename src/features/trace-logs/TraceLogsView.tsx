// The trace's Logs tab (`view=logs`): every line of the trace, oldest first, with a service filter;
// a click on a line selects its span.
import { useMemo, useState } from 'react';
import { errorText } from '../../datasources/error-text';
import { Button } from '../../ui/Button';
import { Select } from '../../ui/Select';
import { TokenText } from '../../ui/TokenText';
import { LogLines } from '../logs';
import { OpenInLogs } from './OpenInLogs';
import { windowText } from './span-logs-summary';
import { useTraceLogs } from './use-trace-logs';

export interface TraceLogsViewProps {
  traceDatasource?: string;
  traceId: string;
  /** Absolute trace start, decimal ns. */
  startUnixNano: string;
  durationNs: number;
  /** The trace's services (the filter's choices; "all" asks for all of them at once). */
  services: readonly string[];
  onSelectSpan: (spanId: string) => void;
}

const ALL = '';

export function TraceLogsView(props: TraceLogsViewProps) {
  const [service, setService] = useState(ALL);
  const services = useMemo(() => [...new Set(props.services)].sort(), [props.services]);
  const request = useMemo(
    () => ({
      traceDatasource: props.traceDatasource,
      source: { traceId: props.traceId, service: service || undefined },
      services: service ? undefined : services,
      startUnixNano: props.startUnixNano,
      durationNs: props.durationNs,
    }),
    [props.traceDatasource, props.traceId, props.startUnixNano, props.durationNs, service, services],
  );
  const logs = useTraceLogs(request);
  return (
    <section
      aria-label="Trace logs"
      data-testid="trace-logs"
      className="flex min-h-0 flex-1 flex-col gap-2 overflow-auto p-2 text-xs"
    >
      <div className="flex flex-wrap items-center gap-2">
        <Select value={service} onChange={(e) => setService(e.target.value)} aria-label="Service">
          <option value={ALL}>All services ({services.length})</option>
          {services.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </Select>
        {!logs.loading && !logs.error && logs.query && (
          <span data-testid="trace-logs-count">
            {logs.lines.length === 0 && logs.target
              ? `No log lines for this trace in ${logs.target.datasource.displayName} within ${windowText(logs.target.beforeMs, logs.target.afterMs)} of it.`
              : `${logs.lines.length} line${logs.lines.length === 1 ? '' : 's'}`}
            {logs.limitReached ? ` (Loki's limit reached)` : ''}
          </span>
        )}
        {logs.logsLink && <OpenInLogs to={logs.logsLink} />}
      </div>
      {logs.problem && <p className="opacity-70">{logs.problem}</p>}
      {logs.loading && <p className="opacity-70">Loading logs…</p>}
      {logs.error ? (
        <p role="alert" data-testid="trace-logs-error" className="text-red-700 dark:text-red-300">
          Logs unavailable: {errorText(logs.error)}
        </p>
      ) : null}
      {logs.lines.length > 0 && (
        <LogLines
          label="Trace log lines"
          lines={logs.lines}
          hideLabels={['env', 'namespace', 'job']}
          traceLinks={false}
          onLineClick={(_line, ids) => {
            if (ids?.spanId) props.onSelectSpan(ids.spanId);
          }}
        />
      )}
      {logs.limitReached && (
        <div>
          <Button onClick={logs.loadMore} disabled={logs.loadingMore}>
            {logs.loadingMore ? 'Loading…' : 'Load more lines'}
          </Button>
        </div>
      )}
      {logs.query && (
        <code className="font-mono wrap-break-word opacity-70">
          <TokenText text={logs.query} />
        </code>
      )}
    </section>
  );
}
