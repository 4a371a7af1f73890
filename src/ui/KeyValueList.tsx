import type { ReactNode } from 'react';

export interface KeyValueListProps {
  items: ReadonlyArray<readonly [string, ReactNode]>;
  label?: string;
}

/** A two-column definition list; values are rendered as text. */
export function KeyValueList({ items, label }: KeyValueListProps) {
  return (
    <dl aria-label={label} className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      {items.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="font-mono text-slate-600 dark:text-slate-400">{key}</dt>
          <dd className="font-mono break-all" data-param={key}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
