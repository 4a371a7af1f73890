// Demo log lines for the demo traces' spans, written the way the services of a real shop log:
// logfmt (gateway, auth, checkout, payment, inventory, order-worker), JSON (fraud-check,
// ml-inference, recommendation, search-api, notification) and plain text (postgres, redis,
// batch-jobs). Each record carries the span's trace and span IDs as OTLP fields (so they become
// structured metadata), some lines repeat them in the text, and exceptions of error spans become
// error lines with their stack trace. They go through the same OTLP → Loki mapping as received logs.

import type { OtlpLogRecord, OtlpResourceLogs } from './logs/otlp-logs.ts';
import { type LokiStreamPush, otlpLogsToLoki } from './logs/otlp-to-loki.ts';
import type { OtlpKeyValue, OtlpResourceSpans, OtlpSpan } from './otlp/types.ts';
import { serviceName, stringAttribute } from './otlp/types.ts';

type Style = 'logfmt' | 'json' | 'plain';

const JSON_SERVICES = new Set([
  'fraud-check',
  'ml-inference',
  'recommendation',
  'search-api',
  'notification',
]);
const PLAIN_SERVICES = new Set(['postgres', 'redis', 'batch-jobs']);

/** Big traces (the batch jobs) log one span in this many, plus every error. */
const BIG_TRACE_SPANS = 500;
const BIG_TRACE_SAMPLE = 97;

const SEVERITY = { debug: 5, info: 9, warn: 13, error: 17 } as const;
type Level = keyof typeof SEVERITY;

function styleOf(service: string): Style {
  if (JSON_SERVICES.has(service)) return 'json';
  if (PLAIN_SERVICES.has(service)) return 'plain';
  return 'logfmt';
}

function attr(span: OtlpSpan, key: string): string | undefined {
  for (const kv of span.attributes) {
    if (kv.key !== key) continue;
    const v = kv.value;
    return (
      v.stringValue ??
      v.intValue ??
      (v.doubleValue !== undefined ? String(v.doubleValue) : undefined) ??
      (v.boolValue !== undefined ? String(v.boolValue) : undefined)
    );
  }
  return undefined;
}

/** A stable small number from a span ID, so the same demo always logs the same way. */
function pick(spanId: string, salt: number): number {
  return (Number.parseInt(spanId.slice(salt % 8, (salt % 8) + 8), 16) >>> 0) % 1000;
}

function logfmtValue(v: string): string {
  return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
}

interface Line {
  level: Level;
  msg: string;
  fields: Record<string, string | number>;
  atNs: bigint;
  /** Repeat trace_id/span_id in the text. */
  idsInLine: boolean;
}

function render(style: Style, service: string, span: OtlpSpan, l: Line): string {
  if (style === 'json') {
    const doc: Record<string, string | number> = { level: l.level, message: l.msg, ...l.fields };
    if (l.idsInLine) {
      doc.trace_id = span.traceId;
      doc.span_id = span.spanId;
    }
    doc.logger = `${service}.app`;
    return JSON.stringify(doc);
  }
  if (style === 'plain') {
    const extra = Object.entries(l.fields)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    return `${l.level.toUpperCase()} [${service}] ${l.msg}${extra ? ` (${extra})` : ''}`;
  }
  const parts = [`level=${l.level}`, `msg=${logfmtValue(l.msg)}`];
  if (l.idsInLine) parts.push(`trace_id=${span.traceId}`, `span_id=${span.spanId}`);
  for (const [k, v] of Object.entries(l.fields)) parts.push(`${k}=${logfmtValue(String(v))}`);
  return parts.join(' ');
}

function linesForSpan(span: OtlpSpan): Line[] {
  const lines: Line[] = [];
  const durationMs = Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6;
  const isError = span.status.code === 2;
  const idsInLine = pick(span.spanId, 1) < 600;
  const method = attr(span, 'http.request.method');
  const route = attr(span, 'http.route');
  const status = attr(span, 'http.response.status_code');
  const query = attr(span, 'db.query.text');
  const topic = attr(span, 'messaging.destination.name');
  const base = { idsInLine };
  const start = span.startTimeUnixNano;
  // biome-ignore lint/complexity/useMathMinMax: bigint
  const end = span.endTimeUnixNano > start ? span.endTimeUnixNano : start;
  const duration = { duration_ms: Number(durationMs.toFixed(3)) };
  if (span.kind === 2 || span.kind === 5) {
    // SERVER or CONSUMER: a request or message handled.
    const what = span.kind === 5 ? `consume ${topic ?? span.name}` : span.name;
    lines.push({ ...base, level: 'debug', msg: `start ${what}`, fields: {}, atNs: start + 150_000n });
    const fields: Record<string, string | number> = { ...duration };
    if (status) fields.status = status;
    if (method && route) Object.assign(fields, { method, route });
    const slow = durationMs > 800;
    lines.push({
      ...base,
      level: isError ? 'error' : slow ? 'warn' : 'info',
      msg: isError ? `${what} failed` : slow ? `${what} slow` : `${what} finished`,
      fields,
      atNs: end - 50_000n,
    });
  } else if (span.kind === 3 || span.kind === 4) {
    // CLIENT or PRODUCER: only some calls are worth a line.
    if (pick(span.spanId, 2) < 350 || isError) {
      const target =
        stringAttribute(span.attributes, 'server.address') ??
        stringAttribute(span.attributes, 'peer.service');
      const msg = query
        ? `query ${query.length > 80 ? `${query.slice(0, 77)}...` : query}`
        : topic
          ? `published to ${topic}`
          : `call ${span.name}${target ? ` -> ${target}` : ''}`;
      lines.push({ ...base, level: isError ? 'warn' : 'debug', msg, fields: duration, atNs: end });
    }
  } else if (pick(span.spanId, 3) < 250 || isError) {
    lines.push({
      ...base,
      level: isError ? 'error' : 'info',
      msg: `${span.name} ${isError ? 'failed' : 'done'}`,
      fields: duration,
      atNs: end,
    });
  }
  for (const ev of span.events) {
    if (ev.name !== 'exception') continue;
    const type = stringAttribute(ev.attributes, 'exception.type') ?? 'Error';
    const message = stringAttribute(ev.attributes, 'exception.message') ?? '';
    const stack = stringAttribute(ev.attributes, 'exception.stacktrace');
    lines.push({
      ...base,
      idsInLine: true,
      level: 'error',
      msg: `${type}: ${message}`,
      fields: stack ? { stacktrace: stack } : {},
      atNs: ev.timeUnixNano || end,
    });
  }
  return lines;
}

function record(service: string, style: Style, span: OtlpSpan, l: Line): OtlpLogRecord {
  const attributes: OtlpKeyValue[] = [];
  if (style === 'plain' && l.fields.stacktrace)
    attributes.push({ key: 'exception.stacktrace', value: { stringValue: String(l.fields.stacktrace) } });
  return {
    timeUnixNano: l.atNs,
    observedTimeUnixNano: 0n,
    severityNumber: SEVERITY[l.level],
    severityText: l.level.toUpperCase(),
    body: { stringValue: render(style, service, span, l) },
    attributes,
    droppedAttributesCount: 0,
    flags: 1,
    traceId: span.traceId,
    spanId: span.spanId,
  };
}

/** Log streams for one batch of demo spans (as seeded), mapped exactly as received OTLP logs are. */
export function demoLogsFor(batches: readonly OtlpResourceSpans[]): LokiStreamPush[] {
  let spanCount = 0;
  for (const rs of batches) for (const ss of rs.scopeSpans) spanCount += ss.spans.length;
  const big = spanCount > BIG_TRACE_SPANS;
  const resourceLogs: OtlpResourceLogs[] = [];
  for (const rs of batches) {
    const service = serviceName(rs);
    const style = styleOf(service);
    const logRecords: OtlpLogRecord[] = [];
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        if (big && span.status.code !== 2 && pick(span.spanId, 4) % BIG_TRACE_SAMPLE !== 0) continue;
        for (const l of linesForSpan(span)) logRecords.push(record(service, style, span, l));
      }
    }
    if (logRecords.length === 0) continue;
    logRecords.sort((a, b) =>
      a.timeUnixNano < b.timeUnixNano ? -1 : a.timeUnixNano > b.timeUnixNano ? 1 : 0,
    );
    resourceLogs.push({
      resource: rs.resource,
      scopeLogs: [
        {
          scope: { name: `${service}.app`, version: '', attributes: [], droppedAttributesCount: 0 },
          logRecords,
        },
      ],
    });
  }
  return otlpLogsToLoki(resourceLogs, 0n);
}
