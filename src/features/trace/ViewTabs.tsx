// The view tabs, as the ARIA tabs pattern has them: only the active tab is in the Tab order; Left and
// Right (wrapping), Home and End move to another tab and activate it.
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { TRACE_VIEWS, type TraceView } from '../../routes/trace-url.ts';

const VIEW_LABELS: Record<TraceView, string> = {
  waterfall: 'Waterfall',
  'critical-path': 'Critical path',
  stats: 'Statistics',
  flame: 'Flame graph',
  graph: 'Graph',
  insights: 'Insights',
  logs: 'Logs',
  json: 'JSON',
};

export interface ViewTabsProps {
  active: TraceView;
  /** The id of the one tab panel every tab controls. */
  panelId: string;
  tabId: (view: TraceView) => string;
  onActivate: (view: TraceView) => void;
}

/** The tab a key moves to from `at`, or -1 when the key does not move. */
export function tabAfterKey(key: string, at: number, count: number): number {
  const last = count - 1;
  if (key === 'ArrowRight') return (at + 1) % count;
  if (key === 'ArrowLeft') return (at + last) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return last;
  return -1;
}

export function ViewTabs(props: ViewTabsProps) {
  const { active, panelId, tabId, onActivate } = props;
  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    const to = tabAfterKey(event.key, TRACE_VIEWS.indexOf(active), TRACE_VIEWS.length);
    if (to < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const view = TRACE_VIEWS[to];
    // Every tab is always rendered: focus moves now, the URL and the panel follow.
    event.currentTarget.querySelector<HTMLElement>(`[id="${tabId(view)}"]`)?.focus();
    if (view !== active) onActivate(view);
  };
  return (
    <div role="tablist" aria-label="Trace views" className="flex gap-1" onKeyDown={onKeyDown}>
      {TRACE_VIEWS.map((v) => (
        <button
          key={v}
          id={tabId(v)}
          type="button"
          role="tab"
          aria-selected={active === v}
          aria-controls={panelId}
          tabIndex={active === v ? 0 : -1}
          className={`px-2 py-1 text-sm ${active === v ? 'border-b-2 border-blue-600 font-semibold' : 'opacity-80'}`}
          onClick={() => onActivate(v)}
        >
          {VIEW_LABELS[v]}
        </button>
      ))}
    </div>
  );
}
