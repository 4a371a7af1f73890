// Redaction of a decoded trace's details (the worker's view of a remote datasource's trace,
// decision 0316): a SpanDetailsStore wrapped so every read — span details, one attribute for
// TraceQL and find, attribute keys — sees values after the rules. Nothing unredacted leaves it.

import type {
  Attribute,
  AttributeValue,
  SpanDetails,
  SpanDetailsStore,
  SpanEvent,
  SpanLink,
} from '../model/types.ts';
import { MASK } from './defaults.ts';
import type { Redactor } from './rules.ts';

/** The value after the rules for `key`, or undefined when the attribute is dropped. */
export function redactAttributeValue(
  redactor: Redactor,
  key: string,
  value: AttributeValue,
): AttributeValue | undefined {
  if (value.type === 'array') {
    let changed = false;
    const values = value.value.flatMap((v) => {
      const r = redactAttributeValue(redactor, key, v);
      if (r !== v) changed = true;
      return r === undefined ? [] : [r];
    });
    return changed ? { type: 'array', value: values } : value;
  }
  if (value.type === 'kvlist') {
    const values = redactModelAttributes(redactor, value.value);
    return values === value.value ? value : { type: 'kvlist', value: values };
  }
  const verdict = redactor.judge(key, value.type === 'string' ? value.value : undefined);
  if (verdict === undefined) return value;
  return verdict.drop ? undefined : { type: 'string', value: verdict.value };
}

/** The attributes after the rules: the same array when no rule changed any. */
export function redactModelAttributes(redactor: Redactor, attributes: readonly Attribute[]): Attribute[] {
  let out: Attribute[] | null = null;
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i];
    const value = redactAttributeValue(redactor, a.key, a.value);
    if (value === a.value && out === null) continue;
    out ??= attributes.slice(0, i);
    if (value !== undefined) out.push(value === a.value ? a : { key: a.key, value });
  }
  return out ?? (attributes as Attribute[]);
}

/** Free text (a name, a status message) after the keyless rules. */
function textOf(redactor: Redactor, text: string): string {
  return text === '' ? text : (redactor.text(text) ?? text);
}

/**
 * `details` after the rules: the span's name and status message (keyless rules), its service (as
 * `service.name`), attributes of the span, resource, scope, events and links, and event names.
 */
export function redactDetails(redactor: Redactor, details: SpanDetails): SpanDetails {
  const service = details.service === '' ? undefined : redactor.judge('service.name', details.service);
  return {
    ...details,
    name: textOf(redactor, details.name),
    service: service === undefined ? details.service : service.drop ? MASK : service.value,
    statusMessage: textOf(redactor, details.statusMessage),
    attributes: redactModelAttributes(redactor, details.attributes),
    resource: {
      ...details.resource,
      attributes: redactModelAttributes(redactor, details.resource.attributes),
    },
    scope: { ...details.scope, attributes: redactModelAttributes(redactor, details.scope.attributes) },
    events: redactEvents(redactor, details.events),
    links: redactLinks(redactor, details.links),
  };
}

function redactEvents(redactor: Redactor, events: SpanEvent[]): SpanEvent[] {
  return events.map((e) => ({
    ...e,
    name: textOf(redactor, e.name),
    attributes: redactModelAttributes(redactor, e.attributes),
  }));
}

function redactLinks(redactor: Redactor, links: SpanLink[]): SpanLink[] {
  return links.map((l) => ({ ...l, attributes: redactModelAttributes(redactor, l.attributes) }));
}

/**
 * Which rows the count has judged so far, and which of those the rules change: the details store
 * reads a judged, unchanged row straight from the decoder and every other row through the rules, so
 * what a row shows is the same before, during and after the count (decision 0318).
 */
export interface RowMarks {
  touched: Uint8Array;
  /** Rows below this index are judged. */
  judged: number;
}

/**
 * `store` as the rules let it be read. With `marks` (filled by `redactionCounter` as it judges rows,
 * possibly after this store is in use), a judged row no rule changes is read as it is, at no cost;
 * every other row goes through the rules on each read, so a read gives the same before and after.
 */
export function redactedDetailsStore(
  store: SpanDetailsStore,
  redactor: Redactor,
  marks?: RowMarks,
): SpanDetailsStore {
  if (redactor.empty) return store;
  const clean = (row: number) => marks !== undefined && row < marks.judged && marks.touched[row] === 0;
  return {
    get count() {
      return store.count;
    },
    get: (row) => (clean(row) ? store.get(row) : redactDetails(redactor, store.get(row))),
    attribute: (row, scope, key) => {
      const value = store.attribute(row, scope, key);
      if (value === undefined || clean(row)) return value;
      return redactAttributeValue(redactor, key, value);
    },
    attributeKeys: (row, scope) => {
      const keys = store.attributeKeys(row, scope);
      if (clean(row)) return keys;
      return keys.filter((key) => {
        const value = store.attribute(row, scope, key);
        return value === undefined || redactAttributeValue(redactor, key, value) !== undefined;
      });
    },
    scope: (row) => {
      const scope = store.scope(row);
      if (clean(row)) return scope;
      return { ...scope, attributes: redactModelAttributes(redactor, scope.attributes) };
    },
    events: (row) => (clean(row) ? store.events(row) : redactEvents(redactor, store.events(row))),
    links: (row) => (clean(row) ? store.links(row) : redactLinks(redactor, store.links(row))),
  };
}
