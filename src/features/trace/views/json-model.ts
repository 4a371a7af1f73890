// The JSON view's text model: lines of the preview and case-insensitive search over them.

/** Start offsets of each line in `text` (first line at 0). */
export function lineStarts(text: string): Uint32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Uint32Array(count);
  let at = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[at++] = i + 1;
  return starts;
}

export function lineAt(text: string, starts: Uint32Array, line: number): string {
  const end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
  return text.slice(starts[line], end);
}

/** Lines containing `needle` (case-insensitive), in order. */
export function searchLines(text: string, starts: Uint32Array, needle: string): Uint32Array {
  const query = needle.trim().toLowerCase();
  if (!query) return new Uint32Array(0);
  const lower = text.toLowerCase();
  const hits: number[] = [];
  let line = 0;
  for (let at = lower.indexOf(query); at >= 0; at = lower.indexOf(query, at + 1)) {
    while (line + 1 < starts.length && starts[line + 1] <= at) line++;
    if (hits.length === 0 || hits[hits.length - 1] !== line) hits.push(line);
  }
  return Uint32Array.from(hits);
}
