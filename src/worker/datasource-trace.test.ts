import { describe, expect, it } from 'vitest';
import { NotFoundError, UnavailableError } from '../datasources/errors.ts';
import type { RawTrace, TraceClient } from '../datasources/types.ts';
import { fetchFromDatasources } from './datasource-trace.ts';
import type { DatasourceTarget } from './protocol.ts';

const target = (name: string): DatasourceTarget => ({
  name,
  type: 'tempo',
  displayName: name,
  baseUrl: 'http://x/',
});
const raw: RawTrace = { bytes: new Uint8Array([1]), contentType: 'application/json', api: 'tempo-v2' };

function clients(behaviour: Record<string, (signal?: AbortSignal) => Promise<RawTrace>>) {
  return (t: DatasourceTarget): TraceClient => ({
    getTrace: (_id, options) => behaviour[t.name](options?.signal),
  });
}

describe('asking every trace datasource at once', () => {
  it('takes the first that has the trace and aborts the others', async () => {
    let aborted = false;
    const result = await fetchFromDatasources(
      [target('slow'), target('fast')],
      'abc',
      {},
      new AbortController().signal,
      clients({
        slow: (signal) =>
          new Promise((_, reject) =>
            signal?.addEventListener('abort', () => {
              aborted = true;
              reject(new Error('aborted'));
            }),
          ),
        fast: async () => raw,
      }),
    );
    expect(result.foundIn).toBe('fast');
    expect(result.raw).toBe(raw);
    expect(aborted).toBe(true);
  });

  it('keeps what each one answered when none has it', async () => {
    const result = await fetchFromDatasources(
      [target('a'), target('b')],
      'abc',
      {},
      new AbortController().signal,
      clients({
        a: async () => {
          throw new NotFoundError('Trace not found', { status: 404 });
        },
        b: async () => {
          throw new UnavailableError('tempo is not reachable', {
            status: 502,
            backendMessage: 'ring has no healthy ingesters',
          });
        },
      }),
    );
    expect(result.raw).toBeNull();
    expect(result.answers).toEqual([
      { datasource: 'a', outcome: 'not-found', status: 404, message: 'Trace not found' },
      {
        datasource: 'b',
        outcome: 'error',
        status: 502,
        message: 'tempo is not reachable: ring has no healthy ingesters',
      },
    ]);
  });
});
