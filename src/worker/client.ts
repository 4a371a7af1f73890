// Promise-based wrapper around one trace worker. One client per opened trace; `dispose()` on
// leaving the screen terminates the worker and with it everything it holds.
import type { BrokenChains } from '../analysis/broken-chains.ts';
import type { SpanDetails } from '../model/types.ts';
import { DEFAULT_RULES } from '../redact/defaults.ts';
import { type CompareInput, compareInputOf, compareLoadedHereOf } from './compare.ts';
import type { ExportExtras, ExportSummary } from './export.ts';
import type { GraphView } from './graph-view.ts';
import type { LinksReply, LinksRequest } from './linking-spans.ts';
import type {
  DatasourceTarget,
  LoadedTrace,
  LoadFailure,
  LoadOptions,
  Progress,
  RedactionPolicy,
  TraceRedaction,
  TraceSource,
  WorkerReply,
  WorkerRequest,
} from './protocol.ts';
import type { ChoiceSearchOutcome } from './search-choices.ts';
import type { FilterOutcome } from './traceql-filter.ts';
import type { CpSortKey, Insight, JsonPreview, StatsView } from './views.ts';

/**
 * The rules every load applies unless it names its own (decision 0318): the runtime config's, set
 * by the app shell as soon as the config is known (src/app/boot.ts). Before that, the built-in rules
 * apply, so nothing is shown unredacted for want of a config; `null` means the server has none.
 */
let redactionPolicy: RedactionPolicy | null | undefined;

const policyListeners = new Set<() => void>();

export function setRedactionPolicy(policy: RedactionPolicy | null): void {
  if (policy === redactionPolicy) return;
  redactionPolicy = policy;
  for (const listener of policyListeners) listener();
}

export function currentRedactionPolicy(): RedactionPolicy | null {
  return redactionPolicy === undefined ? { rules: [...DEFAULT_RULES], allowReveal: false } : redactionPolicy;
}

/** The policy as set: undefined until the config is known (then the built-in rules apply). */
export function redactionPolicySetting(): RedactionPolicy | null | undefined {
  return redactionPolicy;
}

/** Calls `listener` after each change of the policy. Returns an unsubscribe. */
export function onRedactionPolicyChange(listener: () => void): () => void {
  policyListeners.add(listener);
  return () => policyListeners.delete(listener);
}

/** The subset of `Worker` the client needs (tests pass an in-process port). */
export interface WorkerPort {
  postMessage(message: WorkerRequest, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null;
  terminate(): void;
}

export type LoadOutcome = { ok: true; trace: LoadedTrace } | { ok: false; failure: LoadFailure };

export interface FindOutcome {
  rows: Uint32Array;
  cancelled: boolean;
}

interface Pending {
  resolve: (reply: WorkerReply) => void;
  onProgress?: (reply: WorkerReply) => void;
}

export class TraceWorkerClient {
  private readonly port: WorkerPort;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;

  constructor(port?: WorkerPort) {
    this.port =
      port ??
      (new Worker(new URL('./trace.worker.ts', import.meta.url), {
        type: 'module',
        name: 'trace',
      }) as unknown as WorkerPort);
    this.port.onmessage = (event) => this.receive(event.data);
  }

  /** Loads a trace; aborting `signal` cancels the load (the worker answers `cancelled`) and keeps the worker. */
  load(
    source: TraceSource,
    options: LoadOptions,
    onProgress?: (p: Progress) => void,
    signal?: AbortSignal,
  ): Promise<LoadOutcome> {
    const transfer = source.kind === 'bytes' ? [source.bytes] : [];
    const id = this.nextId;
    const onAbort = () => this.cancel(id);
    signal?.addEventListener('abort', onAbort, { once: true });
    const withRules: LoadOptions =
      options.redaction === undefined ? { ...options, redaction: currentRedactionPolicy() } : options;
    return this.request(
      (rid) => ({ type: 'load', id: rid, source, options: withRules }),
      transfer,
      onProgress ? (r) => r.type === 'progress' && onProgress(r.progress) : undefined,
    )
      .then(toLoadOutcome)
      .finally(() => signal?.removeEventListener('abort', onAbort));
  }

  /** Re-runs the analyses (e.g. clock-skew adjustment switched) and sends a fresh table. */
  reanalyse(options: LoadOptions, onProgress?: (p: Progress) => void): Promise<LoadOutcome> {
    return this.request(
      (id) => ({ type: 'reanalyse', id, options }),
      [],
      onProgress ? (r) => r.type === 'progress' && onProgress(r.progress) : undefined,
    ).then(toLoadOutcome);
  }

  /**
   * Stitches linked traces into the loaded one (decision 0284): they are fetched from `datasources`
   * (or taken from the opened file) and a combined table comes back; an empty list unstitches.
   */
  stitch(
    traceIds: string[],
    datasources: DatasourceTarget[],
    options: LoadOptions,
    onProgress?: (p: Progress) => void,
    signal?: AbortSignal,
  ): Promise<LoadOutcome> {
    const id = this.nextId;
    const onAbort = () => this.cancel(id);
    signal?.addEventListener('abort', onAbort, { once: true });
    return this.request(
      (rid) => ({ type: 'stitch', id: rid, traceIds, datasources, options }),
      [],
      onProgress ? (r) => r.type === 'progress' && onProgress(r.progress) : undefined,
    )
      .then(toLoadOutcome)
      .finally(() => signal?.removeEventListener('abort', onAbort));
  }

  details(row: number): Promise<SpanDetails | null> {
    return this.request((id) => ({ type: 'details', id, row }), []).then((r) =>
      r.type === 'details' ? r.details : null,
    );
  }

  /**
   * What the rules changed in the loaded trace, once the worker has counted it (after first paint);
   * null when another trace was loaded meanwhile or the worker failed.
   */
  redactionCount(): Promise<{ traceId: string; redaction: TraceRedaction } | null> {
    return this.request((id) => ({ type: 'redaction-count', id }), []).then((r) =>
      r.type === 'redaction-counted' && r.traceId !== null
        ? { traceId: r.traceId, redaction: r.redaction }
        : null,
    );
  }

  /** Attribute find; returns its id (for `cancel`) and the result promise. */
  find(
    text: string,
    onProgress?: (done: number, total: number) => void,
  ): { id: number; result: Promise<FindOutcome> } {
    const id = this.nextId;
    const result = this.request(
      (rid) => ({ type: 'find', id: rid, text }),
      [],
      onProgress ? (r) => r.type === 'find-progress' && onProgress(r.done, r.total) : undefined,
    ).then((r): FindOutcome => (r.type === 'found' ? r : { rows: new Uint32Array(0), cancelled: true }));
    return { id, result };
  }

  /** TraceQL filter over the loaded trace (the screen's `filter`): matching rows, or the query's error. */
  filter(query: string): Promise<FilterOutcome> {
    return this.request((id) => ({ type: 'filter', id, query }), []).then(
      (r): FilterOutcome =>
        r.type === 'filtered'
          ? r.outcome
          : { ok: false, error: { message: r.type === 'error' ? r.message : `Unexpected reply ${r.type}` } },
    );
  }

  /** TraceQL over every trace the loaded payload holds: which match, with matched span counts. */
  searchChoices(query: string): Promise<ChoiceSearchOutcome> {
    return this.request((id) => ({ type: 'search-choices', id, query }), []).then(
      (r): ChoiceSearchOutcome =>
        r.type === 'choices-searched'
          ? r.outcome
          : { ok: false, error: { message: r.type === 'error' ? r.message : `Unexpected reply ${r.type}` } },
    );
  }

  /** Statistics per service and per service + operation (the Statistics view). */
  statsView(): Promise<StatsView | null> {
    return this.request((id) => ({ type: 'view-stats', id }), []).then((r) =>
      r.type === 'view-stats' ? r.stats : null,
    );
  }

  /** The services and their calls, laid out (the Graph view). */
  graphView(byOperation: boolean): Promise<GraphView | null> {
    return this.request((id) => ({ type: 'view-graph', id, byOperation }), []).then((r) =>
      r.type === 'view-graph' ? r.graph : null,
    );
  }

  /** Dark gaps, hints and clock-skew findings (the Insights view). */
  insightsView(): Promise<Insight[] | null> {
    return this.request((id) => ({ type: 'view-insights', id }), []).then((r) =>
      r.type === 'view-insights' ? r.insights : null,
    );
  }

  /** The trace as JSON: the backend's body when it was JSON, otherwise an OTLP JSON rendering. */
  jsonView(previewChars?: number): Promise<JsonPreview | null> {
    return this.request((id) => ({ type: 'view-json', id, previewChars }), []).then((r) =>
      r.type === 'view-json' ? r.json : null,
    );
  }

  /** The whole JSON document as a Blob (rendered on demand: it can be hundreds of MB). */
  jsonDownload(): Promise<{ blob: Blob; totalChars: number } | null> {
    return this.request((id) => ({ type: 'view-json-download', id }), []).then((r) =>
      r.type === 'view-json-download' ? r : null,
    );
  }

  /** The trace as OTLP JSON with the redaction rules and `extras` applied, and what was removed. */
  exportTrace(extras: ExportExtras): Promise<{ blob: Blob; summary: ExportSummary } | null> {
    return this.request((id) => ({ type: 'export', id, extras }), []).then((r) =>
      r.type === 'exported' ? { blob: r.blob, summary: r.summary } : null,
    );
  }

  /** Critical-path segment indices in the asked order. */
  criticalPathOrder(key: CpSortKey, descending: boolean): Promise<Uint32Array | null> {
    return this.request((id) => ({ type: 'view-cp-order', id, key, descending }), []).then((r) =>
      r.type === 'view-cp-order' ? r.order : null,
    );
  }

  /**
   * Merges two loaded traces by path (issue 16) in this worker. `aLoadedHere`: this worker loaded A
   * (and shows it), so only A's analyses cross and its table is read there (0246); B's table, and
   * A's otherwise, are copied, not transferred, because the screen keeps drawing from its own.
   * Null when the worker failed.
   */
  compare(
    a: CompareInput & { traceId: string },
    b: CompareInput,
    options: { aLoadedHere?: boolean } = {},
  ): Promise<Extract<WorkerReply, { type: 'compared' }> | null> {
    return this.request(
      (id) => ({
        type: 'compare',
        id,
        a: options.aLoadedHere ? compareLoadedHereOf(a) : compareInputOf(a),
        b: compareInputOf(b),
      }),
      [],
    ).then((r) => (r.type === 'compared' ? r : null));
  }

  /** Broken chains of the shown trace, explained (null when the worker failed). */
  brokenChains(nowUnixMs: number): Promise<BrokenChains | null> {
    return this.request((id) => ({ type: 'broken-chains', id, nowUnixMs }), []).then((r) =>
      r.type === 'broken-chains' ? r.chains : null,
    );
  }

  /** The spans of this worker's traces (its whole payload) whose links point into trace `into`. */
  linkingSpans(into: string): Promise<Omit<LinksReply, 'id' | 'type'>> {
    return this.request((id) => ({ type: 'linking-spans', id, into }), []).then(linksOutcome);
  }

  /**
   * Fetches traces (those a `{ link:traceID }` search named) and returns their links into `into`;
   * aborting `signal` stops the fetches. The traces stay in the worker only while read.
   */
  fetchLinkingSpans(
    request: Omit<Extract<LinksRequest, { type: 'fetch-linking-spans' }>, 'id' | 'type'>,
    signal?: AbortSignal,
  ): Promise<Omit<LinksReply, 'id' | 'type'>> {
    const id = this.nextId;
    const onAbort = () => this.cancel(id);
    signal?.addEventListener('abort', onAbort, { once: true });
    return this.request((rid) => ({ type: 'fetch-linking-spans', id: rid, ...request }), [])
      .then(linksOutcome)
      .finally(() => signal?.removeEventListener('abort', onAbort));
  }

  cancel(target: number): void {
    if (this.disposed) return;
    this.port.postMessage({ type: 'cancel', id: this.nextId++, target }, []);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.port.terminate();
    for (const [id, p] of this.pending) p.resolve({ type: 'error', id, message: 'Worker stopped' });
    this.pending.clear();
  }

  private request(
    build: (id: number) => WorkerRequest,
    transfer: Transferable[],
    onProgress?: (reply: WorkerReply) => void,
  ): Promise<WorkerReply> {
    const id = this.nextId++;
    if (this.disposed) return Promise.resolve({ type: 'error', id, message: 'Worker stopped' });
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, onProgress });
      this.port.postMessage(build(id), transfer);
    });
  }

  private receive(reply: WorkerReply) {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.type === 'progress' || reply.type === 'find-progress') {
      pending.onProgress?.(reply);
      return;
    }
    this.pending.delete(reply.id);
    pending.resolve(reply);
  }
}

function linksOutcome(reply: WorkerReply): Omit<LinksReply, 'id' | 'type'> {
  if (reply.type === 'linking-spans')
    return { spans: reply.spans, failures: reply.failures, cancelled: reply.cancelled };
  throw new Error(reply.type === 'error' ? reply.message : `Unexpected reply ${reply.type}`);
}

function toLoadOutcome(reply: WorkerReply): LoadOutcome {
  if (reply.type === 'loaded') return { ok: true, trace: reply.trace };
  if (reply.type === 'load-failed') return { ok: false, failure: reply.failure };
  const message = reply.type === 'error' ? reply.message : `Unexpected reply ${reply.type}`;
  return { ok: false, failure: { kind: 'decode', message, label: '' } };
}
