// Links out (e.g. Grafana Explore) from the trace datasource's configured `links` templates, filled in
// with the span's values, each percent-encoded so a value cannot add parameters or paths.

import { type SpanTemplateSource, spanResolver } from '../../correlate/span-values';
import { expandUrlTemplate } from '../../correlate/template';
import type { ExternalLinkConfig } from '../../datasources/config';
import { useRuntimeConfig } from '../../queries/config';
import { linkText } from '../../ui/styles';

export interface ExpandedLink {
  name: string;
  url: string;
}

/** Only http(s) links survive: a template must not turn into `javascript:`. */
export function expandLinks(
  links: readonly ExternalLinkConfig[],
  source: SpanTemplateSource,
): ExpandedLink[] {
  const resolve = spanResolver(source);
  return links.flatMap((link) => {
    const expanded = expandUrlTemplate(link.url, resolve);
    if (!expanded.ok || !/^https?:\/\//i.test(expanded.query)) return [];
    return [{ name: link.name, url: expanded.query }];
  });
}

export function ExternalLinks(props: { traceDatasource?: string; source: SpanTemplateSource }) {
  const config = useRuntimeConfig();
  const links = config.data?.datasources.find((ds) => ds.name === props.traceDatasource)?.links ?? [];
  const expanded = expandLinks(links, props.source);
  if (expanded.length === 0) return null;
  return (
    <ul aria-label="Links" className="flex flex-wrap gap-x-3 gap-y-1">
      {expanded.map((link) => (
        <li key={link.name}>
          <a className={linkText} href={link.url} target="_blank" rel="noopener noreferrer">
            {link.name}
          </a>
        </li>
      ))}
    </ul>
  );
}
