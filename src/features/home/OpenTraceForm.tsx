import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../ui/Button';
import { TextArea } from '../../ui/TextArea';
import { foundText, needsConfirmation, openTargetPath, parseTraceInput } from '../open-trace';
import { useTraceDatasourceChoice } from '../trace-datasource';

export interface OpenTraceFormProps {
  /** Larger layout with a visible label (home page) rather than the compact top-bar one. */
  prominent?: boolean;
}

/** Text whose found ID was shown and is waiting for a second Enter. */
interface Confirming {
  text: string;
  message: string;
}

/**
 * "Open trace": any form `parseTraceInput` accepts (IDs, traceparent/B3/uber-trace-id headers, Jaeger,
 * Grafana and Tracelight links, or pasted header blocks and log lines with an ID in them) →
 * `/trace/<id>`, at the span when one was given, carrying the chosen datasource (without one the trace
 * page asks every trace datasource). A multi-line box: pastes keep their lines; Enter opens,
 * Shift+Enter starts a new line. When the ID was a guess or the text names several, the box says which
 * it found and the next Enter opens it.
 */
export function OpenTraceForm({ prominent = false }: OpenTraceFormProps) {
  const inputId = useId();
  const errorId = useId();
  const statusId = useId();
  const navigate = useNavigate();
  const { value: ds } = useTraceDatasourceChoice();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState<Confirming>();

  const open = () => {
    const parsed = parseTraceInput(text);
    if (!parsed.ok) {
      setError(parsed.reason);
      return;
    }
    setError(undefined);
    if (needsConfirmation(parsed.found) && confirming?.text !== text) {
      setConfirming({ text, message: `${foundText(parsed)} Press Enter again to open it.` });
      return;
    }
    setConfirming(undefined);
    setText('');
    navigate(openTargetPath(parsed, ds));
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    open();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    open();
  };
  const lines = text.split('\n').length;

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
      <div className="flex items-start gap-1.5">
        <TextArea
          id={inputId}
          value={text}
          rows={prominent ? Math.min(8, Math.max(1, lines)) : 1}
          onChange={(event) => {
            setText(event.target.value);
            if (error) setError(undefined);
            if (confirming) setConfirming(undefined);
          }}
          onKeyDown={onKeyDown}
          placeholder={
            prominent
              ? // Short enough for the box at any width it takes; the label says what else it accepts.
                'e.g. 0af7651916cd43dd8448eb211c80319c or a traceparent'
              : 'Trace ID'
          }
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : confirming ? statusId : undefined}
          className={`resize-none font-mono ${prominent ? 'w-full max-w-xl' : 'h-[2.125rem] w-44 overflow-hidden whitespace-nowrap sm:w-52 2xl:w-64'}`}
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
      {confirming && (
        <p
          id={statusId}
          role="status"
          data-testid="open-trace-found"
          className={
            prominent
              ? 'text-sm break-words'
              : 'absolute top-full left-0 z-20 mt-1 w-96 rounded-md border border-sky-300 bg-sky-50 px-2 py-1 text-sm break-words text-sky-950 shadow dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100'
          }
        >
          {confirming.message}
        </p>
      )}
    </form>
  );
}
