// The span panel's metrics section.
/** The span panel's section, in its own chunk (decision 0320). */
export const loadSpanMetricsSection = () => import('./SpanMetricsSection');
