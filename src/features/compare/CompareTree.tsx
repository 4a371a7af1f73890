// The merged tree as a waterfall-like table (issue 16, decision 0244): one row per node of A and B
// by path, siblings in the URL's sort (largest change of the subtree's critical-path time first by
// default), added and removed nodes marked in words as well as colour, the change of critical-path
// time as a signed bar, collapsed rows carrying their subtree's totals. Only the viewport's rows are
// DOM (role="row"); the keyboard moves the selection (arrows, Home/End, PageUp/PageDown) and
// collapses or expands (Left/Right, Enter).
import { type KeyboardEvent, useEffect, useMemo } from 'react';
import { nodeChange, type TraceDiff } from '../../analysis/compare/index.ts';
import type { CompareSortColumn } from '../../routes/compare-url.ts';
import type { UrlSort } from '../../routes/params.ts';
import { formatDuration } from '../../ui/format.ts';
import { focusRing } from '../../ui/styles.ts';
import { useVirtualRows } from '../../ui/virtual/use-virtual-rows.ts';
import { hasChildren, nodeLabel } from './compare-model.ts';
import { signedDuration } from './signed.ts';

const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 30;
const GRID = 'grid grid-cols-[minmax(14rem,1fr)_5rem_5.5rem_5.5rem_11rem_5rem] items-center gap-x-2';

export interface CompareTreeProps {
  diff: TraceDiff;
  rows: Uint32Array;
  /** Spans in each node's subtree, per side (the worker's, 0246). */
  subtreeSpans: { a: Uint32Array; b: Uint32Array };
  /** The largest |B − A| of subtree critical-path time: the signed bars' scale. */
  barScale: number;
  sort: UrlSort<CompareSortColumn>;
  onSort: (sort: UrlSort<CompareSortColumn>) => void;
  collapsed: ReadonlySet<number>;
  onToggle: (node: number) => void;
  selected: number | undefined;
  onSelect: (node: number) => void;
  onHover: (node: number | undefined) => void;
  hovered: number | undefined;
  height: number;
  idPrefix: string;
}

const HEADERS: ReadonlyArray<{
  column?: CompareSortColumn;
  label: string;
  title?: string;
  numeric?: boolean;
}> = [
  { column: 'operation', label: 'Operation' },
  { column: 'spans', label: 'Spans A → B', numeric: true },
  {
    label: 'Critical path A',
    numeric: true,
    title: 'Time on the critical path in the node and below it, in A',
  },
  {
    label: 'Critical path B',
    numeric: true,
    title: 'Time on the critical path in the node and below it, in B',
  },
  {
    column: 'critical-path',
    label: 'Δ critical path',
    title: 'B − A of the time on the critical path in the node and below it',
  },
  { column: 'self', label: 'Δ self time', numeric: true, title: 'B − A of the node’s own self time' },
];

export function CompareTree(props: CompareTreeProps) {
  const { diff, rows, collapsed, selected } = props;
  const counts = props.subtreeSpans;
  const scale = props.barScale;
  const virtual = useVirtualRows<HTMLDivElement>({
    rowCount: rows.length,
    rowHeight: ROW_HEIGHT,
    overscan: 8,
    stickyTop: HEADER_HEIGHT,
    fallbackHeight: props.height - HEADER_HEIGHT,
    // The tree's height is fixed: the first rows need no measure inside the commit (0246).
    measureAfterLayout: true,
  });
  const positionOf = useMemo(() => {
    const map = new Int32Array(diff.count).fill(-1);
    for (let i = 0; i < rows.length; i++) map[rows[i]] = i;
    return map;
  }, [diff, rows]);
  const rowId = (node: number) => `${props.idPrefix}-node-${node}`;
  const selectedPosition = selected === undefined || selected >= diff.count ? -1 : positionOf[selected];

  // A selection made elsewhere (a shared link, the headline, the error list) is scrolled into view.
  const reveal = virtual.reveal;
  useEffect(() => {
    if (selectedPosition >= 0) reveal(selectedPosition);
  }, [selectedPosition, reveal]);

  const moveTo = (position: number) => {
    if (rows.length === 0) return;
    const clamped = Math.max(0, Math.min(rows.length - 1, position));
    props.onSelect(rows[clamped]);
    virtual.reveal(clamped);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = selectedPosition;
    const node = at >= 0 ? rows[at] : -1;
    const page = Math.max(1, Math.floor(virtual.viewportHeight / ROW_HEIGHT) - 1);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(at + 1);
        break;
      case 'ArrowUp':
        moveTo(at < 0 ? 0 : at - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'PageDown':
        moveTo(at + page);
        break;
      case 'PageUp':
        moveTo(at - page);
        break;
      case 'ArrowRight':
        if (node < 0) moveTo(0);
        else if (collapsed.has(node)) props.onToggle(node);
        else if (hasChildren(diff, node)) moveTo(at + 1);
        break;
      case 'ArrowLeft':
        if (node < 0) break;
        if (hasChildren(diff, node) && !collapsed.has(node)) props.onToggle(node);
        else if (diff.parent[node] >= 0) moveTo(positionOf[diff.parent[node]]);
        break;
      case 'Enter':
      case ' ':
        if (node >= 0 && hasChildren(diff, node)) props.onToggle(node);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  const drawn: number[] = [];
  for (let i = virtual.first; i < virtual.last; i++) drawn.push(i);

  return (
    <div
      ref={virtual.ref}
      onScroll={virtual.onScroll}
      role="treegrid"
      aria-label="Merged tree of A and B"
      aria-rowcount={rows.length + 1}
      aria-activedescendant={selectedPosition >= 0 ? rowId(rows[selectedPosition]) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onMouseLeave={() => props.onHover(undefined)}
      className={`relative overflow-auto rounded border border-slate-300 text-xs dark:border-slate-700 ${focusRing}`}
      style={{ height: props.height }}
      data-testid="compare-tree"
    >
      <div
        role="row"
        tabIndex={-1}
        aria-rowindex={1}
        className={`${GRID} sticky top-0 z-10 border-b border-slate-300 bg-slate-100 px-2 font-medium dark:border-slate-700 dark:bg-slate-800`}
        style={{ height: HEADER_HEIGHT }}
      >
        {HEADERS.map((header) => {
          const active = header.column !== undefined && props.sort.column === header.column;
          return (
            <div
              key={header.label}
              role="columnheader"
              tabIndex={-1}
              aria-sort={active ? (props.sort.descending ? 'descending' : 'ascending') : undefined}
              title={header.title}
              className={header.numeric ? 'text-right' : ''}
            >
              {header.column ? (
                <button
                  type="button"
                  className={`rounded hover:underline ${focusRing}`}
                  onClick={() =>
                    props.onSort({
                      column: header.column as CompareSortColumn,
                      descending: active ? !props.sort.descending : header.column !== 'operation',
                    })
                  }
                >
                  {header.label}
                  <span aria-hidden="true">{active ? (props.sort.descending ? ' ▼' : ' ▲') : ''}</span>
                </button>
              ) : (
                header.label
              )}
            </div>
          );
        })}
      </div>
      <div style={{ height: virtual.spacerHeight, position: 'relative' }}>
        {drawn.map((position) => {
          const node = rows[position];
          return (
            <TreeRow
              key={node}
              id={rowId(node)}
              diff={diff}
              node={node}
              position={position}
              top={virtual.rowTop(position)}
              collapsed={collapsed.has(node)}
              selected={node === selected}
              hovered={node === props.hovered}
              spansA={collapsed.has(node) ? counts.a[node] : diff.a.count[node]}
              spansB={collapsed.has(node) ? counts.b[node] : diff.b.count[node]}
              scale={scale}
              onSelect={props.onSelect}
              onToggle={props.onToggle}
              onHover={props.onHover}
            />
          );
        })}
      </div>
    </div>
  );
}

interface TreeRowProps {
  id: string;
  diff: TraceDiff;
  node: number;
  position: number;
  top: number;
  collapsed: boolean;
  selected: boolean;
  hovered: boolean;
  spansA: number;
  spansB: number;
  scale: number;
  onSelect: (node: number) => void;
  onToggle: (node: number) => void;
  onHover: (node: number | undefined) => void;
}

const CHANGE_MARK = {
  added: {
    text: 'added',
    row: 'border-l-4 border-l-violet-600 dark:border-l-violet-400',
    badge: 'bg-violet-100 text-violet-900 dark:bg-violet-950 dark:text-violet-100',
  },
  removed: {
    text: 'removed',
    row: 'border-l-4 border-dashed border-l-slate-500 text-slate-600 dark:border-l-slate-400 dark:text-slate-400',
    badge: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
  },
  matched: { text: '', row: 'border-l-4 border-l-transparent', badge: '' },
} as const;

function TreeRow(props: TreeRowProps) {
  const { diff, node } = props;
  const change = nodeChange(diff, node);
  const mark = CHANGE_MARK[change];
  const children = hasChildren(diff, node);
  const delta = diff.subtreeCriticalDiff[node];
  const width = Math.min(50, (Math.abs(delta) / props.scale) * 50);
  const service = diff.strings[diff.service[node]];
  const name = diff.strings[diff.name[node]];
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the treegrid's keys select rows
    <div
      id={props.id}
      role="row"
      tabIndex={-1}
      aria-rowindex={props.position + 2}
      aria-level={diff.depth[node] + 1}
      aria-expanded={children ? !props.collapsed : undefined}
      aria-selected={props.selected}
      data-node={node}
      data-change={change}
      onClick={() => props.onSelect(node)}
      onMouseEnter={() => props.onHover(node)}
      className={`${GRID} absolute right-0 left-0 cursor-default px-2 ${mark.row} ${
        props.selected
          ? 'bg-sky-100 dark:bg-sky-900/60'
          : props.hovered
            ? 'bg-slate-100 dark:bg-slate-800/70'
            : ''
      }`}
      style={{ top: props.top, height: ROW_HEIGHT }}
    >
      <div
        role="gridcell"
        tabIndex={-1}
        className="flex min-w-0 items-center gap-1"
        style={{ paddingLeft: diff.depth[node] * 12 }}
      >
        {children ? (
          <button
            type="button"
            tabIndex={-1}
            aria-label={`${props.collapsed ? 'Expand' : 'Collapse'} ${service} ${name}`}
            className="w-4 shrink-0 text-slate-600 dark:text-slate-300"
            onClick={(event) => {
              event.stopPropagation();
              props.onToggle(node);
            }}
          >
            {props.collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="w-4 shrink-0" />
        )}
        <span className="truncate" title={nodeLabel(diff, node)}>
          <span className="text-slate-600 dark:text-slate-400">{service}</span>{' '}
          <span className={change === 'removed' ? 'line-through' : 'font-medium'}>{name}</span>
        </span>
        {mark.text ? (
          <span className={`shrink-0 rounded px-1 text-[10px] ${mark.badge}`}>{mark.text}</span>
        ) : null}
        {diff.b.errors[node] > diff.a.errors[node] ? (
          <span className="shrink-0 rounded bg-red-100 px-1 text-[10px] text-red-900 dark:bg-red-950 dark:text-red-100">
            new errors
          </span>
        ) : null}
      </div>
      <div role="gridcell" tabIndex={-1} className="text-right tabular-nums" data-column="spans">
        {props.spansA} → {props.spansB}
      </div>
      <div role="gridcell" tabIndex={-1} className="text-right tabular-nums">
        {formatDuration(diff.a.subtreeCritical[node])}
      </div>
      <div role="gridcell" tabIndex={-1} className="text-right tabular-nums">
        {formatDuration(diff.b.subtreeCritical[node])}
      </div>
      <div role="gridcell" tabIndex={-1} className="flex items-center gap-1" data-column="critical-diff">
        <span className="relative h-3 flex-1 bg-slate-100 dark:bg-slate-800" aria-hidden="true">
          <span className="absolute top-0 left-1/2 h-full w-px bg-slate-400" />
          <span
            className={`absolute top-0 h-full ${delta > 0 ? 'bg-red-600 dark:bg-red-400' : 'bg-emerald-600 dark:bg-emerald-400'}`}
            style={delta > 0 ? { left: '50%', width: `${width}%` } : { right: '50%', width: `${width}%` }}
          />
        </span>
        <span className="w-14 text-right tabular-nums">{signedDuration(delta)}</span>
      </div>
      <div role="gridcell" tabIndex={-1} className="text-right tabular-nums">
        {signedDuration(diff.selfDiff[node])}
      </div>
    </div>
  );
}
