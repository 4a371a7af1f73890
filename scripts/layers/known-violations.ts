// Imports that break the layer table today and are being fixed elsewhere (issue 13), keyed `from → to`.
// The layer test fails on any violation not listed here, and on any entry listed here that no longer
// happens: when a fix lands, delete its line. The list only shrinks; nothing new goes in.
export const KNOWN_VIOLATIONS: readonly string[] = [
  // "misc" helper: the logs and metrics pages' shared form fields.
  'src/features/logs/LogsPage.tsx → src/features/metrics/QueryFormFields.tsx',
  'src/features/logs/LogsPage.tsx → src/features/metrics/RangeFields.tsx',
  // "screen" helper (TracePage/TraceScreen split): import '../open-file' and '../trace-logs' (index.ts exists).
  'src/features/trace/TracePage.tsx → src/features/open-file/OpenFiles.tsx',
  'src/features/trace/TracePage.tsx → src/features/open-file/opened-traces.tsx',
  'src/features/trace/TraceScreen.tsx → src/features/trace-logs/TraceLogsView.tsx',
  'src/features/trace/TraceScreen.tsx → src/features/trace-logs/use-trace-log-markers.ts',
];

// "screen" helper: the TimeWindow circle.
export const KNOWN_CIRCLES: readonly string[] = [
  'src/features/trace/waterfall/Waterfall.tsx → src/features/trace/waterfall/WaterfallRow.tsx → src/features/trace/waterfall/Waterfall.tsx',
];
