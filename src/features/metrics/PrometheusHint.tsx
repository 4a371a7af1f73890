// How to get metrics when no Prometheus datasource is configured (shown on /metrics and in the span
// panel's Metrics section). The embedded backend's OTLP receiver serves span metrics with exemplars at
// its own /metrics, on the port config.json names: a Prometheus scraping it, and PROMETHEUS_URL
// pointing Tracelight at that Prometheus, give both screens their charts. Not the app's /metrics page:
// the receiver's port, not the app's.
import type { EmbeddedBackendInfo } from '../../datasources/config';

const code = 'rounded bg-white/70 px-1 py-0.5 font-mono text-xs dark:bg-black/30';

/** The receiver's span-metrics URL; `hostname` is the page's (already bracketed for IPv6). */
export function receiverMetricsUrl(hostname: string, otlpPort: number): string {
  return `http://${hostname}:${otlpPort}/metrics`;
}

/** A Prometheus `scrape_configs` entry for the receiver (metrics_path is /metrics by default). */
export function scrapeConfig(hostname: string, otlpPort: number): string {
  return [
    'scrape_configs:',
    '  - job_name: tracelight',
    '    static_configs:',
    `      - targets: ['${hostname}:${otlpPort}']`,
  ].join('\n');
}

export const PROMETHEUS_URL_SETTING = 'PROMETHEUS_URL=http://<prometheus>:9090 npm start';

export interface PrometheusHintProps {
  /** From config.json; absent when the embedded backend does not run. */
  embedded?: EmbeddedBackendInfo;
  /** The span panel's short form: the scrape config in a fold. */
  compact?: boolean;
  hostname?: string;
}

export function PrometheusHint({
  embedded,
  compact = false,
  hostname = window.location.hostname,
}: PrometheusHintProps) {
  const port = embedded?.otlpPort ?? null;
  const source =
    embedded && port !== null ? (
      <>
        Tracelight’s OTLP receiver publishes span metrics (with exemplars) at{' '}
        <code className={code} data-testid="receiver-metrics-url">
          {receiverMetricsUrl(hostname, port)}
        </code>
        . Have a Prometheus scrape it (exemplars need{' '}
        <code className={code}>--enable-feature=exemplar-storage</code>
        ):
      </>
    ) : embedded ? (
      <>
        The embedded backend’s OTLP receiver is off (started with <code className={code}>--otlp-port 0</code>
        ), so it publishes no span metrics. Start it with an OTLP port and have a Prometheus scrape{' '}
        <code className={code}>http://{hostname}:&lt;otlpPort&gt;/metrics</code>.
      </>
    ) : (
      <>
        Point Tracelight at a Prometheus that holds span metrics (Tempo’s metrics-generator or the
        OpenTelemetry Collector’s spanmetrics connector).
      </>
    );
  const scrape = embedded && port !== null && (
    <pre
      className="mt-1 overflow-x-auto rounded bg-white/70 p-2 font-mono text-xs dark:bg-black/30"
      data-testid="scrape-config"
    >
      {scrapeConfig(hostname, port)}
    </pre>
  );
  const then = (
    <p className="mt-1">
      Then start Tracelight with <code className={code}>{PROMETHEUS_URL_SETTING}</code>, or add a{' '}
      <code className={code}>type: prometheus</code> datasource to its configuration file (the README’s
      “Configure” section has both).
    </p>
  );
  if (compact)
    return (
      <div className="mt-1" data-testid="prometheus-hint">
        <p>{source}</p>
        {scrape && (
          <details className="mt-1">
            <summary className="cursor-pointer">Prometheus scrape config</summary>
            {scrape}
          </details>
        )}
        {then}
      </div>
    );
  return (
    <section aria-label="How to get metrics" data-testid="prometheus-hint" className="flex flex-col text-sm">
      <h2 className="font-semibold">How to get metrics</h2>
      <p className="mt-1">{source}</p>
      {scrape}
      {then}
    </section>
  );
}
