// Log markers grouped by row once per answer from Loki, so a row reads its own ticks by lookup
// (the same array each render, which keeps memoized rows from redrawing).
export interface LogMark {
  row: number;
  /** ns from the trace start. */
  timeNs: number;
}

export function logTimesByRow(marks: readonly LogMark[]): Map<number, number[]> {
  const byRow = new Map<number, number[]>();
  for (const mark of marks) {
    let times = byRow.get(mark.row);
    if (!times) byRow.set(mark.row, (times = []));
    times.push(mark.timeNs);
  }
  for (const times of byRow.values()) times.sort((a, b) => a - b);
  return byRow;
}
