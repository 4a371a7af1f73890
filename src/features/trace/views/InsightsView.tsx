// Findings for the responder, computed in the worker: the error origin, the largest dark gaps,
// sequential siblings, broken propagation and clock skew — in the worker's order (what each costs the
// request, the error origin first, decision 0170), each with what it is, why it matters, why it was
// shown and its spans. Dismissed findings are remembered per trace for the session (decision 0172).
import { useCallback, useRef } from 'react';
import { focusRing } from '../../../ui/styles.ts';
import { ChainsInsights } from '../links/ChainsPanels.tsx';
import { rowSpanId } from '../waterfall/span-id.ts';
import { useDismissedInsights } from './dismissed-insights.ts';
import { InsightCard } from './InsightCard.tsx';
import { insightKey } from './insight-text.ts';
import { useWorkerView } from './use-worker-view.ts';
import type { TraceViewProps } from './view-props.ts';

export function InsightsView(props: TraceViewProps) {
  const { trace, client, selectedRow } = props;
  const table = trace.table;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new table (skew switch) needs a new answer from the worker
  const insights = useWorkerView(useCallback(() => client.insightsView(), [client, table]));
  const { dismissed, dismiss, restoreAll } = useDismissedInsights(trace.traceId);
  const showAgain = useRef<HTMLButtonElement>(null);
  const link = (row: number) => (
    <a
      key={row}
      href={props.spanHref(row)}
      data-span-id={rowSpanId(table, row)}
      aria-current={row === selectedRow ? 'true' : undefined}
      className={`rounded px-1 text-blue-700 hover:underline dark:text-blue-300 ${focusRing} ${row === selectedRow ? 'bg-blue-100 dark:bg-blue-900' : ''}`}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        props.openInWaterfall(row);
      }}
    >
      {table.strings[table.service[row]]} {table.strings[table.name[row]]}
    </a>
  );

  const all = insights.state === 'ready' ? insights.value : [];
  const seen = new Map<string, number>();
  const keyed = all.map((insight) => {
    const base = insightKey(insight, table);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { insight, key: n === 0 ? base : `${base}#${n}` };
  });
  const shown = keyed.filter((k) => !dismissed.has(k.key));
  const hidden = keyed.length - shown.length;

  return (
    <section
      className="min-h-0 flex-1 overflow-auto p-3 text-sm"
      aria-label="Insights"
      data-testid="insights-view"
    >
      {insights.state === 'loading' ? <p role="status">Looking for insights…</p> : null}
      {insights.state === 'failed' ? <p role="alert">The insights could not be computed.</p> : null}
      {insights.state === 'ready' && all.length === 0 ? (
        <p>Nothing stands out: no dark gaps, sequential calls, broken propagation, errors or clock skew.</p>
      ) : null}
      {insights.state === 'ready' && all.length > 0 ? (
        <p className="mb-2 text-xs opacity-80">
          Ordered by what each finding costs the request: where the error started first, then time lost on the
          critical path.
        </p>
      ) : null}
      <ChainsInsights table={table} link={link} />
      {shown.length > 0 ? (
        <ol className="flex flex-col gap-3">
          {shown.map(({ insight, key }) => (
            <InsightCard
              key={key}
              insight={insight}
              table={table}
              link={link}
              onDismiss={() => {
                dismiss(key);
                // The card and its button go: keep the keyboard user in the list.
                requestAnimationFrame(() => showAgain.current?.focus());
              }}
            />
          ))}
        </ol>
      ) : null}
      {hidden > 0 ? (
        <p className="mt-3 flex items-center gap-2 text-xs">
          <span data-testid="insights-dismissed-count">
            {hidden} dismissed insight{hidden === 1 ? '' : 's'} hidden.
          </span>
          <button
            ref={showAgain}
            type="button"
            className={`rounded border border-gray-400 px-1.5 py-0.5 dark:border-gray-500 ${focusRing}`}
            onClick={restoreAll}
          >
            Show dismissed
          </button>
        </p>
      ) : null}
    </section>
  );
}
