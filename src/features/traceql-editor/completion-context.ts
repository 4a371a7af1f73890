// Where the cursor is in a TraceQL query, for completion: the tolerant lexer's tokens before the
// cursor (half-typed strings, attributes and operators are normal here, so this never throws and
// does not use the parser, which rejects them).
import { isAttributeChar } from '../../traceql/lexer.ts';
import {
  COMPARISON_OPERATORS,
  FUNCTIONS,
  isFunctionOfStage,
  KIND_VALUES,
  SPANSET_OPERATORS,
  STATUS_VALUES,
  VALUE_KEYWORDS,
} from '../../traceql/vocabulary.ts';
import { type EditorToken, editorTokens, type FieldScope } from './tokens.ts';

export type { FieldScope };

export type CompletionContext =
  /** Where a spanset `{…}` may start: the query's start, after a spanset operator. */
  | { kind: 'spanset-start' }
  /** Where a field (attribute or intrinsic) is expected: after `{`, `&&`, `(` of by()/avg()… */
  | { kind: 'field' }
  /** After `span.`/`resource.`/`.`…: attribute names of that scope. */
  | { kind: 'attribute'; scope: FieldScope }
  /** After a complete field: comparison and arithmetic operators. */
  | { kind: 'operator'; field: string }
  /** After `field <op>`: the field's values. */
  | { kind: 'value'; field: string; quote: '"' | '`' | null }
  /** After a value: `&&`, `||`, `}`. */
  | { kind: 'after-value' }
  /** After a spanset `{…}` or a pipeline stage: spanset operators, `|`, `with(…)`. */
  | { kind: 'after-spanset' }
  /** After `|`: pipeline and metrics functions. */
  | { kind: 'pipeline' }
  /** After a metrics function (`rate() ‸`): `by (…)` unless grouped already, `with(…)`, `|`. */
  | { kind: 'after-metrics'; grouped: boolean }
  /** After `|` that follows a metrics function: the second stage (`topk`, `bottomk`). */
  | { kind: 'metrics-pipeline' }
  /** Inside `with(…)` where a hint name goes. */
  | { kind: 'hint' }
  /** Inside a comment, or a string that is not a value. */
  | { kind: 'none' };

export interface CompletionSite {
  context: CompletionContext;
  /** Offsets of the text the chosen item replaces (the half-typed word, or an empty range at the cursor). */
  from: number;
  to: number;
}

const COMPARISONS: ReadonlySet<string> = new Set(COMPARISON_OPERATORS.map((word) => word.label));
const SPANSET_OPERATOR_LABELS: ReadonlySet<string> = new Set(SPANSET_OPERATORS.map((word) => word.label));
const VALUE_WORDS: ReadonlySet<string> = new Set(
  [...VALUE_KEYWORDS, ...STATUS_VALUES, ...KIND_VALUES].map((word) => word.label),
);
/** Functions whose arguments are fields (`by(resource.service.name)`, `avg(duration)`). */
const FIELD_ARGUMENT_FUNCTIONS: ReadonlySet<string> = new Set(
  FUNCTIONS.filter((fn) => fn.parameters[0]?.kind === 'field').map((fn) => fn.label),
);

/** Where a half-typed word ends: an attribute name, stopping at quotes too. */
function isWordChar(ch: string): boolean {
  return isAttributeChar(ch) && ch !== '"' && ch !== '`';
}

interface Nesting {
  braces: number;
  /** The word before each open `(` (empty for a bare parenthesis). */
  parens: string[];
}

function nestingOf(tokens: readonly EditorToken[]): Nesting {
  const nesting: Nesting = { braces: 0, parens: [] };
  tokens.forEach((token, index) => {
    if (token.t !== 'op') return;
    if (token.text === '{') nesting.braces++;
    else if (token.text === '}') nesting.braces = Math.max(0, nesting.braces - 1);
    else if (token.text === '(') {
      const before = tokens[index - 1];
      nesting.parens.push(before?.t === 'word' ? before.text : '');
    } else if (token.text === ')') nesting.parens.pop();
  });
  return nesting;
}

/**
 * Whether `tokens` call a metrics function outside any braces (`{ } | rate(`), and whether a `by`
 * followed it: what comes next is the metrics part of the query.
 */
export function metricsCallIn(tokens: readonly EditorToken[]): { called: boolean; grouped: boolean } {
  let braces = 0;
  let called = false;
  let grouped = false;
  tokens.forEach((token, index) => {
    if (token.t === 'op' && token.text === '{') braces++;
    else if (token.t === 'op' && token.text === '}') braces = Math.max(0, braces - 1);
    else if (token.t === 'word' && braces === 0) {
      const next = tokens[index + 1];
      if (isFunctionOfStage(token.text, 'metrics') && next?.t === 'op' && next.text === '(') called = true;
      else if (called && token.text === 'by') grouped = true;
    }
  });
  return { called, grouped };
}

function isValueToken(token: EditorToken | undefined): boolean {
  return (
    token?.t === 'string' || token?.t === 'number' || (token?.t === 'word' && VALUE_WORDS.has(token.text))
  );
}

/** The context for what comes after `tokens` (complete tokens only; the cursor is past them). */
function contextAfter(tokens: readonly EditorToken[]): CompletionContext {
  const nesting = nestingOf(tokens);
  const prev = tokens.at(-1);
  const innermostParen = nesting.parens.at(-1);
  if (innermostParen === 'with') {
    if (prev?.t === 'op' && prev.text === '=') return { kind: 'none' };
    if (prev?.t === 'op' && (prev.text === '(' || prev.text === ',')) return { kind: 'hint' };
    return { kind: 'none' };
  }
  const inFieldArguments =
    nesting.braces === 0 && innermostParen !== undefined && FIELD_ARGUMENT_FUNCTIONS.has(innermostParen);
  if (nesting.braces > 0 || inFieldArguments) {
    if (!prev || (prev.t === 'op' && ['{', '(', '&&', '||', '!', ','].includes(prev.text))) {
      return { kind: 'field' };
    }
    if (prev.t === 'field') return { kind: 'operator', field: prev.text };
    if (prev.t === 'op' && COMPARISONS.has(prev.text)) {
      const field = tokens.at(-2);
      if (field?.t === 'field') return { kind: 'value', field: field.text, quote: null };
      return { kind: 'none' };
    }
    if (isValueToken(prev) || (prev.t === 'op' && prev.text === ')')) return { kind: 'after-value' };
    return { kind: 'none' };
  }
  if (!prev) return { kind: 'spanset-start' };
  const metrics = metricsCallIn(tokens);
  if (metrics.called && innermostParen === undefined && prev.t === 'op') {
    if (prev.text === ')') return { kind: 'after-metrics', grouped: metrics.grouped };
    if (prev.text === '|') return { kind: 'metrics-pipeline' };
  }
  if (prev.t === 'op') {
    if (prev.text === '}' || prev.text === ')') return { kind: 'after-spanset' };
    if (prev.text === '|') return { kind: 'pipeline' };
    if (SPANSET_OPERATOR_LABELS.has(prev.text) || prev.text === '(') return { kind: 'spanset-start' };
  }
  return { kind: 'none' };
}

/** What to complete at `offset` in `text`, and which text the completion replaces. */
export function completionSiteAt(text: string, offset: number): CompletionSite {
  const tokens = editorTokens(text.slice(0, offset));
  const last = tokens.at(-1);
  const here: CompletionSite = { context: { kind: 'none' }, from: offset, to: offset };
  if (!last) return { ...here, context: { kind: 'spanset-start' } };

  if (last.t === 'comment' && (!last.closed || last.to === offset)) return here;
  if (last.t === 'string' && !last.closed) {
    // Inside a string: a value when it follows `field <comparison>`.
    const op = tokens.at(-2);
    const field = tokens.at(-3);
    if (op?.t === 'op' && COMPARISONS.has(op.text) && field?.t === 'field') {
      const closing = text.indexOf(last.quote, offset);
      const lineEnd = text.indexOf('\n', offset);
      const to = closing >= 0 && (lineEnd < 0 || closing < lineEnd || last.quote === '`') ? closing : offset;
      return { context: { kind: 'value', field: field.text, quote: last.quote }, from: last.from + 1, to };
    }
    return here;
  }

  const touching = last.to === offset && (last.t === 'field' || last.t === 'word' || last.t === 'number');
  if (!touching) return { ...here, context: contextAfter(tokens) };

  const wordEnd = endOfWord(text, offset);
  const before = tokens.slice(0, -1);
  const outer = contextAfter(before);
  if (last.t === 'field') {
    if (outer.kind === 'value') return { context: outer, from: last.from, to: wordEnd };
    if (last.intrinsic || (last.scope === 'none' && !last.text.startsWith('.'))) {
      return { context: { kind: 'field' }, from: last.from, to: wordEnd };
    }
    return { context: { kind: 'attribute', scope: last.scope }, from: last.from, to: wordEnd };
  }
  // A half-typed word or number: complete it as whatever the position expects.
  if (outer.kind === 'after-metrics' && last.t === 'word') {
    return { context: outer, from: last.from, to: wordEnd };
  }
  if (outer.kind === 'operator' || outer.kind === 'after-value' || outer.kind === 'after-spanset') {
    return { context: { kind: 'none' }, from: offset, to: offset };
  }
  return { context: outer, from: last.from, to: wordEnd };
}

function endOfWord(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && isWordChar(text[end])) end++;
  return end;
}

/**
 * The query to narrow tag values with (`q`): the whole query minus the condition being typed, or
 * undefined when nothing else constrains it or what is left does not parse (`isValid`).
 */
export function valueQueryFor(
  text: string,
  offset: number,
  isValid: (query: string) => boolean,
): string | undefined {
  const tokens = editorTokens(text);
  // The condition being typed: the field before the comparison whose value sits at the cursor.
  let comparison = -1;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.from >= offset) break;
    if (token.t === 'op' && COMPARISONS.has(token.text) && tokens[index - 1]?.t === 'field')
      comparison = index;
  }
  if (comparison < 0) return undefined;
  const field = tokens[comparison - 1];
  const valueToken = tokens[comparison + 1];
  let removeFrom = field.from;
  let removeTo = valueToken && valueToken.from <= offset && valueToken.t !== 'op' ? valueToken.to : offset;
  const joinerBefore = tokens[comparison - 2];
  const joinerAfter = tokens[comparison + (removeTo === offset ? 1 : 2)];
  if (joinerBefore?.t === 'op' && (joinerBefore.text === '&&' || joinerBefore.text === '||')) {
    removeFrom = joinerBefore.from;
  } else if (joinerAfter?.t === 'op' && (joinerAfter.text === '&&' || joinerAfter.text === '||')) {
    removeTo = joinerAfter.to;
  }
  const rest = `${text.slice(0, removeFrom)}${text.slice(removeTo)}`.trim();
  if (rest.replace(/\s+/g, '') === '{}' || !isValid(rest)) return undefined;
  return rest;
}
