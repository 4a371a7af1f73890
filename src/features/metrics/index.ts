// What other features use of the metrics screen: how to get metrics when no Prometheus is configured.
// The page loads lazily, not from here.
export { PrometheusHint } from './PrometheusHint';
