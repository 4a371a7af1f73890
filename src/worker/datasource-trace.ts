// Asks trace datasources for a trace by ID, inside the worker (the bytes never touch the main
// thread), all at once; the first that has it wins, and every answer is kept for the not-found page.
import { DatasourceError } from '../datasources/errors.ts';
import { createHttpClient } from '../datasources/http.ts';
import { createJaegerClient } from '../datasources/jaeger.ts';
import { createTempoClient } from '../datasources/tempo.ts';
import type { RawTrace, TraceClient } from '../datasources/types.ts';
import { createZipkinClient } from '../datasources/zipkin.ts';
import type { DatasourceAnswer, DatasourceTarget } from './protocol.ts';

export type ClientFactory = (target: DatasourceTarget) => TraceClient | null;

export function defaultClientFactory(target: DatasourceTarget): TraceClient | null {
  const http = createHttpClient({ baseUrl: target.baseUrl, label: target.displayName || target.name });
  switch (target.type) {
    case 'tempo':
      return createTempoClient(http);
    case 'jaeger':
      return createJaegerClient(http);
    case 'zipkin':
      return createZipkinClient(http);
    default:
      return null;
  }
}

export interface FirstFound {
  raw: RawTrace | null;
  foundIn?: string;
  answers: DatasourceAnswer[];
}

export async function fetchFromDatasources(
  targets: DatasourceTarget[],
  traceId: string,
  window: { start?: number; end?: number },
  signal: AbortSignal,
  makeClient: ClientFactory = defaultClientFactory,
): Promise<FirstFound> {
  const answers: DatasourceAnswer[] = targets.map((t) => ({
    datasource: t.name,
    outcome: 'not-found',
    message: 'not asked',
  }));
  if (targets.length === 0) return { raw: null, answers };
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  return new Promise<FirstFound>((resolve) => {
    let pending = targets.length;
    let settled = false;
    const finish = (result: FirstFound) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    targets.forEach((target, i) => {
      const client = makeClient(target);
      if (!client) {
        answers[i] = {
          datasource: target.name,
          outcome: 'error',
          message: `Type ${target.type} cannot be read here yet`,
        };
        if (--pending === 0) finish({ raw: null, answers });
        return;
      }
      client
        .getTrace(traceId, { start: window.start, end: window.end, signal: inner.signal })
        .then((raw) => {
          answers[i] = { datasource: target.name, outcome: 'found', message: 'found' };
          // The others are no longer needed.
          inner.abort();
          finish({ raw, foundIn: target.name, answers });
        })
        .catch((err: unknown) => {
          if (!settled) answers[i] = answerOf(target.name, err);
          if (--pending === 0) finish({ raw: null, answers });
        });
    });
  });
}

function answerOf(datasource: string, err: unknown): DatasourceAnswer {
  if (err instanceof DatasourceError) {
    const message = err.backendMessage ? `${err.message}: ${err.backendMessage}` : err.message;
    return {
      datasource,
      outcome: err.kind === 'not-found' ? 'not-found' : 'error',
      status: err.status,
      message,
    };
  }
  return { datasource, outcome: 'error', message: err instanceof Error ? err.message : String(err) };
}
