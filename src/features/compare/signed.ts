// A change as text: "+1.6 s", "-20 ms", "0 ns" (the one duration text, 0150).
import { formatDuration } from '../../model/time.ts';

export function signedDuration(ns: number): string {
  return ns > 0 ? `+${formatDuration(ns)}` : formatDuration(ns);
}
