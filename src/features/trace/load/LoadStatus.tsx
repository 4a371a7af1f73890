// What the trace page shows until the trace is there: the load's progress, or why it failed (with
// every datasource's answer when several were asked).
import { Link } from 'react-router';
import { normalizeTraceId } from '../../../routes/ids.ts';
import { tracePath } from '../../../routes/trace-url.ts';
import { formatBytes, formatCount } from '../../../ui/format.ts';
import { Notice } from '../../../ui/Notice.tsx';
import type { LoadFailure, Progress } from '../../../worker/protocol.ts';
import { answerText } from './answer-text.ts';

export function TraceLoading(props: { traceId: string; progress: Progress | null }) {
  const p = props.progress;
  const words: Record<Progress['phase'], string> = {
    fetching: 'Fetching',
    decoding: 'Decoding',
    analysing: 'Analysing',
    transferring: 'Preparing the view',
  };
  const fetched = p?.phase === 'fetching' && (p.done > 0 || p.total) ? fetchedText(p) : undefined;
  const amount = fetched
    ? ` ${fetched}`
    : p && p.phase === 'analysing' && p.total
      ? ` ${formatCount(p.total)} spans`
      : '';
  const total = p?.phase === 'fetching' ? p.total : undefined;
  return (
    <div role="status" aria-live="polite" data-testid="trace-loading">
      <p>
        {p ? words[p.phase] : 'Looking for'} trace <span className="font-mono">{props.traceId}</span>
        {amount}…
      </p>
      {p && total ? (
        // A known size: the bar fills with the bytes received (aria-valuenow/max for screen readers).
        <progress
          className="w-full"
          aria-label="Bytes received"
          value={Math.min(p.done, total)}
          max={total}
          aria-valuenow={Math.min(p.done, total)}
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuetext={fetched}
          data-testid="trace-loading-bar"
        />
      ) : (
        <progress
          className="w-full"
          aria-label={fetched ? 'Bytes received' : 'Loading'}
          aria-valuetext={fetched}
          data-testid="trace-loading-bar"
        />
      )}
    </div>
  );
}

/** "1.2 MB of 3.4 MB", or "1.2 MB received" when the server did not say the size (a compressed body). */
function fetchedText(p: Progress): string {
  return p.total ? `${formatBytes(p.done)} of ${formatBytes(p.total)}` : `${formatBytes(p.done)} received`;
}

export function TraceLoadFailure(props: {
  traceId: string;
  failure: LoadFailure;
  ds: string | undefined;
  /** The backend window the page was opened with; the links to each datasource keep it. */
  window: { start?: number; end?: number };
}) {
  const f = props.failure;
  const answers = f.kind === 'not-found' || f.kind === 'datasource' ? (f.answers ?? []) : [];
  const title =
    f.kind === 'not-found'
      ? 'Trace not found'
      : f.kind === 'http' || f.kind === 'datasource'
        ? 'The backend answered with an error'
        : f.kind === 'decode'
          ? 'The trace could not be read'
          : 'The trace could not be loaded';
  return (
    <section aria-label={title} data-testid="trace-failure">
      <h1 className="mb-2 text-xl font-semibold">{title}</h1>
      <Notice tone={f.kind === 'not-found' ? 'warning' : 'error'}>
        <p>
          <span className="font-mono">{props.traceId}</span>:{' '}
          {f.kind === 'http' || (f.kind === 'datasource' && f.status)
            ? `HTTP ${f.kind === 'http' ? f.status : f.status} — `
            : ''}
          {f.message}
        </p>
      </Notice>
      {answers.length > 0 ? (
        <>
          <h2 className="mt-3 font-semibold">Datasources asked</h2>
          <ul className="list-disc pl-5 text-sm" data-testid="datasource-answers">
            {answers.map((a) => (
              <li key={a.datasource}>
                <Link
                  className="underline"
                  to={tracePath({ traceId: props.traceId, ds: a.datasource, ...props.window })}
                >
                  {a.datasource}
                </Link>
                : {answerText(a)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {f.kind === 'not-found' && answers.length === 0 ? (
        <p className="mt-2 text-sm">
          {props.ds
            ? `Datasource ${props.ds} is not configured as a trace datasource.`
            : 'No trace datasource is configured.'}{' '}
          You can open a trace file instead.
        </p>
      ) : null}
    </section>
  );
}

/**
 * A `file=` link whose file this tab does not hold: files are read in the browser and never uploaded,
 * so only opening the file again brings the trace back. A hex ID may also be in a datasource.
 */
export function FileTraceMissing(props: { traceId: string }) {
  const hex = normalizeTraceId(props.traceId);
  return (
    <section aria-label="Trace from a local file" data-testid="trace-file-missing">
      <h1 className="mb-2 text-xl font-semibold">This trace came from a local file</h1>
      <Notice tone="warning">
        <p>
          Trace <span className="font-mono break-all">{props.traceId}</span> was opened from a file in another
          tab or before a reload. Files are read in your browser and never uploaded, so this link works only
          in the tab that opened the file. Open the file again below.
        </p>
        {hex ? (
          <p className="mt-1">
            <Link className="underline" to={tracePath({ traceId: hex })}>
              Look for {hex} in the trace datasources
            </Link>
          </p>
        ) : null}
      </Notice>
    </section>
  );
}
