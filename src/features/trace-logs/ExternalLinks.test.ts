// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are link template placeholders
import { describe, expect, it } from 'vitest';
import { expandLinks } from './ExternalLinks';

describe('links out', () => {
  it('fills templates with encoded, padded values and drops non-http results', () => {
    const links = expandLinks(
      [
        { name: 'Explore', url: 'https://grafana.example.com/explore?trace=${traceId}&svc=${service}' },
        { name: 'Evil', url: '${service}' },
      ],
      { traceId: 'abc', service: 'javascript:alert(1)&x=1' },
    );
    expect(links).toEqual([
      {
        name: 'Explore',
        url: `https://grafana.example.com/explore?trace=${'abc'.padStart(32, '0')}&svc=javascript%3Aalert(1)%26x%3D1`,
      },
    ]);
  });
});
