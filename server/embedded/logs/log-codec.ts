// Persisted form of accepted log streams: compact JSON (`[{l:[[name,value]…], e:[[ts,line,[[k,v]…]]…]}]`).
// Logs are stored after the OTLP → Loki mapping, so a replay needs no OTLP decoding.

import type { SegmentCodec } from '../persistence.ts';
import type { LokiStreamPush } from './otlp-to-loki.ts';

type Pairs = [string, string][];
type Persisted = { l: Pairs; e: [string, string, Pairs][] }[];

function isPairs(v: unknown): v is Pairs {
  return (
    Array.isArray(v) &&
    v.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string')
  );
}

export const LOG_CODEC: SegmentCodec<LokiStreamPush[]> = {
  encode(streams) {
    const doc: Persisted = streams.map((s) => ({
      l: Array.from(s.labels),
      e: s.entries.map((e) => [String(e.tsNs), e.line, Array.from(e.metadata)]),
    }));
    return Buffer.from(JSON.stringify(doc));
  },
  decode(payload) {
    const doc: unknown = JSON.parse(
      Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'),
    );
    if (!Array.isArray(doc)) throw new Error('not a log record');
    return doc.map((s: { l?: unknown; e?: unknown }) => {
      if (!isPairs(s.l) || !Array.isArray(s.e)) throw new Error('not a log stream');
      return {
        labels: new Map(s.l),
        entries: s.e.map((e: unknown) => {
          if (
            !Array.isArray(e) ||
            typeof e[0] !== 'string' ||
            !/^\d+$/.test(e[0]) ||
            typeof e[1] !== 'string' ||
            !isPairs(e[2])
          )
            throw new Error('not a log entry');
          return { tsNs: BigInt(e[0]), line: e[1], metadata: new Map(e[2]) };
        }),
      };
    });
  },
};
