// OTLP logs (LogsData / ExportLogsServiceRequest) from protobuf or JSON into plain objects.
// Records whose trace or span ID is present but malformed are rejected one by one (partial success).

import { WireReader } from '../../../src/formats/protobuf-wire.ts';
import { normalizeId, OtlpJsonError, parseAnyValue, parseAttributes } from '../otlp/otlp-json.ts';
import {
  bytesToHex,
  decodeAnyValue,
  decodeKeyValue,
  decodeRepeated,
  decodeResource,
  decodeScope,
} from '../otlp/otlp-protobuf-parts.ts';
import { emptyScope, type OtlpAnyValue, type OtlpKeyValue, type OtlpScope } from '../otlp/types.ts';

export interface OtlpLogRecord {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: OtlpAnyValue;
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
  flags: number;
  /** Lowercase hex, '' when absent. */
  traceId: string;
  spanId: string;
}

export interface OtlpScopeLogs {
  scope: OtlpScope;
  logRecords: OtlpLogRecord[];
}

export interface OtlpResourceLogs {
  resource: { attributes: OtlpKeyValue[]; droppedAttributesCount: number };
  scopeLogs: OtlpScopeLogs[];
}

export interface DecodedLogs {
  resourceLogs: OtlpResourceLogs[];
  rejected: number;
  firstRejection?: string;
}

function emptyRecord(): OtlpLogRecord {
  return {
    timeUnixNano: 0n,
    observedTimeUnixNano: 0n,
    severityNumber: 0,
    severityText: '',
    body: {},
    attributes: [],
    droppedAttributesCount: 0,
    flags: 0,
    traceId: '',
    spanId: '',
  };
}

// ---------------------------------------------------------------- protobuf

export function decodeLogsData(buf: Uint8Array): OtlpResourceLogs[] {
  return decodeRepeated(new WireReader(buf), 1, decodeResourceLogs);
}

function decodeResourceLogs(r: WireReader): OtlpResourceLogs {
  const rl: OtlpResourceLogs = { resource: { attributes: [], droppedAttributesCount: 0 }, scopeLogs: [] };
  const outer = r.enter();
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === (1 << 3) + 2) decodeResource(r, rl.resource);
    else if (tag === (2 << 3) + 2) rl.scopeLogs.push(decodeScopeLogs(r));
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return rl;
}

function decodeScopeLogs(r: WireReader): OtlpScopeLogs {
  const sl: OtlpScopeLogs = { scope: emptyScope(), logRecords: [] };
  const outer = r.enter();
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === (1 << 3) + 2) decodeScope(r, sl.scope);
    else if (tag === (2 << 3) + 2) sl.logRecords.push(decodeLogRecord(r));
    else r.skip(tag & 7);
  }
  r.leave(outer);
  return sl;
}

function decodeLogRecord(r: WireReader): OtlpLogRecord {
  const rec = emptyRecord();
  const outer = r.enter();
  while (r.pos < r.end) {
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) + 1:
        rec.timeUnixNano = r.fixed64();
        break;
      case (11 << 3) + 1:
        rec.observedTimeUnixNano = r.fixed64();
        break;
      case 2 << 3:
        rec.severityNumber = r.varint();
        break;
      case (3 << 3) + 2:
        rec.severityText = r.string();
        break;
      case (5 << 3) + 2:
        rec.body = decodeAnyValue(r, 0);
        break;
      case (6 << 3) + 2:
        rec.attributes.push(decodeKeyValue(r, 0));
        break;
      case 7 << 3:
        rec.droppedAttributesCount = r.varint();
        break;
      case (8 << 3) + 5:
        rec.flags = r.fixed32();
        break;
      case (9 << 3) + 2:
        rec.traceId = bytesToHex(r.bytes());
        break;
      case (10 << 3) + 2:
        rec.spanId = bytesToHex(r.bytes());
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.leave(outer);
  return rec;
}

// ---------------------------------------------------------------- JSON

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(obj: Record<string, Json>, key: string, path: string): Json[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpJsonError(`${path}.${key} must be an array`);
  return v;
}

function nanos(v: Json, path: string): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return BigInt(Math.trunc(v));
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  throw new OtlpJsonError(`${path} must be an unsigned integer`);
}

function uint(v: Json): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.max(0, Math.trunc(v));
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return 0;
}

const SEVERITY_PREFIX = 'SEVERITY_NUMBER_';
const SEVERITY_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** A severity number, or its enum name (`SEVERITY_NUMBER_WARN2`). */
function severity(v: Json): number {
  if (typeof v === 'string' && v.startsWith(SEVERITY_PREFIX)) {
    const m = /^([A-Z]+)(\d?)$/.exec(v.slice(SEVERITY_PREFIX.length));
    const base = m ? SEVERITY_NAMES.indexOf(m[1]) : -1;
    return base < 0 ? 0 : base * 4 + Math.max(1, Number(m![2] || '1'));
  }
  return uint(v);
}

export function parseLogsJson(doc: Json): DecodedLogs {
  if (!isObject(doc)) throw new OtlpJsonError('the body must be a JSON object');
  let rejected = 0;
  let firstRejection: string | undefined;
  const resourceLogs = list(doc, 'resourceLogs', '').map((rlJson, ri): OtlpResourceLogs => {
    const path = `resourceLogs[${ri}]`;
    if (!isObject(rlJson)) throw new OtlpJsonError(`${path} must be an object`);
    const resource = isObject(rlJson.resource) ? rlJson.resource : {};
    return {
      resource: {
        attributes: parseAttributes(resource, 'attributes', `${path}.resource`),
        droppedAttributesCount: uint(resource.droppedAttributesCount),
      },
      scopeLogs: list(rlJson, 'scopeLogs', path).map((slJson, si): OtlpScopeLogs => {
        const sp = `${path}.scopeLogs[${si}]`;
        if (!isObject(slJson)) throw new OtlpJsonError(`${sp} must be an object`);
        const scopeJson = isObject(slJson.scope) ? slJson.scope : {};
        const scope: OtlpScope = {
          name: typeof scopeJson.name === 'string' ? scopeJson.name : '',
          version: typeof scopeJson.version === 'string' ? scopeJson.version : '',
          attributes: parseAttributes(scopeJson, 'attributes', `${sp}.scope`),
          droppedAttributesCount: uint(scopeJson.droppedAttributesCount),
        };
        const logRecords: OtlpLogRecord[] = [];
        for (const [li, lrJson] of list(slJson, 'logRecords', sp).entries()) {
          const lp = `${sp}.logRecords[${li}]`;
          if (!isObject(lrJson)) throw new OtlpJsonError(`${lp} must be an object`);
          const traceId = normalizeId(lrJson.traceId, 16);
          const spanId = normalizeId(lrJson.spanId, 8);
          if (traceId === undefined || spanId === undefined) {
            rejected++;
            firstRejection ??= `${lp}.${traceId === undefined ? 'trace_id' : 'span_id'} is invalid`;
            continue;
          }
          logRecords.push({
            timeUnixNano: nanos(lrJson.timeUnixNano, `${lp}.timeUnixNano`),
            observedTimeUnixNano: nanos(lrJson.observedTimeUnixNano, `${lp}.observedTimeUnixNano`),
            severityNumber: severity(lrJson.severityNumber),
            severityText: typeof lrJson.severityText === 'string' ? lrJson.severityText : '',
            body: parseAnyValue(lrJson.body, `${lp}.body`, 0),
            attributes: parseAttributes(lrJson, 'attributes', lp),
            droppedAttributesCount: uint(lrJson.droppedAttributesCount),
            flags: uint(lrJson.flags),
            traceId,
            spanId,
          });
        }
        return { scope, logRecords };
      }),
    };
  });
  return { resourceLogs, rejected, firstRejection };
}

/** Drops protobuf records whose IDs have the wrong length (JSON ones were checked while parsing). */
export function rejectInvalidLogIds(resourceLogs: OtlpResourceLogs[]): DecodedLogs {
  let rejected = 0;
  let firstRejection: string | undefined;
  for (const [ri, rl] of resourceLogs.entries()) {
    for (const [si, sl] of rl.scopeLogs.entries()) {
      const kept = sl.logRecords.filter((rec, li) => {
        const bad =
          rec.traceId.length !== 0 && rec.traceId.length !== 32
            ? 'trace_id'
            : rec.spanId.length !== 0 && rec.spanId.length !== 16
              ? 'span_id'
              : undefined;
        if (!bad) return true;
        rejected++;
        firstRejection ??= `resource_logs[${ri}].scope_logs[${si}].log_records[${li}].${bad} is invalid`;
        return false;
      });
      if (kept.length !== sl.logRecords.length) sl.logRecords = kept;
    }
  }
  return { resourceLogs, rejected, firstRejection };
}
