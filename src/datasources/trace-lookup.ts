// Trace by ID across datasources: ask several at once for one ID, open the first that has it and keep
// every other answer (the not-found page lists them). The trace worker's fan-out is this function;
// decoding the bytes is the worker's job.
import {
  AbortedError,
  type DatasourceError,
  InvalidResponseError,
  isDatasourceError,
  NotFoundError,
} from './errors';
import type { RawTrace, TraceByIdOptions, TraceClient } from './types';

export interface NamedTraceClient {
  /** Datasource name (the `ds` of URLs). */
  name: string;
  client: TraceClient;
}

export type LookupAnswer =
  | { name: string; outcome: 'found'; raw: RawTrace }
  | { name: string; outcome: 'not-found'; error: NotFoundError }
  | { name: string; outcome: 'error'; error: DatasourceError }
  /** Still asking when another datasource had the trace (the request was then cancelled). */
  | { name: string; outcome: 'cancelled' };

export interface LookupResult {
  /** The first datasource that had the trace, if any. */
  found?: { name: string; raw: RawTrace };
  /** One answer per datasource, in the order given. */
  answers: LookupAnswer[];
}

function asDatasourceError(error: unknown): DatasourceError {
  if (isDatasourceError(error)) return error;
  return new InvalidResponseError(error instanceof Error ? error.message : String(error), { cause: error });
}

/** Asks every datasource at once; resolves with the first that has the trace (cancelling the rest), or all answers. */
export function findTraceInAny(
  clients: readonly NamedTraceClient[],
  traceId: string,
  options: TraceByIdOptions = {},
): Promise<LookupResult> {
  const controller = new AbortController();
  const callerSignal = options.signal;
  const onCallerAbort = () => controller.abort();
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const answers: Array<LookupAnswer | undefined> = clients.map(() => undefined);

  return new Promise<LookupResult>((resolve, reject) => {
    let pending = clients.length;
    let settled = false;
    const finish = (found?: { name: string; raw: RawTrace }) => {
      if (settled) return;
      settled = true;
      callerSignal?.removeEventListener('abort', onCallerAbort);
      if (callerSignal?.aborted) {
        reject(new AbortedError());
        return;
      }
      controller.abort();
      resolve({
        found,
        answers: answers.map((answer, i) => answer ?? { name: clients[i].name, outcome: 'cancelled' }),
      });
    };
    if (pending === 0) finish();
    clients.forEach(({ name, client }, i) => {
      client
        .getTrace(traceId, { ...options, signal: controller.signal })
        .then(
          (raw) => {
            answers[i] = { name, outcome: 'found', raw };
            finish({ name, raw });
          },
          (error: unknown) => {
            if (settled) return;
            if (error instanceof NotFoundError) answers[i] = { name, outcome: 'not-found', error };
            else answers[i] = { name, outcome: 'error', error: asDatasourceError(error) };
          },
        )
        .finally(() => {
          pending--;
          if (pending === 0) finish();
        });
    });
  });
}
