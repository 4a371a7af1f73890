// "Compare with…" on the trace page (issue 16): this trace becomes B, and A is a pasted ID, one of
// the recent traces, a trace from a file opened here, or the typical trace the compare screen finds
// (`/compare/typical/<B>`, decision 0245). Links only: the compare screen is its own route.
import { useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type CompareSideRef, comparePath } from '../../routes/compare-url.ts';
import { normalizeTraceId } from '../../routes/ids.ts';
import { traceWindow } from '../../routes/trace-window.ts';
import { useRecentTraces } from '../../state/recent-traces.ts';
import { Button } from '../../ui/Button.tsx';
import { controlBase, focusRing, linkText } from '../../ui/styles.ts';
import { type OpenedResult, OpenFiles } from '../open-file/index.ts';

export interface CompareWithProps {
  /** This trace, as the compare URL names it. */
  self: CompareSideRef;
  /** Keeps a trace opened from a file here and gives its file number (the page's `adoptOpened`). */
  adoptOpened: (opened: OpenedResult) => number;
}

export function CompareWith({ self, adoptOpened }: CompareWithProps) {
  const [open, setOpen] = useState(false);
  const [pasted, setPasted] = useState('');
  const navigate = useNavigate();
  const panelId = useId();
  const recent = useRecentTraces((s) => s.traces).filter((t) => t.traceId !== self.traceId);
  const pastedId = normalizeTraceId(pasted);
  const fromFile = self.file !== undefined;
  return (
    <div className="relative">
      <Button
        variant="ghost"
        className="px-2 py-0.5 text-xs"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        Compare with…
      </Button>
      {open ? (
        <div
          id={panelId}
          role="dialog"
          aria-label="Compare this trace with another"
          className="absolute right-0 z-30 mt-1 flex w-96 flex-col gap-3 rounded-md border border-slate-300 bg-white p-3 text-sm shadow-lg dark:border-slate-600 dark:bg-slate-900"
          onKeyDown={(event) => {
            if (event.key === 'Escape') setOpen(false);
          }}
        >
          <p className="text-xs text-slate-700 dark:text-slate-300">
            This trace is B; the one you pick is A, the baseline.
          </p>
          {fromFile ? null : (
            <Link to={comparePath({ b: self })} className={linkText} data-testid="compare-typical">
              Compare with a typical trace
            </Link>
          )}
          <form
            className="flex items-center gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              if (pastedId) navigate(comparePath({ a: { traceId: pastedId }, b: self }));
            }}
          >
            <label className="flex flex-1 flex-col gap-1 text-xs">
              Trace ID
              <input
                className={`${controlBase} ${focusRing} font-mono`}
                value={pasted}
                onChange={(event) => setPasted(event.target.value)}
                placeholder="paste a trace ID"
              />
            </label>
            <Button type="submit" disabled={!pastedId} className="self-end">
              Compare
            </Button>
          </form>
          {recent.length > 0 ? (
            <div>
              <h3 className="text-xs font-medium">Recent traces</h3>
              <ul
                className="flex max-h-48 flex-col gap-1 overflow-auto text-xs"
                aria-label="Recent traces to compare with"
              >
                {recent.map((t) => {
                  const window =
                    t.startUnixMs !== undefined && t.endUnixMs !== undefined
                      ? traceWindow({ kind: 'bounds', startUnixMs: t.startUnixMs, endUnixMs: t.endUnixMs })
                      : undefined;
                  return (
                    <li key={t.traceId}>
                      <Link
                        to={comparePath({ a: { traceId: t.traceId, ds: t.ds, ...window }, b: self })}
                        className={linkText}
                      >
                        {t.rootService} {t.rootName}
                      </Link>{' '}
                      <span className="font-mono text-slate-600 dark:text-slate-400">
                        {t.traceId.slice(0, 8)}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </div>
          ) : null}
          <div className="text-xs">
            <h3 className="font-medium">A trace from a file</h3>
            <OpenFiles
              compact
              onOpened={(result) => {
                const file = adoptOpened(result);
                navigate(comparePath({ a: { traceId: result.trace.traceId, file }, b: self }));
              }}
            />
          </div>
        </div>
      ) : null}
    </div>
  );
}
