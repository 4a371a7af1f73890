import type { BackendQueryError } from './markers.ts';
import type { TimeRangeSec } from './suggestion-source.ts';

/** The same props as the search page's QueryInput, so either can stand in for the other. */
export interface TraceQLEditorProps {
  value: string;
  onChange(value: string): void;
  /** Ctrl/Cmd+Enter or Shift+Enter (and Enter when single-line). */
  onRun(): void;
  /** The Tempo datasource whose tags and values to complete from. */
  datasource: string;
  timeRange?: TimeRangeSec;
  /** The backend's answer to the last run, shown as a marker while the text is unchanged. */
  error?: BackendQueryError;
  /** One line, Enter runs (the trace page's filter box). */
  singleLine?: boolean;
  /** Accessible name; default "TraceQL query". */
  ariaLabel?: string;
  placeholder?: string;
}
