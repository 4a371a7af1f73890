// A trace's logs: the span panel's section and links, the trace screen's view and its log markers.
export { ExternalLinks } from './ExternalLinks';
export { SpanLogsSection } from './SpanLogsSection';
export { TraceLogsView } from './TraceLogsView';
export { useTraceLogMarkers } from './use-trace-log-markers';
