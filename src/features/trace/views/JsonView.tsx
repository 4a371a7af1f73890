// The trace as JSON (the backend's body when it answered JSON, else OTLP JSON rebuilt in the
// worker): virtualized lines of the preview, search, download of the whole document.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { formatCount } from '../../../ui/format';
import { useVirtualRows } from '../../../ui/virtual/use-virtual-rows.ts';
import { rowSpanId } from '../waterfall/span-id.ts';
import { lineAt, lineStarts, searchLines } from './json-model.ts';
import { useWorkerView } from './use-worker-view.ts';
import type { TraceViewProps } from './view-props.ts';

const LINE_HEIGHT = 18;

/** A span ID as Tempo's JSON spells it (base64 of the 8 bytes), to find it in the backend's body. */
function base64Id(hex: string): string {
  if (!/^[0-9a-f]{16}$/.test(hex)) return hex;
  let binary = '';
  for (let i = 0; i < 16; i += 2) binary += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary);
}

export function JsonView(props: TraceViewProps) {
  const { trace, client, selectedRow } = props;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new table (skew switch) needs a new answer from the worker
  const json = useWorkerView(useCallback(() => client.jsonView(), [client, trace.table]));
  const [query, setQuery] = useState(props.url.find);
  const [hit, setHit] = useState(0);
  const text = json.state === 'ready' ? json.value.preview : '';
  const starts = useMemo(() => lineStarts(text), [text]);
  const hits = useMemo(() => searchLines(text, starts, query), [text, starts, query]);
  const selectedLine = useMemo(() => {
    if (selectedRow < 0 || !text) return -1;
    const hex = rowSpanId(trace.table, selectedRow);
    for (const id of [hex, base64Id(hex)]) {
      const lines = searchLines(text, starts, `"${id}"`);
      if (lines.length > 0) return lines[0];
    }
    return -1;
  }, [selectedRow, text, starts, trace.table]);
  const virtual = useVirtualRows<HTMLDivElement>({
    rowCount: json.state === 'ready' ? starts.length : 0,
    rowHeight: LINE_HEIGHT,
    overscan: 20,
  });
  const { centre } = virtual;
  const shown: number[] = [];
  for (let i = virtual.first; i < virtual.last; i++) shown.push(i);
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    setDownloading(true);
    const whole = await client.jsonDownload();
    setDownloading(false);
    if (!whole) return;
    const href = URL.createObjectURL(whole.blob);
    const anchor = document.createElement('a');
    anchor.href = href;
    anchor.download = `trace-${trace.traceId}.json`;
    anchor.click();
    // The browser has the Blob by now; keep the URL a moment for slow download starts.
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  };
  useEffect(() => {
    if (selectedLine >= 0) centre(selectedLine);
  }, [selectedLine, centre]);
  // A new search shows its first match.
  useEffect(() => {
    if (hits.length > 0) centre(hits[0]);
  }, [hits, centre]);
  const current = hits.length > 0 ? Math.min(hit, hits.length - 1) : -1;
  const go = (delta: number) => {
    if (hits.length === 0) return;
    const next = (current + delta + hits.length) % hits.length;
    setHit(next);
    centre(hits[next]);
  };
  const hitSet = useMemo(() => new Set(hits), [hits]);

  return (
    <section className="flex min-h-0 flex-1 flex-col text-sm" aria-label="JSON" data-testid="json-view">
      <div className="flex flex-wrap items-center gap-2 border-b border-gray-300 px-3 py-2 dark:border-gray-700">
        <input
          type="search"
          aria-label="Search the JSON"
          placeholder="Search the JSON"
          className="rounded border border-gray-300 px-2 py-1 dark:border-gray-600 dark:bg-gray-900"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setHit(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') go(e.shiftKey ? -1 : 1);
          }}
        />
        <button type="button" aria-label="Previous JSON match" onClick={() => go(-1)}>
          ↑
        </button>
        <button type="button" aria-label="Next JSON match" onClick={() => go(1)}>
          ↓
        </button>
        <span data-testid="json-count" aria-live="polite">
          {query.trim() ? (hits.length > 0 ? `${current + 1} of ${hits.length} lines` : 'no match') : ''}
        </span>
        {json.state === 'ready' ? (
          <span className="opacity-75" data-testid="json-origin" data-origin={json.value.origin}>
            {json.value.origin === 'backend'
              ? 'As the backend sent it (pretty-printed).'
              : trace.redaction?.where === 'worker' &&
                  (trace.redaction.total > 0 || trace.redaction.counting) &&
                  !trace.redaction.revealed
                ? 'OTLP JSON rebuilt from the trace after the redaction rules (hex IDs): the backend’s body holds values they mask.'
                : 'OTLP JSON rebuilt from the decoded trace (hex IDs).'}
          </span>
        ) : null}
        <button
          type="button"
          className="ml-auto rounded border border-gray-300 px-2 py-1 dark:border-gray-600"
          disabled={downloading || json.state !== 'ready'}
          onClick={() => void download()}
        >
          {downloading ? 'Preparing the download…' : 'Download JSON'}
        </button>
      </div>
      {json.state === 'loading' ? (
        <p role="status" className="p-3">
          Rendering JSON in the background…
        </p>
      ) : null}
      {json.state === 'failed' ? (
        <p role="alert" className="p-3">
          The JSON could not be rendered.
        </p>
      ) : null}
      {json.state === 'ready' && !json.value.complete ? (
        <p role="note" className="bg-amber-50 px-3 py-1 dark:bg-amber-900/40" data-testid="json-cut">
          Showing the first {formatCount(starts.length)} lines; download the JSON for the whole document.
        </p>
      ) : null}
      {/* Focusable so the keyboard can scroll it (it holds no focusable content of its own). */}
      <div
        ref={virtual.ref}
        onScroll={virtual.onScroll}
        role="region"
        aria-label="JSON document"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        tabIndex={0}
        className="min-h-0 flex-1 overflow-auto font-mono text-xs outline-none focus-visible:outline-solid focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600 dark:focus-visible:outline-sky-400"
        data-testid="json-lines"
      >
        <div
          style={{ height: virtual.spacerHeight, position: 'relative', minWidth: '100%', overflowY: 'clip' }}
        >
          {shown.map((index) => {
            const isHit = hitSet.has(index);
            const isCurrent = current >= 0 && hits[current] === index;
            return (
              <div
                key={index}
                data-line={index + 1}
                data-selected={index === selectedLine ? '1' : undefined}
                className={`absolute left-0 whitespace-pre px-3 ${isCurrent ? 'bg-yellow-300 dark:bg-yellow-700' : isHit ? 'bg-yellow-100 dark:bg-yellow-900/50' : index === selectedLine ? 'bg-blue-100 dark:bg-blue-900' : ''}`}
                style={{ top: virtual.rowTop(index), height: LINE_HEIGHT }}
              >
                <span
                  className={`mr-3 inline-block w-12 select-none text-right ${index === selectedLine ? 'text-slate-700 dark:text-slate-300' : 'text-slate-600 dark:text-slate-400'}`}
                >
                  {index + 1}
                </span>
                {lineAt(text, starts, index)}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
