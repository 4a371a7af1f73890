// The part of a datasource the browser may see, as the configuration file declares it: name, type,
// display settings and the logs/metrics/link templates. The file's schema (config.ts) and the public
// /config.json (public-config.ts) are both built from it; the app loads only this part.
import {
  absentWhenNull,
  list,
  map,
  optionalFlag,
  optionalText,
  requiredChoice,
  requiredText,
  show,
} from './fields.ts';
import { z } from './zod.ts';

export const DATASOURCE_TYPES = ['tempo', 'jaeger', 'zipkin', 'loki', 'prometheus'] as const;
export type DatasourceType = (typeof DATASOURCE_TYPES)[number];

export const TRACE_DATASOURCE_TYPES: readonly DatasourceType[] = ['tempo', 'jaeger', 'zipkin'];

const NAME_PATTERN = /^[a-z0-9-]+$/;

export const datasourceName = requiredText().pipe(
  z.string().regex(NAME_PATTERN, {
    error: (issue) => `invalid name ${show(issue.input)} (lowercase letters, digits and -)`,
  }),
);

export const datasourceType = requiredChoice(DATASOURCE_TYPES, 'type');

export const logsLinkSchema = map(
  {
    datasource: requiredText(),
    query: requiredText(),
    // An empty window is no window: it is left out.
    before: optionalText({ emptyIsAbsent: true }),
    after: optionalText({ emptyIsAbsent: true }),
  },
  'must be a map',
);

const labelNames = list(
  z.string({ error: (issue) => `must be a label name, got ${show(issue.input)}` }),
  'must be a list of label names',
).optional();

export const metricsQuerySchema = map(
  { name: requiredText(), query: requiredText() },
  'must be a map with name and query',
);

export const metricsLinkSchema = map(
  {
    datasource: requiredText(),
    exemplarTraceIdLabels: labelNames,
    exemplarSpanIdLabels: labelNames,
    queries: list(metricsQuerySchema, 'must be a list of {name, query}').optional(),
  },
  'must be a map',
);

export const externalLinkSchema = map(
  {
    name: requiredText(),
    url: requiredText().pipe(
      z.string().regex(/^https?:\/\//i, {
        error: (issue) => `must start with http:// or https://, got ${show(issue.input)}`,
      }),
    ),
  },
  'must be a map with name and url',
);

/** The part of a datasource the browser may see: its name, type, display settings and templates. */
export const datasourcePublicShape = {
  name: datasourceName,
  type: datasourceType,
  displayName: optionalText(),
  default: optionalFlag(),
  logs: absentWhenNull(logsLinkSchema),
  metrics: absentWhenNull(metricsLinkSchema),
  links: absentWhenNull(list(externalLinkSchema, 'must be a list of {name, url}')),
};

export type LogsLink = z.output<typeof logsLinkSchema>;
export type MetricsLink = z.output<typeof metricsLinkSchema>;
export type MetricsQuery = z.output<typeof metricsQuerySchema>;
export type ExternalLink = z.output<typeof externalLinkSchema>;
