// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type DatasourceInfo, parseRuntimeConfig } from '../../datasources/config';
import { EmbeddedNote } from './EmbeddedNote';

const LOCAL: DatasourceInfo = {
  name: 'local',
  type: 'tempo',
  displayName: 'Local (embedded)',
  default: true,
  embedded: true,
};

/** The note as rendered from a config.json body, the way the home page gets it. */
function renderFrom(embedded: unknown, hostname = 'tracelight.lan') {
  const config = parseRuntimeConfig({ basePath: '/', datasources: [LOCAL], embedded });
  render(
    <EmbeddedNote
      datasources={config.datasources}
      hostname={hostname}
      {...(config.embedded ? { embedded: config.embedded } : {})}
    />,
  );
  return screen.getByRole('region', { name: /embedded backend/ });
}

describe('EmbeddedNote', () => {
  afterEach(cleanup);

  it('says the backend has demo data and gives the endpoint with the bound port on the page host', () => {
    const note = renderFrom({ demo: true, otlpPort: 43123, grpcPort: 43124 });
    expect(screen.getByRole('heading').textContent).toBe('The embedded backend is running with demo data');
    expect(note.textContent).toContain('OTEL_EXPORTER_OTLP_ENDPOINT=http://tracelight.lan:43123');
    expect(note.textContent).toContain(
      'OTEL_EXPORTER_OTLP_PROTOCOL=grpc OTEL_EXPORTER_OTLP_ENDPOINT=http://tracelight.lan:43124',
    );
    expect(note.textContent).toContain('Zipkin reporters: http://tracelight.lan:43123/api/v2/spans');
    expect(note.textContent).toContain('Datadog tracers: DD_TRACE_AGENT_URL=http://tracelight.lan:43123');
    expect(note.textContent).toContain('npm start -- --no-demo');
    expect(note.textContent).not.toMatch(/4318|4317/);
  });

  it('says when it started without demo data and both receivers are off', () => {
    const note = renderFrom({ demo: false, otlpPort: null, grpcPort: null });
    expect(screen.getByRole('heading').textContent).toBe(
      'The embedded backend is running without demo data (started with --no-demo)',
    );
    expect(note.textContent).toContain('the OTLP/HTTP receiver is off');
    expect(note.textContent).toContain('The OTLP/gRPC receiver is off (started with --grpc-port 0)');
    expect(note.textContent).not.toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(note.textContent).not.toMatch(/Zipkin|DD_TRACE_AGENT_URL/);
    expect(note.textContent).not.toMatch(/demo traces|Start without demo data/);
  });

  it('gives the gRPC endpoint when only the HTTP receiver is off', () => {
    const note = renderFrom({ demo: false, otlpPort: null, grpcPort: 4317 }, '[::1]');
    expect(note.textContent).toContain('OTEL_EXPORTER_OTLP_ENDPOINT=http://[::1]:4317');
    expect(note.textContent).not.toContain('gRPC receiver is off');
  });

  it('claims neither demo data nor a port when the server does not say', () => {
    const note = renderFrom(undefined);
    expect(note.textContent).not.toMatch(/demo|OTEL_EXPORTER_OTLP_ENDPOINT|4318/);
  });

  it('is absent when no datasource is embedded', () => {
    render(
      <EmbeddedNote
        datasources={[{ ...LOCAL, embedded: false }]}
        embedded={{ demo: true, otlpPort: 1, grpcPort: 2 }}
      />,
    );
    expect(screen.queryByRole('region')).toBeNull();
  });
});
