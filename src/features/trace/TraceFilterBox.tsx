// The TraceQL filter beside find: a one-line editor (Monaco, lazily; a plain field while it loads),
// applied on Enter. The query runs in the worker; its parse or evaluation error shows inline.
import { useEffect, useState } from 'react';
import { PlainQueryEditor, TraceQLEditor } from '../traceql-editor/index.ts';

interface TraceFilterBoxProps {
  /** The applied filter (URL `filter`). */
  value: string;
  onApply: (query: string) => void;
  /** Tempo datasource to complete tags from; empty: no completion (files, Jaeger, Zipkin). */
  completionDatasource: string;
  /** Matching spans, or null while nothing is applied or the worker has not answered. */
  matchCount: number | null;
  error: { message: string; column?: number } | null;
}

export function TraceFilterBox(props: TraceFilterBoxProps) {
  const [draft, setDraft] = useState(props.value);
  // The URL may change under us (back, a link): the box follows it.
  useEffect(() => setDraft(props.value), [props.value]);
  const applied = draft.trim() === props.value.trim();
  // Monaco (~800 KB) loads only once the box is wanted: a filter in the URL, or the pointer over the
  // box (ahead of the click). Until then, and for keyboard users, the plain field does everything.
  const [wanted, setWanted] = useState(props.value !== '');
  useEffect(() => {
    if (props.value) setWanted(true);
  }, [props.value]);
  const editorProps = {
    value: draft,
    onChange: setDraft,
    onRun: () => props.onApply(draft.trim()),
    datasource: props.completionDatasource,
    singleLine: true,
    ariaLabel: 'TraceQL filter',
    // Short: the box can be 18rem wide. The title holds the longer example.
    placeholder: 'TraceQL: { status = error }',
  };
  return (
    <div className="flex min-w-72 flex-1 items-center gap-1" data-testid="trace-filter">
      <div
        className="min-w-0 flex-1"
        title="TraceQL filter, e.g. { span.http.status_code >= 500 }; Enter applies"
        onPointerEnter={() => setWanted(true)}
      >
        {wanted ? <TraceQLEditor {...editorProps} /> : <PlainQueryEditor {...editorProps} />}
      </div>
      {!applied ? (
        <button type="button" className="rounded border px-1" onClick={() => props.onApply(draft.trim())}>
          Apply
        </button>
      ) : null}
      {props.value ? (
        <button
          type="button"
          aria-label="Clear the TraceQL filter"
          className="rounded border px-1"
          onClick={() => {
            setDraft('');
            props.onApply('');
          }}
        >
          ✕
        </button>
      ) : null}
      {props.error ? (
        <span role="alert" data-testid="trace-filter-error" className="text-red-700 dark:text-red-300">
          {props.error.column ? `Column ${props.error.column}: ` : ''}
          {props.error.message}
        </span>
      ) : props.value && props.matchCount !== null ? (
        <span data-testid="trace-filter-count" aria-live="polite">
          {props.matchCount} span{props.matchCount === 1 ? '' : 's'} match
        </span>
      ) : null}
    </div>
  );
}
