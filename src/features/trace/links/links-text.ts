// The words of the links and broken-chain marks (decision 0153: analyses return data, the screen
// words it). Plain text only: names from the wire are rendered as text by the components.
import type {
  MissingCallee,
  OrphanCause,
  OrphanExplanation,
  RootSubtree,
} from '../../../analysis/broken-chains.ts';
import type { IncomingLink } from '../../../analysis/linked-from.ts';
import { SpanKind, type SpanTable } from '../../../model/types.ts';
import type { LinkedFromScope } from './use-linked-from.ts';

/** "3 consumers link here", "1 span links here": consumers when every linking span is one. */
export function linkedHereText(links: readonly IncomingLink[]): string {
  const n = links.length;
  const consumers = n > 0 && links.every((l) => l.kind === SpanKind.Consumer);
  const noun = consumers ? 'consumer' : 'span';
  return `${n} ${noun}${n === 1 ? ' links' : 's link'} here`;
}

/** What the look-up could and could not search, one sentence. */
export function scopeNote(scope: LinkedFromScope, marginS: number): string {
  switch (scope) {
    case 'traceql':
      return `Searched with TraceQL over the trace's time ±${marginLabel(marginS)}.`;
    case 'jaeger':
      return "Jaeger's API cannot search for links pointing back: only links inside this trace are shown.";
    case 'zipkin':
      return "Zipkin's API cannot search for links pointing back: only links inside this trace are shown.";
    case 'files':
      return 'Searched the traces opened from files in this tab.';
    case 'trace':
      return 'Only links inside this trace are shown.';
  }
}

function marginLabel(s: number): string {
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

/** Summary on the trace: "Linked from 3 spans in 2 traces". */
export function linkedFromSummary(all: readonly IncomingLink[], otherTraces: number): string {
  const spans = `${all.length} span${all.length === 1 ? '' : 's'}`;
  if (otherTraces === 0) return `Linked from ${spans} of this trace`;
  return `Linked from ${spans} in ${otherTraces} other trace${otherTraces === 1 ? '' : 's'}`;
}

const CAUSE_TEXT: Record<OrphanCause, string> = {
  'still-arriving': 'the trace is still arriving (it ended moments ago): reload in a little while',
  'sampled-out':
    "the parent was dropped by sampling (this span's tracestate says it was sampled by probability)",
  'propagation-broke': 'context propagation broke at the service that should have sent the parent',
};

export function causeText(cause: OrphanCause): string {
  return CAUSE_TEXT[cause];
}

function label(table: SpanTable, row: number): string {
  return `${table.strings[table.service[row]]} ${table.strings[table.name[row]]}`;
}

/** One orphan, in a sentence: its missing parent, who should have sent it, the likely causes. */
export function orphanText(o: OrphanExplanation, table: SpanTable): string {
  const parent = o.parentSpanId ? `Its parent ${o.parentSpanId} never arrived` : 'Its parent never arrived';
  const caller =
    o.caller === undefined
      ? ''
      : `; it most likely answers ${label(table, o.caller)}${o.callerPeer ? ` (calling ${o.callerPeer})` : ''}, whose callee sent no span`;
  const causes = o.causes.map((c, i) => `${i + 1}. ${causeText(c)}`).join('; ');
  return `${parent}${caller}. Likely, in order: ${causes}.`;
}

/** A client span nobody answered. */
export function missingCalleeText(m: MissingCallee): string {
  return `No span from the callee${m.peer ? ` ${m.peer}` : ''}: an uninstrumented service, or context not propagated to it.`;
}

/** A root of a trace with several. */
export function rootText(r: RootSubtree, table: SpanTable): string {
  return `${label(table, r.row)}: ${r.size} span${r.size === 1 ? '' : 's'}`;
}

/** The header badge replacing "N orphan spans": what they most likely are. */
export function orphansBadge(orphans: readonly OrphanExplanation[]): string {
  const n = orphans.length;
  const head = `${n} span${n === 1 ? '' : 's'} missing ${n === 1 ? 'its parent' : 'their parents'}`;
  if (n === 0) return head;
  const first = orphans.every((o) => o.causes[0] === orphans[0].causes[0]) ? orphans[0].causes[0] : undefined;
  switch (first) {
    case 'still-arriving':
      return `${head}: the trace is likely still arriving`;
    case 'sampled-out':
      return `${head}: parents likely dropped by sampling`;
    case 'propagation-broke':
      return `${head}: context propagation likely broke`;
    default:
      return head;
  }
}
