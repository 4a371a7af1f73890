import { describe, expect, it } from 'vitest';
import { failureText } from './read-input.ts';

describe('what a file that did not open says', () => {
  it('a file of no trace format names the formats tried', () => {
    expect(
      failureText('README.md', {
        kind: 'decode',
        message: 'otlp-protobuf: …',
        label: '',
        unrecognized: 'text',
      }),
    ).toBe(
      'README.md is not a trace file: tried OTLP JSON, OTLP protobuf, Tempo JSON (v1, v2), Tempo protobuf, Jaeger JSON, Jaeger api_v3 JSON, Zipkin v2 JSON, Datadog v0.4 JSON or msgpack, AWS X-Ray segment documents, JSON Lines of these. It holds text, none of these.',
    );
    expect(
      failureText('xray.json', { kind: 'decode', message: '', label: '', unrecognized: 'json' }),
    ).toMatch(
      /^xray\.json is not a trace format Tracelight reads: tried OTLP JSON, .* It holds JSON of another shape/,
    );
  });

  it('a damaged file of a known format keeps the decoder’s message', () => {
    const message = 'json: invalid or truncated JSON: Unexpected end of JSON input';
    expect(failureText('broken.json', { kind: 'decode', message, label: '' })).toBe(
      `Could not open broken.json: ${message}`,
    );
  });
});
