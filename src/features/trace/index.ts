// What other features use of the trace screen: its loading (one worker per trace, decision 0060),
// what it shows while loading or after a failure, and a loaded trace's bounds for links.

export { InvalidTraceId } from './InvalidTraceId.tsx';
export { FileTraceMissing, TraceLoadFailure, TraceLoading } from './load/LoadStatus.tsx';
export { type LoadState, type TraceLoadRequest, useTraceLoad } from './load/use-trace-load.ts';
export { serviceColours } from './palette.ts';
export { loadedTraceTime } from './trace-time.ts';
export { rowSpanId } from './waterfall/span-id.ts';
