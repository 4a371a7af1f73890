// Where "Open trace" goes for a parsed input: the trace, at the span when the input named one, in the
// datasource the input named (a Tracelight link's `ds`) or else the one chosen in the top bar. With
// no datasource the trace page asks every trace datasource. A Tracelight link's window is kept (0182).
import { tracePath } from '../../routes/trace-url';
import type { ParsedTraceInput } from './parse-trace-input';

export function openTargetPath(
  parsed: Extract<ParsedTraceInput, { ok: true }>,
  chosenDatasource: string | undefined,
): string {
  return tracePath({
    traceId: parsed.traceId,
    span: parsed.spanId,
    ds: parsed.datasource ?? chosenDatasource,
    ...parsed.window,
  });
}
