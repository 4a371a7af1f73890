// The `traceql` language for Monaco: Monarch highlighting and bracket rules (data only; the editor
// registers them). Token names map to colours in themes.ts.
import type { languages } from 'monaco-editor/editor/editor.api';
import {
  ATTRIBUTE_SCOPES,
  COMPARISON_OPERATORS,
  DURATION_UNITS,
  FUNCTIONS,
  HINTS_KEYWORD,
  INTRINSIC_SCOPES,
  INTRINSICS,
  KIND_VALUES,
  LOGICAL_OPERATORS,
  OLD_INTRINSICS,
  OPERATOR_SPELLINGS,
  PARENT_SCOPE,
  SPANSET_OPERATORS,
  STATUS_VALUES,
  VALUE_KEYWORDS,
} from '../../traceql/vocabulary.ts';

const either = (words: Iterable<string>) => [...words].join('|');
const UNIT = `(?:${either(DURATION_UNITS)})`;
const NUMBER = '(?:\\d+(?:\\.\\d*)?|\\.\\d+)';
const ATTRIBUTE_SCOPE = either(ATTRIBUTE_SCOPES.map((scope) => scope.label));
const PARENT_INNER = either(PARENT_SCOPE.inner.map((scope) => `${scope}\\.`));
const literally = (spelling: string) => spelling.replace(/[|*+^\\/]/g, '\\$&');
const FIELD_SPELLINGS: ReadonlySet<string> = new Set(
  [...COMPARISON_OPERATORS, ...LOGICAL_OPERATORS].map((word) => word.label),
);
/** Structural, union and negated spanset operators (`>>`, `&>`, `!<<`…), longest first. */
const STRUCTURAL: readonly string[] = SPANSET_OPERATORS.map((word): string => word.label)
  .filter((label) => label.length > 1 && !FIELD_SPELLINGS.has(label))
  .sort((a, b) => b.length - a.length);
const OTHER_OPERATORS = OPERATOR_SPELLINGS.filter(
  (spelling) => !STRUCTURAL.includes(spelling) && !'{}(),'.includes(spelling),
);

export const TRACEQL_LANGUAGE_ID = 'traceql';

export const traceqlLanguageConfiguration: languages.LanguageConfiguration = {
  comments: { lineComment: '//', blockComment: ['/*', '*/'] },
  brackets: [
    ['{', '}'],
    ['(', ')'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string'] },
    { open: '`', close: '`', notIn: ['string'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
  ],
  // Attribute names may hold dots, dashes and slashes: a "word" is what TraceQL lets a name hold.
  wordPattern: /(-?\d*\.\d\w*)|([^\s{}()=~!<>&|^,"`]+)/,
};

export const traceqlMonarch: languages.IMonarchLanguage = {
  defaultToken: '',
  tokenPostfix: '.traceql',
  intrinsics: [...INTRINSICS.map((word) => word.name), ...Object.keys(OLD_INTRINSICS)],
  functions: FUNCTIONS.map((fn) => fn.label),
  keywords: [HINTS_KEYWORD, ...VALUE_KEYWORDS.map((word) => word.label)],
  statuses: STATUS_VALUES.map((word) => word.label),
  kinds: KIND_VALUES.map((word) => word.label),
  tokenizer: {
    root: [
      { include: '@whitespace' },
      // Scoped attributes: span.x, resource.x, event.x, link.x, instrumentation.x, parent.[span.|resource.]x
      [
        new RegExp(`(?:${PARENT_SCOPE.label}\\.(?:${PARENT_INNER})?|(?:${ATTRIBUTE_SCOPE})\\.)`),
        'type.scope',
        '@attribute',
      ],
      // Unscoped attributes: .x (a dot not followed by a digit)
      [/\.(?=[^\d\s])/, 'type.scope', '@attribute'],
      [new RegExp(`(?:${either(INTRINSIC_SCOPES)}):[A-Za-z_]\\w*`), 'keyword.intrinsic'],
      // Durations (1h30m, 1.5s, 1d) before plain numbers.
      [new RegExp(`${NUMBER}${UNIT}(?:\\d+(?:\\.\\d*)?${UNIT})*`), 'number.duration'],
      [/(?:\d*\.\d+|\d+\.?\d*)(?:[eE][+-]?\d+)?/, 'number'],
      [/"/, 'string', '@string_double'],
      [/`/, 'string', '@string_backtick'],
      [
        /[A-Za-z_]\w*/,
        {
          cases: {
            '@intrinsics': 'keyword.intrinsic',
            '@functions': 'predefined.function',
            '@keywords': 'keyword',
            '@statuses': 'constant.status',
            '@kinds': 'constant.kind',
            '@default': 'identifier',
          },
        },
      ],
      // Structural, union and negated spanset operators, then comparisons and the rest.
      [new RegExp(either(STRUCTURAL.map(literally))), 'operator.structural'],
      [new RegExp(either(OTHER_OPERATORS.map(literally))), 'operator'],
      [/[{}]/, 'delimiter.curly'],
      [/[()]/, 'delimiter.parenthesis'],
      [/,/, 'delimiter'],
    ],
    attribute: [
      [/"/, { token: 'variable.attribute', next: '@attribute_quoted' }],
      [/[^\s{}()=~!<>&|^,"`]+/, 'variable.attribute', '@pop'],
      ['', '', '@pop'],
    ],
    attribute_quoted: [
      [/[^"\\]+/, 'variable.attribute'],
      [/\\./, 'variable.attribute'],
      [/"/, 'variable.attribute', '@pop'],
    ],
    string_double: [
      [/[^"\\]+/, 'string'],
      [/\\(?:[abfnrtv\\"']|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/, 'string.escape'],
      [/\\./, 'string.escape.invalid'],
      [/"/, 'string', '@pop'],
    ],
    string_backtick: [
      [/[^`]+/, 'string'],
      [/`/, 'string', '@pop'],
    ],
    whitespace: [
      [/\s+/, 'white'],
      [/\/\/.*$/, 'comment'],
      [/\/\*/, 'comment', '@comment'],
    ],
    comment: [
      [/[^/*]+/, 'comment'],
      [/\*\//, 'comment', '@pop'],
      [/[/*]/, 'comment'],
    ],
  },
};
