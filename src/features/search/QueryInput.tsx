// The TraceQL box: a labelled text area for now. The TraceQL editor (src/features/traceql-editor)
// takes the same props and replaces it; keep this interface as the seam.
import { type KeyboardEvent, useId } from 'react';
import type { TimeRange } from '../../routes/time-range';
import { controlBase, focusRing } from '../../ui/styles';

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

export function QueryInput({ value, onChange, onRun, error }: QueryInputProps) {
  const id = useId();
  const errorId = useId();
  const hintId = useId();
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey || event.shiftKey)) {
      event.preventDefault();
      onRun();
    }
  };
  const rows = Math.min(8, Math.max(2, value.split('\n').length));
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        TraceQL query
      </label>
      <textarea
        id={id}
        value={value}
        rows={rows}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        placeholder='{ resource.service.name = "checkout" && status = error }'
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        className={`${controlBase} ${focusRing} w-full resize-y font-mono`}
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
