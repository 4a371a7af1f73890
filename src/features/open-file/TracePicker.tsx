// The traces of opened files to pick from, when they hold more than one: sortable by start and
// duration, searchable with TraceQL. The query runs in each file's worker (where its traces live);
// only trace IDs and matched span counts come back.
import { useMemo, useRef, useState } from 'react';
import { formatDuration, formatUnixNanoTimestamp } from '../../ui/format.ts';
import { TokenText } from '../../ui/TokenText.tsx';
import { sampledCountLine } from '../search/index.ts';
import { TraceQLEditor } from '../traceql-editor/index.ts';
import type { OpenedResult } from './opened-result.ts';
import {
  DEFAULT_PICK_SORT,
  entriesOf,
  matchedEntries,
  nextPickSort,
  type PickEntry,
  type PickSort,
  type PickSortKey,
  sortEntries,
} from './pick-list.ts';

/** Rows drawn at most; a search narrows a bigger file. */
const MAX_ROWS = 1000;

interface TracePickerProps {
  files: readonly OpenedResult[];
  onPick: (entry: PickEntry) => void;
  onClose: () => void;
  compact?: boolean;
}

type SearchState =
  | { status: 'idle' }
  | { status: 'running'; query: string }
  | { status: 'done'; query: string; entries: PickEntry[] }
  | { status: 'failed'; query: string; message: string; column?: number };

export function TracePicker(props: TracePickerProps) {
  const { files } = props;
  const all = useMemo(
    () => entriesOf(files.map((f) => ({ fileName: f.fileName, choices: f.trace.choices }))),
    [files],
  );
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState<SearchState>({ status: 'idle' });
  const [sort, setSort] = useState<PickSort>(DEFAULT_PICK_SORT);
  const runs = useRef(0);

  const run = async () => {
    const query = draft.trim();
    const run = ++runs.current;
    if (!query) {
      setSearch({ status: 'idle' });
      return;
    }
    setSearch({ status: 'running', query });
    const outcomes = await Promise.all(files.map((f) => f.client.searchChoices(query)));
    if (run !== runs.current) return;
    const failed = outcomes.find((o) => !o.ok);
    if (failed && !failed.ok) {
      setSearch({ status: 'failed', query, message: failed.error.message, column: failed.error.column });
      return;
    }
    const matches = outcomes.map((o) => (o.ok ? o.matches : []));
    setSearch({ status: 'done', query, entries: matchedEntries(all, matches) });
  };

  const shown = search.status === 'done' ? search.entries : all;
  const sorted = useMemo(() => sortEntries(shown, sort), [shown, sort]);
  const searched = search.status === 'done';
  // Estimated real counts when the traces' roots carry thresholds (decision 0337); nothing when none does.
  const sampledLine = useMemo(
    () =>
      shown.some((e) => e.choice.rootProbability !== undefined)
        ? sampledCountLine(
            shown.map((e) => e.choice.rootProbability),
            false,
          )
        : undefined,
    [shown],
  );
  const fileNames = files.map((f) => f.fileName).join(', ');

  const sortHeader = (key: PickSortKey, label: string) => (
    <th
      scope="col"
      className="px-2 py-1 text-left"
      aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        className="font-semibold hover:underline"
        onClick={() => setSort(nextPickSort(sort, key))}
      >
        {label}
        {sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  return (
    <div
      role="dialog"
      aria-label="Pick a trace"
      data-testid="trace-picker"
      className={`mt-2 flex max-h-[70vh] flex-col gap-2 rounded border border-gray-400 bg-white p-2 text-xs dark:bg-slate-900 ${
        props.compact ? 'absolute top-full right-0 z-30 w-[56rem] max-w-[95vw] shadow-lg' : ''
      }`}
    >
      <div className="flex items-center gap-2">
        <p className="flex-1">
          {fileNames} {files.length === 1 ? 'holds' : 'hold'} {all.length} traces. Pick one to open.
        </p>
        <button type="button" className="rounded border border-gray-400 px-2 py-0.5" onClick={props.onClose}>
          Close
        </button>
      </div>
      <div className="flex items-center gap-1">
        <div className="min-w-0 flex-1">
          <TraceQLEditor
            value={draft}
            onChange={setDraft}
            onRun={() => void run()}
            datasource=""
            singleLine
            ariaLabel="Search these traces with TraceQL"
            placeholder="TraceQL, e.g. { status = error } — Enter searches"
          />
        </div>
        <button
          type="button"
          className="rounded border border-gray-400 px-2 py-0.5"
          onClick={() => void run()}
        >
          Search
        </button>
        {search.status !== 'idle' ? (
          <button
            type="button"
            className="rounded border border-gray-400 px-2 py-0.5"
            onClick={() => {
              runs.current++;
              setDraft('');
              setSearch({ status: 'idle' });
            }}
          >
            Show all
          </button>
        ) : null}
      </div>
      {search.status === 'failed' ? (
        <p role="alert" data-testid="trace-picker-error" className="text-red-700 dark:text-red-300">
          {search.column ? `Column ${search.column}: ` : ''}
          {search.message}
        </p>
      ) : (
        <p aria-live="polite" data-testid="trace-picker-count">
          {search.status === 'running'
            ? 'Searching…'
            : searched
              ? `${search.entries.length} of ${all.length} traces match ${search.query}`
              : `${all.length} traces`}
          {sorted.length > MAX_ROWS ? ` (the first ${MAX_ROWS} are listed; a search narrows them)` : ''}
        </p>
      )}
      {sampledLine ? (
        <p data-testid="trace-picker-sampled" className="text-xs text-slate-600 dark:text-slate-400">
          {sampledLine.text}
        </p>
      ) : null}
      <div className="min-h-0 overflow-auto">
        <table className="w-full border-collapse tabular-nums">
          <thead className="sticky top-0 border-b border-gray-300 bg-white dark:border-gray-700 dark:bg-slate-900">
            <tr>
              <th scope="col" className="px-2 py-1 text-left">
                Root service and operation
              </th>
              {sortHeader('start', 'Start')}
              {sortHeader('duration', 'Duration')}
              <th scope="col" className="px-2 py-1 text-left">
                Spans
              </th>
              <th scope="col" className="px-2 py-1 text-left">
                Errors
              </th>
              {searched ? (
                <th scope="col" className="px-2 py-1 text-left">
                  Matched spans
                </th>
              ) : null}
              <th scope="col" className="px-2 py-1 text-left">
                Trace ID
              </th>
              {files.length > 1 ? (
                <th scope="col" className="px-2 py-1 text-left">
                  File
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {sorted.slice(0, MAX_ROWS).map((entry) => {
              const c = entry.choice;
              return (
                <tr
                  key={entry.key}
                  data-trace-id={c.traceId}
                  data-matched={entry.matchedSpans}
                  className="border-b border-gray-100 dark:border-gray-800"
                >
                  <td className="px-2 py-1">
                    <button
                      type="button"
                      className="text-left text-blue-700 hover:underline dark:text-blue-300"
                      onClick={() => props.onPick(entry)}
                    >
                      {c.rootService || '(no root)'} {c.rootName}
                    </button>
                  </td>
                  <td className="px-2 py-1">{formatUnixNanoTimestamp(c.startUnixNano, false)}</td>
                  <td className="px-2 py-1" data-duration-ns={c.durationNs}>
                    {formatDuration(c.durationNs)}
                  </td>
                  <td className="px-2 py-1">{c.spans}</td>
                  <td
                    className={`px-2 py-1 ${c.errors > 0 ? 'font-semibold text-red-700 dark:text-red-400' : ''}`}
                  >
                    {c.errors}
                  </td>
                  {searched ? <td className="px-2 py-1">{entry.matchedSpans}</td> : null}
                  <td className="px-2 py-1 font-mono">{c.traceId}</td>
                  {files.length > 1 ? (
                    // Long file names wrap at their dots and dashes rather than pushing the column out of view.
                    <td className="max-w-56 px-2 py-1 wrap-break-word" title={entry.fileName}>
                      <TokenText text={entry.fileName} />
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
