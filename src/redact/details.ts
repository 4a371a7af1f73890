// Redaction of a decoded trace's details (the worker's view of a remote datasource's trace,
// decision 0316): a SpanDetailsStore wrapped so every read — span details, one attribute for
// TraceQL and find, attribute keys — sees values after the rules. Nothing unredacted leaves it.

import type { Attribute, AttributeValue, SpanDetails, SpanDetailsStore } from '../model/types.ts';
import { MASK, type Redactor } from './rules.ts';

/** The value after the rules for `key`, or undefined when the attribute is dropped. */
export function redactAttributeValue(
  redactor: Redactor,
  key: string,
  value: AttributeValue,
): AttributeValue | undefined {
  if (value.type === 'array') {
    const values = value.value.flatMap((v) => {
      const r = redactAttributeValue(redactor, key, v);
      return r === undefined ? [] : [r];
    });
    return { type: 'array', value: values };
  }
  if (value.type === 'kvlist') return { type: 'kvlist', value: redactModelAttributes(redactor, value.value) };
  const verdict = redactor.judge(key, value.type === 'string' ? value.value : undefined);
  if (verdict === undefined) return value;
  return verdict.drop ? undefined : { type: 'string', value: verdict.value };
}

export function redactModelAttributes(redactor: Redactor, attributes: readonly Attribute[]): Attribute[] {
  return attributes.flatMap((a) => {
    const value = redactAttributeValue(redactor, a.key, a.value);
    return value === undefined ? [] : [{ key: a.key, value }];
  });
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
    events: details.events.map((e) => ({
      ...e,
      name: textOf(redactor, e.name),
      attributes: redactModelAttributes(redactor, e.attributes),
    })),
    links: details.links.map((l) => ({ ...l, attributes: redactModelAttributes(redactor, l.attributes) })),
  };
}

/** `store` as the rules let it be read. */
export function redactedDetailsStore(store: SpanDetailsStore, redactor: Redactor): SpanDetailsStore {
  if (redactor.empty) return store;
  return {
    get count() {
      return store.count;
    },
    get: (row) => redactDetails(redactor, store.get(row)),
    attribute: (row, scope, key) => {
      const value = store.attribute(row, scope, key);
      return value === undefined ? undefined : redactAttributeValue(redactor, key, value);
    },
    attributeKeys: (row, scope) =>
      store.attributeKeys(row, scope).filter((key) => {
        const value = store.attribute(row, scope, key);
        return value === undefined || redactAttributeValue(redactor, key, value) !== undefined;
      }),
  };
}
