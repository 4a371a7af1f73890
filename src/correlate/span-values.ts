// What a span offers to query templates: its IDs (the trace ID always left-padded to 32 hex), service,
// name and attributes, read as text.
import { attributeValueText } from '../model/attribute-text';
import type { Attribute, SpanDetails } from '../model/types';
import type { Placeholder, TemplateResolver, TemplateValue } from './template';

export interface SpanTemplateSource {
  traceId: string;
  spanId?: string;
  service?: string;
  name?: string;
  attributes?: readonly Attribute[];
  resourceAttributes?: readonly Attribute[];
}

/** 1–32 hex characters → 32 lowercase hex; anything else unchanged (it is quoted anyway). */
export function padTraceId(traceId: string): string {
  const trimmed = traceId.trim();
  return /^[0-9a-fA-F]{1,32}$/.test(trimmed) ? trimmed.toLowerCase().padStart(32, '0') : trimmed;
}

export function padSpanId(spanId: string): string {
  const trimmed = spanId.trim();
  return /^[0-9a-fA-F]{1,16}$/.test(trimmed) ? trimmed.toLowerCase().padStart(16, '0') : trimmed;
}

export function spanTemplateSource(details: SpanDetails): SpanTemplateSource {
  return {
    traceId: details.traceId,
    spanId: details.spanId,
    service: details.service,
    name: details.name,
    attributes: details.attributes,
    resourceAttributes: details.resource.attributes,
  };
}

/** A resolver over one span; `overrides` replace single values (e.g. several services for a filter). */
export function spanResolver(
  source: SpanTemplateSource,
  overrides: Partial<Record<'service' | 'name', TemplateValue>> = {},
): TemplateResolver {
  return (placeholder: Placeholder) => {
    switch (placeholder.kind) {
      case 'traceId':
        return padTraceId(source.traceId);
      case 'spanId':
        return source.spanId ? padSpanId(source.spanId) : undefined;
      case 'service':
        return 'service' in overrides ? overrides.service : source.service || undefined;
      case 'name':
        return 'name' in overrides ? overrides.name : source.name || undefined;
      case 'span-attribute':
        return findAttribute(source.attributes, placeholder.key);
      case 'resource-attribute':
        return findAttribute(source.resourceAttributes, placeholder.key);
    }
  };
}

function findAttribute(list: readonly Attribute[] | undefined, key: string): string | undefined {
  const found = list?.find((attribute) => attribute.key === key);
  return found ? attributeValueText(found.value) : undefined;
}
