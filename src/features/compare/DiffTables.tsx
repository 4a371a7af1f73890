// The differences per service or per operation (time on the critical path, self time, span counts,
// errors), and the error differences: nodes that fail in B and not in A, with their status messages.
import type { TraceDiff } from '../../analysis/compare/index.ts';
import type { CompareGroup } from '../../routes/compare-url.ts';
import { focusRing, linkText } from '../../ui/styles.ts';
import { type ErrorDifference, type GroupDifference, nodeLabel } from './compare-model.ts';
import { signedDuration } from './signed.ts';

export function GroupTable(props: {
  groups: readonly GroupDifference[];
  group: CompareGroup;
  onGroup: (group: CompareGroup) => void;
}) {
  const { groups, group } = props;
  return (
    <section aria-labelledby="compare-groups-heading" className="flex flex-col gap-2">
      <div className="flex items-center gap-3">
        <h2 id="compare-groups-heading" className="text-sm font-semibold">
          Differences per {group}
        </h2>
        <fieldset className="flex gap-2 text-xs">
          <legend className="sr-only">Group the differences</legend>
          {(['service', 'operation'] as const).map((value) => (
            <label key={value} className="flex items-center gap-1">
              <input
                type="radio"
                name="compare-group"
                checked={group === value}
                onChange={() => props.onGroup(value)}
              />
              per {value}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="max-h-80 overflow-auto">
        <table className="w-full border-collapse text-xs" aria-label={`Differences per ${group}`}>
          <thead className="sticky top-0 bg-white dark:bg-slate-950">
            <tr className="border-b border-slate-300 text-left dark:border-slate-700">
              <th className="px-2 py-1 font-medium">Service</th>
              {group === 'operation' ? <th className="px-2 py-1 font-medium">Operation</th> : null}
              <th className="px-2 py-1 text-right font-medium">Δ critical path</th>
              <th className="px-2 py-1 text-right font-medium">Δ self time</th>
              <th className="px-2 py-1 text-right font-medium">Spans A → B</th>
              <th className="px-2 py-1 text-right font-medium">Errors A → B</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr
                key={`${g.service}\u0000${g.operation ?? ''}`}
                className="border-b border-slate-200 dark:border-slate-800"
              >
                <td className="px-2 py-1">{g.service}</td>
                {group === 'operation' ? <td className="px-2 py-1">{g.operation}</td> : null}
                <td className="px-2 py-1 text-right tabular-nums">{signedDuration(g.criticalDiff)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{signedDuration(g.selfDiff)}</td>
                <td className="px-2 py-1 text-right tabular-nums">
                  {g.spansA} → {g.spansB}
                </td>
                <td
                  className={`px-2 py-1 text-right tabular-nums ${g.errorsB > g.errorsA ? 'font-medium text-red-700 dark:text-red-400' : ''}`}
                >
                  {g.errorsA} → {g.errorsB}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ErrorList(props: {
  diff: TraceDiff;
  errors: readonly ErrorDifference[];
  onSelect: (node: number) => void;
}) {
  const { errors } = props;
  const newer = errors.filter((e) => e.errorsB > e.errorsA);
  const fixed = errors.filter((e) => e.errorsB < e.errorsA);
  return (
    <section aria-labelledby="compare-errors-heading" className="flex flex-col gap-2 text-xs">
      <h2 id="compare-errors-heading" className="text-sm font-semibold">
        Error differences
      </h2>
      {errors.length === 0 ? <p>A and B fail in the same places.</p> : null}
      {newer.length > 0 ? <ErrorItems title="Fail in B, not in A" items={newer} {...props} /> : null}
      {fixed.length > 0 ? <ErrorItems title="Failed in A, not in B" items={fixed} {...props} /> : null}
    </section>
  );
}

/** Error differences listed at once; the rest are counted (the tree's "new errors" marks show them all). */
const MAX_ERROR_ITEMS = 50;

function ErrorItems(props: {
  title: string;
  items: readonly ErrorDifference[];
  diff: TraceDiff;
  onSelect: (node: number) => void;
}) {
  const more = props.items.length - MAX_ERROR_ITEMS;
  return (
    <div>
      <h3 className="font-medium">
        {props.title} ({props.items.length})
      </h3>
      {more > 0 ? (
        <p>
          The {MAX_ERROR_ITEMS} with the largest change; {more} more.
        </p>
      ) : null}
      <ul className="flex flex-col gap-1" aria-label={props.title}>
        {props.items.slice(0, MAX_ERROR_ITEMS).map((e) => (
          <li key={e.node} data-node={e.node}>
            <button
              type="button"
              className={`rounded ${linkText} ${focusRing}`}
              onClick={() => props.onSelect(e.node)}
            >
              {nodeLabel(props.diff, e.node)}
            </button>{' '}
            <span className="tabular-nums">
              A: {e.errorsA} of {e.spansA} failed · B: {e.errorsB} of {e.spansB} failed
            </span>
            {e.messages.length > 0 ? (
              <ul className="ml-4 list-disc font-mono text-red-800 dark:text-red-300">
                {e.messages.map((message) => (
                  <li key={message} className="break-all">
                    {message}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
