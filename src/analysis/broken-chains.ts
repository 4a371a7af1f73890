// Broken chains, explained from the evidence in one trace: for each span whose parent never
// arrived, the parent ID, the client span whose callee it most likely is, and the likely causes in
// the order to check them; client spans no callee span answered; the roots of a trace with several.
// Data only: the trace screen words it (decision 0153) on the rows, in the header and in Insights.
import { SpanFlag, SpanKind, type Trace } from '../model/types.ts';

/** What the explanation reads beyond the table (the worker's details store answers it). */
export interface ChainEvidence {
  parentSpanId(row: number): string;
  traceState(row: number): string;
  /** A span attribute as text, or undefined. */
  attribute(row: number, key: string): string | undefined;
}

export type OrphanCause =
  /** The trace ended moments ago: the parent may still be on its way (offer Reload). */
  | 'still-arriving'
  /** The span's tracestate says it was sampled by probability: the parent may have been dropped. */
  | 'sampled-out'
  /** Otherwise: context propagation broke at the service that should have sent the parent. */
  | 'propagation-broke';

export interface OrphanExplanation {
  row: number;
  parentSpanId: string;
  /**
   * The client (or producer) span of another service with no child of its own that encloses the
   * orphan in time: the call the missing parent most likely answered.
   */
  caller?: number;
  /** The peer that caller named (`peer.service`, `server.address`, `db.system`). */
  callerPeer?: string;
  /** Most likely first; 'propagation-broke' is always last. */
  causes: OrphanCause[];
}

export interface MissingCallee {
  /** A client span with no span under it from another service. */
  row: number;
  /** The peer it called, when it named one. */
  peer?: string;
}

export interface RootSubtree {
  row: number;
  /** Spans under the root, itself included. */
  size: number;
}

export interface BrokenChains {
  orphans: OrphanExplanation[];
  missingCallees: MissingCallee[];
  /** Every root with its subtree's size, only when there are several (else empty). */
  roots: RootSubtree[];
}

export interface BrokenChainOptions {
  /** Now, ms since the epoch. */
  nowUnixMs: number;
  /** A trace that ended less than this long ago may still be arriving. Default 2 min. */
  recentMs?: number;
}

const PEER_KEYS = ['peer.service', 'server.address', 'net.peer.name', 'db.system'] as const;

/** The peer a client span names, by the first attribute present. */
export function calledPeer(evidence: ChainEvidence, row: number): string | undefined {
  for (const key of PEER_KEYS) {
    const value = evidence.attribute(row, key);
    if (value) return value;
  }
  return undefined;
}

/**
 * A tracestate that says the span was sampled by probability: OpenTelemetry's `ot=th:` threshold
 * (or the older `ot=p:`), whatever other vendors' entries sit beside it.
 */
export function sampledByProbability(traceState: string): boolean {
  for (const member of traceState.split(',')) {
    const [key, value] = member.trim().split('=', 2);
    if (key !== 'ot' || value === undefined) continue;
    if (value.split(';').some((field) => /^(?:th|p):/.test(field))) return true;
  }
  return false;
}

function hasChildOfOtherService(trace: Trace, row: number): boolean {
  const t = trace.table;
  for (let k = t.childStart[row]; k < t.childStart[row + 1]; k++) {
    if (t.service[t.children[k]] !== t.service[row]) return true;
  }
  return false;
}

function subtreeSize(trace: Trace, root: number): number {
  const t = trace.table;
  let size = 0;
  const stack = [root];
  while (stack.length > 0) {
    const row = stack.pop() as number;
    size++;
    for (let k = t.childStart[row]; k < t.childStart[row + 1]; k++) stack.push(t.children[k]);
  }
  return size;
}

export function brokenChains(
  trace: Trace,
  evidence: ChainEvidence,
  options: BrokenChainOptions,
): BrokenChains {
  const t = trace.table;
  const recentMs = options.recentMs ?? 120_000;
  const endUnixMs = Number(trace.startNs / 1_000_000n) + trace.durationNs / 1e6;
  const arriving = options.nowUnixMs - endUnixMs < recentMs;

  const missingCallees: MissingCallee[] = [];
  const openCallers: number[] = [];
  for (let row = 0; row < t.count; row++) {
    const kind = t.kind[row];
    if (kind !== SpanKind.Client && kind !== SpanKind.Producer) continue;
    if (hasChildOfOtherService(trace, row)) continue;
    openCallers.push(row);
    if (kind === SpanKind.Client) missingCallees.push({ row, peer: calledPeer(evidence, row) });
  }

  const orphans: OrphanExplanation[] = [];
  for (let row = 0; row < t.count; row++) {
    if ((t.flags[row] & SpanFlag.Orphan) === 0) continue;
    const causes: OrphanCause[] = [];
    if (arriving) causes.push('still-arriving');
    // The W3C sampled flag off on the orphan: the caller decided not to record, so its span is
    // not lost but never written; a probability threshold in tracestate says the same by chance.
    const flaggedOut = (t.flags[row] & SpanFlag.NotSampled) !== 0;
    if (flaggedOut || sampledByProbability(evidence.traceState(row))) causes.push('sampled-out');
    causes.push('propagation-broke');
    // The tightest open call of another service around the orphan.
    let caller: number | undefined;
    const from = t.start[row];
    const to = from + Math.max(0, t.duration[row]);
    for (const c of openCallers) {
      if (t.service[c] === t.service[row]) continue;
      if (t.start[c] > from || t.start[c] + t.duration[c] < to) continue;
      if (caller === undefined || t.duration[c] < t.duration[caller]) caller = c;
    }
    orphans.push({
      row,
      parentSpanId: evidence.parentSpanId(row),
      caller,
      callerPeer: caller === undefined ? undefined : calledPeer(evidence, caller),
      causes,
    });
  }

  const roots: RootSubtree[] =
    trace.roots.length > 1 ? [...trace.roots].map((row) => ({ row, size: subtreeSize(trace, row) })) : [];
  return { orphans, missingCallees, roots };
}
