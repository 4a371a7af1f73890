// Hover help: the intrinsic, operator, function or scope under the cursor, with one line of help.
import {
  ARITHMETIC_OPERATORS,
  ATTRIBUTE_SCOPES,
  COMPARISON_OPERATORS,
  functionWord,
  HINTS,
  HINTS_KEYWORD,
  intrinsicWord,
  LOGICAL_OPERATORS,
  METRICS_BY,
  OLD_INTRINSICS,
  PARENT_SCOPE,
  PIPE,
  SPANSET_OPERATORS,
  UNARY_OPERATORS,
  type Word,
} from '../../traceql/vocabulary.ts';
import { metricsCallIn } from './completion-context.ts';
import { functionKind } from './suggestions.ts';
import { type EditorToken, editorTokens } from './tokens.ts';

export interface HoverHelp {
  from: number;
  to: number;
  /** Markdown. */
  contents: string[];
}

const SCOPES: readonly Word[] = [...ATTRIBUTE_SCOPES, PARENT_SCOPE];
/** `!` and `|` after the binary operators, as the editor has always looked them up. */
const OTHER_OPERATORS: readonly Word[] = [UNARY_OPERATORS[0], PIPE];
const FILTER_OPERATOR_LISTS: readonly (readonly Word[])[] = [
  COMPARISON_OPERATORS,
  LOGICAL_OPERATORS,
  ARITHMETIC_OPERATORS,
  OTHER_OPERATORS,
];
const SPANSET_OPERATOR_LISTS: readonly (readonly Word[])[] = [
  SPANSET_OPERATORS,
  COMPARISON_OPERATORS,
  ARITHMETIC_OPERATORS,
  OTHER_OPERATORS,
];

function braceDepthBefore(tokens: readonly EditorToken[], index: number): number {
  let depth = 0;
  for (let i = 0; i < index; i++) {
    const token = tokens[i];
    if (token.t !== 'op') continue;
    if (token.text === '{') depth++;
    else if (token.text === '}') depth = Math.max(0, depth - 1);
  }
  return depth;
}

/** Help for the token at `offset`, or undefined when there is nothing to say. */
export function hoverAt(text: string, offset: number): HoverHelp | undefined {
  const tokens = editorTokens(text);
  const index = tokens.findIndex((token) => token.from <= offset && offset < token.to);
  if (index < 0) return undefined;
  const token = tokens[index];
  const at = (contents: string[]) => ({ from: token.from, to: token.to, contents });

  if (token.t === 'field' && token.intrinsic) {
    const scoped =
      (Object.hasOwn(OLD_INTRINSICS, token.text) ? OLD_INTRINSICS[token.text] : undefined) ?? token.text;
    const word = intrinsicWord(scoped);
    if (!word) return undefined;
    const alias = scoped !== token.text ? ` (old spelling of \`${scoped}\`)` : '';
    return at([`**${token.text}**${alias} · ${word.type}`, word.help]);
  }
  if (token.t === 'field') {
    const scope = token.text.startsWith('.') ? undefined : token.text.split('.')[0];
    const scopeHelp = SCOPES.find((entry) => entry.label === scope)?.help;
    return at([
      `**${token.text}** · attribute`,
      scopeHelp ?? 'Unscoped: Tempo looks in the span’s attributes, then its resource’s.',
    ]);
  }
  if (token.t === 'word') {
    if (token.text === METRICS_BY.label && metricsCallIn(tokens.slice(0, index)).called) {
      return at([`**${METRICS_BY.label} (…)** · metrics grouping`, METRICS_BY.help]);
    }
    const fn = functionWord(token.text);
    if (fn) return at([`**${fn.label}()** · ${functionKind(fn)}`, fn.help]);
    if (token.text === HINTS_KEYWORD)
      return at(['**with(…)** · query hints', ...HINTS.map((hint) => hint.help)]);
    return undefined;
  }
  if (token.t === 'op') {
    const inFilter = braceDepthBefore(tokens, index) > 0;
    const lists = inFilter ? FILTER_OPERATOR_LISTS : SPANSET_OPERATOR_LISTS;
    for (const list of lists) {
      const word = list.find((entry) => entry.label === token.text);
      if (word) return at([`**${word.label}** · ${inFilter ? 'operator' : 'spanset operator'}`, word.help]);
    }
  }
  return undefined;
}
