// The span details side panel. The table gives the figures at once; attributes, events, links and
// the rest come from the worker on request.
import { type ReactNode, Suspense, useEffect, useMemo, useState } from 'react';
import { spanTemplateSource } from '../../correlate/span-values';
import { attributeValueText } from '../../model/attribute-text.ts';
import type { Attribute, AttributeValue, SpanDetails } from '../../model/types.ts';
import { SpanKind, StatusCode } from '../../model/types.ts';
import { formatCount, formatDuration } from '../../ui/format.ts';
import { TokenText } from '../../ui/TokenText.tsx';
import { useDragWidth } from '../../ui/use-drag-width.ts';
import type { TraceWorkerClient } from '../../worker/client.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';
import { ExternalLinks } from '../trace-logs/index.ts';
import { CopyButton } from './CopyButton.tsx';
import { LazySpanLogsSection, LazySpanMetricsSection } from './correlation-sections.tsx';
import { SpanLinksSections } from './links/LinksPanels.tsx';
import { TraceAnchor } from './links/TraceAnchor.tsx';
import { rowSpanId } from './waterfall/span-id.ts';
import { linkedTraceOf } from './waterfall/stitch-marks.tsx';

const FOLD_CHARS = 300;

interface PanelProps {
  trace: LoadedTrace;
  client: TraceWorkerClient;
  row: number;
  width: number;
  onWidth: (px: number) => void;
  onClose: () => void;
  /** A deep link to this span (absolute URL). */
  spanLink: string;
  /** Parameters the copied link leaves out: they hold a value a redaction rule masks. */
  linkWithheld?: readonly string[];
  /** The local file the trace came from: the link opens only in this tab. */
  sourceFile?: string;
  /** Link to a span by IDs (same trace or another), from span `fromSpanId` of this one (the hops). */
  linkTo: (traceId: string, spanId: string, fromSpanId?: string) => string;
  /** The trace datasource the trace came from (its logs/metrics settings apply); absent for files. */
  traceDatasource?: string;
  /** Selects a span of this trace by ID (a clicked log line). */
  onSelectSpan: (spanId: string) => void;
  /** Buttons under the heading that act on this span in the view (focus on its subtree). */
  actions?: ReactNode;
}

export function SpanPanel(props: PanelProps) {
  const { trace, client, row } = props;
  const [details, setDetails] = useState<SpanDetails | null>(null);
  useEffect(() => {
    let live = true;
    setDetails(null);
    void client.details(row).then((d) => {
      if (live) setDetails(d);
    });
    return () => {
      live = false;
    };
  }, [client, row]);

  const t = trace.table;
  const a = trace.analyses;
  const spanId = rowSpanId(t, row);
  const startResize = useDragWidth({
    width: props.width,
    onWidth: props.onWidth,
    min: 260,
    max: 1200,
    edge: 'start',
  });

  return (
    <aside
      aria-label="Span details"
      data-testid="span-panel"
      className="relative flex shrink-0 flex-col overflow-y-auto border-l border-gray-300 text-xs dark:border-gray-700"
      style={{ width: props.width }}
    >
      <div
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize the details panel"
        aria-valuenow={props.width}
        tabIndex={-1}
        onPointerDown={startResize}
        className="absolute top-0 left-0 h-full w-1.5 cursor-col-resize hover:bg-blue-500"
      />
      <div className="flex items-start justify-between gap-2 border-b border-gray-300 p-2 dark:border-gray-700">
        <h2 className="text-sm font-semibold break-all">{t.strings[t.name[row]]}</h2>
        <button type="button" aria-label="Close details" className="px-1" onClick={props.onClose}>
          ✕
        </button>
      </div>
      {props.actions ? <div className="flex flex-wrap gap-2 px-2 pt-2">{props.actions}</div> : null}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 p-2">
        <Term name="Service">{t.strings[t.service[row]]}</Term>
        <Term name="Kind">{kindName(t.kind[row])}</Term>
        <Term name="Status">
          {statusName(t.status[row])}
          {t.statusMessage[row] ? ` — ${t.strings[t.statusMessage[row]]}` : ''}
        </Term>
        {linkedTraceOf(trace, row) ? (
          <Term name="Trace">
            <span data-testid="span-linked-trace">
              linked trace <span className="font-mono">{linkedTraceOf(trace, row)?.traceId}</span>
            </span>
          </Term>
        ) : null}
        <Term name="Span ID">
          <span className="font-mono">{spanId}</span> <CopyButton text={spanId} label="Copy span ID" />
        </Term>
        <Term name="Link">
          <CopyButton
            text={props.spanLink}
            label={
              props.sourceFile ? 'Copy link to this span (works only in this tab)' : 'Copy link to this span'
            }
          />
          {props.sourceFile ? (
            <span className="ml-1" data-testid="local-file-link-note">
              only in this tab: the trace comes from the local file <TokenText text={props.sourceFile} />
            </span>
          ) : null}
          {props.linkWithheld && props.linkWithheld.length > 0 ? (
            <span className="ml-1" data-testid="link-withheld-note">
              the link leaves out {props.linkWithheld.join(', ')}:{' '}
              {props.linkWithheld.length > 1 ? 'they hold values' : 'it holds a value'} a redaction rule masks
            </span>
          ) : null}
        </Term>
        <Term name="Starts at">{formatDuration(t.start[row])}</Term>
        <Term name="Duration">{formatDuration(t.duration[row])}</Term>
        <Term name="Self time">{formatDuration(a.selfTime[row])}</Term>
        <Term name="Dark time">{formatDuration(a.darkTime[row])}</Term>
        <Term name="Critical path">{formatDuration(a.cpTime[row])}</Term>
      </dl>
      <SpanLinksSections table={t} row={row} ownTraceId={trace.traceId} linkTo={props.linkTo} />
      {details ? (
        <DetailsBody
          details={details}
          linkTo={props.linkTo}
          trace={trace}
          traceDatasource={props.traceDatasource}
          onSelectSpan={props.onSelectSpan}
        />
      ) : (
        <p className="p-2 opacity-70">Loading details…</p>
      )}
    </aside>
  );
}

function DetailsBody(props: {
  details: SpanDetails;
  trace: LoadedTrace;
  traceDatasource?: string;
  onSelectSpan: (spanId: string) => void;
  linkTo: (traceId: string, spanId: string, fromSpanId?: string) => string;
}) {
  const d = props.details;
  const { trace, traceDatasource } = props;
  const source = useMemo(() => spanTemplateSource(d), [d]);
  return (
    <>
      <div className="px-2 pb-2 empty:hidden">
        <ExternalLinks traceDatasource={traceDatasource} source={source} />
      </div>
      {d.parentSpanId ? (
        <Section title="Parent">
          <span className="font-mono">{d.parentSpanId}</span>
        </Section>
      ) : null}
      <Section title={`Attributes (${d.attributes.length})`}>
        <Attributes list={d.attributes} />
      </Section>
      <Section title={`Resource (${d.resource.attributes.length})`}>
        <Attributes list={d.resource.attributes} />
      </Section>
      {d.scope.name || d.scope.version ? (
        <Section title="Instrumentation scope">
          {d.scope.name} {d.scope.version}
          <Attributes list={d.scope.attributes} />
        </Section>
      ) : null}
      {d.events.length > 0 ? (
        <Section title={`Events (${d.events.length})`}>
          <ul>
            {d.events.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: events have no identity
              <li key={i} className="mb-1">
                <span className="font-medium">{e.name}</span>{' '}
                <span className="opacity-70">+{formatDuration(e.time - d.start)}</span>
                <Attributes list={e.attributes} />
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {d.links.length > 0 ? (
        <Section title={`Links (${d.links.length})`}>
          <ul>
            {d.links.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: links have no identity of their own
              <li key={i}>
                <TraceAnchor href={props.linkTo(l.traceId, l.spanId, d.spanId)}>
                  {l.traceId === trace.traceId ? 'span' : 'trace'} {l.traceId.slice(0, 8)}… / {l.spanId}
                </TraceAnchor>
                <Attributes list={l.attributes} />
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {d.warnings.length > 0 ? (
        <Section title="Warnings">
          <ul className="list-disc pl-4">
            {d.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Section>
      ) : null}
      <Suspense
        fallback={
          <p className="px-3 py-2 text-xs text-slate-600 dark:text-slate-400">Loading logs and metrics…</p>
        }
      >
        <LazySpanLogsSection traceDatasource={traceDatasource} span={d} onSelectSpan={props.onSelectSpan} />
        <LazySpanMetricsSection
          traceDatasource={traceDatasource}
          span={d}
          traceStartUnixNano={trace.startUnixNano}
          traceDurationNs={trace.durationNs}
        />
      </Suspense>
    </>
  );
}

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <section className="border-t border-gray-200 p-2 dark:border-gray-700">
      <h3 className="mb-1 font-semibold">{props.title}</h3>
      {props.children}
    </section>
  );
}

function Term(props: { name: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="opacity-70">{props.name}</dt>
      <dd className="break-all">{props.children}</dd>
    </>
  );
}

function Attributes(props: { list: Attribute[] }) {
  if (props.list.length === 0) return null;
  return (
    <table className="w-full table-fixed">
      <tbody>
        {props.list.map((attr, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: keys may repeat in bad data
          <tr key={i} className="align-top">
            <td className="w-2/5 pr-2 wrap-break-word opacity-80">
              <TokenText text={attr.key} />
            </td>
            <td className="break-all">
              <Value value={attr.value} />{' '}
              <span className="text-slate-600 dark:text-slate-400">{attr.value.type}</span>{' '}
              <CopyButton text={attributeValueText(attr.value)} label={`Copy ${attr.key}`} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Value(props: { value: AttributeValue }) {
  const text = attributeValueText(props.value);
  const pretty = prettyJson(text);
  const [open, setOpen] = useState(false);
  const shown = pretty ?? text;
  if (shown.length <= FOLD_CHARS || open) {
    return pretty ? <pre className="whitespace-pre-wrap">{pretty}</pre> : <span>{text}</span>;
  }
  return (
    <span>
      {shown.slice(0, FOLD_CHARS)}…{' '}
      <button type="button" className="underline" onClick={() => setOpen(true)}>
        show all ({formatCount(shown.length)} chars)
      </button>
    </span>
  );
}

function prettyJson(text: string): string | null {
  const s = text.trim();
  if (!(s.startsWith('{') || s.startsWith('[')) || s.length > 200_000) return null;
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return null;
  }
}

function kindName(kind: number): string {
  const entry = Object.entries(SpanKind).find(([, v]) => v === kind);
  return entry ? entry[0] : String(kind);
}

function statusName(status: number): string {
  const entry = Object.entries(StatusCode).find(([, v]) => v === status);
  return entry ? entry[0] : String(status);
}
