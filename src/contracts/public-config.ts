// The body of `/config.json`: what the browser may know of the configuration. It is derived from
// the configuration file's datasource shape (names, types, display settings, link and query
// templates) and never carries an upstream URL, a timeout or a credential. The server builds it
// (server/config/public.ts); the app reads it (src/datasources/config.ts).

import { datasourcePublicShape } from './datasource-settings.ts';
import { redactionRuleSchema } from './redaction-rule.ts';
import { z } from './zod.ts';

/** The `<script type="application/json">` in index.html that carries the same body (decision 0320). */
export const INLINE_CONFIG_ELEMENT_ID = 'tracelight-config';

const nonBlank = z.string().refine((text) => text.trim() !== '');

export const publicDatasourceSchema = z
  .strictObject({
    /** The `ds` in URLs and the `<name>` in `api/ds/<name>/`. */
    name: datasourcePublicShape.name,
    type: datasourcePublicShape.type,
    /** Falls back to the name. */
    displayName: nonBlank.optional(),
    default: z.boolean().default(false),
    /** Answered inside the server (the embedded backend) rather than proxied. */
    embedded: z.boolean().default(false),
    logs: datasourcePublicShape.logs,
    metrics: datasourcePublicShape.metrics,
    links: datasourcePublicShape.links,
  })
  .transform(({ displayName, ...datasource }) => ({
    ...datasource,
    displayName: displayName ?? datasource.name,
  }));

/** What the embedded backend is running with: facts for the home page, never a URL. */
export const publicEmbeddedSchema = z.strictObject({
  /** Started with demo traces (false with --no-demo). */
  demo: z.boolean().default(false),
  /** The OTLP receiver's bound port; null when the receiver is off. */
  otlpPort: z.number().int().min(1).max(65535).nullable().default(null),
  /** The OTLP/gRPC receiver's bound port; null when it is off. */
  grpcPort: z.number().int().min(1).max(65535).nullable().default(null),
});

/**
 * The redaction rules in force (built-in ones resolved by the server, decision 0313): the worker
 * applies them to traces from remote datasources; the embedded backend has applied them at ingest.
 */
export const publicRedactionSchema = z.strictObject({
  rules: z.array(redactionRuleSchema).default([]),
  /** Whether a user may reveal values the app redacted. */
  allowReveal: z.boolean().default(false),
});

export const publicConfigSchema = z.strictObject({
  basePath: z.string().default('/'),
  datasources: z.array(publicDatasourceSchema).default([]),
  /** Present only when the embedded backend runs. */
  embedded: publicEmbeddedSchema.optional(),
  /** Absent: no rules (an older server, or redaction turned off). */
  redaction: publicRedactionSchema.optional(),
  /** Linked traces stitched into a trace at a time (`server.linkedTraces`), before "load more"; absent: 20. */
  linkedTraces: z.number().int().min(1).max(200).optional(),
  /** Set when nothing is configured: how to configure datasources, in the server's words. */
  hint: nonBlank.optional(),
});

export type PublicDatasource = z.output<typeof publicDatasourceSchema>;
export type PublicEmbedded = z.output<typeof publicEmbeddedSchema>;
export type PublicRedaction = z.output<typeof publicRedactionSchema>;
export type PublicConfig = z.output<typeof publicConfigSchema>;
