// The trace datasource clients' public surface (config.ts and health.ts are imported directly).
export * from './clients';
export * from './errors';
export {
  createHttpClient,
  DEFAULT_TIMEOUT_MS,
  datasourceBaseUrl,
  type HttpClient,
  type HttpClientOptions,
} from './http';
export * from './jaeger';
export * from './tempo';
export * from './trace-lookup';
export type * from './types';
export * from './zipkin';
