// Hover help: the intrinsic, operator, function or scope under the cursor, with one line of help.
import { scanTraceQL } from './completion-context.ts';
import {
  ARITHMETIC_OPERATORS,
  ATTRIBUTE_SCOPES,
  FIELD_OPERATORS,
  FUNCTIONS,
  HINTS,
  INTRINSICS,
  LOGICAL_OPERATORS,
  OLD_INTRINSICS,
  SPANSET_OPERATORS,
} from './vocabulary.ts';

export interface HoverHelp {
  from: number;
  to: number;
  /** Markdown. */
  contents: string[];
}

function braceDepthBefore(tokens: ReturnType<typeof scanTraceQL>, index: number): number {
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
  const tokens = scanTraceQL(text);
  const index = tokens.findIndex((token) => token.from <= offset && offset < token.to);
  if (index < 0) return undefined;
  const token = tokens[index];
  const at = (contents: string[]) => ({ from: token.from, to: token.to, contents });

  if (token.t === 'field' && token.intrinsic) {
    const scoped =
      (Object.hasOwn(OLD_INTRINSICS, token.text) ? OLD_INTRINSICS[token.text] : undefined) ?? token.text;
    const word = INTRINSICS.find((entry) => entry.label === scoped);
    if (!word) return undefined;
    const alias = scoped !== token.text ? ` (old spelling of \`${scoped}\`)` : '';
    return at([`**${token.text}**${alias}${word.detail ? ` · ${word.detail}` : ''}`, word.help]);
  }
  if (token.t === 'field') {
    const scope = token.text.startsWith('.') ? undefined : token.text.split('.')[0];
    const scopeHelp = ATTRIBUTE_SCOPES.find((entry) => entry.label === scope)?.help;
    return at([
      `**${token.text}** · attribute`,
      scopeHelp ?? 'Unscoped: Tempo looks in the span’s attributes, then its resource’s.',
    ]);
  }
  if (token.t === 'word') {
    const fn = FUNCTIONS.find((entry) => entry.label === token.text);
    if (fn)
      return at([
        `**${fn.label}()** · ${fn.group === 'metrics' ? 'metrics function' : 'pipeline function'}`,
        fn.help,
      ]);
    if (token.text === 'with') return at(['**with(…)** · query hints', ...HINTS.map((hint) => hint.help)]);
    return undefined;
  }
  if (token.t === 'op') {
    const inFilter = braceDepthBefore(tokens, index) > 0;
    const lists = inFilter
      ? [FIELD_OPERATORS, LOGICAL_OPERATORS, ARITHMETIC_OPERATORS]
      : [SPANSET_OPERATORS, FIELD_OPERATORS, ARITHMETIC_OPERATORS];
    for (const list of lists) {
      const word = list.find((entry) => entry.label === token.text);
      if (word) return at([`**${word.label}** · ${inFilter ? 'operator' : 'spanset operator'}`, word.help]);
    }
  }
  return undefined;
}
