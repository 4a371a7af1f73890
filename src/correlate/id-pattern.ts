// A configured RE2 pattern for the trace and span IDs of log lines (the logs page's "ID pattern"),
// compiled. Apart from extract-ids.ts because RE2 (re2js) is large (decision 0339).
import { RE2JS } from 're2js';
import type { IdPattern } from './extract-ids.ts';

export function compileIdPattern(source: string): IdPattern | { error: string } {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  return {
    source,
    find(line) {
      const matcher = compiled.matcher(line);
      if (!matcher.find()) return undefined;
      const groups = matcher.namedGroups;
      const traceGroup = 'traceId' in groups ? 'traceId' : matcher.groupCount() >= 1 ? 1 : 0;
      return {
        traceId: matcher.group(traceGroup) ?? undefined,
        spanId: 'spanId' in groups ? (matcher.group('spanId') ?? undefined) : undefined,
      };
    },
  };
}
