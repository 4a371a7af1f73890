// The controls and the list of a stitched set (issue 18, decision 0287): "Show linked traces" fills
// the URL's `with=` from the trace's span links, "Critical path across traces" sets `xcp=1`; the list
// names every linked trace asked for — loaded (its root, spans, time in queue), still loading, or
// failed with why — and offers "Load more" past the configured number loaded at a time.
import { tracePath } from '../../../routes/trace-url.ts';
import { Button } from '../../../ui/Button.tsx';
import { formatDuration } from '../../../ui/format.ts';
import { linkText } from '../../../ui/styles.ts';
import type { LoadedTrace } from '../../../worker/protocol.ts';
import type { UpdateTraceUrl } from '../state/use-span-selection.ts';
import { queueText } from '../waterfall/stitch-marks.tsx';

export interface StitchState {
  /** The URL's `with`, all of it. */
  asked: readonly string[];
  /** How many of them load at a time now. */
  limit: number;
  /** Raise the limit by one page. */
  loadMore: () => void;
  /** Linked traces being fetched, or null. */
  progress: { done: number; total: number } | null;
}

/** The other traces "Show linked traces" stitches in: those the trace links to, then any others given. */
export function linkedTraceCandidates(trace: LoadedTrace, others: readonly string[] = []): string[] {
  return [...new Set([...trace.linkedTraceIds, ...others])].filter((id) => id !== trace.traceId);
}

export function ShowLinkedTraces(props: {
  trace: LoadedTrace;
  asked: readonly string[];
  crossTracePath: boolean;
  /** Traces found linking into this one (the "linked from" look-up), when known. */
  linkingIn?: readonly string[];
  update: UpdateTraceUrl;
}) {
  const { trace, asked, update } = props;
  const candidates = linkedTraceCandidates(trace, props.linkingIn);
  const on = asked.length > 0;
  if (!on && candidates.length === 0) return null;
  return (
    <>
      <label className="flex items-center gap-1">
        <input
          type="checkbox"
          checked={on}
          onChange={(e) =>
            update(e.target.checked ? { with: candidates } : { with: undefined, crossTracePath: undefined })
          }
        />
        Show linked traces{candidates.length > 0 ? ` (${candidates.length})` : ''}
      </label>
      {on ? (
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            checked={props.crossTracePath}
            onChange={(e) => update({ crossTracePath: e.target.checked || undefined })}
          />
          Critical path across traces
        </label>
      ) : null}
    </>
  );
}

export function LinkedTracesList(props: {
  trace: LoadedTrace;
  stitch: StitchState;
  ds?: string;
  hrefOf: (path: string) => string;
  onOpenSpan: (row: number) => void;
}) {
  const { trace, stitch } = props;
  if (stitch.asked.length === 0) return null;
  const summary = trace.stitch;
  const loaded = new Map((summary?.traces ?? []).slice(1).map((t) => [t.traceId, t]));
  const failed = new Map((summary?.failed ?? []).map((f) => [f.traceId, f.message]));
  const shown = stitch.asked.slice(0, stitch.limit);
  const more = stitch.asked.length - shown.length;
  const t = trace.table;
  return (
    <section
      aria-label="Linked traces"
      className="max-h-48 overflow-auto border-b border-gray-300 px-2 py-1 text-xs dark:border-gray-700"
    >
      <table className="w-full">
        <caption className="text-left font-medium">
          {shown.length} linked trace{shown.length === 1 ? '' : 's'} stitched in
          {stitch.progress ? ` · loading ${stitch.progress.done} of ${stitch.progress.total}` : ''}
          {summary?.crossTracePath
            ? ` · critical path across traces ${formatDuration(trace.analyses.cpLengthNs)}`
            : ''}
        </caption>
        <tbody>
          {shown.map((id) => {
            const info = loaded.get(id);
            const why = failed.get(id);
            return (
              <tr
                key={id}
                data-linked-trace-row={id}
                data-state={info ? 'loaded' : why ? 'failed' : 'loading'}
              >
                <td className="pr-2 font-mono">
                  <a className={linkText} href={props.hrefOf(tracePath({ traceId: id, ds: props.ds }))}>
                    {id.slice(0, 8)}
                  </a>
                </td>
                {info ? (
                  <>
                    <td className="pr-2">
                      <button
                        type="button"
                        className={linkText}
                        onClick={() => props.onOpenSpan(info.rootRow)}
                        title="Show its root span in the waterfall"
                      >
                        {info.rootService} {info.rootName}
                      </button>
                    </td>
                    <td className="pr-2">{info.rowCount} spans</td>
                    <td className={info.queueNs < 0 ? 'text-red-800 dark:text-red-300' : ''}>
                      {info.anchorRow < 0
                        ? 'no span link joins it to this trace: shown as a root of its own'
                        : `${info.downstream ? 'links to' : 'linked from'} ${t.strings[t.name[info.anchorRow]]} · ${queueText(info, true)}`}
                    </td>
                  </>
                ) : (
                  <td colSpan={3} className={why ? 'text-red-800 dark:text-red-300' : ''}>
                    {why ? `Could not load: ${why}` : 'Loading…'}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {more > 0 ? (
        <Button className="mt-1" onClick={stitch.loadMore} disabled={stitch.progress !== null}>
          Load more ({more} more linked trace{more === 1 ? '' : 's'})
        </Button>
      ) : null}
    </section>
  );
}
