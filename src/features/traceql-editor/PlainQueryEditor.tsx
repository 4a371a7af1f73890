// A plain text field with the editor's keys (Ctrl/Cmd+Enter runs; Enter runs when single-line): shown
// while Monaco loads and if it cannot load, so a query can always be typed and run.
import type { KeyboardEvent } from 'react';
import type { TraceQLEditorProps } from './props.ts';

export function PlainQueryEditor({
  value,
  onChange,
  onRun,
  singleLine,
  ariaLabel,
  placeholder,
  error,
}: TraceQLEditorProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement | HTMLInputElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey || event.shiftKey || singleLine)) {
      event.preventDefault();
      onRun();
    }
  };
  const className =
    'w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-[13px] dark:border-slate-700 dark:bg-slate-900';
  const common = {
    value,
    'aria-label': ariaLabel ?? 'TraceQL query',
    'aria-invalid': error ? true : undefined,
    placeholder,
    spellCheck: false,
    autoComplete: 'off',
    onKeyDown,
    className,
    'data-editor': 'plain',
  } as const;
  return singleLine ? (
    <input type="text" {...common} onChange={(event) => onChange(event.target.value)} />
  ) : (
    <textarea rows={3} {...common} onChange={(event) => onChange(event.target.value)} />
  );
}
