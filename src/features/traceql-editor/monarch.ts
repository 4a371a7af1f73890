// The `traceql` language for Monaco: Monarch highlighting and bracket rules (data only; the editor
// registers them). Token names map to colours in themes.ts.
import type { languages } from 'monaco-editor/editor/editor.api';
import { FUNCTIONS, INTRINSICS, KIND_VALUES, OLD_INTRINSICS, STATUS_VALUES } from './vocabulary.ts';

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
  intrinsics: [...INTRINSICS.map((word) => word.label), ...Object.keys(OLD_INTRINSICS)],
  functions: FUNCTIONS.map((fn) => fn.label),
  keywords: ['with', 'true', 'false', 'nil', 'minInt', 'maxInt'],
  statuses: STATUS_VALUES,
  kinds: KIND_VALUES,
  tokenizer: {
    root: [
      { include: '@whitespace' },
      // Scoped attributes: span.x, resource.x, event.x, link.x, instrumentation.x, parent.[span.|resource.]x
      [
        /(?:parent\.(?:span\.|resource\.)?|(?:span|resource|event|link|instrumentation)\.)/,
        'type.scope',
        '@attribute',
      ],
      // Unscoped attributes: .x (a dot not followed by a digit)
      [/\.(?=[^\d\s])/, 'type.scope', '@attribute'],
      [/(?:span|trace|event|link|instrumentation):[A-Za-z_]\w*/, 'keyword.intrinsic'],
      // Durations (1h30m, 1.5s, 1d) before plain numbers.
      [
        /(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d|w|y)(?:(?:\d+(?:\.\d*)?)(?:ns|us|µs|μs|ms|s|m|h|d|w|y))*/,
        'number.duration',
      ],
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
      [/&>>|&<<|!>>|!<<|&>|&<|&~|!>|!<|>>|<</, 'operator.structural'],
      [/=~|!~|!=|>=|<=|&&|\|\||[=<>~!|+\-*/%^]/, 'operator'],
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
