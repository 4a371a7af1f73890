// The request a trace by ID starts with on Tempo: the client (tempo.ts) sends exactly this, and the
// boot sends it ahead of the worker, which takes the answer when it asks the same (decision 0342).
import { buildUrl, segment } from './http';

export const PROTOBUF = 'application/protobuf';

/** Tempo's trace-by-ID path: v2 (Tempo ≥ 2.x), or v1 for an older Tempo that answers 404 on v2. */
export function tempoTracePath(version: 'v1' | 'v2', traceId: string): string {
  return version === 'v2' ? `api/v2/traces/${segment(traceId)}` : `api/traces/${segment(traceId)}`;
}

/** The window Tempo is asked to look in: both ends or none (Tempo refuses half a window). */
export function tempoTraceWindowQuery(window: { start?: number; end?: number }): {
  start?: number;
  end?: number;
} {
  const { start, end } = window;
  return start !== undefined && end !== undefined && start < end ? { start, end } : {};
}

/** The first request a fresh client sends for a trace of a datasource of `type`; null when unknown. */
export function firstTraceRequest(
  type: string,
  baseUrl: string,
  traceId: string,
  window: { start?: number; end?: number },
): { url: string; accept: string } | null {
  if (type !== 'tempo') return null;
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    url: buildUrl(base, tempoTracePath('v2', traceId), tempoTraceWindowQuery(window)).href,
    accept: PROTOBUF,
  };
}
