// Stable service colours: a colour-blind-safe palette (Paul Tol's "muted" and "light" schemes),
// picked by a hash of the service name so a service keeps its colour across traces and sessions.
export const SERVICE_PALETTE = [
  '#332288',
  '#88CCEE',
  '#44AA99',
  '#117733',
  '#999933',
  '#DDCC77',
  '#CC6677',
  '#882255',
  '#AA4499',
  '#77AADD',
  '#EE8866',
  '#EEDD88',
  '#FFAABB',
  '#99DDFF',
  '#BBCC33',
  '#AAAA00',
] as const;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function serviceColour(service: string): string {
  return SERVICE_PALETTE[fnv1a(service) % SERVICE_PALETTE.length];
}

/** Colours per string index of a table's `strings`, computed once per trace for the services seen. */
export function serviceColours(
  strings: readonly string[],
  serviceIndices: Iterable<number>,
): Map<number, string> {
  const out = new Map<number, string>();
  for (const i of serviceIndices) if (!out.has(i)) out.set(i, serviceColour(strings[i]));
  return out;
}
