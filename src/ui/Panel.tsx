import type { ReactNode } from 'react';

export interface PanelProps {
  title?: ReactNode;
  /** Heading level of the title (the page's own heading is h1). */
  level?: 2 | 3;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A bordered section with an optional title row. */
export function Panel({ title, level = 2, actions, children, className = '' }: PanelProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section
      className={`rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900 ${className}`}
    >
      {(title || actions) && (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          {title && <Heading className="text-base font-semibold">{title}</Heading>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}
