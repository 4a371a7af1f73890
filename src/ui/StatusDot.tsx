export type StatusTone = 'ok' | 'error' | 'pending';

const TONES: Record<StatusTone, string> = {
  ok: 'bg-emerald-500',
  error: 'bg-red-500',
  pending: 'bg-slate-400 animate-pulse',
};

/** A small coloured dot; always pair it with text, colour alone says nothing to everyone. */
export function StatusDot({ tone }: { tone: StatusTone }) {
  return <span aria-hidden="true" className={`inline-block size-2.5 shrink-0 rounded-full ${TONES[tone]}`} />;
}
