// The worker's brain, free of `self` so tests can drive it directly: one engine per worker, one
// trace per engine. It fetches or receives bytes, decodes, analyses, and answers requests.

import { thresholdProbability } from '../analysis/sampling.ts';
import type { DecodeResult, SpanDetails, Trace } from '../model/types.ts';
import type { Redactor } from '../redact/rules.ts';
import type { RedactionCounter, RedactionTally } from '../redact/trace.ts';
import { analyseStitched } from './analyse.ts';
import { brokenChainsOf } from './broken-chains-view.ts';
import { answerCompare } from './compare.ts';
import { copyTable } from './copy-table.ts';
import { type ClientFactory, createClientCache, fetchFromDatasources } from './datasource-trace.ts';
import { isDemoTrace } from './demo-flag.ts';
import { exportTrace } from './export.ts';
import { fetchTraceBody } from './fetch-bytes.ts';
import { FIND_CHUNK_ROWS, findInRange } from './find-attributes.ts';
import { fetchLinkingSpans, linkingSpansOf } from './linking-spans.ts';
import { preorderOf } from './preorder.ts';
import type {
  DatasourceTarget,
  LoadedTrace,
  LoadFailure,
  LoadOptions,
  RedactionPolicy,
  StitchSummary,
  TraceAnalyses,
  TraceChoice,
  TraceRedaction,
  TraceSource,
  WorkerReply,
  WorkerRequest,
} from './protocol.ts';
import { transferablesOf } from './protocol.ts';
import type * as RedactionEngine from './redaction-engine.ts';
import { samplingSummary } from './sampling-summary.ts';
import { forwardLinkedTraceIds, stitchTraces } from './stitch.ts';
import { createViewAnswerer, isShowableBody, type RawBody } from './views.ts';

// Loaded on first need, not with the worker's script (decision 0247): the rules' engine and TraceQL
// bring re2js (263 KB of the worker's 400 KB of source), which every worker would otherwise compile
// and evaluate before it could start a fetch. A load that will apply rules starts the import at
// once and awaits it after decoding, so the fetch and decode overlap it.
const redactionEngine = importedOnce(() => import('./redaction-engine.ts'));
const traceFilter = importedOnce(() => import('./traceql-filter.ts'));
const choiceSearch = importedOnce(() => import('./search-choices.ts'));

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

/** Rows the redaction count judges between looks at the clock. */
const COUNT_STEP_ROWS = 256;
/**
 * How long the count runs before queued messages get their turn. Sliced by time, not rows: a first
 * trace runs cold code, and 4,000 rows at once held a compare's diff back 300 ms (decision 0341).
 */
const COUNT_SLICE_MS = 8;

/** A task of its own, after the messages already queued (setTimeout's is clamped to 4 ms when nested). */
function defaultYield(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export function createTraceEngine(deps: EngineDeps): (request: WorkerRequest) => void {
  const yieldToEvents = deps.yieldToEvents ?? defaultYield;
  // Kept for the worker's lifetime, so what each client learned about its backend carries over.
  const clientOf = createClientCache(deps.makeClient);
  // The payload's traces as decoded, and as the rules let them be read (the same list without rules).
  let rawDecoded: Trace[] = [];
  let decoded: Trace[] = [];
  let current: Trace | null = null;
  let currentIndex = 0;
  let partialFromSource: string | undefined;
  // Redaction (decision 0318): the load's policy, its compiled rules (null: the worker applies none).
  let policy: RedactionPolicy | null = null;
  let redactor: Redactor | null = null;
  let where: TraceRedaction['where'] = 'none';
  let revealed = false;
  // What the rules changed in each of `decoded`: counted after first paint, in chunks (decision 0318).
  let tallies: (RedactionTally | undefined)[] = [];
  let counters: RedactionCounter[] = [];
  const counting = new Map<RedactionCounter, Promise<void>>();
  const redactorFor = cachedRedactors();
  const aborts = new Map<number, AbortController>();
  const cancelledFinds = new Set<number>();
  let latestFind = 0;

  const post = (reply: WorkerReply, transfer: Transferable[] = []) => deps.post(reply, transfer);
  // The payload of a single-trace load, for the JSON view (the backend's own body).
  let rawBody: RawBody | null = null;
  // A backend body the rules changed values of is not shown as it came: the JSON view renders the
  // redacted trace as OTLP instead.
  const answerView = createViewAnswerer({
    trace: () => viewed,
    body: () => (bodyRedacted() ? null : rawBody),
    post,
  });

  /** The traces the screen reads: redacted, unless revealed. */
  const shown = () => (revealed ? rawDecoded : decoded);

  /** The tally of `decoded[index]`, counting what is left at once when the chunks have not finished. */
  function tallyOf(index: number): RedactionTally {
    const counter = counters[index];
    if (counter && tallies[index] === undefined) tallies[index] = counter.finish();
    return tallies[index] ?? { total: 0, byRule: [] };
  }

  /**
   * Counts `decoded[index]` a chunk of rows at a time, letting queued messages (details, find, a new
   * load) run between chunks; once per trace, however often asked.
   */
  function countInChunks(index: number): Promise<void> {
    const counter = counters[index];
    if (!counter || tallies[index] !== undefined) return Promise.resolve();
    const running = counting.get(counter);
    if (running) return running;
    const run = (async () => {
      while (!counter.done) {
        const until = performance.now() + COUNT_SLICE_MS;
        do counter.step(COUNT_STEP_ROWS);
        while (!counter.done && performance.now() < until);
        if (!counter.done) await yieldToEvents();
        // A new load replaced this trace: its count is no one's any more.
        if (counters[index] !== counter) return;
      }
      if (tallies[index] === undefined) tallies[index] = counter.finish();
    })();
    counting.set(counter, run);
    void run.finally(() => counting.delete(counter));
    return run;
  }

  async function countCurrent(id: number) {
    const index = currentIndex;
    const counter = counters[index];
    await countInChunks(index);
    // Still the same trace (a new load answers its own count request).
    if (counters[index] !== counter || currentIndex !== index) {
      return post({ type: 'redaction-counted', id, traceId: null, redaction: redactionOf() });
    }
    post({ type: 'redaction-counted', id, traceId: current?.traceId ?? null, redaction: redactionOf() });
  }

  function bodyRedacted(): boolean {
    return redactor !== null && !revealed && tallyOf(currentIndex).total > 0;
  }

  function pick(traceId: string | undefined) {
    const list = shown();
    const found = list.findIndex((t) => t.traceId === traceId);
    currentIndex = Math.max(found, 0);
    current = list[currentIndex];
    if (partialFromSource && !current.partial) current = { ...current, partial: partialFromSource };
  }

  function redactionOf(): TraceRedaction {
    const pending = !revealed && counters[currentIndex] !== undefined && tallies[currentIndex] === undefined;
    const tally = revealed || pending ? { total: 0, byRule: [] } : tallyOf(currentIndex);
    return {
      where,
      total: tally.total,
      byRule: tally.byRule,
      revealed,
      mayReveal: redactor !== null && policy?.allowReveal === true,
      ...(pending ? { counting: true } : {}),
    };
  }

  const fail = (id: number, failure: LoadFailure) => post({ type: 'load-failed', id, failure });

  /** Runs an answer that may wait for a module (decision 0247); its failure is the request's error. */
  function answerLater(id: number, answer: () => void | Promise<void>) {
    const pending = answer();
    if (pending)
      void pending.catch((err: unknown) =>
        post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) }),
      );
  }

  let foundIn: string | undefined;
  let answers: LoadedTrace['answers'];

  // Stitching (decision 0284): the linked trace IDs asked for, and each one's trace or why it failed,
  // kept while the same trace stays loaded.
  let stitchIds: string[] = [];
  // `trace` as the rules leave it, `raw` as decoded (shown when the user revealed values).
  let linked = new Map<string, { trace: Trace; raw: Trace } | { failure: string }>();
  let linkedIds: { of: Trace; ids: string[] } | null = null;
  let stitchAbort: AbortController | null = null;

  function publish(id: number, options: LoadOptions) {
    if (!current) return;
    const base = current;
    post({ type: 'progress', id, progress: { phase: 'analysing', done: 0, total: base.counts.spans } });
    let view = options.adjustSkew ? deps.adjustSkew(base) : base;
    if (linkedIds?.of !== base) linkedIds = { of: base, ids: forwardLinkedTraceIds(base) };
    let analyses: TraceAnalyses;
    let stitch: StitchSummary | undefined;
    const ids = stitchIds.filter((t) => t !== base.traceId);
    if (ids.length > 0) {
      const traces: Trace[] = [];
      const failed: StitchSummary['failed'] = [];
      for (const traceId of ids) {
        const got = linked.get(traceId);
        if (got && 'trace' in got) {
          const one = revealed ? got.raw : got.trace;
          traces.push(options.adjustSkew ? deps.adjustSkew(one) : one);
        } else failed.push({ traceId, message: got?.failure ?? 'not loaded' });
      }
      // Each trace is skew-adjusted on its own: a consumer that started "too early" stays visible.
      const stitched = stitchTraces(view, traces);
      const crossTracePath = options.crossTracePath ?? false;
      analyses = analyseStitched(stitched, crossTracePath);
      view = stitched.shown;
      stitch = { asked: ids, traces: stitched.traces, failed, crossTracePath };
    } else {
      analyses = deps.analyse(view);
    }
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
      choices: shown().map(choiceOf),
      foundIn,
      answers,
      linkedTraceIds: linkedIds.ids,
      stitch,
      redaction: redactionOf(),
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
    let fileName: string | undefined;
    let fromEmbedded = false;
    partialFromSource = undefined;
    // The rules' engine loads while the trace is fetched and decoded, when the load may need it.
    if (mayApplyRules(source, options)) void redactionEngine().catch(() => undefined);
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
        (done, total) => post({ type: 'progress', id, progress: { phase: 'fetching', done, total } }),
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
      fromEmbedded = source.datasources.some((t) => t.name === found.foundIn && t.embedded === true);
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
    const nextPolicy = options.redaction ?? null;
    const rules = nextPolicy && nextPolicy.rules.length > 0 ? nextPolicy.rules : null;
    let compiled: Redactor | null = null;
    let engine: typeof RedactionEngine | null = null;
    if (rules && !fromEmbedded) {
      try {
        engine = await redactionEngine();
      } catch (err) {
        // Fail closed: without the rules' engine nothing of a trace that needs them is shown.
        const message = `The redaction rules could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
        return fail(id, { kind: 'decode', message, label });
      }
      try {
        compiled = redactorFor(rules, engine);
      } catch (err) {
        // The server checked the rules; rules it let through but this build cannot run show nothing.
        const message = `The redaction rules could not be compiled: ${err instanceof Error ? err.message : String(err)}`;
        return fail(id, { kind: 'decode', message, label });
      }
    }
    // From here on the load replaces the engine's state, without awaiting anything.
    stitchAbort?.abort();
    stitchIds = [];
    linked = new Map();
    policy = nextPolicy;
    redactor = compiled;
    where = redactor ? 'worker' : rules && fromEmbedded ? 'ingest' : 'none';
    revealed = redactor !== null && policy?.allowReveal === true && options.reveal === true;
    rawDecoded = result.traces;
    // First paint waits only for the table's strings; details are redacted on read and counted after.
    const read = compiled && engine ? rawDecoded.map((t) => engine.redactTrace(t, compiled)) : [];
    decoded = compiled ? read.map((r) => r.trace) : rawDecoded;
    tallies = [];
    counters =
      compiled && engine ? read.map((r, i) => engine.redactionCounter(rawDecoded[i], compiled, r.marks)) : [];
    rawBody = result.traces.length === 1 && isShowableBody(bytes) ? { bytes, contentType } : null;
    pick(options.pickTraceId);
    publish(id, options);
    void countInChunks(currentIndex);
  }

  /** One linked trace: from the opened payload when it holds it, else from the datasources. */
  async function fetchLinked(
    traceId: string,
    datasources: DatasourceTarget[],
    signal: AbortSignal,
  ): Promise<{ trace: Trace; raw: Trace } | { failure: string }> {
    const at = decoded.findIndex((t) => t.traceId === traceId);
    if (at >= 0) return { trace: decoded[at], raw: rawDecoded[at] ?? decoded[at] };
    if (datasources.length === 0) return { failure: 'not in the opened file' };
    const found = await fetchFromDatasources(datasources, traceId, {}, signal, clientOf);
    if (found.cancelled) return { failure: 'cancelled' };
    if (!found.raw) {
      const error = found.answers.find((a) => a.outcome === 'error');
      return { failure: error ? `${error.datasource}: ${error.message}` : 'no datasource has this trace' };
    }
    let result: DecodeResult;
    try {
      result = deps.decode(found.raw.bytes, { contentType: found.raw.contentType });
    } catch (err) {
      return { failure: err instanceof Error ? err.message : String(err) };
    }
    const trace = result.traces.find((t) => t.traceId === traceId) ?? result.traces[0];
    if (!trace) return { failure: result.error ?? 'the answer holds no spans' };
    // A linked trace from a remote datasource goes through the same rules as the opened one
    // (decision 0316); one from the embedded backend was redacted at ingest.
    const rules = policy && policy.rules.length > 0 ? policy.rules : null;
    const embedded = datasources.some((t) => t.name === found.foundIn && t.embedded === true);
    if (!rules || embedded) return { trace, raw: trace };
    const engine = await redactionEngine();
    return { trace: engine.redactTrace(trace, redactorFor(rules, engine)).trace, raw: trace };
  }

  async function stitch(
    id: number,
    traceIds: string[],
    datasources: DatasourceTarget[],
    options: LoadOptions,
  ) {
    if (!current) return post({ type: 'error', id, message: 'No trace loaded' });
    stitchAbort?.abort();
    const abort = new AbortController();
    stitchAbort = abort;
    aborts.set(id, abort);
    const own = current;
    stitchIds = [...new Set(traceIds.map((t) => t.toLowerCase()))].filter((t) => t !== own.traceId);
    const missing = stitchIds.filter((t) => !linked.has(t) || 'failure' in (linked.get(t) ?? {}));
    let done = 0;
    post({ type: 'progress', id, progress: { phase: 'fetching', done, total: missing.length } });
    // A few at a time: twenty traces at once would queue behind each other at the backend anyway.
    let next = 0;
    const worker = async () => {
      while (next < missing.length && !abort.signal.aborted) {
        const traceId = missing[next++];
        const got = await fetchLinked(traceId, datasources, abort.signal).catch(
          (err: unknown): { failure: string } => ({
            failure: err instanceof Error ? err.message : String(err),
          }),
        );
        if (abort.signal.aborted) return;
        linked.set(traceId, got);
        done++;
        post({ type: 'progress', id, progress: { phase: 'fetching', done, total: missing.length } });
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, missing.length) }, worker));
    aborts.delete(id);
    if (abort.signal.aborted || current !== own)
      return fail(id, { kind: 'cancelled', message: 'Cancelled', label: 'linked traces' });
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
          revealed = redactor !== null && policy?.allowReveal === true && request.options.reveal === true;
          pick(request.options.pickTraceId ?? rawDecoded[currentIndex]?.traceId);
          return publish(request.id, request.options);
        case 'stitch':
          void stitch(request.id, request.traceIds, request.datasources, request.options).catch(
            (err: unknown) => post({ type: 'error', id: request.id, message: String(err) }),
          );
          return;
        case 'details':
          return details(request.id, request.row);
        case 'redaction-count':
          void countCurrent(request.id).catch((err: unknown) =>
            post({ type: 'error', id: request.id, message: String(err) }),
          );
          return;
        case 'find':
          void find(request.id, request.text).catch((err: unknown) =>
            post({ type: 'error', id: request.id, message: String(err) }),
          );
          return;
        case 'filter': {
          if (!viewed) return post({ type: 'error', id: request.id, message: 'No trace loaded' });
          const trace = viewed;
          return answerLater(request.id, async () => {
            const outcome = (await traceFilter()).filterTrace(trace, request.query);
            post({ type: 'filtered', id: request.id, outcome }, outcome.ok ? [outcome.rows.buffer] : []);
          });
        }
        case 'search-choices': {
          const traces = shown();
          return answerLater(request.id, async () => {
            const outcome = (await choiceSearch()).searchChoices(traces, request.query);
            post({ type: 'choices-searched', id: request.id, outcome });
          });
        }
        case 'cancel':
          aborts.get(request.target)?.abort();
          cancelledFinds.add(request.target);
          return;
        case 'compare':
          return answerCompare(request, post, viewed);
        case 'linking-spans':
          return post({
            type: 'linking-spans',
            id: request.id,
            spans: linkingSpansOf(shown(), request.into),
            failures: [],
            cancelled: false,
          });
        case 'broken-chains':
          if (!viewed) return post({ type: 'error', id: request.id, message: 'No trace loaded' });
          return post({
            type: 'broken-chains',
            id: request.id,
            chains: brokenChainsOf(viewed, request.nowUnixMs),
          });
        case 'fetch-linking-spans': {
          const abort = new AbortController();
          aborts.set(request.id, abort);
          const rules = redactor;
          // A trace with rules has its engine loaded already (the load awaited it).
          void (rules ? redactionEngine() : Promise.resolve(null))
            .then((engine) =>
              fetchLinkingSpans(request, abort.signal, clientOf, deps.decode, (t) =>
                rules && engine && !revealed ? engine.redactTrace(t, rules).trace : t,
              ),
            )
            .then((found) => post({ type: 'linking-spans', id: request.id, ...found }))
            .catch((err: unknown) =>
              post({
                type: 'error',
                id: request.id,
                message: err instanceof Error ? err.message : String(err),
              }),
            )
            .finally(() => aborts.delete(request.id));
          return;
        }
        case 'export': {
          // Always the redacted trace as decoded (not revealed, not skew-adjusted).
          const trace = decoded[currentIndex];
          if (!trace) return post({ type: 'error', id: request.id, message: 'No trace loaded' });
          const { blob, summary } = exportTrace(trace, tallyOf(currentIndex), request.extras);
          return post({ type: 'exported', id: request.id, blob, summary });
        }
        case 'view-stats':
        case 'view-insights':
        case 'view-json':
        case 'view-json-download':
        case 'view-cp-order':
        case 'view-graph':
          return answerLater(request.id, () => answerView(request));
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

/** Compiled rules, kept while the same rules come (one compile per worker, decision 0316). */
function cachedRedactors(): (rules: RedactionPolicy['rules'], engine: typeof RedactionEngine) => Redactor {
  let key = '';
  let compiled: Redactor | null = null;
  return (rules, engine) => {
    const wanted = JSON.stringify(rules);
    if (compiled === null || wanted !== key) {
      compiled = new engine.Redactor(rules);
      key = wanted;
    }
    return compiled;
  };
}

/**
 * Whether a load may apply the rules, so its engine is worth loading before the bytes arrive: it
 * carries rules, and its trace may come from somewhere other than the embedded backend (which
 * redacted at ingest, decision 0318).
 */
function mayApplyRules(source: TraceSource, options: LoadOptions): boolean {
  if (!options.redaction || options.redaction.rules.length === 0) return false;
  return source.kind !== 'datasources' || source.datasources.some((t) => t.embedded !== true);
}

/** One dynamic import, started by its first call and shared by the later ones. */
function importedOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    if (!loading) {
      const started = load();
      loading = started;
      // A failed import is tried again by the next call (a chunk may fail to load once).
      started.catch(() => {
        if (loading === started) loading = null;
      });
    }
    return loading;
  };
}
