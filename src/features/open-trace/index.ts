// What other features use of "open a trace by ID or link": reading the input and where it leads.
export { openTargetPath } from './open-target';
export { type ParsedTraceInput, parseTraceInput, type TraceInputForm } from './parse-trace-input';
