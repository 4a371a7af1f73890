// The span panel's Logs and Metrics sections, in their own chunk (issue 20: the trace page's first
// load carries no chart library and no RE2). The chunk is fetched when the browser is idle after the
// trace is on screen, so a span opened later finds it already there.
import { lazy } from 'react';
import { loadSpanMetricsSection } from '../span-metrics/index.ts';
import { loadSpanLogsSection } from '../trace-logs/index.ts';

const loadLogs = loadSpanLogsSection;
const loadMetrics = loadSpanMetricsSection;

export const LazySpanLogsSection = lazy(async () => ({ default: (await loadLogs()).SpanLogsSection }));
export const LazySpanMetricsSection = lazy(async () => ({
  default: (await loadMetrics()).SpanMetricsSection,
}));

/** Fetches both sections' code once the main thread has nothing better to do. */
export function preloadCorrelationSections(): void {
  const start = () => void Promise.all([loadLogs(), loadMetrics()]).catch(() => {});
  if ('requestIdleCallback' in window) window.requestIdleCallback(start, { timeout: 3000 });
  else setTimeout(start, 1000);
}
