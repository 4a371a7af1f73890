import { type FormEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../ui/Button';
import { TextInput } from '../../ui/TextInput';
import { openTargetPath, parseTraceInput } from '../open-trace';
import { useTraceDatasourceChoice } from '../trace-datasource';

export interface OpenTraceFormProps {
  /** Larger layout with a visible label (home page) rather than the compact top-bar one. */
  prominent?: boolean;
}

/**
 * "Open trace": any form `parseTraceInput` accepts (IDs, traceparent/B3/uber-trace-id headers, Jaeger,
 * Grafana and Tracelight links) → `/trace/<id>`, at the span when one was given, carrying the chosen
 * datasource (without one the trace page asks every trace datasource).
 */
export function OpenTraceForm({ prominent = false }: OpenTraceFormProps) {
  const inputId = useId();
  const errorId = useId();
  const navigate = useNavigate();
  const { value: ds } = useTraceDatasourceChoice();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseTraceInput(text);
    if (!parsed.ok) {
      setError(parsed.reason);
      return;
    }
    setError(undefined);
    setText('');
    navigate(openTargetPath(parsed, ds));
  };

  return (
    <form
      role="search"
      aria-label="Open trace"
      onSubmit={submit}
      noValidate
      className={prominent ? 'flex flex-col gap-1.5' : 'relative flex items-center gap-1.5'}
    >
      <label htmlFor={inputId} className={prominent ? 'text-sm font-medium' : 'sr-only'}>
        Trace ID, header or link
      </label>
      <div className="flex items-center gap-1.5">
        <TextInput
          id={inputId}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            if (error) setError(undefined);
          }}
          placeholder={
            prominent
              ? // Short enough for the box at any width it takes; the label says what else it accepts.
                'e.g. 0af7651916cd43dd8448eb211c80319c or a traceparent'
              : 'Trace ID'
          }
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className={`font-mono ${prominent ? 'w-full max-w-xl' : 'w-44 sm:w-64'}`}
        />
        <Button type="submit" variant={prominent ? 'primary' : 'secondary'}>
          Open trace
        </Button>
      </div>
      {error && (
        <p
          id={errorId}
          role="alert"
          className={
            prominent
              ? 'text-sm text-red-700 dark:text-red-300'
              : 'absolute top-full left-0 z-20 mt-1 w-72 rounded-md border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-800 shadow dark:border-red-700 dark:bg-red-950 dark:text-red-200'
          }
        >
          {error}
        </p>
      )}
    </form>
  );
}
