// Loki's log-level discovery (`discover_log_levels`, on by default): every entry gets a
// `detected_level` from an existing level label, the OTLP severity number, a level field in a
// JSON or logfmt line, or keywords in the text — `unknown` when nothing says.

import type { Labels } from './labels.ts';

const LEVEL_KEYS = ['level', 'LEVEL', 'Level', 'severity', 'SEVERITY', 'Severity', 'lvl', 'LVL', 'Lvl'];

const SEVERITY_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** The level word Loki stores for a level-ish value, e.g. `WARNING` → `warn`. */
function normalize(value: string): string {
  const v = value.trim().toLowerCase();
  if (v === 'trace' || v === 'trc') return 'trace';
  if (v === 'debug' || v === 'dbg') return 'debug';
  if (v === 'info' || v === 'inf' || v === 'information' || v === 'notice') return 'info';
  if (v === 'warn' || v === 'warning' || v === 'wrn') return 'warn';
  if (v === 'error' || v === 'err' || v === 'eror') return 'error';
  if (v === 'critical' || v === 'crit') return 'critical';
  if (v === 'fatal') return 'fatal';
  return v === '' ? 'unknown' : v;
}

function fromLine(line: string): string {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const doc: unknown = JSON.parse(trimmed);
      if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
        for (const key of LEVEL_KEYS) {
          const v = (doc as Record<string, unknown>)[key];
          if (typeof v === 'string') return normalize(v);
        }
      }
    } catch {
      // not JSON after all: fall through to the text checks
    }
  }
  const logfmt =
    /(?:^|\s)(?:level|LEVEL|Level|severity|SEVERITY|Severity|lvl|LVL|Lvl)=("?)([A-Za-z]+)\1/.exec(line);
  if (logfmt) return normalize(logfmt[2]);
  if (/info:|INFO:|info|INFO/.test(line)) return 'info';
  if (/err:|ERR:|error|ERROR/.test(line)) return 'error';
  if (/warn:|WARN:|warning|WARNING/.test(line)) return 'warn';
  if (/CRITICAL:|critical:/.test(line)) return 'critical';
  if (/debug:|DEBUG:/.test(line)) return 'debug';
  return 'unknown';
}

/** The `detected_level` to add, or undefined when the entry already has one. */
export function detectLevel(stream: Labels, metadata: Labels, line: string): string | undefined {
  if (stream.has('detected_level') || metadata.has('detected_level')) return undefined;
  for (const key of LEVEL_KEYS) {
    const v = stream.get(key) ?? metadata.get(key);
    if (v !== undefined) return normalize(v);
  }
  const severity = Number(metadata.get('severity_number') ?? '0');
  if (severity >= 1 && severity <= 24) return SEVERITY_LEVELS[Math.floor((severity - 1) / 4)];
  return fromLine(line);
}
