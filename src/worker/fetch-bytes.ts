// Fetches a trace body in the worker, reporting bytes received, and turns HTTP answers into the
// failures the trace screen shows (status and the backend's own words).
import { backendMessageFrom, readBody } from '../datasources/http.ts';
import type { LoadFailure } from './protocol.ts';

type FailureWithoutLabel =
  | { kind: 'http'; status: number; message: string }
  | { kind: 'not-found'; message: string };

export interface FetchedBody {
  bytes: Uint8Array;
  contentType: string;
}

const MAX_MESSAGE_CHARS = 2000;

export async function fetchTraceBody(
  url: string,
  headers: Record<string, string> | undefined,
  label: string,
  signal: AbortSignal,
  onProgress: (done: number, total: number | undefined) => void,
): Promise<FetchedBody | LoadFailure> {
  let response: Response;
  try {
    response = await fetch(url, { headers, signal });
  } catch (err) {
    if (signal.aborted) return { kind: 'cancelled', message: 'Cancelled', label };
    return { kind: 'network', message: err instanceof Error ? err.message : String(err), label };
  }
  if (!response.ok) {
    const failure = await failureOf(response);
    return { ...failure, label };
  }
  const contentType = response.headers.get('content-type') ?? '';
  try {
    const bytes = await readBody(response, onProgress);
    return { bytes, contentType };
  } catch (err) {
    if (signal.aborted) return { kind: 'cancelled', message: 'Cancelled', label };
    return { kind: 'network', message: err instanceof Error ? err.message : String(err), label };
  }
}

/** The gateway's own errors carry JSON; upstream errors pass through as the backend wrote them. */
export async function failureOf(response: Response): Promise<FailureWithoutLabel> {
  const body = await response.arrayBuffer().catch(() => new ArrayBuffer(0));
  let message = backendMessageFrom(new Uint8Array(body));
  if (!message) message = response.statusText || `HTTP ${response.status}`;
  if (message.length > MAX_MESSAGE_CHARS) message = `${message.slice(0, MAX_MESSAGE_CHARS)}…`;
  if (response.status === 404) return { kind: 'not-found', message };
  return { kind: 'http', status: response.status, message };
}
