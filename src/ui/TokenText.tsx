// Untrusted text (a log line, an attribute key) that wraps at token bounds: at spaces, after
// separators, never inside a trace or span ID. Put it in a box with `wrap-break-word` so a token
// longer than the box still wraps rather than overflowing; IDs are the exception and stay whole.
import { Fragment, useMemo } from 'react';
import { tokenRuns } from './token-runs.ts';

export function TokenText({ text }: { text: string }) {
  const runs = useMemo(() => tokenRuns(text), [text]);
  return (
    <>
      {runs.map((run, i) =>
        run.kind === 'break' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: runs are positional and never reorder
          <wbr key={i} />
        ) : run.kind === 'id' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: runs are positional and never reorder
          <span key={i} className="whitespace-nowrap">
            {run.text}
          </span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: runs are positional and never reorder
          <Fragment key={i}>{run.text}</Fragment>
        ),
      )}
    </>
  );
}
