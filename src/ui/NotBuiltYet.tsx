import type { ReactNode } from 'react';
import { Notice } from './Notice';

/** The frame of a screen that a later piece of work fills in: says so plainly, shows what the URL asked for. */
export function NotBuiltYet({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-4 p-4 sm:p-8">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <Notice tone="info">This page is not built yet. It shows the parameters its URL carries.</Notice>
      <section
        aria-label="URL parameters"
        className="rounded-lg border border-slate-200 p-4 dark:border-slate-700"
      >
        {children}
      </section>
    </div>
  );
}
