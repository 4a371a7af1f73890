// The embedded backend answers TraceQL's link intrinsics, which the trace screen's "linked from"
// look-up sends: `{ link:traceID = "<id>" }` finds the traces with a span linking into that trace.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmbedded, type EmbeddedInstance } from './index.ts';
import { parseOtlpJson } from './otlp/otlp-json.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');
// Tempo's recorded Kafka trace: "orders process" (span a47cdbcb6e1d6579) links to "orders publish"
// (377c4145768532a7) of the same trace, a0802eb7….
const KAFKA = 'a0802eb76124862887c6448c124cd9e9';

let backend: EmbeddedInstance;
beforeAll(async () => {
  backend = await createEmbedded({ otlpPort: 0, demo: false });
  const body = JSON.parse(
    readFileSync(path.join(fixtures, 'tempo/tempo-trace-v2-kafka-sametrace-json.body'), 'utf8'),
  ) as unknown;
  backend.accept(parseOtlpJson(body).batches);
});

async function search(
  q: string,
): Promise<{ traceID: string; spanSets?: { spans: { spanID: string }[] }[] }[]> {
  const res = await backend.tempo.handle({
    method: 'GET',
    path: '/api/search',
    query: new URLSearchParams({ q, limit: '20' }),
    headers: {},
    signal: new AbortController().signal,
  });
  expect(res.status).toBe(200);
  return (JSON.parse(String(res.body)) as { traces: never[] }).traces;
}

describe('embedded TraceQL over span links', () => {
  it('finds the trace whose span links to the given trace, and names the linking span', async () => {
    const traces = await search(`{ link:traceID = "${KAFKA}" }`);
    expect(traces.map((t) => t.traceID)).toEqual([KAFKA]);
    const spans = traces[0].spanSets?.flatMap((s) => s.spans.map((x) => x.spanID)) ?? [];
    expect(spans).toEqual(['a47cdbcb6e1d6579']);
  });

  it('finds nothing for a trace no span links to', async () => {
    expect(await search('{ link:traceID = "0123456789abcdef0123456789abcdef" }')).toEqual([]);
  });

  it('narrows by the linked span ID too', async () => {
    expect((await search(`{ link:spanID = "377c4145768532a7" }`)).map((t) => t.traceID)).toEqual([KAFKA]);
    expect(await search(`{ link:spanID = "0000000000000001" }`)).toEqual([]);
  });
});
