// What the waterfall's marks mean, one click away in the toolbar: a "Legend" button opening a small,
// non-modal popover drawn with the row's own styles (waterfall/row-marks.ts). Keyboard: the button
// opens it and focus moves in; Esc (or the close button) closes it and focus returns to the button;
// a click outside closes it too.
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { focusRing } from '../../ui/styles.ts';
import { usePopover } from '../../ui/use-popover.ts';
import { LinkedHereChip, MissingParentChip } from './links/trace-marks.tsx';
import { DuplicateIdChip } from './waterfall/duplicate-id.tsx';
import {
  CRITICAL_PATH_MARK,
  DARK_HATCH,
  ERROR_BAR_RING,
  ERROR_NAME_MARK,
  EVENT_TICK,
  LOG_TICK,
  SPAN_BAR,
} from './waterfall/row-marks.ts';
import { SpanLinksChip } from './waterfall/span-links-mark.tsx';

/** A neutral bar colour that reads in both themes. */
const SWATCH_COLOUR = '#7c9cc4';

function Swatch(props: { children?: ReactNode; name?: ReactNode; ring?: boolean }) {
  return (
    <span aria-hidden="true" className="flex w-28 shrink-0 items-center gap-1">
      <span className="w-3 shrink-0 text-center">{props.name}</span>
      <span className="relative h-5 flex-1">
        <span
          data-legend-bar=""
          className={`${SPAN_BAR} ${props.ring ? ERROR_BAR_RING : ''}`}
          style={{ left: '10%', width: '80%', background: SWATCH_COLOUR }}
        />
        {props.children}
      </span>
    </span>
  );
}

export const LEGEND_ENTRIES: ReadonlyArray<{ key: string; term: string; swatch: ReactNode; text: string }> = [
  {
    key: 'dark',
    term: 'Dark time (hatched)',
    swatch: (
      <Swatch>
        <span
          data-legend-dark=""
          className="absolute top-1 bottom-1"
          style={{ left: '35%', width: '35%', background: DARK_HATCH }}
        />
      </Swatch>
    ),
    text: 'Part of a span’s time while none of its children ran: time the instrumentation cannot explain (uninstrumented code, queueing, locks, GC). Shown when “Dark time” is on.',
  },
  {
    key: 'cp',
    term: 'Critical path (bar under the span)',
    swatch: (
      <Swatch>
        <span data-legend-cp="" className={CRITICAL_PATH_MARK} style={{ left: '10%', width: '55%' }} />
      </Swatch>
    ),
    text: 'The stretches of spans that set the trace’s end-to-end latency: only shortening these shortens the request. Shown when “Critical path” is on.',
  },
  {
    key: 'error',
    term: 'Error (red outline and !)',
    swatch: <Swatch ring name={<span className={ERROR_NAME_MARK}>!</span>} />,
    text: 'The span’s status is error: its bar has a red outline and its name a red “!” (in the flame graph, its frame a red outline and a “!” badge). Insights names where the error started.',
  },
  {
    key: 'group',
    term: 'Repeated calls (▸ name ×N)',
    swatch: (
      <Swatch name="▸">
        {[15, 30, 45, 60, 75].map((left) => (
          <span
            key={left}
            className="absolute top-1 bottom-1"
            style={{ left: `${left}%`, width: '6%', background: '#2f5f96' }}
          />
        ))}
      </Swatch>
    ),
    text: 'Five or more siblings in a row with the same service and operation (an N+1 query, say), folded into one row: their count, total time, median and errors, each call drawn on one bar. Click or Enter unfolds them; “Group repeats” turns folding off.',
  },
  {
    key: 'event',
    term: 'Span event (tick at the top)',
    swatch: (
      <Swatch>
        <span className={EVENT_TICK} style={{ left: '50%' }} />
      </Swatch>
    ),
    text: 'Something the span recorded at that moment, such as an exception.',
  },
  {
    key: 'log',
    term: 'Log line (amber tick at the bottom)',
    swatch: (
      <Swatch>
        <span className={LOG_TICK} style={{ left: '40%' }} />
      </Swatch>
    ),
    text: 'A log line of this span, when a logs datasource is configured.',
  },
  {
    key: 'duplicate',
    term: 'Duplicate span ID (chip after the name)',
    swatch: (
      <span aria-hidden="true" className="flex w-28 shrink-0 items-center">
        <DuplicateIdChip />
      </span>
    ),
    text: 'Another span of the trace has the same span ID (a retried export, a merged file). Both are shown; a link to the ID opens the first.',
  },
  {
    key: 'links',
    term: 'Span links (chip after the name)',
    swatch: (
      <span aria-hidden="true" className="flex w-28 shrink-0 items-center">
        <SpanLinksChip />
      </span>
    ),
    text: 'The span links to other spans (a message it consumed, the requests a batch serves). The span panel lists them and opens each in its own trace.',
  },
  {
    key: 'linked-here',
    term: 'Linked from (⇠ N after the name)',
    swatch: (
      <span aria-hidden="true" className="flex w-28 shrink-0 items-center">
        <LinkedHereChip count={3} text="3 consumers link here" />
      </span>
    ),
    text: 'N spans — in other traces or this one — link to this span (the consumers of a message it sent). The span panel lists them; each opens in its own trace, and the breadcrumb leads back.',
  },
  {
    key: 'missing-parent',
    term: 'Missing parent (chip after the name)',
    swatch: (
      <span aria-hidden="true" className="flex w-28 shrink-0 items-center">
        <MissingParentChip title="" />
      </span>
    ),
    text: 'The span names a parent the trace does not hold. The hover card and span panel say its parent’s ID, the call it most likely answers and the likely causes (still arriving, sampled out, propagation broke).',
  },
];

export function TraceLegend() {
  const { open, setOpen, wrapper, button, hide, onKeyDown } = usePopover();
  const id = useId();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) close.current?.focus();
  }, [open]);

  return (
    // Esc is the popover's own here: it must not also reach the screen's shortcut (clearing the span).
    // biome-ignore lint/a11y/noStaticElementInteractions: the key handler only catches Esc from the controls inside
    <div ref={wrapper} className="relative" onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-legend`}
        className={`rounded border border-gray-400 px-1.5 py-0.5 dark:border-gray-500 ${focusRing}`}
        onClick={() => setOpen(!open)}
      >
        Legend
      </button>
      {open ? (
        <div
          id={`${id}-legend`}
          role="dialog"
          aria-labelledby={`${id}-legend-title`}
          className="absolute top-full right-0 z-40 mt-1 w-[26rem] rounded border border-gray-300 bg-white p-3 text-xs text-gray-900 shadow-lg dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100"
        >
          <div className="mb-2 flex items-center">
            <h2 id={`${id}-legend-title`} className="flex-1 text-sm font-semibold">
              What the waterfall’s marks mean
            </h2>
            <button
              ref={close}
              type="button"
              className={`rounded border border-gray-400 px-1.5 dark:border-gray-500 ${focusRing}`}
              onClick={hide}
            >
              Close
            </button>
          </div>
          <dl className="flex flex-col gap-2">
            {LEGEND_ENTRIES.map((entry) => (
              <div key={entry.key} data-legend={entry.key}>
                <dt className="flex items-center gap-2 font-semibold">
                  {entry.swatch}
                  {entry.term}
                </dt>
                <dd className="pl-[7.5rem]">{entry.text}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </div>
  );
}
