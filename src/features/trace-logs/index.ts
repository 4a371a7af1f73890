// A trace's logs: the span panel's section and links, the trace screen's view and its log markers.
export { ExternalLinks } from './ExternalLinks';
/** The span panel's section, in its own chunk (decision 0320). */
export const loadSpanLogsSection = () => import('./SpanLogsSection');
export { TraceLogsView } from './TraceLogsView';
export { useTraceLogMarkers } from './use-trace-log-markers';
