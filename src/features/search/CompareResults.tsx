// A `compare()` query's answer on the search page: per attribute, the values that differ most between
// the selection and the baseline as ranked bars with both shares; a value's button adds it to the
// query's span filter and runs it.
import { useMemo, useState } from 'react';
import type { TraceqlMetricsOutcome } from '../../queries/traceql-metrics';
import { formatCount } from '../../ui/format';
import { Notice } from '../../ui/Notice';
import { focusRing } from '../../ui/styles';
import { type AttributeComparison, compareShares, conditionOf, type ValueShare } from './compare-shares';

/** Values shown per attribute, and attributes shown, before "Show all". */
const VALUES_SHOWN = 5;
const ATTRIBUTES_SHOWN = 12;

export interface CompareResultsProps {
  outcome: TraceqlMetricsOutcome | undefined;
  stale: boolean;
  /** Adds `condition` (TraceQL, `span.region = "us"`) to the query and runs it. */
  onAdd(condition: string, attribute: string): void;
}

const percent = (share: number) =>
  share === 0 ? '0%' : share < 0.001 ? '<0.1%' : `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;

export function CompareResults({ outcome, stale, onAdd }: CompareResultsProps) {
  const attributes = useMemo(() => (outcome ? compareShares(outcome.set) : []), [outcome]);
  const [all, setAll] = useState(false);
  if (!outcome) return null;
  const shown = all ? attributes : attributes.slice(0, ATTRIBUTES_SHOWN);
  // Every span has a name: its totals are the sides' span counts.
  const totals = attributes.find((a) => a.attribute === 'name') ?? attributes[0];
  return (
    <section aria-label="Comparison" className="flex flex-col gap-3" aria-busy={stale || undefined}>
      {attributes.length === 0 ? (
        <Notice tone="info">No spans matched in this range: there is nothing to compare.</Notice>
      ) : (
        <>
          <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="compare-summary">
            Selection {formatCount(totals.selectionTotal)} spans · baseline{' '}
            {formatCount(totals.baselineTotal)} spans · {attributes.length} attributes, the values that differ
            most first; click a value to add it to the query
          </p>
          <div
            className="flex items-center gap-4 text-xs text-slate-700 dark:text-slate-300"
            aria-hidden="true"
          >
            <span className="flex items-center gap-1">
              <span className="inline-block h-2 w-4 rounded-sm bg-red-600 dark:bg-red-400" /> selection
            </span>
            <span className="flex items-center gap-1">
              <span className="inline-block h-2 w-4 rounded-sm bg-slate-500 dark:bg-slate-400" /> baseline
            </span>
          </div>
          <div className={`grid gap-3 md:grid-cols-2 ${stale ? 'opacity-60' : ''}`}>
            {shown.map((a) => (
              <AttributeCard key={a.attribute} comparison={a} onAdd={onAdd} />
            ))}
          </div>
          {attributes.length > ATTRIBUTES_SHOWN && (
            <button
              type="button"
              onClick={() => setAll(!all)}
              className={`self-start text-sm text-sky-700 underline dark:text-sky-300 ${focusRing}`}
            >
              {all ? 'Show fewer attributes' : `Show all ${attributes.length} attributes`}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function AttributeCard({
  comparison,
  onAdd,
}: {
  comparison: AttributeComparison;
  onAdd: CompareResultsProps['onAdd'];
}) {
  const [all, setAll] = useState(false);
  const values = all ? comparison.values : comparison.values.slice(0, VALUES_SHOWN);
  const headingId = `compare-${comparison.attribute}`;
  return (
    <section
      aria-labelledby={headingId}
      className="rounded border border-slate-200 p-3 dark:border-slate-700"
      data-compare-attribute={comparison.attribute}
    >
      <h3 id={headingId} className="mb-2 font-mono text-sm font-semibold break-all">
        {comparison.attribute}
      </h3>
      <table className="w-full text-sm">
        <caption className="sr-only">
          {comparison.attribute}: share of the selection's and the baseline's spans per value
        </caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Value</th>
            <th scope="col">Selection</th>
            <th scope="col">Baseline</th>
          </tr>
        </thead>
        <tbody>
          {values.map((v) => (
            <ValueRow
              key={`${v.value.type}:${v.text}`}
              attribute={comparison.attribute}
              share={v}
              onAdd={onAdd}
            />
          ))}
        </tbody>
      </table>
      <div className="mt-1 flex flex-wrap gap-3 text-xs text-slate-600 dark:text-slate-400">
        {comparison.values.length > VALUES_SHOWN && (
          <button type="button" onClick={() => setAll(!all)} className={`underline ${focusRing}`}>
            {all ? 'Fewer values' : `All ${comparison.values.length} values`}
          </button>
        )}
        {comparison.truncated && (
          <span>The backend kept only the most frequent values of this attribute.</span>
        )}
      </div>
    </section>
  );
}

function ValueRow({
  attribute,
  share,
  onAdd,
}: {
  attribute: string;
  share: ValueShare;
  onAdd: CompareResultsProps['onAdd'];
}) {
  const condition = conditionOf(attribute, share.value);
  return (
    <tr data-compare-value={share.text}>
      <th scope="row" className="w-2/5 py-1 pr-2 text-left font-normal">
        <button
          type="button"
          onClick={() => onAdd(condition, attribute)}
          title={`Add ${condition} to the query`}
          aria-label={`Add ${condition} to the query`}
          className={`max-w-full truncate text-left font-mono text-sky-700 underline dark:text-sky-300 ${focusRing}`}
        >
          {share.text === '' ? '(empty)' : share.text}
        </button>
      </th>
      <td className="py-1">
        <Bar share={share.selectionShare} className="bg-red-600 dark:bg-red-400" label="selection" />
      </td>
      <td className="py-1">
        <Bar share={share.baselineShare} className="bg-slate-500 dark:bg-slate-400" label="baseline" />
      </td>
    </tr>
  );
}

function Bar({ share, className, label }: { share: number; className: string; label: string }) {
  return (
    <div className="flex items-center gap-1.5" title={`${percent(share)} of the ${label}`}>
      <div className="h-2 w-16 rounded-sm bg-slate-100 dark:bg-slate-800" aria-hidden="true">
        <div className={`h-2 rounded-sm ${className}`} style={{ width: `${Math.min(100, share * 100)}%` }} />
      </div>
      <span className="w-12 text-right text-xs tabular-nums">{percent(share)}</span>
    </div>
  );
}
