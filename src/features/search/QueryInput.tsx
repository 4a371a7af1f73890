// The TraceQL box: the TraceQL editor (src/features/traceql-editor: Monaco, lazily loaded, with a plain
// text field while it loads), its hint and Tempo's error. Keep this interface as the seam.
import { useId, useMemo } from 'react';
import { formatTimePoint, resolveTimeRange, type TimeRange } from '../../routes/time-range';
import { TraceQLEditor } from '../traceql-editor';

export interface QueryInputError {
  message: string;
  /** 1-based, as Tempo reports it. */
  line?: number;
  column?: number;
}

export interface QueryInputProps {
  value: string;
  onChange(value: string): void;
  /** Run the query (Ctrl/Cmd+Enter, or Shift+Enter). */
  onRun(): void;
  /** The Tempo datasource the query is for (completion asks it). */
  datasource: string;
  timeRange: TimeRange;
  error?: QueryInputError;
}

export function QueryInput({ value, onChange, onRun, datasource, timeRange, error }: QueryInputProps) {
  const errorId = useId();
  const hintId = useId();
  // Resolved once per range as written, so completion's cache (per datasource and range) holds while typing.
  const from = formatTimePoint(timeRange.from);
  const to = formatTimePoint(timeRange.to);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the range's text, not its object identity.
  const seconds = useMemo(() => {
    const { fromMs, toMs } = resolveTimeRange(timeRange, Date.now());
    return { startSec: Math.floor(fromMs / 1000), endSec: Math.ceil(toMs / 1000) };
  }, [from, to]);
  return (
    <div className="flex flex-col gap-1">
      <span className="text-sm font-medium">TraceQL query</span>
      <TraceQLEditor
        value={value}
        onChange={onChange}
        onRun={onRun}
        datasource={datasource}
        timeRange={seconds}
        error={error}
        ariaLabel="TraceQL query"
        placeholder='{ resource.service.name = "checkout" && status = error }'
      />
      <p id={hintId} className="text-xs text-slate-600 dark:text-slate-400">
        Ctrl+Enter runs the query.
      </p>
      {error && (
        <p
          id={errorId}
          role="alert"
          data-testid="query-error"
          className="whitespace-pre-wrap rounded-md border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100"
        >
          {error.line !== undefined && (
            <span className="font-medium">
              Line {error.line}
              {error.column !== undefined ? `, column ${error.column}` : ''}:{' '}
            </span>
          )}
          {error.message}
        </p>
      )}
    </div>
  );
}
