// Turns dropped/picked files and pasted text into worker loads, one worker per candidate, so a bad
// file never disturbs what is on screen.

import { TRACE_FORMAT_NAMES } from '../../formats/index.ts';
import type { DecodeResult } from '../../model/types.ts';
import { TraceWorkerClient } from '../../worker/client.ts';
import type { LoadedTrace, LoadFailure } from '../../worker/protocol.ts';

export type OpenResult =
  | { ok: true; client: TraceWorkerClient; trace: LoadedTrace; fileName: string }
  /** `message` is the whole sentence to show, naming the file. */
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
  return { ok: false, fileName, message: failureText(fileName, outcome.failure) };
}

const LOOKED_LIKE: Record<NonNullable<DecodeResult['unrecognized']>, string> = {
  text: 'It holds text',
  json: 'It holds JSON of another shape',
  binary: 'It holds binary data',
};

/**
 * What the user reads: a file that is no trace format at all says which formats were tried; a
 * recognised but damaged one keeps the decoder's precise message.
 */
export function failureText(fileName: string, failure: LoadFailure): string {
  if (failure.kind === 'decode' && failure.unrecognized) {
    // JSON of another shape may be a trace format we do not read (X-Ray, Datadog), so it is not called "not a trace".
    const what = failure.unrecognized === 'json' ? 'a trace format Tracelight reads' : 'a trace file';
    return `${fileName} is not ${what}: tried ${TRACE_FORMAT_NAMES.join(', ')}. ${LOOKED_LIKE[failure.unrecognized]}, none of these.`;
  }
  const why = failure.kind === 'not-found' ? 'it holds no spans' : failure.message || 'it could not be read';
  return `Could not open ${fileName}: ${why}`;
}

export async function openFile(file: File): Promise<OpenResult> {
  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, fileName: file.name, message: `Could not open ${file.name}: ${why}` };
  }
  return openBytes(bytes, file.name, file.type || undefined);
}

export function openText(text: string): Promise<OpenResult> {
  return openBytes(new TextEncoder().encode(text).buffer as ArrayBuffer, 'pasted JSON', 'application/json');
}
