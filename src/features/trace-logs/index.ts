// A trace's logs: the span panel's section and links, the trace screen's view and its log markers.
export { type ExpandedLink, ExternalLinks, expandLinks } from './ExternalLinks';
export { SpanLogsSection, type SpanLogsSectionProps } from './SpanLogsSection';
export { TraceLogsView, type TraceLogsViewProps } from './TraceLogsView';
export { type TraceLogMarkersInput, useTraceLogMarkers } from './use-trace-log-markers';
