// The critical path as a list of segments (span, service, operation, segment time, share of the
// trace), in time order or sorted in the worker; a click opens the span in the waterfall.
import { useCallback } from 'react';
import { formatDuration } from '../../../ui/format.ts';
import { useVirtualRows } from '../../../ui/virtual/use-virtual-rows.ts';
import type { CpSortKey } from '../../../worker/views.ts';
import { rowSpanId } from '../waterfall/span-id.ts';
import { ariaSort, nextSort, type SortState } from './sort.ts';
import { percent } from './stats-model.ts';
import { useWorkerView } from './use-worker-view.ts';
import type { TraceViewProps } from './view-props.ts';

const ROW_HEIGHT = 28;
const COLUMNS = 'grid grid-cols-[4rem_minmax(8rem,1fr)_minmax(10rem,2fr)_10rem_7rem_6rem] gap-2 px-2';

export function CriticalPathView(props: TraceViewProps) {
  const { trace, client, selectedRow, mask } = props;
  const a = trace.analyses;
  const table = trace.table;
  // The sort lives in the URL (`cpsort`), so a shared link lists the segments the same way.
  const sort: SortState<CpSortKey> = {
    key: props.url.cpSort.column,
    descending: props.url.cpSort.descending,
  };
  const setSort = (next: SortState<CpSortKey>) =>
    props.update({ cpSort: { column: next.key, descending: next.descending } }, 'replace');
  const order = useWorkerView(
    // biome-ignore lint/correctness/useExhaustiveDependencies: a new table (skew switch) needs a new answer from the worker
    useCallback(
      () =>
        sort.key === 'order' && !sort.descending
          ? Promise.resolve(identity(a.cpRow.length))
          : client.criticalPathOrder(sort.key, sort.descending),
      [client, table, a.cpRow.length, sort.key, sort.descending],
    ),
  );
  const count = a.cpRow.length;
  // Two million segments × 28 px is past the browser's element-height cap: the scroll range is scaled.
  const virtual = useVirtualRows<HTMLDivElement>({ rowCount: count, rowHeight: ROW_HEIGHT, overscan: 10 });
  const shown: number[] = [];
  for (let i = virtual.first; i < virtual.last; i++) shown.push(i);
  const indices = order.state === 'ready' ? order.value : null;
  const header = (key: CpSortKey, label: string, numeric: boolean) => (
    <div role="columnheader" tabIndex={-1} aria-sort={ariaSort(sort, key)}>
      <button
        type="button"
        className="font-semibold underline-offset-2 hover:underline"
        onClick={() => setSort(nextSort(sort, key, numeric))}
      >
        {label}
        {sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}
      </button>
    </div>
  );

  return (
    <section
      className="flex min-h-0 flex-1 flex-col"
      aria-label="Critical path"
      data-testid="critical-path-view"
    >
      <p className="px-3 py-2 text-sm" data-testid="critical-path-summary">
        Critical path <strong>{formatDuration(a.cpLengthNs)}</strong> in {count} segment
        {count === 1 ? '' : 's'} · dark share <strong>{percent(a.darkShare, 1)}</strong> of the trace’s{' '}
        {formatDuration(trace.durationNs)}
      </p>
      <div
        role="table"
        aria-label="Critical-path segments"
        aria-rowcount={count + 1}
        className="flex min-h-0 flex-1 flex-col text-sm"
      >
        <div
          role="row"
          tabIndex={-1}
          className={`${COLUMNS} border-b border-gray-300 py-1 dark:border-gray-700`}
        >
          {header('order', '#', false)}
          {header('service', 'Service', false)}
          {header('operation', 'Operation', false)}
          <div role="columnheader" tabIndex={-1}>
            Span
          </div>
          {header('time', 'Segment time', true)}
          {header('time', 'Share', true)}
        </div>
        <div
          ref={virtual.ref}
          onScroll={virtual.onScroll}
          className="min-h-0 flex-1 overflow-auto"
          role="rowgroup"
        >
          <div style={{ height: virtual.spacerHeight, position: 'relative', overflowY: 'clip' }}>
            {indices
              ? shown.map((index) => {
                  const segment = indices[index];
                  const row = a.cpRow[segment];
                  const time = a.cpEndNs[segment] - a.cpStartNs[segment];
                  const selected = row === selectedRow;
                  return (
                    <div
                      key={index}
                      role="row"
                      tabIndex={-1}
                      aria-rowindex={index + 2}
                      aria-selected={selected}
                      data-span-id={rowSpanId(table, row)}
                      data-segment={segment}
                      data-segment-ns={time}
                      data-match={mask?.[row] ? '1' : undefined}
                      className={`${COLUMNS} absolute left-0 right-0 items-center ${selected ? 'bg-blue-100 dark:bg-blue-900' : mask?.[row] ? 'bg-yellow-50 dark:bg-yellow-900/40' : ''}`}
                      style={{ top: virtual.rowTop(index), height: ROW_HEIGHT }}
                    >
                      <div role="cell" className="tabular-nums opacity-70">
                        {segment + 1}
                      </div>
                      <div role="cell" className="flex items-center gap-1 truncate">
                        <span
                          aria-hidden
                          className="inline-block h-3 w-3 shrink-0 rounded-sm"
                          style={{ background: props.colours.get(table.service[row]) }}
                        />
                        {table.strings[table.service[row]]}
                      </div>
                      <div role="cell" className="truncate">
                        <a
                          href={props.spanHref(row)}
                          className="text-blue-700 hover:underline dark:text-blue-300"
                          onClick={(event) => {
                            if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
                              return;
                            event.preventDefault();
                            props.openInWaterfall(row);
                          }}
                        >
                          {table.strings[table.name[row]]}
                        </a>
                      </div>
                      <div role="cell" className="font-mono text-xs opacity-80">
                        {rowSpanId(table, row)}
                      </div>
                      <div role="cell" className="tabular-nums">
                        {formatDuration(time)}
                      </div>
                      <div role="cell" className="tabular-nums">
                        {percent(time, trace.durationNs)}
                      </div>
                    </div>
                  );
                })
              : null}
          </div>
        </div>
      </div>
    </section>
  );
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
