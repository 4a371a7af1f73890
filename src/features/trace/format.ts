// Durations and times as a responder reads them: the unit that fits, three significant digits.
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '–';
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${trim(ns)} ns`;
  if (abs < 1e6) return `${trim(ns / 1e3)} µs`;
  if (abs < 1e9) return `${trim(ns / 1e6)} ms`;
  if (abs < 60e9) return `${trim(ns / 1e9)} s`;
  const minutes = Math.floor(abs / 60e9);
  const seconds = (abs - minutes * 60e9) / 1e9;
  return `${ns < 0 ? '-' : ''}${minutes} min ${trim(seconds)} s`;
}

function trim(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}

/** An absolute time from epoch nanoseconds (decimal string), local or UTC, to the millisecond. */
export function formatStart(unixNano: string, utc: boolean): string {
  const ms = Number(BigInt(unixNano) / 1_000_000n);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return unixNano;
  if (utc) return `${date.toISOString().replace('T', ' ').replace('Z', '')} UTC`;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)} ` +
    `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  );
}

/** The 16-hex span ID of a row from the table's two halves (or the odd ID kept as given). */
export function spanIdOf(hi: number, lo: number): string {
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
