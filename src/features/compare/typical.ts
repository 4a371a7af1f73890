// "Compare with a typical trace" (issue 16, decision 0245): the search that finds B's peers — same
// datasource, same root service and operation, the hour around B — and the pick: the median
// duration (nearest rank, 0151), one real trace the user can open. Words are the screen's.
import { nearestRankIndex } from '../../analysis/percentile.ts';
import type { TraceSummary } from '../../datasources/types.ts';
import type { TraceSearchRequest } from '../../queries/search.ts';
import type { TraceDatasourceRef } from '../../queries/trace-clients.ts';
import { traceqlString } from '../search/index.ts';

/** How far around B the peers are looked for, each side. */
export const TYPICAL_MARGIN_MS = 60 * 60_000;
export const TYPICAL_LIMIT = 50;

export interface TypicalQuery {
  datasource: TraceDatasourceRef;
  rootService: string;
  rootName: string;
  fromMs: number;
  toMs: number;
}

/** Tempo (and the embedded backend) with TraceQL on the root; Jaeger and Zipkin with service and operation. */
export function typicalSearchRequest(query: TypicalQuery): TraceSearchRequest {
  const { datasource, rootService, rootName } = query;
  const q =
    datasource.type === 'tempo'
      ? `{ trace:rootService = ${traceqlString(rootService)} && trace:rootName = ${traceqlString(rootName)} }`
      : '';
  return {
    datasource,
    q,
    spss: 1,
    service: datasource.type === 'tempo' ? '' : rootService,
    operation: datasource.type === 'tempo' ? '' : rootName,
    tags: {},
    limit: TYPICAL_LIMIT,
    range: {
      from: { kind: 'absolute', epochMs: Math.floor(query.fromMs) },
      to: { kind: 'absolute', epochMs: Math.ceil(query.toMs) },
    },
  };
}

export interface TypicalPick {
  /** The peers (B left out), shortest first. */
  candidates: TraceSummary[];
  /** Index into `candidates` of the median duration; -1 when there are none. */
  median: number;
}

/**
 * B's peers among the results: same root service and operation (Jaeger's operation search matches
 * any span of the service, so the root is checked here), B itself and traces without their root left out.
 */
export function pickTypical(
  results: readonly TraceSummary[],
  b: { traceId: string; rootService: string; rootName: string },
): TypicalPick {
  const candidates = results
    .filter(
      (t) =>
        t.traceId !== b.traceId &&
        !t.rootMissing &&
        t.rootService === b.rootService &&
        t.rootName === b.rootName,
    )
    .sort((x, y) => x.durationMs - y.durationMs || x.traceId.localeCompare(y.traceId));
  return { candidates, median: candidates.length === 0 ? -1 : nearestRankIndex(candidates.length, 0.5) };
}
