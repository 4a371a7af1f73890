import type { Readable } from 'node:stream';
import type { DatasourcePublicSettings } from '../config/types.ts';

/** A gateway request handed to a datasource answered inside the server. */
export interface InProcessRequest {
  method: 'GET' | 'HEAD' | 'POST';
  /** The upstream-relative path, starting with '/', already checked against the type's allow-list. */
  path: string;
  query: URLSearchParams;
  /** Only the request headers the gateway passes upstream (lowercase names). */
  headers: Readonly<Record<string, string>>;
  /** Raw request body for POST (form or JSON), if any. */
  body?: Buffer;
  signal: AbortSignal;
}

export interface InProcessResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array | Readable;
}

/**
 * A datasource answered in-process at the same gateway paths as a proxied one (the embedded
 * backend registers `local`, `local-jaeger` and `local-logs` this way). Its public settings
 * appear in /config.json like any configured datasource.
 */
export interface InProcessDatasource extends DatasourcePublicSettings {
  handle(request: InProcessRequest): Promise<InProcessResponse>;
}
