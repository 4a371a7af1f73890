// Find (names and services at once, attributes from the worker), match stepping, quick filters,
// highlight vs show-only, and collapse/expand controls.
import type { ReactNode, RefObject } from 'react';
import type { QuickFilters } from './find/quick-filters.ts';

interface FindBarProps {
  inputRef: RefObject<HTMLInputElement | null>;
  text: string;
  onText: (text: string) => void;
  matchCount: number;
  matchIndex: number;
  /** 0..1 while the worker searches attributes, else null. */
  searching: number | null;
  onNext: () => void;
  onPrevious: () => void;
  filters: QuickFilters;
  onFilters: (f: QuickFilters) => void;
  services: number[];
  strings: readonly string[];
  colours: Map<number, string>;
  showOnly: boolean;
  onShowOnly: (v: boolean) => void;
  onCollapseAll: () => void;
  onExpandAll: () => void;
  onExpandToDepth: (depth: number) => void;
  maxDepth: number;
  /** The TraceQL filter box, placed beside find. */
  filterBox?: ReactNode;
  /** A TraceQL filter is applied (its matches count as find's). */
  filterActive?: boolean;
}

export function FindBar(props: FindBarProps) {
  const { filters, onFilters } = props;
  const active =
    props.filterActive === true ||
    props.text.trim() !== '' ||
    filters.errors ||
    filters.criticalOnly ||
    filters.slow ||
    filters.service >= 0;
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-gray-300 px-2 py-1 text-xs dark:border-gray-700">
      <input
        ref={props.inputRef}
        type="search"
        aria-label="Find spans by name, service or attribute"
        placeholder="Find…  (/)"
        className="w-56 rounded border border-gray-400 px-1 py-0.5 dark:bg-gray-800"
        value={props.text}
        onChange={(e) => props.onText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            if (e.shiftKey) props.onPrevious();
            else props.onNext();
          }
        }}
      />
      <span aria-live="polite" data-testid="find-count" className="min-w-16">
        {active
          ? props.matchIndex >= 0
            ? `${props.matchIndex + 1} of ${props.matchCount}`
            : `${props.matchCount} matches`
          : ''}
        {props.searching !== null ? ` · attributes ${Math.round(props.searching * 100)}%` : ''}
      </span>
      <button
        type="button"
        aria-label="Previous match"
        className="rounded border px-1"
        onClick={props.onPrevious}
        disabled={props.matchCount === 0}
      >
        ↑
      </button>
      <button
        type="button"
        aria-label="Next match"
        className="rounded border px-1"
        onClick={props.onNext}
        disabled={props.matchCount === 0}
      >
        ↓
      </button>
      {props.filterBox}
      <label className="flex items-center gap-1">
        <input
          type="checkbox"
          checked={filters.errors}
          onChange={(e) => onFilters({ ...filters, errors: e.target.checked })}
        />
        Errors
      </label>
      <label className="flex items-center gap-1">
        <input
          type="checkbox"
          checked={filters.criticalOnly}
          onChange={(e) => onFilters({ ...filters, criticalOnly: e.target.checked })}
        />
        Critical path only
      </label>
      <label className="flex items-center gap-1">
        <input
          type="checkbox"
          checked={filters.slow}
          onChange={(e) => onFilters({ ...filters, slow: e.target.checked })}
        />
        Slow (&gt; p90)
      </label>
      <label className="flex items-center gap-1">
        Service
        <select
          aria-label="Service filter"
          className="rounded border border-gray-400 dark:bg-gray-800"
          value={filters.service}
          onChange={(e) => onFilters({ ...filters, service: Number(e.target.value) })}
        >
          <option value={-1}>all</option>
          {props.services.map((s) => (
            <option key={s} value={s}>
              {props.strings[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1">
        <input
          type="checkbox"
          checked={props.showOnly}
          onChange={(e) => props.onShowOnly(e.target.checked)}
        />
        Show only matches
      </label>
      <span className="ml-auto flex items-center gap-1">
        <button type="button" className="rounded border px-1" onClick={props.onCollapseAll}>
          Collapse all
        </button>
        <button type="button" className="rounded border px-1" onClick={props.onExpandAll}>
          Expand all
        </button>
        <label className="flex items-center gap-1">
          Depth
          <select
            aria-label="Expand to depth"
            className="rounded border border-gray-400 dark:bg-gray-800"
            value=""
            onChange={(e) => props.onExpandToDepth(Number(e.target.value))}
          >
            <option value="">…</option>
            {Array.from({ length: Math.min(props.maxDepth + 1, 12) }, (_, i) => i + 1).map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
      </span>
      <ul aria-label="Service colours" className="flex w-full flex-wrap gap-2">
        {props.services.map((s) => (
          <li key={s} className="flex items-center gap-1">
            <span
              aria-hidden="true"
              className="inline-block h-2.5 w-2.5 rounded-sm"
              style={{ background: props.colours.get(s) }}
            />
            {props.strings[s]}
          </li>
        ))}
      </ul>
    </div>
  );
}
