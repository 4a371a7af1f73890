// What to offer in each completion context: pure data, turned into Monaco items by the editor.
import type { TempoTagScope, TempoTagValue } from '../../datasources/tempo';
import {
  ARITHMETIC_OPERATORS,
  ATTRIBUTE_SCOPES,
  COMPARISON_OPERATORS,
  FUNCTIONS,
  type FunctionWord,
  HINTS,
  HINTS_KEYWORD,
  INTRINSICS,
  KIND_VALUES,
  LOGICAL_OPERATORS,
  METRICS_BY,
  OLD_INTRINSICS,
  PARENT_SCOPE,
  PIPE,
  SPANSET_OPERATORS,
  STATUS_VALUES,
  spellingsOf,
  type Word,
} from '../../traceql/vocabulary.ts';
import type { CompletionContext, FieldScope } from './completion-context.ts';

export type SuggestionKind =
  | 'scope'
  | 'intrinsic'
  | 'attribute'
  | 'operator'
  | 'value'
  | 'function'
  | 'keyword'
  | 'snippet'
  | 'history';

export interface Suggestion {
  label: string;
  insertText: string;
  kind: SuggestionKind;
  /** Short text beside the label (the scope of an attribute, the type of a value…). */
  detail?: string;
  documentation?: string;
  /** insertText uses Monaco's snippet syntax. */
  snippet?: boolean;
  /** Orders groups: attributes by scope, history last. */
  sortText?: string;
  /** Open completion again after inserting (after `span.`, `=`…). */
  retrigger?: boolean;
}

/** Data fetched from Tempo for the current context; absent while loading or on failure. */
export interface SuggestionData {
  tags?: readonly TempoTagScope[];
  values?: readonly TempoTagValue[];
  history?: readonly string[];
}

const ATTRIBUTE_SCOPE_NAMES: readonly string[] = ATTRIBUTE_SCOPES.map((scope) => scope.label);
const SCOPES: readonly Word[] = [...ATTRIBUTE_SCOPES, PARENT_SCOPE];
const STATUS_LABELS: readonly string[] = STATUS_VALUES.map((word) => word.label);
const KIND_LABELS: readonly string[] = KIND_VALUES.map((word) => word.label);
/** Both spellings (`span:status`, `status`) of the intrinsics of a type. */
function intrinsicsOfType(type: string): ReadonlySet<string> {
  return new Set(INTRINSICS.flatMap((word) => (word.type === type ? spellingsOf(word.name) : [])));
}
const STATUS_FIELDS = intrinsicsOfType('status');
const KIND_FIELDS = intrinsicsOfType('kind');
const DURATION_FIELDS = intrinsicsOfType('duration');
/** Scoped intrinsics whose tag-values endpoint Tempo answers under the old unscoped name. */
const VALUES_TAG_OF_INTRINSIC: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(OLD_INTRINSICS).map(([old, scoped]) => [scoped, old]),
);

/** An attribute name as TraceQL must write it: quoted when it holds characters that end a name. */
export function attributeName(name: string): string {
  return /^[^\s{}()=~!<>&|^,"`]+$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
}

/** The tag to ask `/api/v2/search/tag/<tag>/values` for, given the field as written; undefined when none. */
export function valuesTagFor(field: string): string | undefined {
  if (STATUS_FIELDS.has(field) || KIND_FIELDS.has(field) || DURATION_FIELDS.has(field)) return undefined;
  if (field.startsWith('parent.'))
    return field.slice('parent.'.length).includes('.') ? field.slice(7) : undefined;
  return VALUES_TAG_OF_INTRINSIC[field] ?? field;
}

function tagsOf(tags: readonly TempoTagScope[] | undefined, scope: string): string[] {
  return tags?.find((entry) => entry.name === scope)?.tags ?? [];
}

function attributeSuggestions(tags: readonly TempoTagScope[] | undefined, scope: FieldScope): Suggestion[] {
  const items: Suggestion[] = [];
  const add = (prefix: string, scopeName: string, order: number) => {
    for (const tag of tagsOf(tags, scopeName)) {
      items.push({
        label: `${prefix}${attributeName(tag)}`,
        insertText: `${prefix}${attributeName(tag)}`,
        kind: 'attribute',
        detail: `${scopeName} attribute`,
        sortText: `2${order}${tag}`,
      });
    }
  };
  if (scope === 'none') {
    const seen = new Set<string>();
    for (const scopeName of ['span', 'resource']) {
      for (const tag of tagsOf(tags, scopeName)) {
        if (seen.has(tag)) continue;
        seen.add(tag);
        items.push({
          label: `.${attributeName(tag)}`,
          insertText: `.${attributeName(tag)}`,
          kind: 'attribute',
          detail: `${scopeName} attribute, unscoped`,
          documentation: `Unscoped: Tempo looks in span and resource attributes. \`${scopeName}.${tag}\` is faster.`,
          sortText: `2${tag}`,
        });
      }
    }
  } else if (scope === 'parent') {
    add('parent.span.', 'span', 0);
    add('parent.resource.', 'resource', 1);
  } else {
    add(`${scope}.`, scope, ATTRIBUTE_SCOPE_NAMES.indexOf(scope));
  }
  return items;
}

function fieldSuggestions(tags: readonly TempoTagScope[] | undefined): Suggestion[] {
  const scopes: Suggestion[] = SCOPES.map((scope) => ({
    label: `${scope.label}.`,
    insertText: `${scope.label}.`,
    kind: 'scope',
    detail: 'scope',
    documentation: scope.help,
    sortText: `0${scope.label}`,
    retrigger: true,
  }));
  const intrinsics: Suggestion[] = INTRINSICS.map((word) => ({
    label: word.name,
    insertText: word.name,
    kind: 'intrinsic',
    detail: word.type,
    documentation: word.help,
    sortText: `1${word.name}`,
  }));
  const attributes = ATTRIBUTE_SCOPE_NAMES.flatMap((scope) =>
    attributeSuggestions(tags, scope as FieldScope),
  );
  return [...scopes, ...intrinsics, ...attributes];
}

function quoteValue(value: string, quote: '"' | '`' | null): string | undefined {
  if (quote === '`') return value.includes('`') ? undefined : value;
  const escaped = value.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\n');
  return quote === '"' ? escaped : `"${escaped}"`;
}

function valueSuggestions(
  field: string,
  quote: '"' | '`' | null,
  values: readonly TempoTagValue[] | undefined,
): Suggestion[] {
  const keywords = (words: readonly string[], detail: string): Suggestion[] =>
    quote ? [] : words.map((word) => ({ label: word, insertText: word, kind: 'value', detail }));
  if (STATUS_FIELDS.has(field)) return keywords(STATUS_LABELS, 'status');
  if (KIND_FIELDS.has(field)) return keywords(KIND_LABELS, 'kind');
  const items: Suggestion[] = [];
  for (const { type, value } of values ?? []) {
    // Strings are quoted; numbers, booleans, durations and keywords (status, kind) are written bare.
    const insert = type === 'string' ? quoteValue(value, quote) : quote ? undefined : value;
    if (insert === undefined) continue;
    items.push({ label: value, insertText: insert, kind: 'value', detail: type });
  }
  return items;
}

/** How completion and hover name a function's kind. */
export function functionKind(fn: FunctionWord): string {
  return fn.stage === 'metrics' || fn.stage === 'metrics-second' ? 'metrics function' : 'pipeline function';
}

function operatorSuggestions(words: readonly Word[], detail: string): Suggestion[] {
  return words.map((word) => ({
    label: word.label,
    insertText: `${word.label} `,
    kind: 'operator',
    detail,
    documentation: word.help,
  }));
}

/** The items to offer in `context`, given what has been fetched. */
export function suggestionsFor(context: CompletionContext, data: SuggestionData = {}): Suggestion[] {
  switch (context.kind) {
    case 'spanset-start':
      return [
        {
          label: '{ }',
          insertText: '{ $0 }',
          kind: 'snippet',
          snippet: true,
          detail: 'spanset filter',
          retrigger: true,
          sortText: '0',
        },
        ...(data.history ?? []).map((query, index) => ({
          label: query,
          insertText: query,
          kind: 'history' as const,
          detail: 'recent query',
          sortText: `9${String(index).padStart(3, '0')}`,
        })),
      ];
    case 'field':
      return fieldSuggestions(data.tags);
    case 'attribute':
      return attributeSuggestions(data.tags, context.scope);
    case 'operator': {
      const onlyEquality = STATUS_FIELDS.has(context.field) || KIND_FIELDS.has(context.field);
      const comparisons = onlyEquality
        ? COMPARISON_OPERATORS.filter((op) => op.label === '=' || op.label === '!=')
        : COMPARISON_OPERATORS;
      return operatorSuggestions(comparisons, 'comparison').map((item) => ({ ...item, retrigger: true }));
    }
    case 'value':
      return valueSuggestions(context.field, context.quote, data.values);
    case 'after-value':
      return [
        ...operatorSuggestions(LOGICAL_OPERATORS, 'logical'),
        ...operatorSuggestions(ARITHMETIC_OPERATORS, 'arithmetic'),
      ];
    case 'after-spanset':
      return [
        {
          label: PIPE.label,
          insertText: `${PIPE.label} `,
          kind: 'operator',
          detail: 'pipeline',
          documentation: PIPE.help,
          retrigger: true,
        },
        ...operatorSuggestions(SPANSET_OPERATORS, 'spanset operator'),
        {
          label: `${HINTS_KEYWORD}(…)`,
          insertText: `${HINTS_KEYWORD}(\${1:most_recent=true})`,
          kind: 'keyword',
          snippet: true,
          detail: 'query hints',
          documentation: HINTS.map((hint) => hint.help).join('\n\n'),
        },
      ];
    case 'pipeline':
      return FUNCTIONS.map((fn) => ({
        label: fn.label,
        insertText: fn.snippet,
        kind: 'function',
        snippet: true,
        detail: functionKind(fn),
        documentation: fn.help,
        sortText: `${functionKind(fn) === 'pipeline function' ? 0 : 1}${fn.label}`,
      }));
    case 'after-metrics':
      return [
        ...(context.grouped
          ? []
          : [
              {
                label: METRICS_BY.label,
                insertText: `${METRICS_BY.label} (\${1:resource.service.name})`,
                kind: 'keyword' as const,
                snippet: true,
                detail: 'metrics grouping',
                documentation: METRICS_BY.help,
                sortText: '0',
              },
            ]),
        {
          label: PIPE.label,
          insertText: `${PIPE.label} `,
          kind: 'operator',
          detail: 'second stage (topk, bottomk)',
          documentation: PIPE.help,
          retrigger: true,
        },
        {
          label: `${HINTS_KEYWORD}(…)`,
          insertText: `${HINTS_KEYWORD}(\${1:exemplars=true})`,
          kind: 'keyword',
          snippet: true,
          detail: 'query hints',
          documentation: HINTS.map((hint) => hint.help).join('\n\n'),
        },
      ];
    case 'metrics-pipeline':
      return FUNCTIONS.filter((fn) => fn.stage === 'metrics-second').map((fn) => ({
        label: fn.label,
        insertText: fn.snippet,
        kind: 'function',
        snippet: true,
        detail: functionKind(fn),
        documentation: fn.help,
      }));
    case 'hint':
      return HINTS.map((hint) => ({
        label: hint.label,
        insertText: `${hint.label}=true`,
        kind: 'keyword',
        detail: 'hint',
        documentation: hint.help,
      }));
    case 'none':
      return [];
  }
}
