// Open traces without a backend: drop files (on the whole window with `windowDrops`), pick them, or
// paste JSON. Every format the decoders read; files holding several traces between them offer a list,
// searchable with TraceQL. Nothing is uploaded.
import { type DragEvent, useEffect, useRef, useState } from 'react';
import type { OpenedResult } from './opened-result.ts';
import type { PickEntry } from './pick-list.ts';
import { failureText, type OpenResult, openFile, openText } from './read-input.ts';
import { TracePicker } from './TracePicker.tsx';
import { useWindowFileDrop } from './use-window-file-drop.ts';

export type { OpenedResult } from './opened-result.ts';

interface OpenFilesProps {
  /** Called with a loaded trace (its worker now belongs to the caller). */
  onOpened: (opened: OpenedResult) => void;
  /** Compact: a button and a paste box in a toolbar; otherwise a drop zone. */
  compact?: boolean;
  /** Files dropped anywhere on the window open here (one instance per page), with an overlay while dragging. */
  windowDrops?: boolean;
}

export function OpenFiles(props: OpenFilesProps) {
  const picker = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<Array<{ fileName: string; message: string }>>([]);
  const [busy, setBusy] = useState(false);
  const [paste, setPaste] = useState('');
  const [pasteOpen, setPasteOpen] = useState(false);
  // Files whose traces are on offer; their workers are ours until one is picked (the others go).
  const [picking, setPicking] = useState<OpenedResult[] | null>(null);
  const pickingRef = useRef<OpenedResult[] | null>(null);
  const offer = (files: OpenedResult[] | null) => {
    for (const f of pickingRef.current ?? []) if (!files?.includes(f)) f.client.dispose();
    pickingRef.current = files;
    setPicking(files);
  };
  useEffect(
    () => () => {
      for (const f of pickingRef.current ?? []) f.client.dispose();
      pickingRef.current = null;
    },
    [],
  );

  const handle = async (results: Promise<OpenResult>[]) => {
    setBusy(true);
    const settled = await Promise.all(results);
    setBusy(false);
    setErrors(
      settled.filter((r) => !r.ok).map((r) => ({ fileName: r.fileName, message: r.ok ? '' : r.message })),
    );
    const good = settled.filter((r): r is OpenedResult => r.ok);
    if (good.length === 0) return;
    const traces = good.reduce((n, r) => n + r.trace.choices.length, 0);
    if (good.length === 1 && traces <= 1) {
      offer(null);
      props.onOpened(good[0]);
    } else offer(good);
  };

  const pick = async (entry: PickEntry) => {
    const files = pickingRef.current;
    const opened = files?.[entry.source];
    if (!files || !opened) return;
    // The picked file's worker goes to the caller; the others are no longer needed.
    pickingRef.current = null;
    setPicking(null);
    for (const f of files) if (f !== opened) f.client.dispose();
    if (entry.choice.traceId === opened.trace.traceId) return props.onOpened(opened);
    const outcome = await opened.client.reanalyse({ adjustSkew: false, pickTraceId: entry.choice.traceId });
    if (outcome.ok) props.onOpened({ ...opened, trace: outcome.trace });
    else {
      opened.client.dispose();
      setErrors([{ fileName: opened.fileName, message: failureText(opened.fileName, outcome.failure) }]);
    }
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) void handle(files.map(openFile));
  };
  const windowDrops = props.windowDrops ?? false;
  const dragging = useWindowFileDrop((files) => void handle(files.map(openFile)), windowDrops);

  return (
    <section
      aria-label="Open trace files"
      // With window drops the window's listener takes the drop; this one would read it twice.
      onDragOver={windowDrops ? undefined : (e) => e.preventDefault()}
      onDrop={windowDrops ? undefined : onDrop}
      className={
        props.compact
          ? 'relative flex items-center gap-2'
          : 'rounded border-2 border-dashed border-gray-400 p-4'
      }
    >
      <input
        ref={picker}
        type="file"
        multiple
        accept=".json,.jsonl,.ndjson,.pb,.bin,.protobuf,application/json,application/x-protobuf"
        className="sr-only"
        data-testid="open-file-input"
        aria-label="Trace files"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          if (files.length > 0) void handle(files.map(openFile));
        }}
      />
      <button
        type="button"
        className="rounded border border-gray-400 px-2 py-0.5 text-xs"
        onClick={() => picker.current?.click()}
      >
        Open file…
      </button>
      <button
        type="button"
        className="rounded border border-gray-400 px-2 py-0.5 text-xs"
        onClick={() => setPasteOpen(!pasteOpen)}
      >
        Paste JSON
      </button>
      {props.compact ? null : (
        <span className="ml-2 text-sm opacity-70">
          or drop trace files {windowDrops ? 'anywhere on the page' : 'here'} (read in your browser, never
          uploaded)
        </span>
      )}
      {dragging ? (
        <div
          data-testid="file-drop-overlay"
          aria-hidden="true"
          className="pointer-events-none fixed inset-0 z-50 flex items-center justify-center bg-sky-900/40 p-8"
        >
          <p className="rounded-lg border-4 border-dashed border-sky-200 bg-white px-8 py-6 text-lg font-semibold text-sky-950 shadow-xl dark:bg-slate-900 dark:text-sky-100">
            Drop trace files to open them — read in your browser, never uploaded
          </p>
        </div>
      ) : null}
      {busy ? (
        <span role="status" className="text-xs">
          Reading…
        </span>
      ) : null}
      {pasteOpen ? (
        <form
          className="mt-2 flex flex-col gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            if (paste.trim()) void handle([openText(paste)]);
          }}
        >
          <textarea
            aria-label="Trace JSON"
            className="h-32 w-full rounded border border-gray-400 p-1 font-mono text-xs"
            value={paste}
            onChange={(e) => setPaste(e.target.value)}
          />
          <button type="submit" className="self-start rounded border border-gray-400 px-2 py-0.5 text-xs">
            Open pasted JSON
          </button>
        </form>
      ) : null}
      {errors.length > 0 ? (
        <ul role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
          {errors.map((e) => (
            <li key={e.fileName}>{e.message}</li>
          ))}
        </ul>
      ) : null}
      {picking ? (
        <TracePicker
          files={picking}
          compact={props.compact}
          onPick={(e) => void pick(e)}
          onClose={() => offer(null)}
        />
      ) : null}
    </section>
  );
}
