// Validates the configuration file against its contract (src/contracts/config.ts), which checks
// structure and each field, and adds the rules that compare fields. Every problem is reported at once.
import {
  configFileSchema,
  type DatasourceType,
  datasourceAuthSchema,
  datasourceSchema,
  logsLinkSchema,
  metricsLinkSchema,
} from '../../src/contracts/config.ts';
import { z } from '../../src/contracts/zod.ts';
import { RedactionRuleError, Redactor } from '../../src/redact/rules.ts';
import { ConfigError } from './errors.ts';
import type { TracelightConfig } from './types.ts';

export { checkUpstreamUrl, normalizeBasePath } from '../../src/contracts/config-values.ts';

/** Datasource names the embedded backend registers; config may refer to them in logs/metrics links. */
export const EMBEDDED_DATASOURCE_NAMES = ['local', 'local-jaeger', 'local-logs'] as const;

/** `datasources[1].auth.basic` */
function fieldOf(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`,
    )
    .join('');
}

/** One line per problem, `<field>: <problem>`; an unknown field is named on its own line. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): [string, string][] {
  return issues.flatMap((issue): [string, string][] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => [fieldOf([...issue.path, key]), issue.message])
      : [[fieldOf(issue.path) || '(top level)', issue.message]],
  );
}

interface Indexed {
  index: number;
  ds: CrossFieldView;
}

/** A part of `schema`, or undefined where it is unsound: the rules across fields read what they can. */
function soundOrAbsent<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}

const ds = datasourceSchema.shape;

/** What the rules across datasources read of one. */
const crossFieldView = z.object({
  name: ds.name,
  type: ds.type,
  default: soundOrAbsent(ds.default),
  auth: soundOrAbsent(
    z.object({
      bearerToken: soundOrAbsent(datasourceAuthSchema.shape.bearerToken),
      basic: soundOrAbsent(datasourceAuthSchema.shape.basic),
    }),
  ),
  logs: soundOrAbsent(z.object({ datasource: logsLinkSchema.shape.datasource })),
  metrics: soundOrAbsent(z.object({ datasource: metricsLinkSchema.shape.datasource })),
});
type CrossFieldView = z.output<typeof crossFieldView>;

/** Every datasource whose name and type are sound, at its place in the file. */
function namedDatasources(raw: unknown): Indexed[] {
  const list =
    typeof raw === 'object' && raw !== null ? (raw as { datasources?: unknown }).datasources : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry, index) => {
    const result = crossFieldView.safeParse(entry);
    return result.success ? [{ index, ds: result.data }] : [];
  });
}

/**
 * The rules that compare fields: one of bearer or basic, unique names, one default per type, and
 * logs/metrics links that name a datasource of the right type (or one the embedded backend registers).
 */
function crossFieldProblems(datasources: readonly Indexed[]): [string, string][] {
  const problems: [string, string][] = [];
  const byName = new Map<string, CrossFieldView>();
  const defaultsByType = new Map<DatasourceType, string>();
  for (const { index, ds } of datasources) {
    const at = `datasources[${index}]`;
    if (ds.auth?.bearerToken !== undefined && ds.auth.basic !== undefined) {
      problems.push([`${at}.auth`, 'bearerToken and basic both set; choose one']);
    }
    if (byName.has(ds.name)) problems.push([`${at}.name`, `duplicate name ${JSON.stringify(ds.name)}`]);
    byName.set(ds.name, ds);
    if (ds.default) {
      const previous = defaultsByType.get(ds.type);
      if (previous !== undefined) {
        problems.push([`${at}.default`, `${previous} is already the default ${ds.type} datasource`]);
      }
      defaultsByType.set(ds.type, ds.name);
    }
  }
  const embedded: readonly string[] = EMBEDDED_DATASOURCE_NAMES;
  for (const { index, ds } of datasources) {
    const links: [string | undefined, DatasourceType, string][] = [
      [ds.logs?.datasource, 'loki', 'logs'],
      [ds.metrics?.datasource, 'prometheus', 'metrics'],
    ];
    for (const [target, expectedType, key] of links) {
      if (target === undefined) continue;
      const at = `datasources[${index}].${key}.datasource`;
      const found = byName.get(target);
      if (found === undefined && !embedded.includes(target)) {
        problems.push([at, `no datasource named ${JSON.stringify(target)}`]);
      } else if (found !== undefined && found.type !== expectedType) {
        problems.push([
          at,
          `${JSON.stringify(target)} is a ${found.type} datasource, expected ${expectedType}`,
        ]);
      }
    }
  }
  return problems;
}

/** Each configured redaction rule must compile (RE2 syntax: no lookaround, no backreferences). */
function redactionProblems(rules: TracelightConfig['redaction']['rules']): [string, string][] {
  return rules.flatMap((rule, index): [string, string][] => {
    try {
      new Redactor([rule]);
      return [];
    } catch (e) {
      if (!(e instanceof RedactionRuleError)) throw e;
      return [[`redaction.rules[${index}]`, e.message]];
    }
  });
}

/**
 * Validates a parsed configuration document. `source` names the file (or "environment") in
 * every message. Throws ConfigError listing every problem found.
 */
export function validateConfig(raw: unknown, source: string): TracelightConfig {
  const result = configFileSchema.safeParse(raw);
  const parsed = result.success ? result.data : undefined;
  const problems = [
    ...(result.success ? [] : describeIssues(result.error.issues)),
    ...crossFieldProblems(namedDatasources(raw)),
    ...(parsed ? redactionProblems(parsed.redaction.rules) : []),
  ];
  if (problems.length > 0 || parsed === undefined) {
    throw new ConfigError(problems.map(([field, problem]) => `${source}: ${field}: ${problem}`));
  }
  return { ...parsed, source };
}
