// The trace header: what the trace is, how long it took, and what to be wary of.
import { type ReactNode, useMemo, useState } from 'react';
import { xrayFormFor } from '../../model/ids.ts';
import { formatCount, formatDuration, formatUnixNanoTimestamp, zoneIsUtcAt } from '../../ui/format.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';
import { CopyButton } from './CopyButton.tsx';
import { darkTimeBadge } from './dark-share.ts';
import { ErrorOriginLine } from './ErrorOriginLine.tsx';
import { RedactionBadge, redactionBadgeText } from './RedactionBadge.tsx';
import { samplingBadges } from './sampling-line.ts';
import { DUPLICATE_ID_WHY, duplicateIdCount } from './waterfall/duplicate-id.tsx';

const BADGE_TONES = {
  warn: 'bg-amber-200 text-amber-950',
  info: 'bg-gray-200 dark:bg-gray-700',
  file: 'border border-sky-400 bg-sky-50 font-medium text-sky-950 break-all dark:border-sky-500 dark:bg-sky-950 dark:text-sky-100',
  demo: 'border border-violet-400 bg-violet-100 font-medium text-violet-950 dark:border-violet-500 dark:bg-violet-950 dark:text-violet-100',
} as const;

export interface TraceHeaderProps {
  trace: LoadedTrace;
  embed: boolean;
  /** The local file the trace came from, if it did. */
  sourceFile?: string;
  /** Selects a span in the waterfall (the error origin's link). */
  onOpenSpan?: (row: number) => void;
  /** Link to a span of this trace. */
  spanHref?: (row: number) => string;
  /** What the orphans most likely are (links/links-text.ts), replacing the bare count. */
  orphans?: { text: string; title: string; onOpen?: () => void };
  /** Under the badges: the "linked from" chip and the broken-chain notices. */
  children?: ReactNode;
  /** Shows the values as decoded, or redacted again (only offered when the operator allows it). */
  onReveal?: (reveal: boolean) => void;
}

export function TraceHeader(props: TraceHeaderProps) {
  const { trace } = props;
  const [utc, setUtc] = useState(false);
  const t = trace.table;
  const root = trace.roots.length > 0 ? trace.roots[0] : -1;
  const rootService = root >= 0 ? t.strings[t.service[root]] : '';
  const rootName = root >= 0 ? t.strings[t.name[root]] : '';
  const xrayId = xrayFormFor(trace.traceId, trace.format === 'xray-json', trace.startUnixNano);
  const duplicates = useMemo(() => duplicateIdCount(t), [t]);
  const skewed = trace.warnings.filter((w) => w.kind === 'clock-skew').length;
  const badges: Array<{
    key: string;
    text: string;
    tone: 'warn' | 'info' | 'demo' | 'file';
    title?: string;
    onOpen?: () => void;
  }> = [];
  if (props.sourceFile !== undefined)
    badges.push({
      key: 'file',
      text: `From file ${props.sourceFile}`,
      tone: 'file',
      title:
        'Read in this browser tab from a local file, not from a datasource: links to it work only in this tab until it is closed or reloaded',
    });
  if (trace.demo)
    badges.push({
      key: 'demo',
      text: 'Demo data',
      tone: 'demo',
      title:
        'Seeded by the embedded backend (resource attribute tracelight.demo=true); npm start -- --no-demo starts without it',
    });
  if (trace.counts.orphans > 0)
    badges.push({
      key: 'orphans',
      text: props.orphans?.text ?? `${trace.counts.orphans} orphan spans`,
      tone: 'warn',
      title: props.orphans?.title,
      onOpen: props.orphans?.onOpen,
    });
  if (duplicates > 0)
    badges.push({
      key: 'duplicates',
      text: `${duplicates} spans with a duplicate ID`,
      tone: 'warn',
      title: DUPLICATE_ID_WHY,
    });
  if (skewed > 0 || trace.skewAdjusted)
    badges.push({
      key: 'skew',
      text: trace.skewAdjusted ? 'Clock skew adjusted' : `Clock skew (${skewed})`,
      tone: 'warn',
    });
  if (trace.partial)
    badges.push({ key: 'partial', text: 'Partial trace', tone: 'warn', title: trace.partial });
  for (const b of samplingBadges(trace.sampling))
    badges.push({ ...b, tone: b.key === 'not-sampled' ? 'warn' : 'info' });
  badges.push({ key: 'dark', tone: 'info', ...darkTimeBadge(trace) });
  badges.push({
    key: 'cp',
    text: `Critical path ${formatDuration(trace.analyses.cpLengthNs)}`,
    tone: 'info',
  });

  return (
    <header className="border-b border-gray-300 px-3 py-2 dark:border-gray-700" data-testid="trace-header">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-lg font-semibold">
          {rootService} <span className="font-normal opacity-80">{rootName}</span>
        </h1>
        <span className="font-mono text-xs" data-testid="trace-id">
          {trace.traceId}
        </span>
        <CopyButton text={trace.traceId} label="Copy trace ID" />
        {xrayId ? (
          <>
            <span
              className="font-mono text-xs"
              data-testid="trace-id-xray"
              title="The same trace ID in AWS X-Ray's form"
            >
              <span className="font-sans opacity-80">X-Ray </span>
              {xrayId}
            </span>
            <CopyButton text={xrayId} label="Copy X-Ray trace ID" />
          </>
        ) : null}
      </div>
      <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs">
        <Item term="Start">
          {formatUnixNanoTimestamp(trace.startUnixNano, utc)}{' '}
          {zoneIsUtcAt(trace.startUnixNano) ? null : (
            <button type="button" className="underline" onClick={() => setUtc(!utc)} aria-pressed={utc}>
              {utc ? 'show local' : 'show UTC'}
            </button>
          )}
        </Item>
        <Item term="Duration">{formatDuration(trace.durationNs)}</Item>
        <Item term="Spans">{formatCount(trace.counts.spans)}</Item>
        <Item term="Services">{trace.counts.services}</Item>
        <Item term="Errors">{trace.counts.errors}</Item>
        <Item term="Depth">{trace.counts.maxDepth}</Item>
      </dl>
      {props.onOpenSpan && props.spanHref ? (
        <ErrorOriginLine trace={trace} onOpenSpan={props.onOpenSpan} spanHref={props.spanHref} />
      ) : null}
      <ul className="mt-1 flex flex-wrap gap-1 text-xs" aria-label="Warnings and figures">
        {badges.map((b) => (
          <li
            key={b.key}
            title={b.title}
            data-badge={b.key}
            className={`rounded px-1.5 py-0.5 ${BADGE_TONES[b.tone]}`}
          >
            {b.onOpen ? (
              <button type="button" className="underline" onClick={b.onOpen}>
                {b.text}
              </button>
            ) : (
              b.text
            )}
          </li>
        ))}
        {trace.redaction && redactionBadgeText(trace.redaction) !== null ? (
          <li>
            <RedactionBadge redaction={trace.redaction} onReveal={props.onReveal} />
          </li>
        ) : null}
      </ul>
      {trace.partial ? (
        <p role="status" className="mt-1 rounded bg-amber-100 px-2 py-1 text-xs text-amber-950">
          The backend says this trace is incomplete: {trace.partial}
        </p>
      ) : null}
      {props.children}
    </header>
  );
}

function Item(props: { term: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-1">
      <dt className="opacity-70">{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}
