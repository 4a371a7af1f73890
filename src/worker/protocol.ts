// The typed message protocol between the main thread and the trace worker.
// Only small messages and transferable buffers cross (docs/decisions/0060-trace-worker-protocol.md):
// the span table's typed arrays are copied once in the worker and the copies transferred, so the
// worker keeps its own table for details and find while the main thread draws from the copies.
import type { DecodeResult, SpanDetails, SpanTable, TraceCounts, TraceWarning } from '../model/types.ts';
import type { RedactionRule } from '../redact/rules.ts';
import type { ChainsReply, ChainsRequest } from './broken-chains-view.ts';
import type { CompareReply, CompareRequest } from './compare.ts';
import type { ExportReply, ExportRequest } from './export.ts';
import type { LinksReply, LinksRequest } from './linking-spans.ts';
import type { TraceSamplingSummary } from './sampling-summary.ts';
import type { ChoiceSearchOutcome } from './search-choices.ts';
import type { StitchedTraceInfo } from './stitch.ts';
import type { FilterOutcome } from './traceql-filter.ts';
import type { ViewReply, ViewRequest } from './views.ts';

/** Where the worker gets the trace's bytes from. */
export type TraceSource =
  | {
      kind: 'url';
      /** Absolute URL (the worker resolves nothing against the page). */
      url: string;
      headers?: Record<string, string>;
      /** Shown in errors, e.g. the datasource name. */
      label: string;
    }
  | {
      kind: 'bytes';
      bytes: ArrayBuffer;
      contentType?: string;
      /** A dropped or picked file's name (helps sniffing JSON Lines). */
      fileName?: string;
      label: string;
      partial?: string;
    }
  | {
      kind: 'datasources';
      traceId: string;
      /** Asked all at once; the first that has the trace wins. */
      datasources: DatasourceTarget[];
      /** Optional backend time window, Unix seconds. */
      start?: number;
      end?: number;
      label: string;
    };

/** A trace datasource as the worker reaches it: through the gateway at `baseUrl` (absolute). */
export interface DatasourceTarget {
  name: string;
  type: 'tempo' | 'jaeger' | 'zipkin';
  displayName: string;
  baseUrl: string;
  /** The embedded backend: its traces were redacted at ingest, so the worker does not again. */
  embedded?: boolean;
}

/** The rules `/config.json` carries (decision 0310), applied to every trace the worker decodes. */
export interface RedactionPolicy {
  rules: RedactionRule[];
  /** Whether the user may see the values as decoded (the "Reveal" switch). */
  allowReveal: boolean;
}

/** What redaction did to the loaded trace (the header's badge). */
export interface TraceRedaction {
  /** `worker`: the rules ran on decoding; `ingest`: the embedded backend ran them; `none`: no rules. */
  where: 'worker' | 'ingest' | 'none';
  /** Values changed or dropped (0 when revealed or not by the worker). */
  total: number;
  byRule: { rule: string; count: number }[];
  /** Shown as decoded, the rules not applied (only when the policy allows it). */
  revealed: boolean;
  mayReveal: boolean;
  /**
   * The values are redacted but not counted yet (`total` is 0 until then): the count runs after first
   * paint, and a `redaction-count` request answers once it is done (decision 0318).
   */
  counting?: true;
}

/** What one datasource answered when asked for a trace. */
export interface DatasourceAnswer {
  datasource: string;
  /** `cancelled`: still asking when another datasource had the trace. */
  outcome: 'found' | 'not-found' | 'error' | 'cancelled';
  status?: number;
  message: string;
}

export interface LoadOptions {
  /** Clock-skew adjustment (URL `skew=1`). */
  adjustSkew: boolean;
  /** Which trace of a multi-trace payload to keep (by trace ID); absent: the first. */
  pickTraceId?: string;
  /** With linked traces stitched in: the critical path runs across the set (URL `xcp=1`, decision 0286). */
  crossTracePath?: boolean;
  /**
   * The rules to apply; filled in by TraceWorkerClient from the runtime config (null: the server has
   * none). A reanalyse keeps the load's.
   */
  redaction?: RedactionPolicy | null;
  /** Show the trace as decoded (only when the load's policy allows it). */
  reveal?: boolean;
}

/** A stitched set (URL `with=`, decision 0284): the traces shown, and the ones that could not load. */
export interface StitchSummary {
  /** The linked trace IDs asked for, in order (the screen compares it with the URL's `with`). */
  asked: string[];
  /** Index 0 is the opened trace, then the linked ones that loaded, in the order asked. */
  traces: StitchedTraceInfo[];
  /** Linked traces that did not load, with why, in the order asked. */
  failed: { traceId: string; message: string }[];
  /** Whether the critical path runs across the set. */
  crossTracePath: boolean;
}

/** Per-span and per-segment analysis outputs, all typed arrays, CSR-indexed by row where per span. */
export interface TraceAnalyses {
  /** Critical-path segments in time order: row, start, end (ns from the trace start). */
  cpRow: Uint32Array;
  cpStartNs: Float64Array;
  cpEndNs: Float64Array;
  /** Segments of row i are cpRowIndex[cpRowStart[i] .. cpRowStart[i+1]) into the cp arrays. */
  cpRowStart: Uint32Array;
  cpRowIndex: Uint32Array;
  /** Time each span spends on the critical path, ns. */
  cpTime: Float64Array;
  /** Total length of the critical path, ns. */
  cpLengthNs: number;
  /** Self time per span, ns. */
  selfTime: Float64Array;
  /** Dark time per span (0 for leaves), ns. */
  darkTime: Float64Array;
  /** Dark gaps, grouped by row: gaps of row i are [darkGapStart[i] .. darkGapStart[i+1]). */
  darkGapStart: Uint32Array;
  darkGapFrom: Float64Array;
  darkGapTo: Float64Array;
  /** Dark time on the critical path over the trace's duration, 0..1. */
  darkShare: number;
  /** 90th percentile (nearest rank, analysis/percentile.ts) of span durations, ns (the "slow spans" quick filter). */
  p90DurationNs: number;
  /** Where the error started (analysis/hints.ts `errorOrigin`), -1 when nothing failed. */
  errorOriginRow: number;
  /** The root failed and every span from it down to `errorOriginRow` did (decision 0170). */
  errorOriginExplainsRoot: boolean;
}

/** One decoded trace's header when a payload holds several. */
export interface TraceChoice {
  traceId: string;
  rootService: string;
  rootName: string;
  /** Absolute start, ns since the epoch, as a decimal string. */
  startUnixNano: string;
  spans: number;
  errors: number;
  durationNs: number;
  /** The sampling probability the root's `tracestate` carries (`ot=th:`), when it does (decision 0337). */
  rootProbability?: number;
}

/** What arrives on the main thread once a trace is loaded. */
export interface LoadedTrace {
  traceId: string;
  /** Absolute start, ns since the epoch, as a decimal string (bigint clones, but strings print). */
  startUnixNano: string;
  durationNs: number;
  table: SpanTable;
  roots: Uint32Array;
  /** Rows in tree preorder (everything expanded), and each row's position in that order. */
  preorder: Uint32Array;
  preorderPosition: Uint32Array;
  counts: TraceCounts;
  warnings: TraceWarning[];
  partial?: string;
  format: string;
  analyses: TraceAnalyses;
  skewAdjusted: boolean;
  /** The embedded backend's demo data (a root's resource has `tracelight.demo=true`). */
  demo: boolean;
  /** How the trace was sampled, as far as its spans tell (decision 0333). */
  sampling: TraceSamplingSummary;
  /** Which datasource answered, and what the others said, when it came from datasources. */
  foundIn?: string;
  answers?: DatasourceAnswer[];
  /** Other traces in the same payload (files may hold several), this one included. */
  choices: TraceChoice[];
  /** Other traces the opened trace's spans link to, in the order met (what "Show linked traces" adds). */
  linkedTraceIds: string[];
  /** Present when linked traces are stitched in; the table then has its `traceIndex` column. */
  stitch?: StitchSummary;
  redaction: TraceRedaction;
}

export type LoadPhase = 'fetching' | 'decoding' | 'analysing' | 'transferring';

export interface Progress {
  phase: LoadPhase;
  /** Bytes or spans done, and the total when known. */
  done: number;
  total?: number;
}

/** A request from the main thread. `id` ties replies to it. */
export type WorkerRequest =
  | { type: 'load'; id: number; source: TraceSource; options: LoadOptions }
  | { type: 'reanalyse'; id: number; options: LoadOptions }
  /**
   * Stitches these traces (fetched from `datasources`, or taken from the opened payload) into the
   * loaded one and sends the combined table; an empty list unstitches.
   */
  | { type: 'stitch'; id: number; traceIds: string[]; datasources: DatasourceTarget[]; options: LoadOptions }
  | { type: 'details'; id: number; row: number }
  /** Answered once the loaded trace's redactions are counted (the header's badge). */
  | { type: 'redaction-count'; id: number }
  | { type: 'find'; id: number; text: string }
  | { type: 'filter'; id: number; query: string }
  /** TraceQL over every trace of the payload (the file's list of traces). */
  | { type: 'search-choices'; id: number; query: string }
  | { type: 'cancel'; id: number; target: number }
  /** Two traces merged by path (issue 16); needs no loaded trace. */
  | CompareRequest
  /** Who links into a trace (issue 18, linking-spans.ts). */
  | LinksRequest
  /** Orphans explained, callees missing, several roots (broken-chains-view.ts). */
  | ChainsRequest
  /** The trace as OTLP JSON with the rules and the dialog's extra removals (decision 0331). */
  | ExportRequest
  | ViewRequest;

/** Why a load failed, in terms the screen shows. */
export type LoadFailure =
  | { kind: 'http'; status: number; message: string; label: string }
  | { kind: 'network'; message: string; label: string }
  | { kind: 'not-found'; message: string; label: string; answers?: DatasourceAnswer[] }
  | { kind: 'datasource'; message: string; label: string; status?: number; answers: DatasourceAnswer[] }
  | {
      kind: 'decode';
      message: string;
      label: string;
      /** Bytes handed in (a file, a paste) that are none of the formats read; what they looked like. */
      unrecognized?: DecodeResult['unrecognized'];
    }
  | { kind: 'cancelled'; message: string; label: string };

export type WorkerReply =
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'loaded'; id: number; trace: LoadedTrace }
  | { type: 'load-failed'; id: number; failure: LoadFailure }
  | { type: 'details'; id: number; details: SpanDetails | null }
  /** `traceId`: the trace counted, null when another load replaced it meanwhile. */
  | { type: 'redaction-counted'; id: number; traceId: string | null; redaction: TraceRedaction }
  | { type: 'find-progress'; id: number; done: number; total: number }
  | { type: 'found'; id: number; rows: Uint32Array; cancelled: boolean }
  /** TraceQL filter: matching rows ascending, or why the query cannot run. */
  | { type: 'filtered'; id: number; outcome: FilterOutcome }
  | { type: 'choices-searched'; id: number; outcome: ChoiceSearchOutcome }
  | { type: 'error'; id: number; message: string }
  | CompareReply
  | LinksReply
  | ChainsReply
  | ExportReply
  | ViewReply;

/** The buffers of a table and its analyses, for the transfer list. */
export function transferablesOf(trace: LoadedTrace): ArrayBuffer[] {
  const t = trace.table;
  const a = trace.analyses;
  const views: ArrayBufferView[] = [
    t.start,
    t.duration,
    t.parent,
    t.depth,
    t.kind,
    t.status,
    t.flags,
    t.service,
    t.name,
    t.statusMessage,
    t.spanIdHi,
    t.spanIdLo,
    t.childStart,
    t.children,
    t.eventStart,
    t.eventTime,
    trace.roots,
    trace.preorder,
    trace.preorderPosition,
    a.cpRow,
    a.cpStartNs,
    a.cpEndNs,
    a.cpRowStart,
    a.cpRowIndex,
    a.cpTime,
    a.selfTime,
    a.darkTime,
    a.darkGapStart,
    a.darkGapFrom,
    a.darkGapTo,
  ];
  if (t.traceIndex) views.push(t.traceIndex);
  const seen = new Set<ArrayBuffer>();
  for (const v of views) seen.add(v.buffer as ArrayBuffer);
  return [...seen];
}
