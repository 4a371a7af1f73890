// Turns dropped/picked files and pasted text into worker loads, one worker per candidate, so a bad
// file never disturbs what is on screen.
import { TraceWorkerClient } from '../../worker/client.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';

export type OpenResult =
  | { ok: true; client: TraceWorkerClient; trace: LoadedTrace; fileName: string }
  | { ok: false; fileName: string; message: string };

export async function openBytes(
  bytes: ArrayBuffer,
  fileName: string,
  contentType?: string,
): Promise<OpenResult> {
  const client = new TraceWorkerClient();
  const outcome = await client.load(
    { kind: 'bytes', bytes, fileName, contentType, label: fileName },
    { adjustSkew: false },
  );
  if (outcome.ok) return { ok: true, client, trace: outcome.trace, fileName };
  client.dispose();
  const message =
    outcome.failure.kind === 'not-found'
      ? 'it holds no spans'
      : outcome.failure.message || 'it could not be read';
  return { ok: false, fileName, message };
}

export async function openFile(file: File): Promise<OpenResult> {
  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch (err) {
    return { ok: false, fileName: file.name, message: err instanceof Error ? err.message : String(err) };
  }
  return openBytes(bytes, file.name, file.type || undefined);
}

export function openText(text: string): Promise<OpenResult> {
  return openBytes(new TextEncoder().encode(text).buffer as ArrayBuffer, 'pasted JSON', 'application/json');
}
