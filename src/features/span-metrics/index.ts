// The span panel's metrics section.
export { SpanMetricsSection, type SpanMetricsSectionProps } from './SpanMetricsSection';
