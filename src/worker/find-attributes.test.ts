import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from '../formats/index.ts';
import { attributeValueText } from '../model/attribute-text.ts';
import { rowMatches } from './find-attributes.ts';

describe('find over attributes', () => {
  it('is what find matches: every attribute of a real trace is found by the text the panel shows', () => {
    const bytes = new Uint8Array(
      readFileSync(
        new URL('../../../shared/fixtures/tempo/tempo-trace-v2-error-protobuf.body', import.meta.url),
      ),
    );
    const trace = decodeTrace(bytes, { contentType: 'application/protobuf' }).traces[0];
    let checked = 0;
    for (let row = 0; row < trace.table.count; row++) {
      const details = trace.details.get(row);
      for (const attribute of [...details.attributes, ...details.resource.attributes]) {
        const shown = attributeValueText(attribute.value);
        if (shown === '') continue;
        const needle = `${attribute.key}=${shown}`.toLowerCase();
        expect(rowMatches(trace.details, row, needle), needle).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('matches a list by the JSON the panel shows, not by a text the panel never shows', () => {
    const bytes = new TextEncoder().encode(
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: '0af7651916cd43dd8448eb211c80319c',
                    spanId: 'b7ad6b7169203331',
                    name: 'GET /',
                    startTimeUnixNano: '1000',
                    endTimeUnixNano: '2000',
                    attributes: [
                      {
                        key: 'tags',
                        value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } },
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    const trace = decodeTrace(bytes, { contentType: 'application/json' }).traces[0];
    expect(rowMatches(trace.details, 0, 'tags=["a","b"]')).toBe(true);
    expect(rowMatches(trace.details, 0, '"a","b"')).toBe(true);
    expect(rowMatches(trace.details, 0, 'a b')).toBe(false);
  });
});
