// One datasource's answer on the not-found page, as words. A "not found" carries an HTTP status only
// when the status says so (404); Tempo answers an unknown trace with 200 and an empty body, and
// "not found (HTTP 200)" reads as a contradiction.
import type { DatasourceAnswer } from '../../../worker/protocol.ts';

export function answerText(answer: DatasourceAnswer): string {
  const outcome =
    answer.outcome === 'not-found'
      ? 'not found'
      : answer.outcome === 'cancelled'
        ? 'not waited for'
        : answer.outcome === 'found'
          ? 'found'
          : 'error';
  const shownStatus =
    answer.status !== undefined && (answer.outcome === 'error' || answer.status >= 400)
      ? answer.status
      : undefined;
  const status = shownStatus === undefined ? '' : ` (HTTP ${shownStatus})`;
  // "not waited for: another datasource had the trace" says its outcome already.
  if (!status && answer.message.startsWith(outcome)) return answer.message;
  return `${outcome}${status} — ${answer.message}`;
}
