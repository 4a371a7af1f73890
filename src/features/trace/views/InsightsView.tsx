// Findings for the responder, computed in the worker: the largest dark gaps, sequential siblings,
// broken propagation, the error origin and clock skew — each with why it matters and its spans.
import { useCallback } from 'react';
import { formatDuration } from '../../../ui/format.ts';
import { rowSpanId } from '../waterfall/span-id.ts';
import { INSIGHT_LABELS, INSIGHT_WHY, insightTitle } from './insight-text.ts';
import { useWorkerView } from './use-worker-view.ts';
import type { TraceViewProps } from './view-props.ts';

export function InsightsView(props: TraceViewProps) {
  const { trace, client, selectedRow } = props;
  const table = trace.table;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new table (skew switch) needs a new answer from the worker
  const insights = useWorkerView(useCallback(() => client.insightsView(), [client, table]));
  const link = (row: number) => (
    <a
      key={row}
      href={props.spanHref(row)}
      data-span-id={rowSpanId(table, row)}
      aria-current={row === selectedRow ? 'true' : undefined}
      className={`rounded px-1 text-blue-700 hover:underline dark:text-blue-300 ${row === selectedRow ? 'bg-blue-100 dark:bg-blue-900' : ''}`}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        props.openInWaterfall(row);
      }}
    >
      {table.strings[table.service[row]]} {table.strings[table.name[row]]}
    </a>
  );

  return (
    <section
      className="min-h-0 flex-1 overflow-auto p-3 text-sm"
      aria-label="Insights"
      data-testid="insights-view"
    >
      {insights.state === 'loading' ? <p role="status">Looking for insights…</p> : null}
      {insights.state === 'failed' ? <p role="alert">The insights could not be computed.</p> : null}
      {insights.state === 'ready' && insights.value.length === 0 ? (
        <p>Nothing stands out: no dark gaps, sequential calls, broken propagation, errors or clock skew.</p>
      ) : null}
      {insights.state === 'ready' ? (
        <ol className="flex flex-col gap-3">
          {insights.value.map((insight, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt whole per trace
              key={i}
              data-insight={insight.kind}
              className="rounded border border-gray-200 p-2 dark:border-gray-700"
            >
              <p>
                <span className="mr-2 rounded bg-gray-200 px-1 text-xs font-semibold dark:bg-gray-700">
                  {INSIGHT_LABELS[insight.kind]}
                </span>
                {insight.onCriticalPath ? (
                  <span className="mr-2 rounded bg-amber-200 px-1 text-xs dark:bg-amber-800">
                    on the critical path
                  </span>
                ) : null}
                {insightTitle(insight, table)}
              </p>
              <p className="opacity-75">{INSIGHT_WHY[insight.kind]}</p>
              <p className="mt-1 flex flex-wrap gap-1">
                {insight.rows.map(link)}
                {insight.moreRows > 0 ? (
                  <span className="opacity-70">and {insight.moreRows} more</span>
                ) : null}
                {insight.kind === 'sequential-siblings' && insight.ns ? (
                  <span className="opacity-70">(up to {formatDuration(insight.ns)} saved)</span>
                ) : null}
              </p>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
