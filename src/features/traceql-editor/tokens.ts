// The editor's view of a query being typed: the tolerant lexer's tokens (src/traceql/lexer.ts), sorted
// into what completion, hover and markers ask about. Half-typed text is normal here: `span.` is a
// field with no name yet, `span:na` an intrinsic being typed, `1x` a number, `"pay` an open string.
import { type TolerantToken, tokenizeTolerant } from '../../traceql/lexer.ts';
import { type AttributeScopeName, OLD_INTRINSICS } from '../../traceql/vocabulary.ts';

export type FieldScope = 'none' | AttributeScopeName | 'parent';

export type EditorToken =
  | { t: 'string'; from: number; to: number; closed: boolean; quote: '"' | '`' }
  | { t: 'comment'; from: number; to: number; closed: boolean }
  | {
      t: 'field';
      from: number;
      to: number;
      /** As written. */
      text: string;
      scope: FieldScope;
      /** The attribute's name (unquoted), or the intrinsic as written. */
      name: string;
      intrinsic: boolean;
    }
  | { t: 'word'; from: number; to: number; text: string }
  | { t: 'number'; from: number; to: number }
  | { t: 'op'; from: number; to: number; text: string };

function editorToken(text: string, token: TolerantToken): EditorToken | undefined {
  const { from, to } = token;
  switch (token.t) {
    case 'string':
      return { t: 'string', from, to, closed: true, quote: text[from] === '`' ? '`' : '"' };
    case 'open-string':
      return { t: 'string', from, to, closed: false, quote: token.quote };
    case 'comment':
      return token;
    case 'attribute': {
      const scope = token.parent ? 'parent' : token.scope;
      return { t: 'field', from, to, text: text.slice(from, to), scope, name: token.name, intrinsic: false };
    }
    case 'intrinsic':
      return { t: 'field', from, to, text: token.name, scope: 'none', name: token.name, intrinsic: true };
    case 'ident':
      if (!Object.hasOwn(OLD_INTRINSICS, token.value)) return { t: 'word', from, to, text: token.value };
      return { t: 'field', from, to, text: token.value, scope: 'none', name: token.value, intrinsic: true };
    case 'int':
    case 'float':
    case 'duration':
      return { t: 'number', from, to };
    case 'op':
      return { t: 'op', from, to, text: token.value };
    case 'invalid':
      if (token.kind === 'number') return { t: 'number', from, to };
      if (token.kind === 'intrinsic') {
        return { t: 'field', from, to, text: token.text, scope: 'none', name: token.text, intrinsic: true };
      }
      // A character TraceQL has no use for says nothing about where the cursor is.
      return undefined;
  }
}

/** The tokens of `text`; never throws. */
export function editorTokens(text: string): EditorToken[] {
  const tokens: EditorToken[] = [];
  for (const token of tokenizeTolerant(text).tokens) {
    const mapped = editorToken(text, token);
    if (mapped) tokens.push(mapped);
  }
  return tokens;
}
