// The span panel's metrics section.
export { SpanMetricsSection } from './SpanMetricsSection';
