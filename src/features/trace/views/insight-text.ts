// The Insights view's words (decision 0153): the worker and the analyses find things and return data
// (kinds, rows, times); what each finding is called, the sentence saying what was found, and the line
// on why it matters live here, with the screen that shows them.
import type { SpanTable } from '../../../model/types.ts';
import { formatDuration } from '../../../ui/format.ts';
import type { Insight, InsightKind } from '../../../worker/views.ts';

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
    'These calls wait for each other although none uses another’s result as far as the trace shows; running them in parallel shortens the request.',
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
