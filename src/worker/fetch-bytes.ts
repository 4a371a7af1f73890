// Fetches a trace body in the worker, reporting bytes received, and turns HTTP answers into the
// failures the trace screen shows (status and the backend's own words).
import { backendMessageFrom } from '../datasources/http.ts';
import type { LoadFailure } from './protocol.ts';

type FailureWithoutLabel =
  | { kind: 'http'; status: number; message: string }
  | { kind: 'not-found'; message: string };

export interface FetchedBody {
  bytes: Uint8Array;
  contentType: string;
}

const MAX_MESSAGE_CHARS = 2000;
const PROGRESS_EVERY_BYTES = 256 * 1024;

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
  const lengthHeader = response.headers.get('content-length');
  const total = lengthHeader ? Number(lengthHeader) || undefined : undefined;
  const contentType = response.headers.get('content-type') ?? '';
  try {
    const bytes = await readAll(response, total, onProgress);
    return { bytes, contentType };
  } catch (err) {
    if (signal.aborted) return { kind: 'cancelled', message: 'Cancelled', label };
    return { kind: 'network', message: err instanceof Error ? err.message : String(err), label };
  }
}

async function readAll(
  response: Response,
  total: number | undefined,
  onProgress: (done: number, total: number | undefined) => void,
): Promise<Uint8Array> {
  const body = response.body;
  if (!body) return new Uint8Array(await response.arrayBuffer());
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let done = 0;
  let reported = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    chunks.push(next.value);
    done += next.value.byteLength;
    if (done - reported >= PROGRESS_EVERY_BYTES) {
      reported = done;
      onProgress(done, total);
    }
  }
  onProgress(done, total);
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(done);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
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
