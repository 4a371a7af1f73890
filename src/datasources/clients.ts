// The one factory that turns a configured trace datasource into its client, on either thread: the
// worker's engine (trace by ID) and the main thread's query cache (search, services, completion)
// each keep what it builds for as long as they live, so what a client learns about its backend
// (Jaeger v3 or legacy, Tempo without v2) is learned once per thread.
import { createHttpClient, datasourceBaseUrl, type HttpClientOptions } from './http';
import { createJaegerClient, type JaegerClient } from './jaeger';
import { createTempoClient, type TempoClient, type TempoClientOptions } from './tempo';
import { createZipkinClient, type ZipkinClient } from './zipkin';

export type TraceDatasourceClient =
  | { type: 'tempo'; client: TempoClient }
  | { type: 'jaeger'; client: JaegerClient }
  | { type: 'zipkin'; client: ZipkinClient };

export type TraceClientType = TraceDatasourceClient['type'];

const TRACE_CLIENT_TYPES: readonly string[] = ['tempo', 'jaeger', 'zipkin'] satisfies TraceClientType[];

/** Whether this thread has a client for datasources of `type`. */
export function isTraceClientType(type: string): type is TraceClientType {
  return TRACE_CLIENT_TYPES.includes(type);
}

export interface TraceClientSpec {
  type: TraceClientType;
  /** Datasource name: the client talks to `api/ds/<name>/` under `documentBaseUri`… */
  name: string;
  documentBaseUri?: string;
  /** …unless a base URL is given (the worker: the gateway URL the page resolved; tests: the replay upstream). */
  baseUrl?: string;
  /** How errors name the datasource; its name when not given. */
  label?: string;
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
    label: spec.label ?? spec.name,
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
