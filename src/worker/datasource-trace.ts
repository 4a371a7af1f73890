// Asks trace datasources for a trace by ID, inside the worker (the bytes never touch the main
// thread): the fan-out is `findTraceInAny`; this module builds and keeps the clients and turns the
// answers into the protocol's, for the not-found page.

import { createTraceDatasourceClient, isTraceClientType } from '../datasources/clients.ts';
import { AbortedError, type DatasourceError } from '../datasources/errors.ts';
import { findTraceInAny, type LookupAnswer, type NamedTraceClient } from '../datasources/trace-lookup.ts';
import type { BytesProgress, RawTrace, TraceClient } from '../datasources/types.ts';
import type { DatasourceAnswer, DatasourceTarget } from './protocol.ts';

export type ClientFactory = (target: DatasourceTarget) => TraceClient | null;

/** The shared factory (`datasources/clients.ts`), at the gateway URL the page resolved. */
export function defaultClientFactory(target: DatasourceTarget): TraceClient | null {
  if (!isTraceClientType(target.type)) return null;
  return createTraceDatasourceClient({
    type: target.type,
    name: target.name,
    baseUrl: target.baseUrl,
    label: target.displayName || target.name,
  }).client;
}

/**
 * One client per datasource for as long as the returned function lives (the worker's engine keeps
 * it): what a client learns — Jaeger's v3 or legacy API, Tempo answering 404 on v2 — is learned once,
 * not on every load. A datasource whose type or address changed gets a new client.
 */
export function createClientCache(make: ClientFactory = defaultClientFactory): ClientFactory {
  const clients = new Map<string, TraceClient | null>();
  return (target) => {
    const key = `${target.name}\u0000${target.type}\u0000${target.baseUrl}`;
    if (!clients.has(key)) clients.set(key, make(target));
    return clients.get(key) ?? null;
  };
}

export interface FirstFound {
  raw: RawTrace | null;
  foundIn?: string;
  answers: DatasourceAnswer[];
  /** The caller cancelled before any answer decided. */
  cancelled?: boolean;
}

export async function fetchFromDatasources(
  targets: DatasourceTarget[],
  traceId: string,
  window: { start?: number; end?: number },
  signal: AbortSignal,
  clientOf: ClientFactory,
  onBytes?: BytesProgress,
): Promise<FirstFound> {
  const answers: Array<DatasourceAnswer | undefined> = targets.map(() => undefined);
  const asked: Array<NamedTraceClient & { index: number }> = [];
  targets.forEach((target, index) => {
    const client = clientOf(target);
    if (client) asked.push({ name: target.name, client, index });
    else
      answers[index] = {
        datasource: target.name,
        outcome: 'error',
        message: `Type ${target.type} cannot be read here yet`,
      };
  });
  let result: Awaited<ReturnType<typeof findTraceInAny>>;
  try {
    result = await findTraceInAny(asked, traceId, { start: window.start, end: window.end, signal, onBytes });
  } catch (err) {
    if (err instanceof AbortedError || signal.aborted) return { raw: null, answers: [], cancelled: true };
    throw err;
  }
  result.answers.forEach((answer, i) => {
    answers[asked[i].index] = answerOf(answer);
  });
  const done = answers.map(
    (a, i): DatasourceAnswer => a ?? { datasource: targets[i].name, outcome: 'error', message: 'not asked' },
  );
  return result.found
    ? { raw: result.found.raw, foundIn: result.found.name, answers: done }
    : { raw: null, answers: done };
}

function answerOf(answer: LookupAnswer): DatasourceAnswer {
  const datasource = answer.name;
  switch (answer.outcome) {
    case 'found':
      return { datasource, outcome: 'found', message: 'found' };
    case 'cancelled':
      return {
        datasource,
        outcome: 'cancelled',
        message: 'not waited for: another datasource had the trace',
      };
    case 'not-found':
    case 'error':
      return {
        datasource,
        outcome: answer.outcome,
        status: answer.error.status,
        message: messageOf(answer.error),
      };
  }
}

function messageOf(error: DatasourceError): string {
  return error.backendMessage ? `${error.message}: ${error.backendMessage}` : error.message;
}
