// The Tempo search builder's state and the TraceQL it writes. Everything the builder holds goes into
// one span filter `{ … && … }` (all conditions on the same span), which is what Grafana's builder
// writes too; anything beyond that is typed into the query box.

import {
  ATTRIBUTE_SCOPES,
  COMPARISON_OPERATORS,
  type ComparisonOperator,
  INTRINSICS,
  PARENT_SCOPE,
  STATUS_VALUES,
  spellingsOf,
} from '../../traceql/vocabulary.ts';

export type BuilderStatus = '' | (typeof STATUS_VALUES)[number]['label'];
export const BUILDER_STATUSES: readonly BuilderStatus[] = ['', ...STATUS_VALUES.map((word) => word.label)];

export type AttributeOperator = ComparisonOperator;
export const ATTRIBUTE_OPERATORS: readonly AttributeOperator[] = COMPARISON_OPERATORS.map((op) => op.label);

/** Value types Tempo's tag-values endpoint reports. */
export type TagValueType = 'string' | 'int' | 'float' | 'bool' | 'duration' | 'keyword';

export interface AttributeFilter {
  /** As TraceQL spells it: `span.http.route`, `resource.k8s.namespace.name`, `.http.route`, `kind`. */
  tag: string;
  operator: AttributeOperator;
  value: string;
  /** From the backend's suggestions; when absent the value's look decides. */
  valueType?: TagValueType;
}

export interface BuilderState {
  service: string;
  spanName: string;
  status: BuilderStatus;
  /** Durations with units (`100ms`), or ''. */
  minDuration: string;
  maxDuration: string;
  attributes: AttributeFilter[];
}

export const EMPTY_BUILDER: BuilderState = {
  service: '',
  spanName: '',
  status: '',
  minDuration: '',
  maxDuration: '',
  attributes: [],
};

const SCOPE = [...ATTRIBUTE_SCOPES, PARENT_SCOPE].map((scope) => scope.label).join('|');
const TAG = new RegExp(`^(?:(?:${SCOPE})?\\.[\\w.\\-/:]+|[a-z]+:[a-zA-Z]+|[a-zA-Z]+)$`);
const SCOPED = new RegExp(`^(${SCOPE})?\\.(.+)$`);
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const DURATION = /^\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h)$/;
/** Intrinsics whose values are bare keywords (`status = error`, `kind = server`), in both spellings. */
const KEYWORD_TAGS: ReadonlySet<string> = new Set(
  INTRINSICS.flatMap((word) =>
    word.type === 'status' || word.type === 'kind' ? spellingsOf(word.name) : [],
  ),
);

/** A TraceQL string literal: double quotes, with `\` and `"` escaped (and control characters). */
export function traceqlString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

/** A tag name TraceQL can read: scoped names with odd characters are quoted (`span."a b"`). */
export function traceqlTag(tag: string): string {
  const trimmed = tag.trim();
  if (TAG.test(trimmed)) return trimmed;
  const scoped = SCOPED.exec(trimmed);
  if (scoped) return `${scoped[1] ?? ''}.${traceqlString(scoped[2] ?? '')}`;
  return `.${traceqlString(trimmed)}`;
}

function literal(filter: AttributeFilter): string {
  const value = filter.value.trim();
  const regex = filter.operator === '=~' || filter.operator === '!~';
  if (regex) return traceqlString(filter.value);
  switch (filter.valueType) {
    case 'string':
      return traceqlString(filter.value);
    case 'int':
    case 'float':
      return NUMBER.test(value) ? value : traceqlString(filter.value);
    case 'bool':
      return value === 'true' || value === 'false' ? value : traceqlString(filter.value);
    case 'duration':
      return DURATION.test(value) ? value : traceqlString(filter.value);
    case 'keyword':
      return /^[a-z]+$/.test(value) ? value : traceqlString(filter.value);
    default:
      if (KEYWORD_TAGS.has(filter.tag.trim()) && /^[a-z]+$/.test(value)) return value;
      if (NUMBER.test(value) || value === 'true' || value === 'false' || value === 'nil') return value;
      if (DURATION.test(value) && /duration/i.test(filter.tag)) return value;
      return traceqlString(filter.value);
  }
}

/** The conditions of the builder, in a fixed order, one per filled-in field. */
export function builderConditions(state: BuilderState, skipAttributeIndex?: number): string[] {
  const conditions: string[] = [];
  if (state.service.trim()) conditions.push(`resource.service.name = ${traceqlString(state.service.trim())}`);
  if (state.spanName.trim()) conditions.push(`name = ${traceqlString(state.spanName.trim())}`);
  if (state.status) conditions.push(`status = ${state.status}`);
  if (DURATION.test(state.minDuration.trim())) conditions.push(`duration >= ${state.minDuration.trim()}`);
  if (DURATION.test(state.maxDuration.trim())) conditions.push(`duration <= ${state.maxDuration.trim()}`);
  state.attributes.forEach((filter, index) => {
    if (index === skipAttributeIndex || !filter.tag.trim() || filter.value === '') return;
    conditions.push(`${traceqlTag(filter.tag)} ${filter.operator} ${literal(filter)}`);
  });
  return conditions;
}

/** `{ a && b }`, or `{}` when the builder is empty (every trace). */
export function buildTraceQL(state: BuilderState, skipAttributeIndex?: number): string {
  const conditions = builderConditions(state, skipAttributeIndex);
  return conditions.length === 0 ? '{}' : `{ ${conditions.join(' && ')} }`;
}
