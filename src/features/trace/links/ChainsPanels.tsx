// Broken chains on the trace screen (issue 18, decision 0282): under the header, a trace still
// arriving (Reload, and one fetch again by itself) and a trace with several roots (each root and its
// subtree); in Insights, every orphan explained and every client span no callee answered, each
// linking to its span.
import { type ReactNode, useEffect, useState } from 'react';
import type { SpanTable } from '../../../model/types.ts';
import { focusRing } from '../../../ui/styles.ts';
import { missingCalleeText, orphanText } from './links-text.ts';
import { useTraceMarks } from './trace-marks.tsx';
import { AUTO_RELOAD_S, autoReloadTaken } from './use-broken-chains.ts';

function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** Under the header: still arriving (Reload, and once by itself), several roots. */
export function ChainsNotice(props: {
  table: SpanTable;
  traceId: string;
  /** Fetches the trace again; absent for files (nothing to fetch). */
  onReload?: () => void;
  spanLink: (row: number) => ReactNode;
}) {
  const { chains } = useTraceMarks();
  const arriving = chains?.orphans.some((o) => o.causes[0] === 'still-arriving') ?? false;
  const onReload = props.onReload;
  const [auto, setAuto] = useState<number | null>(null);
  useEffect(() => {
    if (!arriving || !onReload) return;
    if (autoReloadTaken(props.traceId, sessionStore())) return;
    setAuto(AUTO_RELOAD_S);
    const timer = window.setTimeout(onReload, AUTO_RELOAD_S * 1000);
    return () => window.clearTimeout(timer);
  }, [arriving, onReload, props.traceId]);
  if (!chains) return null;
  return (
    <>
      {arriving ? (
        <p
          role="status"
          data-testid="still-arriving"
          className="mt-1 rounded bg-amber-100 px-2 py-1 text-xs text-amber-950"
        >
          This trace ended moments ago: spans whose parents are missing may still be on their way.{' '}
          {onReload ? (
            <>
              <button type="button" className={`underline ${focusRing}`} onClick={onReload}>
                Reload
              </button>
              {auto !== null ? ` It will be fetched again by itself in ${auto} s, once.` : null}
            </>
          ) : null}
        </p>
      ) : null}
      {chains.roots.length > 1 ? (
        <div data-testid="several-roots" className="mt-1 text-xs">
          <span className="opacity-80">
            {chains.roots.length} roots — parts of the request were recorded without the caller's context:
          </span>
          <ul className="flex flex-wrap gap-x-3">
            {chains.roots.map((r) => (
              <li key={r.row}>
                {props.spanLink(r.row)}{' '}
                <span className="opacity-80">
                  ({r.size} span{r.size === 1 ? '' : 's'})
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

/** In Insights: each orphan and each unanswered client span, explained, with a link to it. */
export function ChainsInsights(props: { table: SpanTable; link: (row: number) => ReactNode }) {
  const { chains } = useTraceMarks();
  if (
    !chains ||
    (chains.orphans.length === 0 && chains.missingCallees.length === 0 && chains.roots.length < 2)
  )
    return null;
  return (
    <section
      aria-label="Broken chains, explained"
      data-testid="chains-insights"
      className="mb-3 rounded border border-amber-600 p-2"
    >
      <h3 className="font-semibold">Broken chains, explained</h3>
      {chains.orphans.length > 0 ? (
        <ul className="mt-1 flex flex-col gap-1">
          {chains.orphans.map((o) => (
            <li key={o.row} data-orphan-row={o.row}>
              {props.link(o.row)} {orphanText(o, props.table)}
            </li>
          ))}
        </ul>
      ) : null}
      {chains.missingCallees.length > 0 ? (
        <ul className="mt-1 flex flex-col gap-1">
          {chains.missingCallees.slice(0, 50).map((m) => (
            <li key={m.row}>
              {props.link(m.row)} {missingCalleeText(m)}
            </li>
          ))}
        </ul>
      ) : null}
      {chains.roots.length > 1 ? (
        <p className="mt-1">
          {chains.roots.length} roots:{' '}
          {chains.roots.map((r) => (
            <span key={r.row} className="mr-2">
              {props.link(r.row)} ({r.size} span{r.size === 1 ? '' : 's'})
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
}
