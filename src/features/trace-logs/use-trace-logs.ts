// The Loki lines of a trace (or one span of it): the configured template filled in with the span's or
// trace's values, over the configured window around it, page by page.
import { useMemo } from 'react';
import { type SpanTemplateSource, spanResolver } from '../../correlate/span-values';
import { type LogsTarget, resolveLogsTarget } from '../../correlate/targets';
import { expandQueryTemplate } from '../../correlate/template';
import type { DatasourceInfo } from '../../datasources/config';
import type { LogLine } from '../../datasources/loki';
import { useRuntimeConfig } from '../../queries/config';
import { useLogsQuery } from '../../queries/logs';
import { logsPath } from '../../routes/logs-url';
import { shownLogLines } from '../logs';
import { useRedactor } from '../redaction';

export const TRACE_LOGS_LIMIT = 100;

export interface TraceLogsRequest {
  /** The trace datasource whose `logs` block applies (absent: defaults). */
  traceDatasource?: string;
  source: SpanTemplateSource;
  /** Several services: `${service}` becomes a regex alternative over them. */
  services?: readonly string[];
  /** Absolute window of the span or trace, decimal ns since the epoch. */
  startUnixNano: string;
  durationNs: number;
}

export interface TraceLogs {
  target: LogsTarget<DatasourceInfo> | undefined;
  /** The LogQL that was sent (after substitution). */
  query: string | undefined;
  /** The Logs screen (`/logs`) with that query, datasource and window filled in. */
  logsLink: string | undefined;
  /** Why no query could be built. */
  problem: string | undefined;
  missing: string[];
  lines: LogLine[];
  limitReached: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  loadMore: () => void;
}

export function useTraceLogs(request: TraceLogsRequest | undefined): TraceLogs {
  const config = useRuntimeConfig();
  const target = config.data && request ? resolveLogsTarget(config.data, request.traceDatasource) : undefined;
  const built = useMemo(() => {
    if (!target || !request) return undefined;
    const overrides = request.services ? { service: request.services } : {};
    const expanded = expandQueryTemplate(target.query, spanResolver(request.source, overrides));
    if (!expanded.ok) return { problem: expanded.error, missing: [] as string[] };
    const start = BigInt(request.startUnixNano);
    const end = start + BigInt(Math.ceil(request.durationNs));
    return {
      missing: expanded.missing,
      query: {
        query: expanded.query,
        startNs: start - BigInt(target.beforeMs) * 1_000_000n,
        endNs: end + BigInt(target.afterMs) * 1_000_000n,
        limit: TRACE_LOGS_LIMIT,
        direction: 'forward' as const,
      },
    };
  }, [target, request]);
  const query = built && 'query' in built ? built.query : undefined;
  const result = useLogsQuery(target?.datasource.name, query);
  const pages = result.data?.pages;
  const redactor = useRedactor();
  const lines = useMemo(() => shownLogLines(redactor, pages ?? []), [pages, redactor]);
  return {
    target,
    query: query?.query,
    logsLink: query && target ? logsLinkOf(target.datasource.name, query) : undefined,
    problem:
      config.data && request && !target
        ? 'No Loki datasource is configured.'
        : built && 'problem' in built
          ? built.problem
          : undefined,
    missing: built?.missing ?? [],
    lines,
    limitReached: result.hasNextPage,
    loading: (result.isPending && Boolean(query)) || (pages !== undefined && !redactor),
    loadingMore: result.isFetchingNextPage,
    error: result.error,
    loadMore: () => void result.fetchNextPage(),
  };
}

function logsLinkOf(datasource: string, query: { query: string; startNs: bigint; endNs: bigint }): string {
  const epochMs = (ns: bigint) => Number(ns / 1_000_000n);
  return logsPath({
    ds: datasource,
    q: query.query,
    range: {
      from: { kind: 'absolute', epochMs: epochMs(query.startNs) },
      // Rounded up, so the last nanoseconds of the window stay in it.
      to: { kind: 'absolute', epochMs: epochMs(query.endNs + 999_999n) },
    },
  });
}
