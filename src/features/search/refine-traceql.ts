// Presets build on the current TraceQL search instead of replacing it (decision 0178): their
// conditions go into the current span filter `{ … }`, replacing a condition there about the same
// thing (the service, `status =`, a `traceDuration >` lower bound, the root service or name); any
// other search is kept whole and joined with `&&`. A query that does not parse, or a metrics query,
// is replaced by the preset's own filter.
import { type Token, tokenize } from '../../traceql/lexer';
import { parseTraceQL } from '../../traceql/parser';
import { OLD_INTRINSICS } from '../../traceql/vocabulary';

/** What a condition is about: a preset's condition replaces the current query's one about the same. */
export type ConditionSubject = 'service' | 'status' | 'minTraceDuration' | 'rootService' | 'rootName';

export interface PresetCondition {
  /** Absent: a condition that replaces none (it is only kept from being added twice). */
  subject?: ConditionSubject;
  /** TraceQL, e.g. `status = error`. */
  text: string;
}

/** A condition of the top-level `&&` chain inside a span filter, as written. */
interface Conjunct {
  text: string;
  subject?: ConditionSubject;
  /** The string on the right of `=`, when the condition is `field = "…"`. */
  value?: string;
}

/** The subject of `field op value`; undefined for any other shape. */
function subjectOf(tokens: readonly Token[]): ConditionSubject | undefined {
  if (tokens.length !== 3) return undefined;
  const [field, op] = tokens;
  if (!field || op?.t !== 'op') return undefined;
  if (field.t === 'attribute') {
    const service =
      field.name === 'service.name' &&
      !field.parent &&
      (field.scope === 'resource' || field.scope === 'none');
    return service && op.value === '=' ? 'service' : undefined;
  }
  const name =
    field.t === 'intrinsic' ? field.name : field.t === 'ident' ? OLD_INTRINSICS[field.value] : undefined;
  switch (name) {
    case 'span:status':
      return op.value === '=' ? 'status' : undefined;
    case 'trace:duration':
      return op.value === '>' || op.value === '>=' ? 'minTraceDuration' : undefined;
    case 'trace:rootService':
      return op.value === '=' ? 'rootService' : undefined;
    case 'trace:rootName':
      return op.value === '=' ? 'rootName' : undefined;
    default:
      return undefined;
  }
}

interface Analysed {
  /** The query is one span filter: its conditions, and what follows it (hints). */
  filter?: { conjuncts: Conjunct[]; after: string };
  /** Otherwise: the spanset expression or pipeline, the hints after it, whether `&&` can follow as is. */
  body?: { text: string; hints: string; joinsWithAnd: boolean };
}

function conjunctsOf(text: string, tokens: readonly Token[]): Conjunct[] {
  if (tokens.length === 0) return [];
  const pieces: Token[][] = [[]];
  let depth = 0;
  let disjunction = false;
  for (const token of tokens) {
    if (token.t === 'op' && token.value === '(') depth++;
    if (token.t === 'op' && token.value === ')') depth--;
    if (depth === 0 && token.t === 'op' && token.value === '||') disjunction = true;
    if (depth === 0 && token.t === 'op' && token.value === '&&') pieces.push([]);
    else pieces.at(-1)?.push(token);
  }
  const first = tokens[0];
  const last = tokens.at(-1);
  if (disjunction && first && last) {
    // `a || b && c` is `a || (b && c)`: kept whole, in parentheses, so an added `&&` applies to all of it.
    return [{ text: `(${text.slice(first.from, last.to)})` }];
  }
  return pieces.flatMap((piece): Conjunct[] => {
    const from = piece[0];
    const to = piece.at(-1);
    if (!from || !to) return [];
    const subject = subjectOf(piece);
    const value = piece[2];
    return [
      {
        text: text.slice(from.from, to.to),
        subject,
        value: subject && value?.t === 'string' ? value.value : undefined,
      },
    ];
  });
}

function analyse(query: string): Analysed | undefined {
  const parsed = parseTraceQL(query);
  if (!parsed.ok || parsed.ast.metrics) return undefined;
  let tokens: Token[];
  try {
    tokens = tokenize(query);
  } catch {
    return undefined;
  }
  const pipeline = parsed.ast.pipeline;
  if (pipeline.type === 'filter') {
    const inner = tokens.filter((t) => t.t !== 'eof' && t.from > pipeline.from && t.to < pipeline.to);
    return {
      filter: { conjuncts: conjunctsOf(query, inner), after: query.slice(pipeline.to).trim() },
    };
  }
  // Hints (`with(…)`) come last, outside every bracket.
  let depth = 0;
  let hintsFrom = query.length;
  for (const token of tokens) {
    if (token.t === 'op' && (token.value === '(' || token.value === '{')) depth++;
    if (token.t === 'op' && (token.value === ')' || token.value === '}')) depth--;
    if (depth === 0 && token.t === 'ident' && token.value === 'with') {
      hintsFrom = token.from;
      break;
    }
  }
  return {
    body: {
      text: query.slice(0, hintsFrom).trim(),
      hints: query.slice(hintsFrom).trim(),
      joinsWithAnd: pipeline.type === 'spansetOp' && pipeline.op === '&&',
    },
  };
}

const withHints = (query: string, hints: string) => (hints ? `${query} ${hints}` : query);

/** The current search with the preset's conditions added (see the top of this file). */
export function refineTraceQL(current: string, conditions: readonly PresetCondition[]): string {
  const own = conditions.map((c) => c.text);
  const fresh = `{ ${own.join(' && ')} }`;
  const query = current.trim();
  if (query === '') return fresh;
  const analysed = analyse(query);
  if (!analysed) return fresh;
  if (analysed.filter) {
    const replaced = new Set(conditions.map((c) => c.subject));
    const kept = analysed.filter.conjuncts
      .filter((c) => c.subject === undefined || !replaced.has(c.subject))
      .map((c) => c.text)
      .filter((text) => !own.includes(text));
    return withHints(`{ ${[...kept, ...own].join(' && ')} }`, analysed.filter.after);
  }
  const body = analysed.body;
  if (!body) return fresh;
  const left = body.joinsWithAnd ? body.text : `(${body.text})`;
  return withHints(`${left} && ${fresh}`, body.hints);
}

/**
 * A metrics query with a condition added to the spanset part that picks its spans (`{ } | compare(…)`
 * → `{ span.region = "us" } | compare(…)`); the metrics part is kept as written.
 */
export function refineMetricsQuery(current: string, metricsFrom: number, condition: PresetCondition): string {
  const spansets = current
    .slice(0, metricsFrom)
    .replace(/\|\s*$/, '')
    .trim();
  return `${refineTraceQL(spansets, [condition])} | ${current.slice(metricsFrom).trim()}`;
}

/** The service the current search is about: `resource.service.name = "…"` in its span filter. */
export function serviceOfTraceQL(current: string): string | undefined {
  const query = current.trim();
  if (query === '') return undefined;
  const conjuncts = analyse(query)?.filter?.conjuncts ?? [];
  return conjuncts.find((c) => c.subject === 'service')?.value;
}
