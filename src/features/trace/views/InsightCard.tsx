// One finding of the Insights view: its kind, what was found, why it matters, why it was shown, its
// spans (links that select them in the waterfall) and a button dismissing it.
import type { ReactNode } from 'react';
import type { SpanTable } from '../../../model/types.ts';
import { formatDuration } from '../../../ui/format.ts';
import { focusRing } from '../../../ui/styles.ts';
import type { Insight } from '../../../worker/views.ts';
import { INSIGHT_LABELS, INSIGHT_WHY, insightReason, insightTitle } from './insight-text.ts';

export interface InsightCardProps {
  insight: Insight;
  table: SpanTable;
  link: (row: number) => ReactNode;
  onDismiss: () => void;
}

export function InsightCard({ insight, table, link, onDismiss }: InsightCardProps) {
  const rootOrigin = insight.kind === 'error-origin' && insight.explainsRoot === true;
  const tone =
    insight.kind === 'error-origin'
      ? 'border-red-600 dark:border-red-500'
      : 'border-gray-200 dark:border-gray-700';
  return (
    <li
      data-insight={insight.kind}
      data-root-cause={rootOrigin ? '1' : undefined}
      className={`rounded border p-2 ${rootOrigin ? 'border-2' : ''} ${tone}`}
    >
      <div className="flex items-start gap-2">
        <p className="flex-1">
          <span
            className={`mr-2 rounded px-1 text-xs font-semibold ${insight.kind === 'error-origin' ? 'bg-red-700 text-white' : 'bg-gray-200 dark:bg-gray-700'}`}
          >
            {INSIGHT_LABELS[insight.kind]}
          </span>
          {insight.onCriticalPath ? (
            <span className="mr-2 rounded bg-amber-200 px-1 text-xs text-amber-950 dark:bg-amber-800 dark:text-amber-50">
              on the critical path
            </span>
          ) : null}
          {insightTitle(insight, table)}
        </p>
        <button
          type="button"
          className={`shrink-0 rounded border border-gray-400 px-1.5 text-xs dark:border-gray-500 ${focusRing}`}
          aria-label={`Dismiss: ${INSIGHT_LABELS[insight.kind]}, ${insightTitle(insight, table)}`}
          title="Hide this insight for this trace (Show dismissed brings it back)"
          onClick={onDismiss}
        >
          Dismiss
        </button>
      </div>
      <p className="opacity-80">{INSIGHT_WHY[insight.kind]}</p>
      <p className="text-xs opacity-80" data-insight-reason="">
        {insightReason(insight, table)}
      </p>
      <p className="mt-1 flex flex-wrap gap-1">
        {insight.rows.map(link)}
        {insight.moreRows > 0 ? <span className="opacity-70">and {insight.moreRows} more</span> : null}
        {insight.kind === 'sequential-siblings' && insight.ns ? (
          <span className="opacity-70">(up to {formatDuration(insight.ns)} saved)</span>
        ) : null}
      </p>
    </li>
  );
}
