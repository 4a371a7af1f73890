// Shown when the server's embedded backend answers some datasources: it was seeded with demo traces
// (unless started with --no-demo), how to send one's own, and how to start without the demo.
import { useId } from 'react';
import type { DatasourceInfo } from '../../datasources/config';

const OTLP_ENDPOINT = 'OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318';
const NO_DEMO = 'npm start -- --no-demo';

const code = 'rounded bg-white/70 px-1 py-0.5 font-mono text-xs dark:bg-black/30';

export function EmbeddedNote({ datasources }: { datasources: readonly DatasourceInfo[] }) {
  const titleId = useId();
  const embedded = datasources.filter((ds) => ds.embedded);
  if (embedded.length === 0) return null;
  return (
    <section
      aria-labelledby={titleId}
      data-testid="embedded-note"
      className="rounded-md border border-violet-300 bg-violet-50 px-4 py-3 text-sm text-violet-950 dark:border-violet-700 dark:bg-violet-950 dark:text-violet-100"
    >
      <h2 id={titleId} className="font-semibold">
        Running the embedded backend, with demo traces
      </h2>
      <p className="mt-1">
        {embedded.map((ds) => ds.displayName).join(', ')} {embedded.length === 1 ? 'is' : 'are'} answered by
        Tracelight itself. It starts with an hour of demo traces from a made-up shop; the trace page marks
        them “Demo data”.
      </p>
      <ul className="mt-2 flex flex-col gap-1.5">
        <li>
          Send your own: start any OpenTelemetry-instrumented app with{' '}
          <code className={code}>{OTLP_ENDPOINT}</code>
        </li>
        <li>
          Start without demo data: <code className={code}>{NO_DEMO}</code>
        </li>
      </ul>
    </section>
  );
}
