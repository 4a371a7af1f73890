// AWS X-Ray segment payloads (one segment, an array, BatchGetTraces' `{Traces:[{Segments:[{Document}]}]}`,
// or the daemon's header line + segment) into OTLP JSON (`{resourceSpans}`), which the OTLP JSON decoder
// reads (json-payload.ts). Subsegments become child spans; epoch-second times become exact nanoseconds
// by decimal string arithmetic (decision 0301); http/sql/aws blocks use OpenTelemetry names (0302).

import { xrayTraceIdToHex } from '../model/ids.ts';
import type { OtlpJsonKeyValue, OtlpJsonResourceSpans, OtlpJsonSpan } from './datadog.ts';
import { isRecord, type JsonRecord } from './json-values.ts';

export interface XrayConversion {
  tracesData: { resourceSpans: OtlpJsonResourceSpans[] };
  spans: number;
  warnings: string[];
}

const TIME_KEYS = /"(start_time|end_time)"(\s*):(\s*)(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/g;

/** Parses JSON text with X-Ray's epoch-second times kept as the digits written (strings). */
export function parseXrayJson(text: string): unknown {
  return JSON.parse(text.replace(TIME_KEYS, '"$1"$2:$3"$4"'));
}

const XRAY_TRACE_ID = /^1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24}$/;

function isSegment(v: unknown): v is JsonRecord {
  return isRecord(v) && typeof v.trace_id === 'string' && XRAY_TRACE_ID.test(v.trace_id) && 'id' in v;
}

/** Whether a parsed payload is X-Ray: a segment, an array of segments, or a BatchGetTraces response. */
export function looksLikeXray(doc: unknown): boolean {
  if (Array.isArray(doc)) return isSegment(doc.find((x) => x !== null && x !== undefined));
  if (!isRecord(doc)) return false;
  if (Array.isArray(doc.Traces)) return doc.Traces.some((t) => isRecord(t) && Array.isArray(t.Segments));
  return isSegment(doc);
}

/** The daemon's UDP header line (`{"format": "json", "version": 1}`), which carries no span. */
export function isXrayDaemonHeader(doc: unknown): boolean {
  return isRecord(doc) && doc.format === 'json' && doc.version === 1 && Object.keys(doc).length === 2;
}

/**
 * Epoch seconds, written as a decimal string or a number, as exact nanoseconds since the epoch.
 * `"1596566305.5928545"` → `1596566305592854500n`; digits beyond nanoseconds are dropped.
 */
export function secondsToNanos(v: unknown): bigint | undefined {
  let text: string;
  if (typeof v === 'string') text = v.trim();
  else if (typeof v === 'number' && Number.isFinite(v)) text = String(v);
  else return undefined;
  const m = /^(-?)(\d+)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text);
  if (!m) return undefined;
  let digits = m[2] + (m[3] ?? '');
  let point = m[2].length + Number(m[4] ?? 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  const whole = digits.slice(0, point).padEnd(point, '0') || '0';
  const fraction = digits.slice(point).padEnd(9, '0').slice(0, 9);
  const ns = BigInt(whole) * 1_000_000_000n + BigInt(fraction);
  return m[1] === '-' ? -ns : ns;
}

/** The entry point: JSON text (times read exactly) or a parsed payload. */
export function xrayToOtlp(input: unknown): XrayConversion {
  const doc = typeof input === 'string' ? parseXrayJson(input) : input;
  const out = new XrayConverter();
  out.addDocument(doc, '');
  return out.finish();
}

class XrayConverter {
  readonly warnings: string[] = [];
  private readonly byService = new Map<string, OtlpJsonSpan[]>();
  private count = 0;

  addDocument(doc: unknown, path: string): void {
    if (Array.isArray(doc)) {
      for (let i = 0; i < doc.length; i++) this.addDocument(doc[i], `${path}[${i}]`);
      return;
    }
    if (isRecord(doc) && Array.isArray(doc.Traces)) {
      doc.Traces.forEach((t, i) => {
        if (!isRecord(t) || !Array.isArray(t.Segments)) return;
        t.Segments.forEach((s, j) => {
          const p = `${path}Traces[${i}].Segments[${j}].Document`;
          if (!isRecord(s) || typeof s.Document !== 'string') {
            this.warnings.push(`xray: ${p}: expected a JSON string; skipped`);
            return;
          }
          let segment: unknown;
          try {
            segment = parseXrayJson(s.Document);
          } catch (e) {
            this.warnings.push(
              `xray: ${p}: invalid JSON (${e instanceof Error ? e.message : String(e)}); skipped`,
            );
            return;
          }
          this.addSegment(segment, p, undefined);
        });
      });
      return;
    }
    if (isXrayDaemonHeader(doc)) return;
    this.addSegment(doc, path || 'segment', undefined);
  }

  finish(): XrayConversion {
    const resourceSpans: OtlpJsonResourceSpans[] = [];
    for (const [service, spans] of this.byService)
      resourceSpans.push({
        resource: { attributes: [str('service.name', service), str('cloud.provider', 'aws')] },
        scopeSpans: [{ scope: { name: 'aws-xray', version: '' }, spans }],
      });
    return { tracesData: { resourceSpans }, spans: this.count, warnings: this.warnings };
  }

  private addSegment(
    raw: unknown,
    path: string,
    parent: { traceId: string; id: string; service: string } | undefined,
  ): void {
    if (!isRecord(raw)) {
      this.warnings.push(`xray: ${path}: expected a segment object; skipped`);
      return;
    }
    const rawTrace = typeof raw.trace_id === 'string' ? raw.trace_id : '';
    const traceId = parent?.traceId ?? xrayTraceIdToHex(rawTrace) ?? '';
    const id = typeof raw.id === 'string' && /^[0-9a-fA-F]{16}$/.test(raw.id) ? raw.id.toLowerCase() : '';
    if (!traceId || !id) {
      this.warnings.push(`xray: ${path}: needs an X-Ray trace_id (1-xxxxxxxx-…) and a 16-hex id; skipped`);
      return;
    }
    const start = secondsToNanos(raw.start_time);
    if (start === undefined) {
      this.warnings.push(`xray: ${path}: no start_time; skipped`);
      return;
    }
    const inProgress = raw.in_progress === true;
    let end = secondsToNanos(raw.end_time);
    if (end === undefined) {
      if (!inProgress) this.warnings.push(`xray: ${path}: no end_time; shown as zero length`);
      end = start;
    }
    const name = typeof raw.name === 'string' ? raw.name : '';
    const subsegment = parent !== undefined || raw.type === 'subsegment';
    // A segment's name is its service; subsegments belong to their segment's service.
    const service = parent?.service ?? name;
    const parentId =
      parent?.id ??
      (typeof raw.parent_id === 'string' && /^[0-9a-fA-F]{16}$/.test(raw.parent_id)
        ? raw.parent_id.toLowerCase()
        : '');
    const attributes: OtlpJsonKeyValue[] = [];
    const events: OtlpJsonSpan['events'] = [];
    if (inProgress) attributes.push(bool('aws.xray.in_progress', true));
    if (subsegment && raw.type === 'subsegment' && !parent)
      attributes.push(str('aws.xray.type', 'subsegment'));
    if (typeof raw.namespace === 'string') attributes.push(str('aws.xray.namespace', raw.namespace));
    if (typeof raw.origin === 'string') attributes.push(str('aws.xray.origin', raw.origin));
    if (typeof raw.resource_arn === 'string') attributes.push(str('cloud.resource_id', raw.resource_arn));
    if (typeof raw.user === 'string') attributes.push(str('enduser.id', raw.user));
    if (raw.traced === true) attributes.push(bool('aws.xray.traced', true));
    for (const flag of ['fault', 'error', 'throttle'] as const)
      if (typeof raw[flag] === 'boolean') attributes.push(bool(`aws.xray.${flag}`, raw[flag] as boolean));
    if (isRecord(raw.http)) httpAttributes(raw.http, attributes);
    if (isRecord(raw.sql)) sqlAttributes(raw.sql, attributes);
    if (isRecord(raw.aws)) awsAttributes(raw.aws, name, attributes);
    if (isRecord(raw.service))
      for (const [k, v] of Object.entries(raw.service))
        attributes.push({
          key: k === 'version' ? 'service.version' : `aws.xray.service.${k}`,
          value: anyValue(v),
        });
    if (isRecord(raw.annotations))
      for (const [k, v] of Object.entries(raw.annotations)) attributes.push({ key: k, value: anyValue(v) });
    if (isRecord(raw.metadata))
      for (const [ns, v] of Object.entries(raw.metadata))
        attributes.push({ key: `aws.xray.metadata.${ns}`, value: anyValue(v) });
    let message = '';
    if (isRecord(raw.cause)) {
      const exceptions = Array.isArray(raw.cause.exceptions) ? raw.cause.exceptions : [];
      for (const e of exceptions) {
        if (!isRecord(e)) continue;
        const a: OtlpJsonKeyValue[] = [];
        if (typeof e.type === 'string') a.push(str('exception.type', e.type));
        if (typeof e.message === 'string') {
          a.push(str('exception.message', e.message));
          if (!message) message = e.message;
        }
        if (Array.isArray(e.stack)) a.push(str('exception.stacktrace', stackText(e.stack)));
        if (typeof e.id === 'string') a.push(str('aws.xray.exception.id', e.id));
        if (typeof e.remote === 'boolean') a.push(bool('aws.xray.exception.remote', e.remote));
        events.push({ timeUnixNano: end.toString(), name: 'exception', attributes: a });
      }
      if (typeof raw.cause.working_directory === 'string')
        attributes.push(str('aws.xray.cause.working_directory', raw.cause.working_directory));
    } else if (typeof raw.cause === 'string') attributes.push(str('aws.xray.cause.exception_id', raw.cause));
    const failed = raw.fault === true || raw.error === true || raw.throttle === true;
    if (failed && !message)
      message = raw.fault === true ? 'fault' : raw.throttle === true ? 'throttle' : 'error';
    const kind = !subsegment
      ? 2 // SERVER: a segment is the work one service did for a request
      : raw.namespace === 'remote' || raw.namespace === 'aws'
        ? 3 // CLIENT: a call out
        : 1;
    let list = this.byService.get(service);
    if (!list) {
      list = [];
      this.byService.set(service, list);
    }
    list.push({
      traceId,
      spanId: id,
      parentSpanId: parentId,
      name,
      kind,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: end.toString(),
      attributes,
      events,
      links: [],
      status: failed ? { code: 2, message } : { code: 0, message: '' },
    });
    this.count++;
    if (Array.isArray(raw.subsegments))
      raw.subsegments.forEach((s, i) => {
        this.addSegment(s, `${path}.subsegments[${i}]`, { traceId, id, service });
      });
  }
}

function str(key: string, value: string): OtlpJsonKeyValue {
  return { key, value: { stringValue: value } };
}

function bool(key: string, value: boolean): OtlpJsonKeyValue {
  return { key, value: { boolValue: value } };
}

function anyValue(v: unknown): OtlpJsonKeyValue['value'] {
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (typeof v === 'string') return { stringValue: v };
  return { stringValue: JSON.stringify(v) };
}

function stackText(stack: unknown[]): string {
  return stack
    .filter(isRecord)
    .map((f) => `${String(f.label ?? '')} (${String(f.path ?? '')}:${String(f.line ?? '')})`)
    .join('\n');
}

/** Known keys to OpenTelemetry names; the rest under `prefix` + their X-Ray key. */
function mapped(
  block: JsonRecord,
  names: Record<string, string>,
  prefix: string,
  out: OtlpJsonKeyValue[],
): void {
  for (const [k, v] of Object.entries(block)) {
    if (v === null || v === undefined) continue;
    if (isRecord(v)) {
      mapped(
        v,
        Object.fromEntries(
          Object.entries(names)
            .filter(([n]) => n.startsWith(`${k}.`))
            .map(([n, o]) => [n.slice(k.length + 1), o]),
        ),
        `${prefix}${k}.`,
        out,
      );
      continue;
    }
    out.push({ key: names[k] ?? `${prefix}${k}`, value: anyValue(v) });
  }
}

const HTTP_NAMES: Record<string, string> = {
  'request.method': 'http.request.method',
  'request.url': 'url.full',
  'request.client_ip': 'client.address',
  'request.user_agent': 'user_agent.original',
  'response.status': 'http.response.status_code',
  'response.content_length': 'http.response.body.size',
};

function httpAttributes(http: JsonRecord, out: OtlpJsonKeyValue[]): void {
  mapped(http, HTTP_NAMES, 'aws.xray.http.', out);
}

const SQL_NAMES: Record<string, string> = {
  sanitized_query: 'db.query.text',
  database_type: 'db.system.name',
  user: 'db.user',
  url: 'db.connection_string',
};

function sqlAttributes(sql: JsonRecord, out: OtlpJsonKeyValue[]): void {
  mapped(sql, SQL_NAMES, 'aws.xray.sql.', out);
}

const AWS_NAMES: Record<string, string> = {
  operation: 'rpc.method',
  region: 'cloud.region',
  request_id: 'aws.request_id',
  account_id: 'cloud.account.id',
  table_name: 'aws.dynamodb.table_names',
  queue_url: 'aws.sqs.queue_url',
  'ec2.instance_id': 'host.id',
  'ec2.instance_size': 'host.type',
  'ec2.ami_id': 'host.image.id',
  'ec2.availability_zone': 'cloud.availability_zone',
  'ecs.container': 'container.name',
  'ecs.container_id': 'container.id',
  'elastic_beanstalk.environment_name': 'deployment.environment.name',
  'elastic_beanstalk.version_label': 'service.version',
  'elastic_beanstalk.deployment_id': 'aws.elastic_beanstalk.deployment_id',
  'xray.sdk': 'telemetry.sdk.name',
  'xray.sdk_version': 'telemetry.sdk.version',
};

function awsAttributes(aws: JsonRecord, name: string, out: OtlpJsonKeyValue[]): void {
  if (typeof aws.operation === 'string') {
    out.push(str('rpc.system', 'aws-api'));
    if (name) out.push(str('rpc.service', name));
  }
  mapped(aws, AWS_NAMES, 'aws.', out);
}
