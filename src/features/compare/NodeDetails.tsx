// The selected node's spans side by side (issue 16): A's first member and the B span matched with it
// (the k-th with the k-th, 0240), or B's first when A has none; figures, then the attributes, those
// that differ first. Details come from each side's worker on request.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { matchedInB, type TraceDiff } from '../../analysis/compare/index.ts';
import type { SpanDetails } from '../../model/types.ts';
import { tracePath } from '../../routes/trace-url.ts';
import { formatDuration } from '../../ui/format.ts';
import { linkText } from '../../ui/styles.ts';
import { loadedTraceTime, rowSpanId } from '../trace/index.ts';
import { attributePairs } from './attribute-diff.ts';
import { nodeLabel } from './compare-model.ts';
import type { CompareSideView } from './side-view.ts';
import { signedDuration } from './signed.ts';

function useDetails(side: CompareSideView, row: number): SpanDetails | null {
  const [details, setDetails] = useState<SpanDetails | null>(null);
  useEffect(() => {
    setDetails(null);
    if (row < 0) return;
    let live = true;
    void side.client.details(row).then((d) => {
      if (live) setDetails(d);
    });
    return () => {
      live = false;
    };
  }, [side.client, row]);
  return details;
}

export function spanLink(side: CompareSideView, row: number): string {
  const { ref, trace } = side;
  return tracePath(
    {
      traceId: trace.traceId,
      ds: trace.foundIn ?? ref.ds,
      file: ref.file,
      span: rowSpanId(trace.table, row),
      start: ref.start,
      end: ref.end,
    },
    loadedTraceTime(trace),
  );
}

export function NodeDetails(props: {
  diff: TraceDiff;
  node: number;
  a: CompareSideView;
  b: CompareSideView;
}) {
  const { diff, node, a, b } = props;
  const rowA = diff.a.count[node] > 0 ? diff.a.members[diff.a.memberStart[node]] : -1;
  const rowB =
    rowA >= 0
      ? matchedInB(diff, node, 0)
      : diff.b.count[node] > 0
        ? diff.b.members[diff.b.memberStart[node]]
        : -1;
  const detailsA = useDetails(a, rowA);
  const detailsB = useDetails(b, rowB);
  const pairs = attributePairs(detailsA?.attributes, detailsB?.attributes);
  const cell = (side: CompareSideView, row: number) =>
    row < 0 ? (
      <span className="text-slate-600 italic dark:text-slate-400">none</span>
    ) : (
      <Link to={spanLink(side, row)} className={`font-mono ${linkText}`}>
        {rowSpanId(side.trace.table, row)}
      </Link>
    );
  const figures: ReadonlyArray<readonly [string, string, string, string?]> = [
    ['Spans', String(diff.a.count[node]), String(diff.b.count[node])],
    [
      'Total duration',
      formatDuration(diff.a.total[node]),
      formatDuration(diff.b.total[node]),
      signedDuration(diff.totalDiff[node]),
    ],
    [
      'Self time',
      formatDuration(diff.a.self[node]),
      formatDuration(diff.b.self[node]),
      signedDuration(diff.selfDiff[node]),
    ],
    [
      'Dark time',
      formatDuration(diff.a.dark[node]),
      formatDuration(diff.b.dark[node]),
      signedDuration(diff.darkDiff[node]),
    ],
    [
      'On the critical path',
      formatDuration(diff.a.critical[node]),
      formatDuration(diff.b.critical[node]),
      signedDuration(diff.criticalDiff[node]),
    ],
    ['Errors', String(diff.a.errors[node]), String(diff.b.errors[node])],
  ];
  return (
    <section
      aria-label="Selected node in A and B"
      data-testid="compare-details"
      className="flex flex-col gap-2 text-xs"
    >
      <h2 className="text-sm font-semibold">{nodeLabel(diff, node)}</h2>
      <table className="w-full border-collapse" aria-label="Figures of the node in A and B">
        <thead>
          <tr className="border-b border-slate-300 text-left dark:border-slate-700">
            <th className="py-1 font-medium" />
            <th className="py-1 font-medium">A</th>
            <th className="py-1 font-medium">B</th>
            <th className="py-1 text-right font-medium">B − A</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th className="py-0.5 pr-2 text-left font-normal">Span</th>
            <td className="py-0.5">{cell(a, rowA)}</td>
            <td className="py-0.5">{cell(b, rowB)}</td>
            <td />
          </tr>
          {figures.map(([label, x, y, d]) => (
            <tr key={label}>
              <th className="py-0.5 pr-2 text-left font-normal">{label}</th>
              <td className="py-0.5 tabular-nums">{x}</td>
              <td className="py-0.5 tabular-nums">{y}</td>
              <td className="py-0.5 text-right tabular-nums">{d ?? ''}</td>
            </tr>
          ))}
          {detailsA?.statusMessage || detailsB?.statusMessage ? (
            <tr>
              <th className="py-0.5 pr-2 text-left font-normal">Status message</th>
              <td className="py-0.5 break-all">{detailsA?.statusMessage}</td>
              <td className="py-0.5 break-all">{detailsB?.statusMessage}</td>
              <td />
            </tr>
          ) : null}
        </tbody>
      </table>
      <table
        className="w-full border-collapse font-mono"
        aria-label="Attributes of the two spans, differing first"
      >
        <thead>
          <tr className="border-b border-slate-300 text-left font-sans dark:border-slate-700">
            <th className="py-1 font-medium">Attribute</th>
            <th className="py-1 font-medium">A</th>
            <th className="py-1 font-medium">B</th>
          </tr>
        </thead>
        <tbody>
          {pairs.map((pair) => (
            <tr
              key={pair.key}
              data-differs={pair.differs}
              className={pair.differs ? 'bg-amber-50 dark:bg-amber-950/40' : ''}
            >
              <th className="py-0.5 pr-2 text-left font-normal break-all">
                {pair.key}
                {pair.differs ? <span className="sr-only"> (differs)</span> : null}
              </th>
              <td className="py-0.5 break-all">{pair.a ?? '—'}</td>
              <td className="py-0.5 break-all">{pair.b ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
