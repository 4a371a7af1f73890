// Which embedded requests run on a query worker, and how a stopped one is answered in its API's
// own words: Tempo and Loki answer a deadline with 504 and a text body, Jaeger with 504 in its
// error envelope (decision 0222). Lookups by trace ID stay on the main thread: they read one record.

import type { InProcessRequest, InProcessResponse } from '../../gateway/in-process.ts';
import { jsonResponse, textResponse } from '../http.ts';
import type { QueryApi, WorkerRequest } from './protocol.ts';
import type { QueryCaps } from './query-caps.ts';
import type { QueryOutcome } from './query-pool.ts';

const SEARCH_PATHS: Record<QueryApi, RegExp> = {
  tempo:
    /^\/api\/(search(\/tags|\/tag\/[^/]+\/values)?|v2\/search\/(tags|tag\/[^/]+\/values)|metrics\/(query_range|query))$/,
  jaeger:
    /^\/api\/(traces|services(\/[^/]+\/operations)?|operations|v3\/(traces|trace-summaries|services|operations))$/,
  loki: /^\/loki\/api\/v1\/(query_range|query|labels|label\/[^/]+\/values)$/,
};

/** Loki's text for a query stopped at its deadline (Loki answers it with 504). */
export const LOKI_DEADLINE_TEXT =
  'Request timed out, decrease the duration of the request or add more label matchers (prefer exact match over regex match) to reduce the amount of data processed.';

export function runsOnWorker(api: QueryApi, path: string): boolean {
  return SEARCH_PATHS[api].test(path);
}

export function workerRequest(api: QueryApi, r: InProcessRequest): WorkerRequest {
  return {
    api,
    method: r.method,
    path: r.path,
    query: r.query.toString(),
    headers: { ...r.headers },
    ...(r.body ? { body: new Uint8Array(r.body) } : {}),
  };
}

function deadlineText(caps: QueryCaps): string {
  return `context deadline exceeded: the query ran longer than ${caps.timeoutSeconds}s (server.limits.queryTimeoutSeconds)`;
}

function apiError(api: QueryApi, path: string, status: number, message: string): InProcessResponse {
  if (api === 'jaeger') {
    if (path.startsWith('/api/v3/')) return jsonResponse(status, { error: { httpCode: status, message } });
    return jsonResponse(status, {
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: status, msg: message }],
    });
  }
  return textResponse(status, message);
}

export function outcomeResponse(
  api: QueryApi,
  path: string,
  outcome: QueryOutcome,
  caps: QueryCaps,
): InProcessResponse {
  switch (outcome.kind) {
    case 'done':
      return outcome.response;
    case 'timeout':
      return apiError(api, path, 504, api === 'loki' ? LOKI_DEADLINE_TEXT : deadlineText(caps));
    case 'aborted':
      // Nobody reads it: the client closed the connection.
      return textResponse(499, 'client closed request');
    case 'failed':
      return apiError(api, path, 500, outcome.message);
  }
}
