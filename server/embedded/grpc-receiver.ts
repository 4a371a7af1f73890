// The OTLP/gRPC receiver (default port 4317): TraceService/Export and LogsService/Export on
// @grpc/grpc-js, plus grpc.health.v1.Health/Check. Messages stay raw Buffers (a generic service
// definition with identity serializers), and each one goes through `handleOtlpRequest`, the
// OTLP/HTTP receiver's handler, as an `application/x-protobuf` body: one wire layer, one set of
// limits and validation, one ingest function (`ReceiverOptions.accept`), the same partial-success
// answers. gzip (`grpc-encoding: gzip`) is undone by grpc-js before the handler sees the bytes.

import { createServer } from 'node:net';
import {
  status as GrpcStatus,
  type handleUnaryCall,
  Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { WireReader } from '../../src/formats/protobuf-wire.ts';
import { BodyReservation, budgetExceededMessage } from '../body-budget.ts';
import { handleOtlpRequest, type ReceiverOptions, type RunningReceiver } from './receiver.ts';

const identity = (b: Buffer): Buffer => b;

function unary(path: string): ServiceDefinition[string] {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  };
}

const TRACE_SERVICE: ServiceDefinition = {
  Export: unary('/opentelemetry.proto.collector.trace.v1.TraceService/Export'),
};
const LOGS_SERVICE: ServiceDefinition = {
  Export: unary('/opentelemetry.proto.collector.logs.v1.LogsService/Export'),
};
const HEALTH_SERVICE: ServiceDefinition = {
  Check: unary('/grpc.health.v1.Health/Check'),
};

/** The services this receiver answers for, as health checking names them ('' is the whole server). */
const SERVICE_NAMES = new Set([
  '',
  'opentelemetry.proto.collector.trace.v1.TraceService',
  'opentelemetry.proto.collector.logs.v1.LogsService',
]);

/** HealthCheckResponse { status = 1 SERVING }. */
const SERVING = Buffer.from([0x08, 0x01]);

/** The gRPC code for the HTTP receiver's answer, as the OTLP specification pairs them. */
function grpcCodeOf(httpStatus: number): GrpcStatus {
  if (httpStatus === 413) return GrpcStatus.RESOURCE_EXHAUSTED;
  if (httpStatus === 503 || httpStatus === 429) return GrpcStatus.UNAVAILABLE;
  if (httpStatus >= 500) return GrpcStatus.INTERNAL;
  return GrpcStatus.INVALID_ARGUMENT;
}

/** The `message` (field 2) of a google.rpc.Status; '' when it cannot be read. */
function statusMessage(body: Uint8Array): string {
  try {
    const r = new WireReader(body);
    while (r.pos < r.end) {
      const key = r.varint();
      if (key === 0x12) return r.string();
      r.skip(key & 7);
    }
  } catch {
    // fall through
  }
  return '';
}

function health(call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void {
  let service = '';
  try {
    const r = new WireReader(call.request);
    while (r.pos < r.end) {
      const key = r.varint();
      if (key === 0x0a) service = r.string();
      else r.skip(key & 7);
    }
  } catch {
    callback({ code: GrpcStatus.INVALID_ARGUMENT, details: 'unreadable HealthCheckRequest' });
    return;
  }
  if (!SERVICE_NAMES.has(service)) {
    callback({ code: GrpcStatus.NOT_FOUND, details: `unknown service ${service}` });
    return;
  }
  callback(null, SERVING);
}

function exportHandler(
  httpPath: '/v1/traces' | '/v1/logs',
  options: ReceiverOptions,
  log: (message: string) => void,
): handleUnaryCall<Buffer, Buffer> {
  return (call, callback) => {
    const body = call.request;
    const budget = options.bodyBudget;
    const reservation = budget === undefined ? undefined : new BodyReservation(budget);
    try {
      if (reservation !== undefined && !reservation.growTo(body.length)) {
        callback({
          code: GrpcStatus.UNAVAILABLE,
          details: budgetExceededMessage(budget as NonNullable<typeof budget>),
        });
        return;
      }
      const r = handleOtlpRequest(
        {
          method: 'POST',
          path: httpPath,
          headers: { 'content-type': 'application/x-protobuf', 'content-encoding': undefined },
          body,
        },
        options,
      );
      if (r.status === 200) {
        callback(null, Buffer.from(r.body));
        return;
      }
      const metadata = new Metadata();
      metadata.set('grpc-status-details-bin', Buffer.from(r.body));
      callback({ code: grpcCodeOf(r.status), details: statusMessage(r.body), metadata });
    } catch (e) {
      log(`OTLP/gRPC receiver: ${(e as Error).message}`);
      callback({ code: GrpcStatus.INTERNAL, details: 'internal error' });
    } finally {
      reservation?.release();
    }
  };
}

/**
 * grpc-js reports a failed bind as "No address added … errors: [listen EADDRINUSE: …]"; this is the
 * listen error Node would have thrown (code, syscall, address, port), so the start-up refusal names
 * the field as it does for the HTTP receiver (server/startup-checks.ts).
 */
function listenError(error: Error, host: string, port: number): Error {
  const code = /\blisten (E[A-Z]+)\b/.exec(error.message)?.[1];
  if (code === undefined) return error;
  return Object.assign(new Error(`listen ${code}: ${host}:${port}`), {
    code,
    syscall: 'listen',
    address: host,
    port,
  });
}

/**
 * Binds and releases `host:port` with node:net first: a port in use (or privileged, or an address not
 * on this machine) is then Node's own listen error, and grpc-js, which logs a failed bind to stderr
 * before it reports it, never sees one. `listenError` covers the port taken in between.
 */
function probeListen(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export async function startGrpcReceiver(
  host: string,
  port: number,
  options: ReceiverOptions,
  log: (message: string) => void = () => {},
): Promise<RunningReceiver> {
  const server = new Server({
    // Larger messages are refused by grpc-js before they are held (RESOURCE_EXHAUSTED), as the HTTP
    // receiver refuses a body over the limit; this bounds the decompressed size too.
    'grpc.max_receive_message_length': options.maxBodyBytes,
  });
  server.addService(TRACE_SERVICE, { Export: exportHandler('/v1/traces', options, log) });
  if (options.acceptLogs)
    server.addService(LOGS_SERVICE, { Export: exportHandler('/v1/logs', options, log) });
  server.addService(HEALTH_SERVICE, { Check: health });
  if (port !== 0) await probeListen(host, port);
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(listenError(error, host, port)) : resolve(p),
    ),
  );
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
