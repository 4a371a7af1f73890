// What every trace datasource client returns, whatever the backend: raw trace payloads (decoded later,
// in the worker) and search results as `TraceSummary`s.
import type { Attribute } from '../model/types';

export type TraceApi = 'tempo-v2' | 'tempo-v1' | 'jaeger-v3' | 'jaeger-legacy' | 'zipkin-v2';

/** A trace-by-ID answer, undecoded: hand `bytes` and `contentType` to `decodeTrace`. */
export interface RawTrace {
  bytes: Uint8Array;
  contentType: string;
  /** Set when the backend said the trace is incomplete (Tempo v2 PARTIAL): show it as a warning. */
  partialMessage?: string;
  /** Which endpoint answered. */
  api: TraceApi;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's default time limit for this call. */
  timeoutMs?: number;
  /** Told the bytes of a 2xx body received so far as they arrive (the trace page's loading bar). */
  onBytes?: BytesProgress;
}

/** `total` is the body's Content-Length when the server sent one and the body is not compressed. */
export type BytesProgress = (done: number, total: number | undefined) => void;

export interface TraceByIdOptions extends CallOptions {
  /** Optional backend time window, Unix seconds (Tempo `start`/`end`, Jaeger `start_time`/`end_time`). */
  start?: number;
  end?: number;
}

export interface ServiceStats {
  name: string;
  spanCount?: number;
  errorCount?: number;
}

/** A span that matched the search (Tempo spansets). */
export interface MatchedSpan {
  /** 16 lowercase hex. */
  spanId: string;
  /** Only when the backend sent it (Tempo: when the query selects `name`). */
  name?: string;
  /** Decimal nanoseconds since the epoch, when known. */
  startUnixNano?: string;
  startUnixMs?: number;
  durationMs?: number;
  attributes: Attribute[];
}

/**
 * A search result. Span, error and service figures are the backend's: each is `undefined` when the
 * backend did not send it (Tempo without `serviceStats`), which means "unknown" — shown as —, never
 * counted as 0 or guessed from the root span (decision 0176).
 */
export interface TraceSummary {
  /** 32 lowercase hex, left-padded. */
  traceId: string;
  /** Empty when unknown. */
  rootService: string;
  rootName: string;
  /** True when the backend has not seen the root span (Tempo `<root span not yet received>`). */
  rootMissing?: boolean;
  startUnixMs: number;
  durationMs: number;
  /** Spans in the whole trace; undefined: unknown. */
  spanCount?: number;
  /** Error spans in the whole trace; undefined: unknown (not "no errors"). */
  errorCount?: number;
  /** Every service of the trace with its counts; undefined: the backend did not say which. */
  services?: ServiceStats[];
  matchedSpans?: MatchedSpan[];
  /** How many spans matched in total (may exceed `matchedSpans.length`, Tempo `spss`). */
  matchedCount?: number;
}

export interface SearchInspected {
  traces?: number;
  bytes?: number;
  spans?: number;
  blocks?: number;
  completedJobs?: number;
  totalJobs?: number;
}

export interface SearchResult {
  traces: TraceSummary[];
  /** The limit asked for (or the backend's default). */
  limit: number;
  /** The backend returned as many traces as the limit: more may match. */
  limitReached: boolean;
  /** What the backend says it looked at, when it says. */
  inspected?: SearchInspected;
}

/** Common search parameters for Jaeger and Zipkin (Tempo takes TraceQL). */
export interface ServiceSearchParams {
  service?: string;
  operation?: string;
  /** Tag filters (`error=true`, `http.status_code=500`). */
  tags?: Record<string, string>;
  minDurationMs?: number;
  maxDurationMs?: number;
  /** Epoch milliseconds. */
  startMs: number;
  endMs: number;
  limit?: number;
}

export interface Operation {
  name: string;
  /** e.g. `server`, `client`; empty when the backend does not say. */
  spanKind: string;
}

/** The part every trace datasource client shares: what "open by ID" needs. */
export interface TraceClient {
  getTrace(traceId: string, options?: TraceByIdOptions): Promise<RawTrace>;
}
