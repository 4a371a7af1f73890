// A log line's level as a coloured word: red for errors, amber for warnings. The word is there for
// those who do not see the colour; every pair keeps AA contrast in both themes.
import { type LogLevel, levelText } from './log-level';

const TONES: Record<LogLevel, string> = {
  fatal: 'bg-red-700 text-white dark:bg-red-400 dark:text-red-950',
  error: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
  warn: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  info: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
  debug: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  trace: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
};

export function LevelBadge({ level }: { level: LogLevel }) {
  return (
    <span
      data-testid="log-level"
      data-level={level}
      className={`inline-block w-12 shrink-0 rounded px-1 text-center font-semibold ${TONES[level]}`}
    >
      {levelText(level)}
    </span>
  );
}
