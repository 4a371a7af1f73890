// biome-ignore-all lint/suspicious/noTemplateCurlyInString: snippets use Monaco's ${1:placeholder} syntax.
// The words of TraceQL, once: scopes, intrinsics, operators, functions, values and hints, each with
// the line of help the editor shows. The lexer, the parser, the editor (highlighting, completion,
// hover), the search builder, the embedded tag API and the search pre-filter all read from here, so
// adding a word (a metrics function, say) means one entry here and its evaluation.
// Pure data: no DOM, no Monaco.
import { NS_PER_DURATION_UNIT } from '../model/time.ts';

export interface Word {
  label: string;
  /** One line of help, shown beside completion items and in hovers (Markdown). */
  help: string;
}

// ---- scopes

/** Scopes an attribute can be written in: `span.x`, `resource.x`… (`parent.` is a prefix, below). */
export const ATTRIBUTE_SCOPES = [
  { label: 'span', help: 'Attributes set on the span itself.' },
  {
    label: 'resource',
    help: 'Attributes of the process that emitted the span (service.name, host.name, …).',
  },
  { label: 'event', help: 'Attributes of the span’s events; all conditions must hold on the same event.' },
  { label: 'link', help: 'Attributes of the span’s links; all conditions must hold on the same link.' },
  { label: 'instrumentation', help: 'Attributes of the instrumentation scope.' },
] as const satisfies readonly Word[];

export type AttributeScopeName = (typeof ATTRIBUTE_SCOPES)[number]['label'];

/** `parent.x`, `parent.span.x`, `parent.resource.x`: the parent span's attributes. */
export const PARENT_SCOPE = {
  label: 'parent',
  help: 'Attributes of the span’s parent (`parent.span.x`, `parent.resource.x`).',
  /** The scopes that may follow `parent.`. */
  inner: ['span', 'resource'],
} as const;

// ---- intrinsics

/** The type of an intrinsic's values (shown as its detail, used by the parser's type checks). */
export type IntrinsicType = 'string' | 'int' | 'duration' | 'status' | 'kind';

interface IntrinsicWord {
  name: `${string}:${string}`;
  type: IntrinsicType;
  help: string;
  /** Tempo leaves it out of its intrinsic tag list (`/api/v2/search/tags?scope=intrinsic`). */
  untagged?: true;
}

export const INTRINSICS = [
  {
    name: 'span:name',
    type: 'string',
    help: 'The span’s operation name.',
  },
  {
    name: 'span:status',
    type: 'status',
    help: 'The span’s status: `error`, `ok` or `unset`.',
  },
  {
    name: 'span:statusMessage',
    type: 'string',
    help: 'The message that came with the span’s status.',
  },
  {
    name: 'span:duration',
    type: 'duration',
    help: 'How long the span took, e.g. `span:duration > 100ms`.',
  },
  {
    name: 'span:kind',
    type: 'kind',
    help: 'The span’s kind: `server`, `client`, `producer`, `consumer`, `internal` or `unspecified`.',
  },
  {
    name: 'span:id',
    type: 'string',
    help: 'The span’s ID (hex).',
  },
  {
    name: 'span:parentID',
    type: 'string',
    help: 'The parent span’s ID (hex); empty on a root span.',
  },
  {
    name: 'span:childCount',
    type: 'int',
    untagged: true,
    help: 'How many direct children the span has.',
  },
  {
    name: 'trace:duration',
    type: 'duration',
    help: 'The whole trace’s duration, from first start to last end.',
  },
  {
    name: 'trace:rootName',
    type: 'string',
    help: 'The name of the trace’s root span.',
  },
  {
    name: 'trace:rootService',
    type: 'string',
    help: 'The service of the trace’s root span.',
  },
  {
    name: 'trace:id',
    type: 'string',
    help: 'The trace’s ID (hex).',
  },
  {
    name: 'event:name',
    type: 'string',
    help: 'The name of one of the span’s events.',
  },
  {
    name: 'event:timeSinceStart',
    type: 'duration',
    help: 'When one of the span’s events happened, from the span’s start.',
  },
  {
    name: 'link:traceID',
    type: 'string',
    help: 'The trace ID a span link points to.',
  },
  {
    name: 'link:spanID',
    type: 'string',
    help: 'The span ID a span link points to.',
  },
  {
    name: 'instrumentation:name',
    type: 'string',
    help: 'The instrumentation scope’s name.',
  },
  {
    name: 'instrumentation:version',
    type: 'string',
    help: 'The instrumentation scope’s version.',
  },
] as const satisfies readonly IntrinsicWord[];

export type Intrinsic = (typeof INTRINSICS)[number]['name'];

const INTRINSIC_BY_NAME: ReadonlyMap<string, IntrinsicWord> = new Map(
  INTRINSICS.map((word) => [word.name, word]),
);

/** The intrinsic `name` (scoped, `span:name`) denotes, or undefined. */
export function intrinsicWord(name: string): IntrinsicWord | undefined {
  return INTRINSIC_BY_NAME.get(name);
}

/** The unscoped spellings Tempo still accepts, mapped to the scoped intrinsic they mean. */
export const OLD_INTRINSICS: Readonly<Record<string, Intrinsic>> = {
  name: 'span:name',
  status: 'span:status',
  statusMessage: 'span:statusMessage',
  duration: 'span:duration',
  kind: 'span:kind',
  childCount: 'span:childCount',
  traceDuration: 'trace:duration',
  rootName: 'trace:rootName',
  rootServiceName: 'trace:rootService',
};

/** Every way to write the intrinsic: `span:duration`, and `duration` where Tempo still accepts it. */
export function spellingsOf(name: Intrinsic): string[] {
  return [name, ...Object.keys(OLD_INTRINSICS).filter((old) => OLD_INTRINSICS[old] === name)];
}

/** The words before `:` in a scoped intrinsic (`span`, `trace`, `event`…). */
export const INTRINSIC_SCOPES: ReadonlySet<string> = new Set(
  INTRINSICS.map((word) => word.name.split(':')[0]),
);

/** What Tempo lists under `/api/v2/search/tags?scope=intrinsic`: scoped and old spellings, sorted. */
export const INTRINSIC_TAGS: readonly string[] = INTRINSICS.flatMap((word: IntrinsicWord) =>
  word.untagged ? [] : spellingsOf(word.name as Intrinsic),
).sort();

// ---- values

export const VALUE_KEYWORDS = [
  { label: 'true', value: { kind: 'bool', value: true } },
  { label: 'false', value: { kind: 'bool', value: false } },
  { label: 'nil', value: { kind: 'nil' } },
  { label: 'minInt', value: { kind: 'int', value: Number.MIN_SAFE_INTEGER } },
  { label: 'maxInt', value: { kind: 'int', value: Number.MAX_SAFE_INTEGER } },
] as const;

/** Status values as the editor offers them, with their OTLP codes. */
export const STATUS_VALUES = [
  { label: 'error', code: 2 },
  { label: 'ok', code: 1 },
  { label: 'unset', code: 0 },
] as const;

/** Span kinds as the editor offers them (the common ones first), with their OTLP codes. */
export const KIND_VALUES = [
  { label: 'server', code: 2 },
  { label: 'client', code: 3 },
  { label: 'producer', code: 4 },
  { label: 'consumer', code: 5 },
  { label: 'internal', code: 1 },
  { label: 'unspecified', code: 0 },
] as const;

/** Duration units after a number (`100ms`, `1h30m`), longer spellings first. */
export const DURATION_UNITS: readonly string[] = Object.keys(NS_PER_DURATION_UNIT).sort(
  (a, b) => b.length - a.length,
);

// ---- operators (precedences are Tempo's, pkg/traceql/expr.y: higher binds tighter)

export interface ComparisonWord extends Word {
  /** The comparison with its sides swapped (`1 < x` is `x > 1`); absent for regex matches. */
  mirror?: string;
}

/** Comparisons inside a span filter, in the order the search builder offers them. All bind at level 2. */
export const COMPARISON_OPERATORS = [
  { label: '=', mirror: '=', help: 'Equals.' },
  { label: '!=', mirror: '!=', help: 'Does not equal (false when the attribute is missing).' },
  { label: '=~', help: 'Matches a regular expression (RE2, anchored at both ends).' },
  { label: '!~', help: 'Does not match a regular expression (RE2, anchored at both ends).' },
  { label: '>', mirror: '<', help: 'Greater than.' },
  { label: '>=', mirror: '<=', help: 'Greater than or equal.' },
  { label: '<', mirror: '>', help: 'Less than.' },
  { label: '<=', mirror: '>=', help: 'Less than or equal.' },
] as const satisfies readonly ComparisonWord[];

export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number]['label'];
export const COMPARISON_PRECEDENCE = 2;

/** `&&` and `||` between conditions; both bind at level 1 and associate left. */
export const LOGICAL_OPERATORS = [
  { label: '&&', help: 'And: both conditions hold on the same span.' },
  { label: '||', help: 'Or: either condition holds.' },
] as const satisfies readonly Word[];
export const LOGICAL_PRECEDENCE = 1;

interface ArithmeticWord extends Word {
  /** In a span filter (`{ span.a + 1 > 2 }`). */
  precedence: number;
  /** Between metrics queries (`(… | rate()) / (… | rate())`). */
  metricsPrecedence: number;
}

export const ARITHMETIC_OPERATORS = [
  { label: '+', precedence: 3, metricsPrecedence: 3, help: 'Addition.' },
  { label: '-', precedence: 3, metricsPrecedence: 3, help: 'Subtraction.' },
  { label: '*', precedence: 5, metricsPrecedence: 4, help: 'Multiplication.' },
  { label: '/', precedence: 5, metricsPrecedence: 4, help: 'Division.' },
  { label: '%', precedence: 5, metricsPrecedence: 4, help: 'Remainder.' },
  { label: '^', precedence: 6, metricsPrecedence: 5, help: 'Power.' },
] as const satisfies readonly ArithmeticWord[];

/** Prefix operators in a span filter, with the precedence of their operand. */
export const UNARY_OPERATORS = [
  { label: '!', operandPrecedence: 5, help: 'Not.' },
  { label: '-', operandPrecedence: 4, help: 'Negation.' },
] as const;

export const PIPE = {
  label: '|',
  help: 'Pipe: feeds the spansets on the left into the stage on the right.',
} as const;

/** Operators between spansets. `&&`, `||` bind at level 1, the structural ones at 2. */
export const SPANSET_OPERATORS = [
  { label: '&&', help: 'Both spansets match somewhere in the same trace.' },
  { label: '||', help: 'Either spanset matches.' },
  { label: '>', help: 'Child: right-hand spans whose parent is a left-hand span.' },
  { label: '>>', help: 'Descendant: right-hand spans below a left-hand span.' },
  { label: '<', help: 'Parent: right-hand spans that are the parent of a left-hand span.' },
  { label: '<<', help: 'Ancestor: right-hand spans above a left-hand span.' },
  { label: '~', help: 'Sibling: right-hand spans that share a parent with a left-hand span.' },
  { label: '&>', help: 'Union child: both the parents and the children of each matching pair.' },
  { label: '&>>', help: 'Union descendant: both the ancestors and the descendants of each matching pair.' },
  { label: '&<', help: 'Union parent: both ends of each parent/child pair.' },
  { label: '&<<', help: 'Union ancestor: both ends of each ancestor/descendant pair.' },
  { label: '&~', help: 'Union sibling: both sides of each sibling pair.' },
  { label: '!>', help: 'Not child: right-hand spans whose parent is not a left-hand span.' },
  { label: '!>>', help: 'Not descendant: right-hand spans with no left-hand ancestor.' },
  { label: '!<', help: 'Not parent: right-hand spans that are not the parent of a left-hand span.' },
  { label: '!<<', help: 'Not ancestor: right-hand spans that are no left-hand span’s ancestor.' },
  { label: '!~', help: 'Not sibling: right-hand spans with no left-hand sibling.' },
] as const satisfies readonly Word[];

export function spansetPrecedence(label: string): number {
  return label === '&&' || label === '||' ? LOGICAL_PRECEDENCE : COMPARISON_PRECEDENCE;
}

const PUNCTUATION: readonly string[] = ['(', ')', '{', '}', ','];

/** Every operator and punctuation spelling, longer first so a prefix match takes the longest. */
export const OPERATOR_SPELLINGS: readonly string[] = [
  ...new Set<string>([
    ...SPANSET_OPERATORS.map((word) => word.label),
    ...COMPARISON_OPERATORS.map((word) => word.label),
    ...LOGICAL_OPERATORS.map((word) => word.label),
    ...ARITHMETIC_OPERATORS.map((word) => word.label),
    ...UNARY_OPERATORS.map((word) => word.label),
    PIPE.label,
    ...PUNCTUATION,
  ]),
].sort((a, b) => b.length - a.length);

// ---- functions

/**
 * Where a function stands: `aggregate` compares over each spanset (`count() > 1`); `pipeline` is a
 * spanset stage (`by(…)`); `metrics` turns spans into series (`rate()`); `metrics-second` follows
 * a metrics stage (`topk(10)`).
 */
export type FunctionStage = 'aggregate' | 'pipeline' | 'metrics' | 'metrics-second';

export interface Parameter {
  name: string;
  kind: 'field' | 'number' | 'spanset';
  optional?: true;
  /** May be given more than once (`quantile_over_time(duration, .5, .9, .99)`). */
  repeats?: true;
}

export interface FunctionWord extends Word {
  stage: FunctionStage;
  parameters: readonly Parameter[];
  /** Snippet inserted on completion (`${1:…}` marks the placeholders). */
  snippet: string;
  /**
   * Evaluated here: spanset stages by src/traceql/evaluate.ts, metrics stages by
   * src/traceql/metrics/ (over local traces; Tempo answers its own).
   */
  evaluated: boolean;
}

const FIELD: Parameter = { name: 'field', kind: 'field' };

export const FUNCTIONS: readonly FunctionWord[] = [
  {
    label: 'count',
    stage: 'aggregate',
    parameters: [],
    evaluated: true,
    snippet: 'count() > ${1:1}',
    help: 'Number of spans in each spanset.',
  },
  {
    label: 'avg',
    stage: 'aggregate',
    parameters: [FIELD],
    evaluated: true,
    snippet: 'avg(${1:duration}) > ${2:1s}',
    help: 'Average of a field over each spanset.',
  },
  {
    label: 'min',
    stage: 'aggregate',
    parameters: [FIELD],
    evaluated: true,
    snippet: 'min(${1:duration}) > ${2:1s}',
    help: 'Smallest value of a field in each spanset.',
  },
  {
    label: 'max',
    stage: 'aggregate',
    parameters: [FIELD],
    evaluated: true,
    snippet: 'max(${1:duration}) > ${2:1s}',
    help: 'Largest value of a field in each spanset.',
  },
  {
    label: 'sum',
    stage: 'aggregate',
    parameters: [FIELD],
    evaluated: true,
    snippet: 'sum(${1:duration}) > ${2:1s}',
    help: 'Sum of a field over each spanset.',
  },
  {
    label: 'by',
    stage: 'pipeline',
    parameters: [FIELD],
    evaluated: true,
    snippet: 'by(${1:resource.service.name})',
    help: 'Splits spansets by the value of a field.',
  },
  {
    label: 'select',
    stage: 'pipeline',
    parameters: [{ name: 'field', kind: 'field', repeats: true }],
    evaluated: true,
    snippet: 'select(${1:span.http.route})',
    help: 'Returns these fields with every matched span.',
  },
  {
    label: 'coalesce',
    stage: 'pipeline',
    parameters: [],
    evaluated: true,
    snippet: 'coalesce()',
    help: 'Merges the spansets of a trace back into one.',
  },
  {
    label: 'rate',
    stage: 'metrics',
    parameters: [],
    evaluated: true,
    snippet: 'rate()',
    help: 'Metrics: matching spans per second.',
  },
  {
    label: 'count_over_time',
    stage: 'metrics',
    parameters: [],
    evaluated: true,
    snippet: 'count_over_time()',
    help: 'Metrics: matching spans per step.',
  },
  {
    label: 'sum_over_time',
    stage: 'metrics',
    parameters: [FIELD],
    evaluated: true,
    snippet: 'sum_over_time(${1:duration})',
    help: 'Metrics: sum of a field per step.',
  },
  {
    label: 'avg_over_time',
    stage: 'metrics',
    parameters: [FIELD],
    evaluated: true,
    snippet: 'avg_over_time(${1:duration})',
    help: 'Metrics: average of a field per step.',
  },
  {
    label: 'min_over_time',
    stage: 'metrics',
    parameters: [FIELD],
    evaluated: true,
    snippet: 'min_over_time(${1:duration})',
    help: 'Metrics: smallest value of a field per step.',
  },
  {
    label: 'max_over_time',
    stage: 'metrics',
    parameters: [FIELD],
    evaluated: true,
    snippet: 'max_over_time(${1:duration})',
    help: 'Metrics: largest value of a field per step.',
  },
  {
    label: 'quantile_over_time',
    stage: 'metrics',
    parameters: [FIELD, { name: 'quantile', kind: 'number', repeats: true }],
    evaluated: true,
    snippet: 'quantile_over_time(${1:duration}, ${2:.99})',
    help: 'Metrics: quantiles of a field per step, e.g. `quantile_over_time(duration, .5, .99)`.',
  },
  {
    label: 'histogram_over_time',
    stage: 'metrics',
    parameters: [FIELD],
    evaluated: true,
    snippet: 'histogram_over_time(${1:duration})',
    help: 'Metrics: a histogram of a field per step.',
  },
  {
    label: 'compare',
    stage: 'metrics',
    parameters: [
      { name: 'selection', kind: 'spanset' },
      { name: 'topN', kind: 'number', optional: true },
      { name: 'start', kind: 'number', optional: true },
      { name: 'end', kind: 'number', optional: true },
    ],
    evaluated: true,
    snippet: 'compare({ ${1:status = error} })',
    help: 'Metrics: how attribute values differ between the selection and the rest.',
  },
  {
    label: 'topk',
    stage: 'metrics-second',
    parameters: [{ name: 'k', kind: 'number' }],
    evaluated: true,
    snippet: 'topk(${1:10})',
    help: 'Metrics: keep the k largest series (after a metrics stage).',
  },
  {
    label: 'bottomk',
    stage: 'metrics-second',
    parameters: [{ name: 'k', kind: 'number' }],
    evaluated: true,
    snippet: 'bottomk(${1:10})',
    help: 'Metrics: keep the k smallest series (after a metrics stage).',
  },
];

const FUNCTION_BY_NAME: ReadonlyMap<string, FunctionWord> = new Map(FUNCTIONS.map((fn) => [fn.label, fn]));

/** The function spelled `name`, or undefined (own entries only: `constructor` is no function). */
export function functionWord(name: string): FunctionWord | undefined {
  return FUNCTION_BY_NAME.get(name);
}

export function isFunctionOfStage(name: string, stage: FunctionStage): boolean {
  return FUNCTION_BY_NAME.get(name)?.stage === stage;
}

/** `by` after a metrics function (`rate() by (resource.service.name)`): not the spanset stage `by()`. */
export const METRICS_BY: Word = {
  label: 'by',
  help: 'Metrics: one series per combination of the fields’ values, e.g. `rate() by (resource.service.name, name)`; a span without the field counts under "nil".',
};

// ---- hints

/** The keyword before query hints: `with(most_recent=true)`. */
export const HINTS_KEYWORD = 'with';

export const HINTS: readonly Word[] = [
  {
    label: 'sample',
    help: '`with(sample=true)`: answer a metrics query from a sample of the data (faster, approximate).',
  },
  { label: 'exemplars', help: '`with(exemplars=true)`: attach example traces to metrics series.' },
  {
    label: 'most_recent',
    help: '`with(most_recent=true)`: return the most recent traces rather than the first found.',
  },
];
