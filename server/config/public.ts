import { DEFAULT_LINKED_TRACES } from '../../src/contracts/config.ts';
import {
  type PublicConfig,
  type PublicDatasource,
  type PublicEmbedded,
  type PublicRedaction,
  publicDatasourceSchema,
} from '../../src/contracts/public-config.ts';
import type { DatasourcePublicSettings } from './types.ts';

export type { PublicConfig, PublicDatasource, PublicEmbedded, PublicRedaction };

export const NO_DATASOURCES_HINT =
  'No datasources are configured. Point Tracelight at a backend with an environment variable ' +
  '(for example TEMPO_URL=http://tempo:3200 npm start; also JAEGER_URL, ZIPKIN_URL, LOKI_URL, PROMETHEUS_URL) ' +
  'or a configuration file (npm start -- --config tracelight.yaml). See the README, section Configuration.';

/**
 * Copies only the public fields, and the strict public schema refuses anything nested it does not
 * name, so nothing server-side (an upstream URL, a credential, a handler) can slip through.
 */
export function toPublicDatasource(ds: DatasourcePublicSettings, embedded: boolean): PublicDatasource {
  return publicDatasourceSchema.parse({
    name: ds.name,
    type: ds.type,
    displayName: ds.displayName?.trim() ? ds.displayName : ds.name,
    default: ds.default === true,
    embedded,
    logs: ds.logs,
    metrics: ds.metrics,
    links: ds.links,
  });
}

export function buildPublicConfig(
  basePath: string,
  proxied: readonly DatasourcePublicSettings[],
  inProcess: readonly DatasourcePublicSettings[],
  embedded?: PublicEmbedded,
  redaction?: PublicRedaction,
  linkedTraces = DEFAULT_LINKED_TRACES,
): PublicConfig {
  const datasources = [
    ...proxied.map((ds) => toPublicDatasource(ds, false)),
    ...inProcess.map((ds) => toPublicDatasource(ds, true)),
  ];
  const config: PublicConfig = { basePath, datasources, linkedTraces };
  if (embedded)
    config.embedded = {
      demo: embedded.demo === true,
      otlpPort: embedded.otlpPort ?? null,
      grpcPort: embedded.grpcPort ?? null,
    };
  if (redaction && redaction.rules.length > 0)
    config.redaction = { rules: redaction.rules, allowReveal: redaction.allowReveal };
  if (datasources.length === 0) config.hint = NO_DATASOURCES_HINT;
  return config;
}
