// Shown when the server's embedded backend answers some datasources. It states what the server
// published in config.json: whether demo traces were seeded, and where its OTLP receiver listens
// and its OTLP/gRPC receiver listen (on the ports they actually bound, or that they are off) so one
// can send one's own traces.
import { useId } from 'react';
import type { DatasourceInfo, EmbeddedBackendInfo } from '../../datasources/config';

const NO_DEMO = 'npm start -- --no-demo';

const code = 'rounded bg-white/70 px-1 py-0.5 font-mono text-xs dark:bg-black/30';

/** `OTEL_EXPORTER_OTLP_ENDPOINT=http://<host>:<port>`; `hostname` is the page's, already bracketed for IPv6. */
export function otlpEndpointSetting(hostname: string, port: number): string {
  return `OTEL_EXPORTER_OTLP_ENDPOINT=http://${hostname}:${port}`;
}

/** The gRPC exporters' settings: the protocol and `http://<host>:<port>` (plain text, no TLS). */
export function otlpGrpcSetting(hostname: string, port: number): string {
  return `OTEL_EXPORTER_OTLP_PROTOCOL=grpc OTEL_EXPORTER_OTLP_ENDPOINT=http://${hostname}:${port}`;
}

/** Where a Zipkin reporter posts (JSON v2), on the OTLP/HTTP receiver's port. */
export function zipkinEndpoint(hostname: string, port: number): string {
  return `http://${hostname}:${port}/api/v2/spans`;
}

/** A Datadog tracer's agent setting: the receiver answers `/v0.4/traces` and `/v0.5/traces`. */
export function datadogAgentSetting(hostname: string, port: number): string {
  return `DD_TRACE_AGENT_URL=http://${hostname}:${port}`;
}

function heading(info: EmbeddedBackendInfo | undefined): string {
  if (!info) return 'Running the embedded backend';
  return info.demo
    ? 'The embedded backend is running with demo data'
    : 'The embedded backend is running without demo data (started with --no-demo)';
}

export function EmbeddedNote({
  datasources,
  embedded: info,
  hostname = window.location.hostname,
}: {
  datasources: readonly DatasourceInfo[];
  /** From config.json; absent from a server that does not publish it. */
  embedded?: EmbeddedBackendInfo;
  hostname?: string;
}) {
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
        {heading(info)}
      </h2>
      <p className="mt-1">
        {embedded.map((ds) => ds.displayName).join(', ')} {embedded.length === 1 ? 'is' : 'are'} answered by
        Tracelight itself.
        {info?.demo &&
          ' It holds an hour of demo traces from a made-up shop; the trace page marks them “Demo data”.'}
      </p>
      <ul className="mt-2 flex flex-col gap-1.5">
        <li>
          {info?.otlpPort === null ? (
            <>
              Send your own: the OTLP/HTTP receiver is off (started with{' '}
              <code className={code}>--otlp-port 0</code>).
            </>
          ) : info ? (
            <>
              Send your own over OTLP/HTTP: start any OpenTelemetry-instrumented app with{' '}
              <code className={code}>{otlpEndpointSetting(hostname, info.otlpPort)}</code>
            </>
          ) : (
            <>Send your own: point an OpenTelemetry-instrumented app at the server’s OTLP/HTTP receiver.</>
          )}
        </li>
        {info && info.otlpPort !== null && (
          <li>
            Zipkin reporters: <code className={code}>{zipkinEndpoint(hostname, info.otlpPort)}</code>; Datadog
            tracers: <code className={code}>{datadogAgentSetting(hostname, info.otlpPort)}</code>
          </li>
        )}
        {info && (
          <li>
            {info.grpcPort === null ? (
              <>
                The OTLP/gRPC receiver is off (started with <code className={code}>--grpc-port 0</code>).
              </>
            ) : (
              <>
                Over OTLP/gRPC (the Collector’s and several SDKs’ default):{' '}
                <code className={code}>{otlpGrpcSetting(hostname, info.grpcPort)}</code>
              </>
            )}
          </li>
        )}
        {info?.demo && (
          <li>
            Start without demo data: <code className={code}>{NO_DEMO}</code>
          </li>
        )}
      </ul>
    </section>
  );
}
