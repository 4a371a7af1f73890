// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PrometheusHint, receiverMetricsUrl, scrapeConfig } from './PrometheusHint';

afterEach(cleanup);

describe('PrometheusHint', () => {
  it('names the receiver’s own /metrics on the bound OTLP port, a scrape config and PROMETHEUS_URL', () => {
    render(
      <PrometheusHint embedded={{ demo: true, otlpPort: 43123, grpcPort: null }} hostname="tracelight.lan" />,
    );
    const hint = screen.getByRole('region', { name: 'How to get metrics' });
    expect(screen.getByTestId('receiver-metrics-url').textContent).toBe(
      'http://tracelight.lan:43123/metrics',
    );
    expect(screen.getByTestId('scrape-config').textContent).toContain("targets: ['tracelight.lan:43123']");
    expect(hint.textContent).toContain('PROMETHEUS_URL=');
    expect(hint.textContent).toContain('README');
    expect(hint.textContent).not.toContain('4318');
  });

  it('says the receiver is off rather than giving a URL that does not answer', () => {
    render(<PrometheusHint embedded={{ demo: true, otlpPort: null, grpcPort: null }} hostname="h" />);
    expect(screen.queryByTestId('receiver-metrics-url')).toBeNull();
    expect(screen.getByTestId('prometheus-hint').textContent).toContain('--otlp-port 0');
  });

  it('without the embedded backend, points at a Prometheus with span metrics', () => {
    render(<PrometheusHint hostname="h" compact />);
    const hint = screen.getByTestId('prometheus-hint');
    expect(hint.textContent).toContain('spanmetrics');
    expect(hint.textContent).toContain('PROMETHEUS_URL=');
    expect(screen.queryByTestId('scrape-config')).toBeNull();
  });

  it('builds the URL and the scrape target from the same host and port', () => {
    expect(receiverMetricsUrl('[::1]', 4318)).toBe('http://[::1]:4318/metrics');
    expect(scrapeConfig('[::1]', 4318).split('\n')).toEqual([
      'scrape_configs:',
      '  - job_name: tracelight',
      '    static_configs:',
      "      - targets: ['[::1]:4318']",
    ]);
  });
});
