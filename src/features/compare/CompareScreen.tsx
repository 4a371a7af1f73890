// The compare screen (issue 16, decision 0244): what each side is, the headline, both traces on one
// time scale, the merged tree with the selected node's spans side by side, the differences per
// service or operation, and the error differences. View state lives in the URL (0243).
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  type CompareHeadline,
  type CompareRows,
  DEFAULT_ROW_SORT,
  type TraceDiff,
} from '../../analysis/compare/index.ts';
import { type CompareUrlState, comparePath } from '../../routes/compare-url.ts';
import { tracePath } from '../../routes/trace-url.ts';
import { Button } from '../../ui/Button.tsx';
import { formatDuration } from '../../ui/format.ts';
import { linkText } from '../../ui/styles.ts';
import { loadedTraceTime } from '../trace/index.ts';
import { CompareStrips } from './CompareStrips.tsx';
import { CompareTree } from './CompareTree.tsx';
import { errorDifferences, groupDifferences, visibleNodes } from './compare-model.ts';
import { ErrorList, GroupTable } from './DiffTables.tsx';
import { headlineSentence } from './headline-text.ts';
import { NodeDetails } from './NodeDetails.tsx';
import type { CompareSideView } from './side-view.ts';
import { TypicalNote } from './TypicalBaseline.tsx';
import type { UpdateCompareUrl } from './use-compare-url.ts';

export interface CompareScreenProps {
  url: CompareUrlState;
  update: UpdateCompareUrl;
  a: CompareSideView;
  b: CompareSideView;
  diff: TraceDiff;
  headline: CompareHeadline;
  /** The worker's default rows, subtree counts and bar scale for `diff` (0246). */
  rows: CompareRows;
}

export function CompareScreen(props: CompareScreenProps) {
  const { url, update, a, b, diff, headline } = props;
  const ready = props.rows;
  const idPrefix = useId();
  const collapsed = useMemo(() => new Set(url.collapsed), [url.collapsed]);
  // The default view's rows came with the diff: the first paint sorts nothing on this thread.
  const isDefault =
    collapsed.size === 0 &&
    url.sort.column === DEFAULT_ROW_SORT.column &&
    url.sort.descending === DEFAULT_ROW_SORT.descending;
  const rows = useMemo(
    () => (isDefault ? ready.defaultRows : visibleNodes(diff, url.sort, collapsed)),
    [isDefault, ready, diff, url.sort, collapsed],
  );
  // The tables below the tree follow the first paint, one task each (groups, then errors): with
  // 200k nodes no task of the screen's start runs long (bench/browser.ts prints the longest).
  const [belowTree, setBelowTree] = useState(0);
  useEffect(() => {
    if (belowTree >= 2) return;
    const timer = setTimeout(() => setBelowTree(belowTree + 1), 0);
    return () => clearTimeout(timer);
  }, [belowTree]);
  const groupsShown = belowTree >= 1;
  const errorsShown = belowTree >= 2;
  const groups = useMemo(
    () => (groupsShown ? groupDifferences(diff, url.group) : []),
    [groupsShown, diff, url.group],
  );
  const errors = useMemo(
    () => (errorsShown ? errorDifferences(diff, a.trace, b.trace) : []),
    [errorsShown, diff, a.trace, b.trace],
  );
  const [hovered, setHovered] = useState<number | undefined>(undefined);
  const selected = url.node !== undefined && url.node < diff.count ? url.node : undefined;

  const onToggle = useCallback(
    (node: number) => {
      const next = new Set(collapsed);
      if (next.has(node)) next.delete(node);
      else next.add(node);
      update({ collapsed: [...next].sort((x, y) => x - y) });
    },
    [collapsed, update],
  );
  const onSelect = useCallback((node: number) => update({ node }), [update]);
  /** Selects a node named outside the tree (headline, error list), expanding its collapsed ancestors. */
  const showNode = useCallback(
    (node: number) => {
      const open = new Set<number>();
      for (let up = diff.parent[node]; up >= 0; up = diff.parent[up]) open.add(up);
      update({ node, collapsed: url.collapsed.filter((c) => !open.has(c)) });
    },
    [diff, update, url.collapsed],
  );

  // The first commit of the compare screen on the page's timeline (bench/browser.ts reads it).
  useEffect(() => {
    performance.mark('tracelight:compare-committed', {
      detail: { spans: a.trace.table.count + b.trace.table.count, nodes: diff.count },
    });
  }, [a.trace, b.trace, diff]);

  const swap = comparePath({ a: b.ref, b: a.ref });

  return (
    <div className="flex flex-col gap-4 p-4" data-testid="compare-screen">
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-baseline gap-3">
          <h1 className="text-xl font-semibold">Compare traces</h1>
          <Link to={swap} className={`text-xs ${linkText}`}>
            Swap A and B
          </Link>
        </div>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
          <SideLine label="A (baseline)" side={a} />
          <SideLine label="B" side={b} />
        </dl>
        {url.baseline === 'typical' ? <TypicalNote a={a} b={b} update={update} /> : null}
        <p className="text-base font-medium" data-testid="compare-headline">
          {headlineSentence(headline)}
        </p>
        <HeadlineLinks headline={headline} onShow={showNode} />
      </header>
      <CompareStrips diff={diff} a={a.trace} b={b.trace} lit={hovered ?? selected} onHover={setHovered} />
      <div className="flex flex-col gap-4 xl:flex-row">
        <div className="min-w-0 flex-1">
          <CompareTree
            diff={diff}
            rows={rows}
            subtreeSpans={{ a: ready.subtreeSpansA, b: ready.subtreeSpansB }}
            barScale={ready.barScale}
            sort={url.sort}
            onSort={(sort) => update({ sort })}
            collapsed={collapsed}
            onToggle={onToggle}
            selected={selected}
            onSelect={onSelect}
            hovered={hovered}
            onHover={setHovered}
            height={440}
            idPrefix={idPrefix}
          />
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            {diff.count} nodes from {a.trace.table.count} spans in A and {b.trace.table.count} in B. Arrow
            keys move, Left and Right collapse and expand.
          </p>
        </div>
        <div className="xl:w-[28rem]">
          {selected !== undefined ? (
            <NodeDetails key={selected} diff={diff} node={selected} a={a} b={b} />
          ) : (
            <p className="text-xs text-slate-600 dark:text-slate-400">
              Select a row to see its spans in A and B side by side.
            </p>
          )}
          {selected !== undefined ? (
            <Button className="mt-2" onClick={() => update({ node: undefined })}>
              Clear the selection
            </Button>
          ) : null}
        </div>
      </div>
      {groupsShown ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <GroupTable groups={groups} group={url.group} onGroup={(group) => update({ group })} />
          {errorsShown ? <ErrorList diff={diff} errors={errors} onSelect={showNode} /> : null}
        </div>
      ) : null}
    </div>
  );
}

/** Buttons to the nodes the headline names. */
function HeadlineLinks({ headline, onShow }: { headline: CompareHeadline; onShow: (node: number) => void }) {
  const nodes = [headline.criticalPath, headline.darkTime].filter((n) => n !== undefined);
  const unique = nodes.filter((n, i) => nodes.findIndex((m) => m.node === n.node) === i);
  if (unique.length === 0) return null;
  return (
    <p className="flex flex-wrap gap-2 text-xs">
      {unique.map((n) => (
        <Button key={n.node} variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => onShow(n.node)}>
          Show {n.service} {n.name} in the tree
        </Button>
      ))}
    </p>
  );
}

function SideLine({ label, side }: { label: string; side: CompareSideView }) {
  const { trace, ref } = side;
  const t = trace.table;
  const root = trace.roots.length > 0 ? trace.roots[0] : -1;
  const href = tracePath(
    { traceId: trace.traceId, ds: trace.foundIn ?? ref.ds, file: ref.file, start: ref.start, end: ref.end },
    loadedTraceTime(trace),
  );
  return (
    <>
      <dt className="font-medium">{label}</dt>
      <dd className="flex flex-wrap gap-x-3" data-testid={`compare-side-${label === 'B' ? 'b' : 'a'}`}>
        <Link to={href} className={`font-mono ${linkText}`}>
          {trace.traceId}
        </Link>
        <span>{root >= 0 ? `${t.strings[t.service[root]]} ${t.strings[t.name[root]]}` : 'no root'}</span>
        <span className="tabular-nums">critical path {formatDuration(trace.analyses.cpLengthNs)}</span>
        <span className="tabular-nums">{trace.counts.spans} spans</span>
        <span className="tabular-nums">{trace.counts.errors} errors</span>
        {trace.foundIn ? <span>in {trace.foundIn}</span> : null}
      </dd>
    </>
  );
}
