// Bounds every embedded query must stay within (server.limits in the config). Past a soft cap a
// value is clamped and the answer says so (search `limit`); past a hard cap the query is refused with
// a 400 that names the cap, before any work is done (decision 0221).

export interface QueryCaps {
  /** Seconds a query may run (queued time included) before it is stopped. */
  timeoutSeconds: number;
  /** Longest query text, in bytes of UTF-8. */
  maxQueryBytes: number;
  /** Deepest nesting of ( { [ in a query. */
  maxQueryDepth: number;
  /** Largest search `limit` (traces); larger ones are clamped. */
  maxSearchLimit: number;
  /** Largest `spss` (spans per span set). */
  maxSpss: number;
  /** Most pipeline stages and spanset operators (TraceQL) or stages (LogQL) in one query. */
  maxPipelineStages: number;
}

export const DEFAULT_QUERY_CAPS: QueryCaps = {
  timeoutSeconds: 30,
  maxQueryBytes: 256 * 1024,
  maxQueryDepth: 64,
  maxSearchLimit: 100_000,
  maxSpss: 1_000,
  maxPipelineStages: 200,
};

/** Why `text` is refused before parsing (size or nesting), or undefined. Brackets in quotes do not count. */
export function queryTextProblem(text: string, caps: QueryCaps): string | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > caps.maxQueryBytes)
    return `query is too large: ${bytes} bytes, the limit is ${caps.maxQueryBytes} (server.limits.maxQueryBytes)`;
  let depth = 0;
  let deepest = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '{' || c === '[') {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === ')' || c === '}' || c === ']') depth--;
  }
  if (deepest > caps.maxQueryDepth)
    return `query is nested too deeply: ${deepest} levels, the limit is ${caps.maxQueryDepth} (server.limits.maxQueryDepth)`;
  return undefined;
}

export function pipelineProblem(stages: number, caps: QueryCaps): string | undefined {
  if (stages <= caps.maxPipelineStages) return undefined;
  return `query has too many stages: ${stages}, the limit is ${caps.maxPipelineStages} (server.limits.maxPipelineStages)`;
}

/** The note an answer carries when its `limit` was clamped. */
export function clampedLimitNote(asked: number, caps: QueryCaps): string {
  return `limit ${asked} is above the server's cap and was lowered to ${caps.maxSearchLimit} (server.limits.maxSearchLimit)`;
}

/** Thrown at a checkpoint when the query was cancelled (deadline or client gone). */
export class QueryStopped extends Error {
  constructor() {
    super('query stopped');
  }
}
