// Diagnostics for the editor: our parser's errors (the authority: it follows Tempo's grammar),
// a warning for each unscoped attribute, and the backend's own parse error. Pure: positions are
// Monaco's 1-based lines and UTF-16 columns, but nothing here imports Monaco.
import type { TempoTagScope } from '../../datasources/tempo';
import { parseTraceQL } from '../../traceql';
import { attributeName } from './suggestions.ts';
import { editorTokens } from './tokens.ts';

export type MarkerSeverity = 'error' | 'warning';

export interface MarkerSpec {
  severity: MarkerSeverity;
  message: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  /** Who says so: `TraceQL` (our parser) or `Tempo` (the backend's answer). */
  source: string;
}

export interface BackendQueryError {
  message: string;
  line?: number;
  column?: number;
}

/** 1-based line and column of a UTF-16 offset. */
export function positionOf(text: string, offset: number): { lineNumber: number; column: number } {
  let lineNumber = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text[i] === '\n') {
      lineNumber++;
      lineStart = i + 1;
    }
  }
  return { lineNumber, column: end - lineStart + 1 };
}

function rangeOf(text: string, from: number, to: number) {
  const start = positionOf(text, from);
  const end = positionOf(text, Math.max(from, to));
  return {
    startLineNumber: start.lineNumber,
    startColumn: start.column,
    endLineNumber: end.lineNumber,
    endColumn: end.column,
  };
}

function unscopedWarnings(text: string, tags: readonly TempoTagScope[] | undefined): MarkerSpec[] {
  const markers: MarkerSpec[] = [];
  for (const token of editorTokens(text)) {
    if (token.t !== 'field' || token.intrinsic || token.scope !== 'none' || token.name === '') continue;
    const name = token.name;
    const scopes = ['span', 'resource'].filter((scope) =>
      tags?.find((entry) => entry.name === scope)?.tags.includes(name),
    );
    const spelled = attributeName(name);
    const advice =
      scopes.length === 1
        ? `Tempo knows it as a ${scopes[0]} attribute: write ${scopes[0]}.${spelled}.`
        : `Add a scope: span.${spelled} or resource.${spelled}.`;
    markers.push({
      severity: 'warning',
      message: `${token.text} has no scope, so Tempo looks in both span and resource attributes (slower). ${advice}`,
      source: 'TraceQL',
      ...rangeOf(text, token.from, token.to),
    });
  }
  return markers;
}

/** Markers for `text` as typed: parse errors, else unscoped-attribute warnings. Empty text has none. */
export function diagnose(text: string, tags?: readonly TempoTagScope[]): MarkerSpec[] {
  if (text.trim() === '') return [];
  const parsed = parseTraceQL(text);
  if (!parsed.ok) {
    return parsed.errors.map((error) => ({
      severity: 'error',
      message: error.message,
      source: 'TraceQL',
      ...rangeOf(text, error.from, error.to),
    }));
  }
  return unscopedWarnings(text, tags);
}

/**
 * The backend's parse error as a marker at its line and column (a token wide), or undefined when it
 * carries no position. Columns past the end of the line are clamped to it.
 */
export function backendErrorMarker(text: string, error: BackendQueryError): MarkerSpec | undefined {
  if (error.line === undefined || error.column === undefined) return undefined;
  const lines = text.split('\n');
  const lineNumber = Math.min(Math.max(1, error.line), lines.length);
  const line = lines[lineNumber - 1];
  const startColumn = Math.min(Math.max(1, error.column), line.length + 1);
  let endColumn = startColumn;
  while (endColumn <= line.length && !/\s/.test(line[endColumn - 1])) endColumn++;
  if (endColumn === startColumn && startColumn > 1) {
    return {
      severity: 'error',
      message: error.message,
      source: 'Tempo',
      startLineNumber: lineNumber,
      startColumn: startColumn - 1,
      endLineNumber: lineNumber,
      endColumn: startColumn,
    };
  }
  return {
    severity: 'error',
    message: error.message,
    source: 'Tempo',
    startLineNumber: lineNumber,
    startColumn,
    endLineNumber: lineNumber,
    endColumn: Math.max(endColumn, startColumn + 1),
  };
}
