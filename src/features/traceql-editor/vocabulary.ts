// biome-ignore-all lint/suspicious/noTemplateCurlyInString: snippets use Monaco's ${1:placeholder} syntax.
// What the editor knows about TraceQL's words: scopes, intrinsics, operators and functions, each with
// one line of help. Completion, hover and highlighting all read from here so they never disagree.

export interface Word {
  label: string;
  /** One line shown beside the item and in hovers. */
  help: string;
  /** Shown as the item's detail, e.g. the value type. */
  detail?: string;
}

export const ATTRIBUTE_SCOPES: readonly Word[] = [
  { label: 'span', help: 'Attributes set on the span itself.' },
  {
    label: 'resource',
    help: 'Attributes of the process that emitted the span (service.name, host.name, …).',
  },
  { label: 'event', help: 'Attributes of the span’s events; all conditions must hold on the same event.' },
  { label: 'link', help: 'Attributes of the span’s links; all conditions must hold on the same link.' },
  { label: 'instrumentation', help: 'Attributes of the instrumentation scope.' },
  { label: 'parent', help: 'Attributes of the span’s parent (`parent.span.x`, `parent.resource.x`).' },
];

export const INTRINSICS: readonly Word[] = [
  { label: 'span:name', detail: 'string', help: 'The span’s operation name.' },
  { label: 'span:status', detail: 'status', help: 'The span’s status: `error`, `ok` or `unset`.' },
  { label: 'span:statusMessage', detail: 'string', help: 'The message that came with the span’s status.' },
  {
    label: 'span:duration',
    detail: 'duration',
    help: 'How long the span took, e.g. `span:duration > 100ms`.',
  },
  {
    label: 'span:kind',
    detail: 'kind',
    help: 'The span’s kind: `server`, `client`, `producer`, `consumer`, `internal` or `unspecified`.',
  },
  { label: 'span:id', detail: 'string', help: 'The span’s ID (hex).' },
  { label: 'span:parentID', detail: 'string', help: 'The parent span’s ID (hex); empty on a root span.' },
  { label: 'span:childCount', detail: 'int', help: 'How many direct children the span has.' },
  {
    label: 'trace:duration',
    detail: 'duration',
    help: 'The whole trace’s duration, from first start to last end.',
  },
  { label: 'trace:rootName', detail: 'string', help: 'The name of the trace’s root span.' },
  { label: 'trace:rootService', detail: 'string', help: 'The service of the trace’s root span.' },
  { label: 'trace:id', detail: 'string', help: 'The trace’s ID (hex).' },
  { label: 'event:name', detail: 'string', help: 'The name of one of the span’s events.' },
  {
    label: 'event:timeSinceStart',
    detail: 'duration',
    help: 'When one of the span’s events happened, from the span’s start.',
  },
  { label: 'link:traceID', detail: 'string', help: 'The trace ID a span link points to.' },
  { label: 'link:spanID', detail: 'string', help: 'The span ID a span link points to.' },
  { label: 'instrumentation:name', detail: 'string', help: 'The instrumentation scope’s name.' },
  { label: 'instrumentation:version', detail: 'string', help: 'The instrumentation scope’s version.' },
];

export { OLD_INTRINSICS } from '../../traceql/parser.ts';

export const STATUS_VALUES: readonly string[] = ['error', 'ok', 'unset'];
export const KIND_VALUES: readonly string[] = [
  'server',
  'client',
  'producer',
  'consumer',
  'internal',
  'unspecified',
];
export const VALUE_KEYWORDS: readonly string[] = ['true', 'false', 'nil', 'minInt', 'maxInt'];

export const FIELD_OPERATORS: readonly Word[] = [
  { label: '=', help: 'Equals.' },
  { label: '!=', help: 'Does not equal (false when the attribute is missing).' },
  { label: '>', help: 'Greater than.' },
  { label: '>=', help: 'Greater than or equal.' },
  { label: '<', help: 'Less than.' },
  { label: '<=', help: 'Less than or equal.' },
  { label: '=~', help: 'Matches a regular expression (RE2, anchored at both ends).' },
  { label: '!~', help: 'Does not match a regular expression (RE2, anchored at both ends).' },
];

export const LOGICAL_OPERATORS: readonly Word[] = [
  { label: '&&', help: 'And: both conditions hold on the same span.' },
  { label: '||', help: 'Or: either condition holds.' },
];

export const SPANSET_OPERATORS: readonly Word[] = [
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
];

export const ARITHMETIC_OPERATORS: readonly Word[] = [
  { label: '+', help: 'Addition.' },
  { label: '-', help: 'Subtraction.' },
  { label: '*', help: 'Multiplication.' },
  { label: '/', help: 'Division.' },
  { label: '%', help: 'Remainder.' },
  { label: '^', help: 'Power.' },
  { label: '!', help: 'Not.' },
  { label: '|', help: 'Pipe: feeds the spansets on the left into the stage on the right.' },
];

export interface FunctionWord extends Word {
  /** Snippet inserted on completion (`$1` marks the cursor). */
  snippet: string;
  group: 'pipeline' | 'metrics';
}

export const FUNCTIONS: readonly FunctionWord[] = [
  {
    label: 'count',
    group: 'pipeline',
    snippet: 'count() > ${1:1}',
    help: 'Number of spans in each spanset.',
  },
  {
    label: 'avg',
    group: 'pipeline',
    snippet: 'avg(${1:duration}) > ${2:1s}',
    help: 'Average of a field over each spanset.',
  },
  {
    label: 'min',
    group: 'pipeline',
    snippet: 'min(${1:duration}) > ${2:1s}',
    help: 'Smallest value of a field in each spanset.',
  },
  {
    label: 'max',
    group: 'pipeline',
    snippet: 'max(${1:duration}) > ${2:1s}',
    help: 'Largest value of a field in each spanset.',
  },
  {
    label: 'sum',
    group: 'pipeline',
    snippet: 'sum(${1:duration}) > ${2:1s}',
    help: 'Sum of a field over each spanset.',
  },
  {
    label: 'by',
    group: 'pipeline',
    snippet: 'by(${1:resource.service.name})',
    help: 'Splits spansets by the value of a field.',
  },
  {
    label: 'select',
    group: 'pipeline',
    snippet: 'select(${1:span.http.route})',
    help: 'Returns these fields with every matched span.',
  },
  {
    label: 'coalesce',
    group: 'pipeline',
    snippet: 'coalesce()',
    help: 'Merges the spansets of a trace back into one.',
  },
  { label: 'rate', group: 'metrics', snippet: 'rate()', help: 'Metrics: matching spans per second.' },
  {
    label: 'count_over_time',
    group: 'metrics',
    snippet: 'count_over_time()',
    help: 'Metrics: matching spans per step.',
  },
  {
    label: 'sum_over_time',
    group: 'metrics',
    snippet: 'sum_over_time(${1:duration})',
    help: 'Metrics: sum of a field per step.',
  },
  {
    label: 'avg_over_time',
    group: 'metrics',
    snippet: 'avg_over_time(${1:duration})',
    help: 'Metrics: average of a field per step.',
  },
  {
    label: 'min_over_time',
    group: 'metrics',
    snippet: 'min_over_time(${1:duration})',
    help: 'Metrics: smallest value of a field per step.',
  },
  {
    label: 'max_over_time',
    group: 'metrics',
    snippet: 'max_over_time(${1:duration})',
    help: 'Metrics: largest value of a field per step.',
  },
  {
    label: 'quantile_over_time',
    group: 'metrics',
    snippet: 'quantile_over_time(${1:duration}, ${2:.99})',
    help: 'Metrics: quantiles of a field per step, e.g. `quantile_over_time(duration, .5, .99)`.',
  },
  {
    label: 'histogram_over_time',
    group: 'metrics',
    snippet: 'histogram_over_time(${1:duration})',
    help: 'Metrics: a histogram of a field per step.',
  },
  {
    label: 'compare',
    group: 'metrics',
    snippet: 'compare({ ${1:status = error} })',
    help: 'Metrics: how attribute values differ between the selection and the rest.',
  },
  {
    label: 'topk',
    group: 'metrics',
    snippet: 'topk(${1:10})',
    help: 'Metrics: keep the k largest series (after a metrics stage).',
  },
  {
    label: 'bottomk',
    group: 'metrics',
    snippet: 'bottomk(${1:10})',
    help: 'Metrics: keep the k smallest series (after a metrics stage).',
  },
];

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

export const KEYWORDS: readonly string[] = [
  'with',
  'by',
  'select',
  'coalesce',
  'count',
  'avg',
  'min',
  'max',
  'sum',
];
