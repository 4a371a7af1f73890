// Service colours, assigned per trace: the trace's services sorted by name take the palette's
// colours in order, so two services of one trace never share a colour until the palette runs out,
// and the same trace gets the same colours on every load (and from every datasource).
// The palette is Okabe-Ito (minus black, which the critical-path marks use) followed by the most
// distinct of Paul Tol's muted scheme and Tableau 10 colour-blind: all readable for the common
// colour-vision deficiencies, none too dark for the dark theme's background.
export const SERVICE_PALETTE = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#D55E00', // vermillion
  '#F0E442', // yellow
  '#44AA99', // teal
  '#AA4499', // purple
  '#999933', // olive
  '#882255', // wine
  '#FFBC79', // light orange
  '#ABABAB', // grey
  '#6F4E37', // brown
] as const;

/** What a chart drawn on canvas marks, in each theme: the waterfall's vocabulary (row-marks.ts). */
export interface MarkColours {
  /** The bar under a critical-path stretch: black on the light theme, white on the dark. */
  criticalPath: string;
  /** An error span's outline and its `!` badge. */
  error: string;
  /** The selected span's outline. */
  selected: string;
  /** The line from a frame pushed down to a lower lane back up to its parent. */
  connector: string;
}

export const MARK_COLOURS: Readonly<Record<'light' | 'dark', MarkColours>> = {
  light: { criticalPath: '#000000', error: '#dc2626', selected: '#1d4ed8', connector: '#64748b' },
  dark: { criticalPath: '#ffffff', error: '#dc2626', selected: '#93c5fd', connector: '#94a3b8' },
};

/** Colours per string index of a table's `strings`, for the services the trace holds. */
export function serviceColours(
  strings: readonly string[],
  serviceIndices: ArrayLike<number>,
): Map<number, string> {
  const seen = new Set<number>();
  for (let i = 0; i < serviceIndices.length; i++) seen.add(serviceIndices[i]);
  const ordered = [...seen].sort((a, b) => compareNames(strings[a], strings[b]) || a - b);
  const out = new Map<number, string>();
  ordered.forEach((index, i) => {
    out.set(index, SERVICE_PALETTE[i % SERVICE_PALETTE.length]);
  });
  return out;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Black or white, whichever reads better on `colour` (a #rrggbb), by WCAG relative luminance. */
export function textColourOn(colour: string): '#000000' | '#ffffff' {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (!match) return '#000000';
  const channel = (hex: string) => {
    const c = Number.parseInt(hex, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(match[1]) + 0.7152 * channel(match[2]) + 0.0722 * channel(match[3]);
  // Contrast with black is (l + 0.05) / 0.05, with white 1.05 / (l + 0.05): pick the larger.
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}
