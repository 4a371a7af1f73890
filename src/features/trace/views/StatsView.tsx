// Statistics per service or per service + operation, computed in the worker; sortable; a click
// filters the waterfall to those spans.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GroupStatistics } from '../../../analysis/index.ts';
import { formatDuration } from '../../../ui/format.ts';
import { ariaSort, nextSort, type SortState } from './sort.ts';
import {
  COLUMN_OF_STATS_KEY,
  percent,
  STATS_KEY_OF_COLUMN,
  type StatsKey,
  sortGroups,
  TEXT_KEYS,
  totalsOf,
} from './stats-model.ts';
import { useWorkerView } from './use-worker-view.ts';
import type { TraceViewProps } from './view-props.ts';

const NUMBER_COLUMNS: Array<[StatsKey, string]> = [
  ['count', 'Spans'],
  ['total', 'Total'],
  ['selfTotal', 'Self'],
  ['criticalPathTotal', 'Critical path'],
  ['errors', 'Errors'],
  ['p50', 'p50'],
  ['p95', 'p95'],
];

export function StatsView(props: TraceViewProps) {
  const { trace, client, selectedRow } = props;
  // The screen's per-trace colours, by service name (the groups carry names).
  const colourByName = useMemo(() => {
    const byName = new Map<string, string>();
    for (const [index, colour] of props.colours) byName.set(trace.table.strings[index], colour);
    return byName;
  }, [props.colours, trace.table]);
  const table = trace.table;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new table (skew switch) needs a new answer from the worker
  const stats = useWorkerView(useCallback(() => client.statsView(), [client, table]));
  // Grouping and sort live in the URL (`group`, `sort`): a responder shares the table as they see it.
  const { update } = props;
  // The radios need their state at once (the router applies the URL a moment later, and a controlled
  // radio would flip back meanwhile); the URL stays the source and wins when it changes (back, links).
  const [grouping, setGroupingNow] = useState(props.url.statsGroup);
  useEffect(() => setGroupingNow(props.url.statsGroup), [props.url.statsGroup]);
  const sortKey = STATS_KEY_OF_COLUMN[props.url.statsSort.column];
  const sortDescending = props.url.statsSort.descending;
  const sort = useMemo<SortState<StatsKey>>(
    () => ({ key: sortKey, descending: sortDescending }),
    [sortKey, sortDescending],
  );
  const setSort = (next: SortState<StatsKey>) =>
    update({ statsSort: { column: COLUMN_OF_STATS_KEY[next.key], descending: next.descending } }, 'replace');
  const setGrouping = (statsGroup: typeof grouping) => {
    setGroupingNow(statsGroup);
    update({ statsGroup }, 'replace');
  };
  const groups =
    stats.state === 'ready' ? (grouping === 'service' ? stats.value.byService : stats.value.byOperation) : [];
  const sorted = useMemo(() => sortGroups(groups, sort), [groups, sort]);
  const totals = useMemo(() => totalsOf(groups), [groups]);
  const selectedService = selectedRow >= 0 ? table.strings[table.service[selectedRow]] : null;
  const selectedName = selectedRow >= 0 ? table.strings[table.name[selectedRow]] : null;
  const isSelected = (g: GroupStatistics) =>
    g.service === selectedService && (grouping === 'service' || g.operation === selectedName);

  const header = (key: StatsKey, label: string) => (
    <th scope="col" aria-sort={ariaSort(sort, key)} className="px-2 py-1 text-left">
      <button
        type="button"
        className="font-semibold hover:underline"
        onClick={() => setSort(nextSort(sort, key, !TEXT_KEYS.has(key)))}
      >
        {label}
        {sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  return (
    <section
      className="min-h-0 flex-1 overflow-auto p-3 text-sm"
      aria-label="Statistics"
      data-testid="stats-view"
    >
      <div className="mb-2 flex items-center gap-3" role="radiogroup" aria-label="Group by">
        {(['service', 'operation'] as const).map((g) => (
          <label key={g} className="flex items-center gap-1">
            <input
              type="radio"
              name="stats-grouping"
              checked={grouping === g}
              onChange={() => setGrouping(g)}
            />
            {g === 'service' ? 'By service' : 'By service and operation'}
          </label>
        ))}
        <span className="opacity-70">Click a row to show only its spans in the waterfall.</span>
      </div>
      {stats.state === 'loading' ? <p role="status">Computing statistics…</p> : null}
      {stats.state === 'failed' ? <p role="alert">The statistics could not be computed.</p> : null}
      {stats.state === 'ready' ? (
        <table className="w-full border-collapse tabular-nums" data-grouping={grouping}>
          <thead className="border-b border-gray-300 dark:border-gray-700">
            <tr>
              {header('service', 'Service')}
              {grouping === 'operation' ? header('operation', 'Operation') : null}
              {NUMBER_COLUMNS.map(([key, label]) => header(key, label))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((g) => (
              <tr
                key={`${g.service}\u0000${g.operation}`}
                data-service={g.service}
                data-operation={grouping === 'operation' ? g.operation : undefined}
                data-total-ns={g.total}
                aria-selected={isSelected(g)}
                className={`cursor-pointer border-b border-gray-100 hover:bg-gray-100 dark:border-gray-800 dark:hover:bg-gray-800 ${isSelected(g) ? 'bg-blue-100 dark:bg-blue-900' : ''}`}
                onClick={() =>
                  props.filterWaterfall(g.service, grouping === 'operation' ? g.operation : undefined)
                }
              >
                <td className="px-2 py-1">
                  <button
                    type="button"
                    className="flex items-center gap-1 text-left hover:underline"
                    onClick={(event) => {
                      event.stopPropagation();
                      props.filterWaterfall(g.service, grouping === 'operation' ? g.operation : undefined);
                    }}
                  >
                    <span
                      aria-hidden
                      className="inline-block h-3 w-3 rounded-sm"
                      style={{ background: colourByName.get(g.service) ?? '#888' }}
                    />
                    {g.service}
                  </button>
                </td>
                {grouping === 'operation' ? <td className="px-2 py-1">{g.operation}</td> : null}
                <td className="px-2 py-1">{g.count}</td>
                <td className="px-2 py-1">{formatDuration(g.total)}</td>
                <td className="px-2 py-1">{formatDuration(g.selfTotal)}</td>
                <td className="px-2 py-1">
                  {formatDuration(g.criticalPathTotal)}{' '}
                  <span className="text-slate-600 dark:text-slate-300">
                    {percent(g.criticalPathTotal, trace.analyses.cpLengthNs)}
                  </span>
                </td>
                <td
                  className={`px-2 py-1 ${g.errors > 0 ? 'font-semibold text-red-700 dark:text-red-400' : ''}`}
                >
                  {g.errors}
                </td>
                <td className="px-2 py-1">{formatDuration(g.p50)}</td>
                <td className="px-2 py-1">{formatDuration(g.p95)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t border-gray-300 font-semibold dark:border-gray-700">
            <tr data-testid="stats-totals" data-total-ns={totals.total} data-count={totals.count}>
              <th scope="row" className="px-2 py-1 text-left" colSpan={grouping === 'operation' ? 2 : 1}>
                All spans
              </th>
              <td className="px-2 py-1">{totals.count}</td>
              <td className="px-2 py-1">{formatDuration(totals.total)}</td>
              <td className="px-2 py-1">{formatDuration(totals.selfTotal)}</td>
              <td className="px-2 py-1">{formatDuration(totals.criticalPathTotal)}</td>
              <td className="px-2 py-1">{totals.errors}</td>
              <td className="px-2 py-1" colSpan={2} />
            </tr>
          </tfoot>
        </table>
      ) : null}
    </section>
  );
}
