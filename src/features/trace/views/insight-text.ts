// The Insights view's words (decision 0153): the worker and the analyses find things and return data
// (kinds, rows, times); what each finding is called, the sentence saying what was found, and the line
// on why it matters live here, with the screen that shows them.
import type { SpanTable } from '../../../model/types.ts';
import { formatDuration } from '../../../ui/format.ts';
import type { Insight, InsightKind } from '../../../worker/views.ts';
import { rowSpanId } from '../waterfall/span-id.ts';

export const INSIGHT_LABELS: Record<InsightKind, string> = {
  'dark-gap': 'Dark time',
  'sequential-siblings': 'Sequential calls',
  orphans: 'Broken propagation',
  'several-roots': 'Broken propagation',
  'missing-client-span': 'Broken propagation',
  'error-origin': 'Error origin',
  'clock-skew': 'Clock skew',
};

/** One line on why a kind of finding matters. */
export const INSIGHT_WHY: Record<InsightKind, string> = {
  'dark-gap':
    'Nothing instrumented ran here: uninstrumented code, queueing, locks or GC — add spans or read the logs for this interval.',
  'sequential-siblings':
    'These calls wait for each other although none uses another’s result as far as the trace shows; if none needs another’s answer, running them in parallel shortens the request.',
  orphans:
    'Context was lost between services or spans were dropped, so the tree and the critical path are incomplete.',
  'several-roots':
    'Parts of the request were recorded without the caller’s context, so their time is not attributed to it.',
  'missing-client-span':
    'The caller did not record its call, so network and queueing time between the services is invisible.',
  'error-origin': 'This is where the failure started; the errors above it only pass it on.',
  'clock-skew':
    'Hosts’ clocks disagree, so this span’s position is off and gaps or overlaps around it may be artefacts.',
};

function label(table: SpanTable, row: number | undefined): string {
  if (row === undefined || row < 0 || row >= table.count) return '?';
  return `${table.strings[table.service[row]]} ${table.strings[table.name[row]]}`;
}

/** What was found, one sentence of plain text. */
export function insightTitle(insight: Insight, table: SpanTable): string {
  const count = insight.rows.length + insight.moreRows;
  const first = insight.rows[0];
  switch (insight.kind) {
    case 'dark-gap':
      return `${formatDuration(insight.ns ?? 0)} unexplained inside ${label(table, first)} (${formatDuration(insight.from ?? 0)} – ${formatDuration(insight.to ?? 0)} from the start)`;
    case 'sequential-siblings':
      return `${count} calls under ${label(table, insight.parent)} run one after another; in parallel they could save up to ${formatDuration(insight.ns ?? 0)}.`;
    case 'orphans':
      return `${count} span${count === 1 ? ' names a parent' : 's name parents'} missing from the trace: context was lost or spans were dropped.`;
    case 'several-roots':
      return `The trace has ${count} roots: part of it was recorded without the caller's context.`;
    case 'missing-client-span':
      return `${count} server span${count === 1 ? '' : 's'} (first: ${label(table, first)}) ${count === 1 ? 'has' : 'have'} no client span of another service as parent: the caller is not instrumented or did not record its call.`;
    case 'error-origin': {
      const status = first === undefined ? '' : table.strings[table.statusMessage[first]];
      return `The error starts at ${label(table, first)}${status ? `: ${status}` : ''}.`;
    }
    case 'clock-skew': {
      const parts: string[] = [];
      if ((insight.startsBefore ?? 0) > 0)
        parts.push(`starts ${formatDuration(insight.startsBefore ?? 0)} before`);
      if ((insight.endsAfter ?? 0) > 0) parts.push(`ends ${formatDuration(insight.endsAfter ?? 0)} after`);
      return `${label(table, first)} ${parts.join(' and ')} its parent ${label(table, insight.rows[1])}`;
    }
  }
}

/** Why the finding was made: the rule that fired, with its figures (plain text). */
export function insightReason(insight: Insight, table: SpanTable): string {
  const count = insight.rows.length + insight.moreRows;
  switch (insight.kind) {
    case 'dark-gap': {
      const onPath =
        insight.costNs > 0
          ? `, ${formatDuration(insight.costNs)} of it on the critical path`
          : ', off the critical path';
      return `Shown because none of this span’s children ran for ${formatDuration(insight.ns ?? 0)}${onPath}; it is among the trace’s longest such gaps.`;
    }
    case 'sequential-siblings': {
      const guard =
        insight.guard === undefined
          ? ''
          : ` ${label(table, insight.guard)} before them is left out: it failed or reads like a check (auth, verify, validate, login, token, permission) the calls after it depend on.`;
      return `Shown because each of these ${count} calls starts after the previous one ended (none overlaps another): ${formatDuration(insight.totalNs ?? 0)} in all, the longest ${formatDuration(insight.longestNs ?? 0)}.${guard}`;
    }
    case 'orphans':
      return `Shown because ${count === 1 ? 'this span gives a parent span ID' : `these ${count} spans give parent span IDs`} that no span of the trace has.`;
    case 'several-roots':
      return `Shown because ${count} spans have no parent; a trace has one.`;
    case 'missing-client-span':
      return 'Shown because the parent of each of these server spans is not a client or producer span of another service.';
    case 'error-origin':
      return insight.explainsRoot
        ? 'Shown first because the root failed and every span from it down to this one failed, and none of this span’s children did: the root’s error starts here.'
        : 'Shown because this span has error status and none of its children does.';
    case 'clock-skew':
      return 'Shown because this span starts before or ends after its parent, which cannot happen on one clock.';
  }
}

/**
 * A key naming the finding across reloads of the same trace (dismissed insights are stored by it):
 * its kind, its first span and, for dark gaps, where the gap starts.
 */
export function insightKey(insight: Insight, table: SpanTable): string {
  const first = insight.rows[0];
  const span = first === undefined || first >= table.count ? '' : rowSpanId(table, first);
  return `${insight.kind}:${span}:${insight.kind === 'dark-gap' ? (insight.from ?? 0) : ''}`;
}
