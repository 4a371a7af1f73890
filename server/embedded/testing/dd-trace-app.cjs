// A small app traced by the real Datadog tracer (dd-trace), pointed at Tracelight's receiver through
// DD_TRACE_AGENT_URL (and DD_TRACE_AGENT_PROTOCOL_VERSION for v0.5). It makes one web request trace
// with a failing database call, prints its IDs as one JSON line, and exits; dd-trace flushes to the
// "agent" before the process ends. Run by server/embedded/datadog-intake.test.ts.
'use strict';

const tracer = require('dd-trace').init({
  service: 'checkout',
  env: 'test',
  flushInterval: 0,
  startupLogs: false,
  telemetry: { enabled: false },
  remoteConfig: { enabled: false },
  runtimeMetrics: false,
  plugins: false,
});

tracer.trace(
  'web.request',
  { resource: 'GET /cart', type: 'web', tags: { 'span.kind': 'server' } },
  (root) => {
    const ids = { traceId: root.context().toTraceId(true), rootSpanId: root.context().toSpanId(true) };
    tracer.trace(
      'postgres.query',
      { service: 'checkout-db', resource: 'SELECT * FROM carts', type: 'sql' },
      (db) => {
        ids.dbSpanId = db.context().toSpanId(true);
        db.setTag('span.kind', 'client');
        db.setTag('error', new Error('relation "carts" does not exist'));
      },
    );
    process.stdout.write(`${JSON.stringify(ids)}\n`);
  },
);

// Sends now and exits when the agent has answered (beforeExit would also flush; this says when).
tracer._tracer._exporter.flush(() => {
  process.stdout.write('flushed\n');
});
