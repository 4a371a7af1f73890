// "Export trace" (decision 0331): a modal dialog offering removals on top of the redaction rules,
// then the OTLP JSON download and a summary of what was removed. The dialog keeps focus inside
// (Tab cycles), Esc closes it, and focus returns to the button that opened it.
import { useEffect, useId, useRef, useState } from 'react';
import { formatCount } from '../../ui/format';
import { focusRing } from '../../ui/styles.ts';
import type { TraceWorkerClient } from '../../worker/client.ts';
import type { ExportSummary } from '../../worker/export.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';

export function ExportTrace(props: { trace: LoadedTrace; client: TraceWorkerClient }) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={opener}
        type="button"
        className={`rounded border border-gray-400 px-1.5 py-0.5 text-xs dark:border-gray-500 ${focusRing}`}
        onClick={() => setOpen(true)}
      >
        Export trace
      </button>
      {open ? (
        <ExportDialog
          trace={props.trace}
          client={props.client}
          onClose={() => {
            setOpen(false);
            opener.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}

function ExportDialog(props: { trace: LoadedTrace; client: TraceWorkerClient; onClose: () => void }) {
  const { trace, client, onClose } = props;
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLInputElement>(null);
  const [keysOn, setKeysOn] = useState(false);
  const [keys, setKeys] = useState('');
  const [resource, setResource] = useState(false);
  const [events, setEvents] = useState(false);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<ExportSummary | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => first.current?.focus(), []);
  // Esc closes the dialog wherever focus went (a download can take it to the page).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      onClose();
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [onClose]);

  const run = async () => {
    setBusy(true);
    setFailed(false);
    const keyList = keysOn
      ? keys
          .split(',')
          .map((k) => k.trim())
          .filter((k) => k !== '')
      : [];
    const result = await client.exportTrace({ keys: keyList, resource, events });
    setBusy(false);
    if (!result) {
      setFailed(true);
      return;
    }
    setSummary(result.summary);
    const href = URL.createObjectURL(result.blob);
    const anchor = document.createElement('a');
    anchor.href = href;
    anchor.download = `trace-${trace.traceId}-redacted.json`;
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  };

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/40">
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-what`}
        data-testid="export-dialog"
        className="w-[30rem] max-w-[95vw] rounded bg-white p-4 text-sm text-gray-900 shadow-xl dark:bg-gray-900 dark:text-gray-100"
        onKeyDown={(event) => {
          if (event.key !== 'Tab' || !box.current) return;
          const controls = [
            ...box.current.querySelectorAll<HTMLElement>('input:not([disabled]), button:not([disabled])'),
          ];
          if (controls.length === 0) return;
          const at = controls.indexOf(document.activeElement as HTMLElement);
          const next = event.shiftKey
            ? at <= 0
              ? controls.length - 1
              : at - 1
            : at === controls.length - 1
              ? 0
              : at + 1;
          event.preventDefault();
          controls[next].focus();
        }}
      >
        <h2 id={`${id}-title`} className="mb-1 font-semibold">
          Export trace
        </h2>
        <p id={`${id}-what`} className="mb-3 text-xs">
          Writes the trace as OTLP JSON with the server’s redaction rules applied, even when the screen shows
          revealed values. You can remove more:
        </p>
        <fieldset className="mb-3 flex flex-col gap-2">
          <legend className="mb-1 text-xs font-semibold">Also remove</legend>
          <label className="flex items-center gap-2">
            <input
              ref={first}
              type="checkbox"
              className={focusRing}
              checked={keysOn}
              onChange={(e) => setKeysOn(e.target.checked)}
            />
            Every value of these attribute keys
          </label>
          <label className="ml-6 flex flex-col gap-0.5 text-xs">
            <span>Keys, separated by commas</span>
            <input
              type="text"
              className={`rounded border border-gray-400 px-1.5 py-0.5 font-mono dark:border-gray-500 dark:bg-gray-800 ${focusRing}`}
              value={keys}
              disabled={!keysOn}
              placeholder="user.id, enduser.id"
              onChange={(e) => setKeys(e.target.value)}
            />
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              className={focusRing}
              checked={resource}
              onChange={(e) => setResource(e.target.checked)}
            />
            Resource attributes (host, pod, cloud…), keeping service.name
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              className={focusRing}
              checked={events}
              onChange={(e) => setEvents(e.target.checked)}
            />
            Span event attributes (log fields, exception messages and stack traces)
          </label>
        </fieldset>
        {summary ? <ExportSummaryText summary={summary} /> : null}
        {failed ? (
          <p role="alert" className="mb-2 text-xs text-red-800 dark:text-red-300">
            The export failed: the trace is no longer loaded.
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button
            type="button"
            className={`rounded border border-gray-400 px-2 py-0.5 dark:border-gray-500 ${focusRing}`}
            onClick={onClose}
          >
            {summary ? 'Close' : 'Cancel'}
          </button>
          <button
            type="button"
            className={`rounded bg-sky-700 px-2 py-0.5 text-white disabled:opacity-60 dark:bg-sky-500 dark:text-slate-950 ${focusRing}`}
            disabled={busy}
            onClick={() => void run()}
          >
            {busy ? 'Exporting…' : summary ? 'Export again' : 'Export'}
          </button>
        </div>
      </div>
    </div>
  );
}

function ExportSummaryText(props: { summary: ExportSummary }) {
  const { rules, extras, spans } = props.summary;
  const items = [
    ...rules.byRule.map((r) => ({ key: `rule-${r.rule}`, what: `rule ${r.rule}`, count: r.count })),
    ...extras.map((e) => ({ key: `extra-${e.what}`, what: extraText(e.what), count: e.count })),
  ];
  return (
    <div
      role="status"
      className="mb-3 rounded bg-gray-100 p-2 text-xs dark:bg-gray-800"
      data-testid="export-summary"
    >
      <p className="mb-1">
        Exported {formatCount(spans)} spans.{' '}
        {items.length === 0 ? 'Nothing was removed.' : 'Removed or masked:'}
      </p>
      {items.length > 0 ? (
        <ul className="list-disc pl-5">
          {items.map((i) => (
            <li key={i.key}>
              {i.what}: {formatCount(i.count)} {i.count === 1 ? 'value' : 'values'}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function extraText(what: string): string {
  if (what === 'resource') return 'resource attributes';
  if (what === 'events') return 'span event attributes';
  return what.startsWith('key ') ? `every value of ${what.slice(4)}` : what;
}
