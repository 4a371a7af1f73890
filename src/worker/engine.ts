// The worker's brain, free of `self` so tests can drive it directly: one engine per worker, one
// trace per engine. It fetches or receives bytes, decodes, analyses, and answers requests.

import { thresholdProbability } from '../analysis/sampling.ts';
import type { DecodeResult, SpanDetails, Trace } from '../model/types.ts';
import { answerCompare } from './compare.ts';
import { copyTable } from './copy-table.ts';
import { type ClientFactory, createClientCache, fetchFromDatasources } from './datasource-trace.ts';
import { isDemoTrace } from './demo-flag.ts';
import { fetchTraceBody } from './fetch-bytes.ts';
import { FIND_CHUNK_ROWS, findInRange } from './find-attributes.ts';
import { preorderOf } from './preorder.ts';
import type {
  LoadedTrace,
  LoadFailure,
  LoadOptions,
  TraceAnalyses,
  TraceChoice,
  TraceSource,
  WorkerReply,
  WorkerRequest,
} from './protocol.ts';
import { transferablesOf } from './protocol.ts';
import { samplingSummary } from './sampling-summary.ts';
import { searchChoices } from './search-choices.ts';
import { filterTrace } from './traceql-filter.ts';
import { createViewAnswerer, type RawBody } from './views.ts';

export interface EngineDeps {
  decode: (input: Uint8Array, hint?: { contentType?: string; fileName?: string }) => DecodeResult;
  /** Runs the analyses on a trace (skew-adjusted or not) and returns the per-span outputs. */
  analyse: (trace: Trace) => TraceAnalyses;
  /** Returns the clock-skew-adjusted trace. */
  adjustSkew: (trace: Trace) => Trace;
  post: (reply: WorkerReply, transfer: Transferable[]) => void;
  /** Builds datasource clients (tests pass their own); the engine keeps one per datasource. */
  makeClient?: ClientFactory;
  /** Lets queued messages (cancel, new find) run between chunks. */
  yieldToEvents?: () => Promise<void>;
}

const defaultYield = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function createTraceEngine(deps: EngineDeps): (request: WorkerRequest) => void {
  const yieldToEvents = deps.yieldToEvents ?? defaultYield;
  // Kept for the worker's lifetime, so what each client learned about its backend carries over.
  const clientOf = createClientCache(deps.makeClient);
  let decoded: Trace[] = [];
  let current: Trace | null = null;
  const aborts = new Map<number, AbortController>();
  const cancelledFinds = new Set<number>();
  let latestFind = 0;

  const post = (reply: WorkerReply, transfer: Transferable[] = []) => deps.post(reply, transfer);
  // The payload of a single-trace load, for the JSON view (the backend's own body).
  let rawBody: RawBody | null = null;
  const answerView = createViewAnswerer({ trace: () => viewed, body: () => rawBody, post });

  const fail = (id: number, failure: LoadFailure) => post({ type: 'load-failed', id, failure });

  function choose(traces: Trace[], pick: string | undefined): Trace {
    return traces.find((t) => t.traceId === pick) ?? traces[0];
  }

  let foundIn: string | undefined;
  let answers: LoadedTrace['answers'];

  function publish(id: number, options: LoadOptions) {
    if (!current) return;
    const base = current;
    post({ type: 'progress', id, progress: { phase: 'analysing', done: 0, total: base.counts.spans } });
    const view = options.adjustSkew ? deps.adjustSkew(base) : base;
    const analyses = deps.analyse(view);
    const tree = preorderOf(view.table, view.roots);
    post({ type: 'progress', id, progress: { phase: 'transferring', done: 0 } });
    const trace: LoadedTrace = {
      traceId: view.traceId,
      startUnixNano: view.startNs.toString(),
      durationNs: view.durationNs,
      table: copyTable(view.table),
      roots: view.roots.slice(),
      preorder: tree.order,
      preorderPosition: tree.position,
      counts: view.counts,
      warnings: view.warnings,
      partial: view.partial,
      format: view.format,
      analyses,
      skewAdjusted: options.adjustSkew,
      demo: isDemoTrace(view),
      sampling: samplingSummary(view),
      choices: decoded.map(choiceOf),
      foundIn,
      answers,
    };
    viewed = view;
    post({ type: 'loaded', id, trace }, transferablesOf(trace));
  }

  // The trace the main thread currently shows (skew-adjusted or not): details and find read it.
  let viewed: Trace | null = null;

  async function load(id: number, source: TraceSource, options: LoadOptions) {
    const label = source.label;
    let bytes: Uint8Array;
    let contentType: string | undefined;
    let partialFromSource: string | undefined;
    let fileName: string | undefined;
    if (source.kind === 'datasources') {
      const abort = new AbortController();
      aborts.set(id, abort);
      post({ type: 'progress', id, progress: { phase: 'fetching', done: 0 } });
      const found = await fetchFromDatasources(
        source.datasources,
        source.traceId,
        { start: source.start, end: source.end },
        abort.signal,
        clientOf,
      );
      aborts.delete(id);
      if (found.cancelled || abort.signal.aborted)
        return fail(id, { kind: 'cancelled', message: 'Cancelled', label });
      if (!found.raw) {
        const errors = found.answers.filter((a) => a.outcome === 'error');
        if (errors.length > 0 && errors.length === found.answers.length) {
          return fail(id, {
            kind: 'datasource',
            message: errors[0].message,
            status: errors[0].status,
            label,
            answers: found.answers,
          });
        }
        return fail(id, {
          kind: 'not-found',
          message: 'No datasource has this trace',
          label,
          answers: found.answers,
        });
      }
      bytes = found.raw.bytes;
      contentType = found.raw.contentType;
      partialFromSource = found.raw.partialMessage;
      foundIn = found.foundIn;
      answers = found.answers;
    } else if (source.kind === 'url') {
      const abort = new AbortController();
      aborts.set(id, abort);
      const body = await fetchTraceBody(source.url, source.headers, label, abort.signal, (done, total) =>
        post({ type: 'progress', id, progress: { phase: 'fetching', done, total } }),
      );
      aborts.delete(id);
      if ('kind' in body) return fail(id, body);
      bytes = body.bytes;
      contentType = body.contentType;
    } else {
      bytes = new Uint8Array(source.bytes);
      contentType = source.contentType;
      partialFromSource = source.partial;
      fileName = source.fileName;
    }
    post({ type: 'progress', id, progress: { phase: 'decoding', done: 0, total: bytes.byteLength } });
    let result: DecodeResult;
    try {
      result = deps.decode(bytes, { contentType, fileName });
    } catch (err) {
      return fail(id, { kind: 'decode', message: err instanceof Error ? err.message : String(err), label });
    }
    if (result.traces.length === 0) {
      // A file or paste that is no trace format at all; a backend's answer keeps the messages below.
      if (result.unrecognized && source.kind === 'bytes') {
        const message = result.error ?? result.warnings[0]?.message ?? 'not a trace format';
        return fail(id, { kind: 'decode', message, label, unrecognized: result.unrecognized });
      }
      if (result.error) return fail(id, { kind: 'decode', message: result.error, label });
      return fail(id, { kind: 'not-found', message: 'The answer holds no spans', label });
    }
    decoded = result.traces;
    rawBody = result.traces.length === 1 ? { bytes, contentType } : null;
    current = choose(decoded, options.pickTraceId);
    if (partialFromSource && !current.partial) current = { ...current, partial: partialFromSource };
    publish(id, options);
  }

  function details(id: number, row: number) {
    const trace = viewed;
    let d: SpanDetails | null = null;
    if (trace && row >= 0 && row < trace.table.count) d = trace.details.get(row);
    post({ type: 'details', id, details: d });
  }

  async function find(id: number, text: string) {
    latestFind = id;
    const trace = viewed;
    const needle = text.trim().toLowerCase();
    const rows: number[] = [];
    if (!trace || !needle) {
      post({ type: 'found', id, rows: new Uint32Array(0), cancelled: false });
      return;
    }
    const total = trace.table.count;
    for (let from = 0; from < total; from += FIND_CHUNK_ROWS) {
      if (cancelledFinds.has(id) || latestFind !== id) {
        cancelledFinds.delete(id);
        post({ type: 'found', id, rows: new Uint32Array(0), cancelled: true });
        return;
      }
      findInRange(trace.details, needle, from, Math.min(total, from + FIND_CHUNK_ROWS), rows);
      post({ type: 'find-progress', id, done: Math.min(total, from + FIND_CHUNK_ROWS), total });
      if (from + FIND_CHUNK_ROWS < total) await yieldToEvents();
    }
    const out = Uint32Array.from(rows);
    post({ type: 'found', id, rows: out, cancelled: false }, [out.buffer]);
  }

  return (request: WorkerRequest) => {
    try {
      switch (request.type) {
        case 'load':
          void load(request.id, request.source, request.options).catch((err: unknown) =>
            post({ type: 'error', id: request.id, message: String(err) }),
          );
          return;
        case 'reanalyse':
          if (!current) return post({ type: 'error', id: request.id, message: 'No trace loaded' });
          if (request.options.pickTraceId) current = choose(decoded, request.options.pickTraceId);
          return publish(request.id, request.options);
        case 'details':
          return details(request.id, request.row);
        case 'find':
          void find(request.id, request.text).catch((err: unknown) =>
            post({ type: 'error', id: request.id, message: String(err) }),
          );
          return;
        case 'filter': {
          if (!viewed) return post({ type: 'error', id: request.id, message: 'No trace loaded' });
          const outcome = filterTrace(viewed, request.query);
          return post({ type: 'filtered', id: request.id, outcome }, outcome.ok ? [outcome.rows.buffer] : []);
        }
        case 'search-choices':
          return post({
            type: 'choices-searched',
            id: request.id,
            outcome: searchChoices(decoded, request.query),
          });
        case 'cancel':
          aborts.get(request.target)?.abort();
          cancelledFinds.add(request.target);
          return;
        case 'compare':
          return answerCompare(request, post);
        case 'view-stats':
        case 'view-insights':
        case 'view-json':
        case 'view-json-download':
        case 'view-cp-order':
        case 'view-graph':
          return answerView(request);
      }
    } catch (err) {
      post({ type: 'error', id: request.id, message: err instanceof Error ? err.message : String(err) });
    }
  };
}

function choiceOf(t: Trace): TraceChoice {
  const root = t.roots.length > 0 ? t.roots[0] : 0;
  const table = t.table;
  const rootProbability = table.count > 0 ? thresholdProbability(t.details.get(root).traceState) : undefined;
  return {
    ...(rootProbability === undefined ? {} : { rootProbability }),
    traceId: t.traceId,
    rootService: table.count > 0 ? table.strings[table.service[root]] : '',
    rootName: table.count > 0 ? table.strings[table.name[root]] : '',
    startUnixNano: t.startNs.toString(),
    spans: t.counts.spans,
    errors: t.counts.errors,
    durationNs: t.durationNs,
  };
}
