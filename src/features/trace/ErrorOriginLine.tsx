// The header's pointer to where the trace's error started (analysis/hints.ts `errorOrigin`, decision
// 0170): the span and its status message, one click from selecting it in the waterfall.
import { focusRing } from '../../ui/styles.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';
import { rowSpanId } from './waterfall/span-id.ts';

export interface ErrorOriginLineProps {
  trace: LoadedTrace;
  onOpenSpan: (row: number) => void;
  spanHref: (row: number) => string;
}

export function ErrorOriginLine({ trace, onOpenSpan, spanHref }: ErrorOriginLineProps) {
  const row = trace.analyses.errorOriginRow;
  const t = trace.table;
  if (row < 0 || row >= t.count) return null;
  const status = t.strings[t.statusMessage[row]];
  const explainsRoot = trace.analyses.errorOriginExplainsRoot;
  return (
    <p className="mt-1 flex flex-wrap items-baseline gap-x-1 text-xs" data-testid="header-error-origin">
      <span className="rounded bg-red-700 px-1.5 py-0.5 font-semibold text-white">Error origin</span>
      <a
        href={spanHref(row)}
        data-span-id={rowSpanId(t, row)}
        className={`rounded px-1 font-medium text-red-800 underline decoration-red-800/40 underline-offset-2 hover:decoration-red-800 dark:text-red-300 dark:decoration-red-300/40 ${focusRing}`}
        title={
          explainsRoot
            ? 'Why the request failed: every span from the root down to this one failed, and none of its children did. Selects it in the waterfall.'
            : 'The deepest span that failed (the root did not). Selects it in the waterfall.'
        }
        onClick={(event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
          event.preventDefault();
          onOpenSpan(row);
        }}
      >
        {t.strings[t.service[row]]} {t.strings[t.name[row]]}
        {status ? `: ${status}` : ''}
      </a>
      {explainsRoot ? null : <span className="opacity-80">(the root did not fail)</span>}
    </p>
  );
}
