import { describe, expect, it } from 'vitest';
import { SERVICE_PALETTE, serviceColours, textColourOn } from './palette.ts';

describe('service colours', () => {
  it('gives every service of a trace its own colour, the same on every load', () => {
    // The demo trace whose services shared colours under the hashed palette.
    const strings = ['', 'gateway', 'checkout', 'auth', 'inventory', 'payments', 'GET /', 'db'];
    const rows = [1, 2, 3, 4, 2, 5, 7, 1];
    const colours = serviceColours(strings, rows);
    expect(colours.size).toBe(6);
    expect(new Set(colours.values()).size).toBe(6);
    // Order of rows does not matter: the same services get the same colours.
    const again = serviceColours(strings, [...rows].reverse());
    expect([...again.entries()].sort()).toEqual([...colours.entries()].sort());
  });

  it('has at least 12 distinct colours before it repeats', () => {
    expect(new Set(SERVICE_PALETTE.map((c) => c.toLowerCase())).size).toBe(SERVICE_PALETTE.length);
    expect(SERVICE_PALETTE.length).toBeGreaterThanOrEqual(12);
    const strings = Array.from({ length: 14 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
    const colours = serviceColours(
      strings,
      strings.map((_, i) => i),
    );
    expect(new Set(colours.values()).size).toBe(Math.min(14, SERVICE_PALETTE.length));
  });

  it('picks readable text on each colour (contrast at least 4.5:1)', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const colour of SERVICE_PALETTE) {
      const text = textColourOn(colour);
      const [hi, lo] = [luminance(colour), luminance(text)].sort((a, b) => b - a);
      expect((hi + 0.05) / (lo + 0.05), colour).toBeGreaterThanOrEqual(4.5);
    }
    expect(textColourOn('#F0E442')).toBe('#000000');
    expect(textColourOn('#882255')).toBe('#ffffff');
  });
});
