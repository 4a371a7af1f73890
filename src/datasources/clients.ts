// One place that turns a configured trace datasource into its client.
import { createHttpClient, datasourceBaseUrl, type HttpClientOptions } from './http';
import { createJaegerClient, type JaegerClient } from './jaeger';
import { createTempoClient, type TempoClient, type TempoClientOptions } from './tempo';
import { createZipkinClient, type ZipkinClient } from './zipkin';

export type TraceDatasourceClient =
  | { type: 'tempo'; client: TempoClient }
  | { type: 'jaeger'; client: JaegerClient }
  | { type: 'zipkin'; client: ZipkinClient };

export interface TraceClientSpec {
  type: 'tempo' | 'jaeger' | 'zipkin';
  /** Datasource name: the client talks to `api/ds/<name>/` under `documentBaseUri`… */
  name: string;
  documentBaseUri?: string;
  /** …unless a base URL is given (tests: the replay upstream). */
  baseUrl?: string;
  timeoutMs?: number;
  headers?: HttpClientOptions['headers'];
  tempo?: TempoClientOptions;
}

export function createTraceDatasourceClient(spec: TraceClientSpec): TraceDatasourceClient {
  const baseUrl = spec.baseUrl ?? datasourceBaseUrl(spec.name, spec.documentBaseUri ?? 'http://localhost/');
  const http = createHttpClient({
    baseUrl,
    timeoutMs: spec.timeoutMs,
    headers: spec.headers,
    label: spec.name,
  });
  switch (spec.type) {
    case 'tempo':
      return { type: 'tempo', client: createTempoClient(http, spec.tempo) };
    case 'jaeger':
      return { type: 'jaeger', client: createJaegerClient(http) };
    case 'zipkin':
      return { type: 'zipkin', client: createZipkinClient(http) };
  }
}
