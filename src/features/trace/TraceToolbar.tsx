// The bar above every view: the view tabs, then the view switches the URL carries.
import type { ReactNode } from 'react';
import type { TraceUrlState, TraceView } from '../../routes/trace-url.ts';
import type { UpdateTraceUrl } from './state/use-span-selection.ts';
import { TraceLegend } from './TraceLegend.tsx';
import { ViewTabs } from './ViewTabs.tsx';

/** The view switches the URL carries (`cp`, `dark`, `skew`, `fold`), in toolbar order. */
const URL_TOGGLES = [
  ['criticalPath', 'Critical path'],
  ['darkTime', 'Dark time'],
  ['skewAdjust', 'Adjust clock skew'],
  ['foldRepeats', 'Group repeats'],
] as const satisfies ReadonlyArray<readonly [keyof TraceUrlState, string]>;

export interface TraceToolbarProps {
  url: TraceUrlState;
  update: UpdateTraceUrl;
  panelId: string;
  tabId: (view: TraceView) => string;
  extra?: ReactNode;
}

export function TraceToolbar({ url, update, panelId, tabId, extra }: TraceToolbarProps) {
  return (
    <nav
      aria-label="Trace views"
      className="flex flex-wrap items-center gap-1 border-b border-gray-300 px-2 dark:border-gray-700"
    >
      <ViewTabs
        active={url.view}
        panelId={panelId}
        tabId={tabId}
        onActivate={(view) => update({ view }, 'push')}
      />
      <div className="ml-auto flex items-center gap-2 text-xs">
        {URL_TOGGLES.map(([key, label]) => (
          <label key={key} className="flex items-center gap-1">
            <input type="checkbox" checked={url[key]} onChange={(e) => update({ [key]: e.target.checked })} />
            {label}
          </label>
        ))}
        <TraceLegend />
        {extra}
      </div>
    </nav>
  );
}
